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
