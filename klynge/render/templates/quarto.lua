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

-- Callouts (`::: {.callout-note}` … without options other than `title`) as Quarto writes them:
-- its markup in HTML, with the type's title in the document's language, or the callout's own
-- title (its `title` attribute, or a heading that opens it) after the type for screen readers;
-- a framed block with a bold title in Typst.
local CALLOUT_TITLES = {
  en = { note = "Note", warning = "Warning", important = "Important", tip = "Tip", caution = "Caution" },
  da = { note = "Note", warning = "Advarsel", important = "Vigtigt", tip = "Tip", caution = "Forsigtig" },
}
local LANG = "en"

local function callout(div)
  local kind
  for _, class in ipairs(div.classes) do
    local k = class:match("^callout%-(%a+)$")
    if k and CALLOUT_TITLES.en[k] then kind = k end
  end
  if not kind then return nil end
  local word = (CALLOUT_TITLES[LANG] or CALLOUT_TITLES.en)[kind]
  local title = nil
  if div.attributes["title"] then
    title = pandoc.Inlines({ pandoc.Str(div.attributes["title"]) })
  elseif #div.content > 0 and div.content[1].t == "Header" then
    title = div.content[1].content
    div.content:remove(1)
  end
  if FORMAT == "typst" then
    local heading = title or pandoc.Inlines({ pandoc.Str(word) })
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#block(width: 100%, inset: 8pt, stroke: 0.5pt + luma(160))[") })
    blocks:insert(pandoc.Para({ pandoc.Strong(heading) }))
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  local attr = div.attributes["title"] and (' title="' .. div.attributes["title"]:gsub("&", "&amp;"):gsub('"', "&quot;") .. '"') or ""
  local open = '<div class="callout callout-style-default callout-' .. kind .. ' callout-titled"' .. attr .. '>\n' ..
    '<div class="callout-header d-flex align-content-center">\n<div class="callout-icon-container">\n' ..
    '<i class="callout-icon"></i>\n</div>\n<div class="callout-title-container flex-fill">\n'
  local heading
  if title then
    heading = pandoc.Inlines({ pandoc.RawInline("html", '<span class="screen-reader-only">' .. word .. '</span>') })
    heading:extend(title)
  else
    heading = pandoc.Inlines({ pandoc.Str(word) })
  end
  local blocks = pandoc.Blocks({ pandoc.RawBlock("html", open) })
  blocks:insert(pandoc.Plain(heading))
  blocks:insert(pandoc.RawBlock("html", '</div>\n</div>\n<div class="callout-body-container callout-body">'))
  blocks:extend(div.content)
  blocks:insert(pandoc.RawBlock("html", "</div>\n</div>"))
  return blocks
end

-- Subfigures (a cell's `fig-subcap`, see cells.py): a figure of figures, each captioned
-- "(a) …", side by side with `layout-ncol`; in Typst the subfigures are captioned blocks, so that
-- Typst numbers only the figure.
local LETTERS = "abcdefghijklmnopqrstuvwxyz"
SUBFIGURES = {}  -- subfigure id -> { figure id, "(b)" }

local function subfigures(div)
  if not div.classes:includes("quarto-subfigures") then return nil end
  local subs, caption, i = pandoc.Blocks({}), pandoc.Inlines({}), 0
  local columns = tonumber(div.attributes["layout-ncol"] or "") or 1
  for _, block in ipairs(div.content) do
    if block.t == "Figure" then
      i = i + 1
      local letter = "(" .. LETTERS:sub(i, i) .. ")"
      local text = pandoc.utils.blocks_to_inlines(block.caption.long)
      local sub_caption = pandoc.Inlines({ pandoc.Str(letter), pandoc.Space() }) .. text
      if block.identifier ~= "" then SUBFIGURES[block.identifier] = { div.identifier, letter } end
      if FORMAT == "typst" then
        local content = pandoc.Blocks(block.content)
        content:insert(pandoc.Para(sub_caption))
        subs:insert(pandoc.Div(content))
      else
        block.caption.long = { pandoc.Plain(sub_caption) }
        block.classes:insert("quarto-subfloat")
        subs:insert(pandoc.Div({ block }, pandoc.Attr("", {}, { style = "flex-basis: " .. string.format("%.1f", 100 / columns) .. "%;" })))
      end
    else
      caption = pandoc.utils.blocks_to_inlines({ block })
    end
  end
  local body = pandoc.Blocks({ pandoc.Div(subs, pandoc.Attr("", { "quarto-layout-row" }, { style = "display: flex;" })) })
  if FORMAT == "typst" then body = subs end
  return pandoc.Figure(body, { long = { pandoc.Plain(caption) } }, pandoc.Attr(div.identifier))
end

function Div(div)
  local sub = subfigures(div)
  if sub then return sub end
  local made = callout(div)
  if made then return made end
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

-- Cross-references to figures (`@fig-x`, `[@fig-x]`, `-@fig-x`) as Quarto writes them: a link
-- "Figur 1" in HTML, Typst's own reference with Quarto's supplement in Typst. A reference to a
-- figure that does not exist is Quarto's bold "?@fig-x". (Other kinds are refused: subset.py.)
local function resolve_xrefs(doc, numbers, word)
  return doc.blocks:walk({
    Cite = function(cite)
      local out = pandoc.Inlines({})
      for i, c in ipairs(cite.citations) do
        local id = c.id
        if not id:match("^fig%-") then return nil end
        if i > 1 then out:insert(pandoc.Str(",")); out:insert(pandoc.Space()) end
        local n = numbers[id]
        local suppress = c.mode == "SuppressAuthor"
        if n == nil then
          out:insert(pandoc.Strong({ pandoc.Str("?@" .. id) }))
        elseif type(n) == "table" then  -- a subfigure: "Figur 1(b)"
          local text = pandoc.Inlines({ pandoc.Str(suppress and n[1] or (word .. "\u{00a0}" .. n[1])), pandoc.Span({ pandoc.Str(n[2]) }) })
          if FORMAT == "typst" then
            out:extend(text)
          else
            out:insert(pandoc.Link(text, "#" .. id, "", pandoc.Attr("", { "quarto-xref" })))
          end
        elseif FORMAT == "typst" then
          local supplement = suppress and "[]" or ("[" .. word .. "]")
          out:insert(pandoc.RawInline("typst", "#ref(<" .. id .. ">, supplement: " .. supplement .. ")"))
        else
          local text = suppress and tostring(n) or (word .. "\u{00a0}" .. n)
          out:insert(pandoc.Link({ pandoc.Str(text) }, "#" .. id, "", pandoc.Attr("", { "quarto-xref" })))
        end
      end
      return out
    end,
  })
end

local function figure_numbers(doc)
  local numbers, n = {}, 0
  for _, block in ipairs(doc.blocks) do
    pandoc.Blocks({ block }):walk({
      Figure = function(fig)
        if fig.identifier:match("^fig%-") and not fig.classes:includes("quarto-subfloat") then
          n = n + 1
          numbers[fig.identifier] = tostring(n)
          local i = 0
          pandoc.Blocks(fig.content):walk({
            Figure = function(sub)
              i = i + 1
              if sub.identifier ~= "" then numbers[sub.identifier] = { tostring(n), "(" .. LETTERS:sub(i, i) .. ")" } end
            end,
          })
        end
      end,
    })
  end
  for id, sub in pairs(SUBFIGURES) do  -- in Typst the subfigures are blocks, not figures
    if numbers[id] == nil and numbers[sub[1]] then numbers[id] = { numbers[sub[1]], sub[2] } end
  end
  return numbers
end

function Meta(meta)
  LANG = (meta.lang and pandoc.utils.stringify(meta.lang) or "en"):sub(1, 2)
end

function Pandoc(doc)
  local lang = doc.meta.lang and pandoc.utils.stringify(doc.meta.lang) or "en"
  local word = FIGURE_WORD[lang:sub(1, 2)] or "Figure"
  if FORMAT == "typst" then
    doc.blocks = resolve_xrefs(doc, figure_numbers(doc), word)
    return shift_typst_headings(doc)
  end
  if not FORMAT:match("html") then return nil end
  doc.blocks = resolve_xrefs(doc, figure_numbers(doc), word)
  local n = 0
  doc.blocks = doc.blocks:walk({
    Figure = function(fig)
      if fig.identifier:match("^fig%-") and not fig.classes:includes("quarto-subfloat") then
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

-- `echo: fenced` writes the cell's fence as ```{{python}} (as Quarto's Markdown has it, so the
-- engine does not run it); shown with single braces, as Quarto shows it.
-- In HTML the cell's Python is highlighted inside the Markdown fence, as Quarto's highlighter does.
local function fenced_cell_html(text)
  local lines = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do table.insert(lines, line) end
  local first, last = 1, #lines
  while last > 1 and lines[last]:match("^%s*$") do last = last - 1 end
  local options, body = {}, {}
  local i = first + 1
  while i < last and lines[i]:match("^#%s?|") do table.insert(options, lines[i]); i = i + 1 end
  for j = i, last - 1 do table.insert(body, lines[j]) end
  local code = pandoc.write(pandoc.Pandoc({ pandoc.CodeBlock(table.concat(body, "\n"), pandoc.Attr("", { "python" })) }), "html")
  code = code:match("<code[^>]*>(.*)</code>") or pandoc.utils.stringify(body)
  local esc = function(s) return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;")) end
  local out = { '<div class="sourceCode cell-code"><pre class="sourceCode markdown"><code class="sourceCode markdown">' ..
    '<span class="in">' .. esc(lines[first]) .. '</span>' }
  for _, o in ipairs(options) do table.insert(out, '<span class="co">' .. esc(o) .. '</span>') end
  table.insert(out, code)
  table.insert(out, '<span class="in">' .. esc(lines[last]) .. '</span></code></pre></div>')
  return pandoc.RawBlock("html", table.concat(out, "\n"))
end

function CodeBlock(block)
  if block.text:find("{{", 1, true) then
    block.text = block.text:gsub("(```+){{([%w_-]+)}}", "%1{%2}")
    if FORMAT:match("html") and block.classes:includes("markdown") and block.text:match("^```+{python}") then
      return fenced_cell_html(block.text)
    end
    return block
  end
end

-- Meta first, so the callouts know the language.
return { { Meta = Meta }, { Image = Image, Div = Div, CodeBlock = CodeBlock, Pandoc = Pandoc } }
