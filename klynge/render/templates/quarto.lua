-- The parts of Quarto's own filters that the documents use:
--  * `fig-alt` on an image becomes its alt text (Quarto does this; plain pandoc would not), in
--    Typst too: pandoc's typst writer drops an image's alt text, so the image is written as
--    Quarto writes it, `#box(image("…", alt: "…"))`, and the PDF's Figure tag carries the text;
--  * `::: {.content-visible when-format="html"}` and `.content-hidden` (with when-format /
--    unless-format) keep or drop a block per output format.
local function is_format(name)
  if name == "html" then return FORMAT:match("html") ~= nil end
  if name == "pdf" or name == "typst" then return FORMAT == "typst" end
  return FORMAT == name
end

local function typst_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', ' ') .. '"'
end

function Image(img)
  local alt = img.attributes["fig-alt"]
  if alt then
    img.attributes["fig-alt"] = nil
    img.attributes["alt"] = alt
    if FORMAT == "typst" then
      return pandoc.RawInline("typst",
        "#box(image(" .. typst_string(img.src) .. ", alt: " .. typst_string(alt) .. "))")
    end
  end
  return img
end

function Div(div)
  local visible = div.classes:includes("content-visible")
  local hidden = div.classes:includes("content-hidden")
  if not (visible or hidden) then return nil end
  local when, unless = div.attributes["when-format"], div.attributes["unless-format"]
  local matches = true
  if when then matches = is_format(when) end
  if unless then matches = not is_format(unless) end
  local keep = (visible and matches) or (hidden and not matches)
  if keep then return div.content end
  return {}
end

-- Figures with a `fig-` label are numbered in HTML as Quarto's crossref does ("Figur 1: …" with
-- lang da, "Figure 1: …" otherwise); Typst numbers its figures itself. Tables get Bootstrap's
-- class, as Quarto gives them.
local FIGURE_WORD = { da = "Figur", nb = "Figur", sv = "Figur", de = "Abbildung" }

-- In Typst, Quarto makes the document's top heading level level 1: with no `#` heading, `##`
-- becomes `=` (the record's inline case).
local function shift_typst_headings(doc)
  local top = 99
  doc.blocks:walk({ Header = function(h) if h.level < top then top = h.level end end })
  if top <= 1 or top == 99 then return doc end
  doc.blocks = doc.blocks:walk({ Header = function(h) h.level = h.level - (top - 1); return h end })
  return doc
end

function Pandoc(doc)
  if FORMAT == "typst" then return shift_typst_headings(doc) end
  if not FORMAT:match("html") then return nil end
  local lang = doc.meta.lang and pandoc.utils.stringify(doc.meta.lang) or "en"
  local word = FIGURE_WORD[lang:sub(1, 2)] or "Figure"
  local n = 0
  doc.blocks = doc.blocks:walk({
    Figure = function(fig)
      if fig.identifier:match("^fig%-") then
        n = n + 1
        local prefix = pandoc.Inlines({ pandoc.Str(word .. "\u{00a0}" .. n .. ":"), pandoc.Space() })
        local long = fig.caption.long
        if #long > 0 and long[1].content then
          long[1].content = prefix .. long[1].content
        else
          fig.caption.long = { pandoc.Plain(prefix) }
        end
      end
      return fig
    end,
    Table = function(tbl)
      tbl.classes:insert("caption-top")
      tbl.classes:insert("table")
      return tbl
    end,
  })
  return doc
end
