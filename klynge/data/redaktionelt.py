"""Editorial text per specialty (data/tekster/<speciale>.md): the parts of a sheet that are
written, not computed — examples of improvements, the summary of comments, "Gode råd".

The file is Markdown split into sections by lines `## <nøgle>`; a missing file or section
simply leaves that part out.

Editorial text is Markdown prose, not a document: paragraphs, lists, emphasis, quotes and
links to web pages. It is printed into the sheet as it is, so everything that would make it
more than prose is refused, one line per problem naming the file and line: raw HTML, raw Typst
or other raw blocks, code, shortcodes, citations (`@…`), math, images, attributes, metadata
blocks, and links anywhere but to the web or to the site's own pages. It is parsed by pandoc,
the parser that renders it, so what is checked is what would be rendered.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from klynge.fejl import DataFejl, Problem

NOEGLER = ("engagement", "forventninger", "data", "forbedringer", "fokus", "kommentarer", "gode-raad")
_OVERSKRIFT = re.compile(r"^##\s+(\S+)\s*$")
# Editorial text must not carry figures: those come from the data.
_TAL = re.compile(r"\d+([,.]\d+)?\s*(pct|%|procent)", re.IGNORECASE)
_SHORTCODE = re.compile(r"\{\{[<%]")
# A sheet's editorial text is a few paragraphs per section (the published ones are 1-3 kB);
# checking a text costs pandoc's whole syntax tree of it, so a runaway file is refused first.
MAKS_BYTES = 100_000
# What a relative link may name: a page or PDF of the site beside the sheet (`neurologi.html`).
_SIDE = re.compile(r"^[a-z0-9][a-z0-9-]*\.(html|pdf)$")
_SKABELONER = {"faktaark", "_faktaark", "_faktaark_kort"}

# Pandoc's elements that prose may use; the rest are refused (see `_afvis`).
_BLOKKE = {"Para", "Plain", "BulletList", "OrderedList", "BlockQuote", "HorizontalRule", "LineBlock",
           "DefinitionList", "Header"}
_INLINE = {"Str", "Space", "SoftBreak", "LineBreak", "Emph", "Strong", "Strikeout", "Superscript", "Subscript",
           "SmallCaps", "Underline", "Quoted", "Note", "Link"}
_RAA = {"html": "raw HTML", "typst": "raw Typst", "latex": "raw LaTeX", "tex": "raw TeX"}


def laes_tekster(sti: Path, navn: str) -> dict[str, str]:
    """The sections of one editorial text ({} when there is none); `DataFejl` with every problem."""
    if not sti.exists() and not sti.is_symlink():
        return {}
    tekst = _laes(sti, navn)
    if tekst is None:  # a dangling link: no text, as for a missing file
        return {}
    afsnit: dict[str, list[str]] = {}
    problemer = []
    aktuel = None
    prosa = []  # the text pandoc checks, with the section lines blanked so line numbers hold
    for nr, linje in enumerate(tekst.splitlines(), 1):
        m = _OVERSKRIFT.match(linje)
        if m:
            aktuel = m.group(1)
            if aktuel not in NOEGLER:
                problemer.append(Problem(navn, nr, None, f"unknown section '{aktuel}' (known: {', '.join(NOEGLER)})"))
            afsnit[aktuel] = []
            prosa.append("")
            continue
        prosa.append(linje)
        if aktuel is None:
            if linje.strip():
                problemer.append(Problem(navn, nr, None, "text before the first '## <section>' line"))
        else:
            if _TAL.search(linje):
                problemer.append(Problem(navn, nr, None, "editorial text states a percentage; figures come from the data"))
            afsnit[aktuel].append(linje)
        if _SHORTCODE.search(linje):
            problemer.append(Problem(navn, nr, None, "a shortcode ({{< … >}}) is not allowed in editorial text"))
    dybde = _for_dybt(prosa, navn)
    problemer += dybde or _markdown_problemer("\n".join(prosa), navn)  # pandoc only sees a bounded text
    if problemer:
        raise DataFejl(sorted(problemer, key=lambda p: p.linje or 0))
    return {k: "\n".join(v).strip() for k, v in afsnit.items() if "\n".join(v).strip()}


def kontroller_tekster(data: Path, slugs: list[str]) -> list[Problem]:
    """Every problem in data/tekster/: each specialty's text as `laes_tekster` reads it, and
    entries that are not the text of a known specialty."""
    mappe = data / "tekster"
    if not mappe.exists():
        return []
    if not mappe.is_dir():
        return [Problem(f"{data.name}/tekster", None, None, "is a file; it must be a folder of <speciale>.md files")]
    problemer = []
    for sti in sorted(mappe.iterdir()):
        navn = f"{data.name}/tekster/{sti.name}"
        if sti.name.startswith("."):
            continue
        if sti.suffix != ".md" or sti.stem not in slugs:
            problemer.append(Problem(navn, None, None, f"is not the text of a specialty (expected <speciale>.md, "
                                                       f"one of: {', '.join(slugs)})"))
            continue
        try:
            laes_tekster(sti, navn)
        except DataFejl as e:
            problemer += e.problemer
    return problemer


def kontroller_filer(data: Path) -> list[Problem]:
    """The file checks alone (a link out of data/, a folder, a pipe, the size, UTF-8), without
    pandoc: cheap enough for every build, including one that takes every page from its cache —
    whose key sees a text's content, not where the file is."""
    mappe = data / "tekster"
    if not mappe.is_dir():
        return []
    problemer = []
    for sti in sorted(mappe.glob("*.md")):
        try:
            _laes(sti, f"{data.name}/tekster/{sti.name}")
        except DataFejl as e:
            problemer += e.problemer
    return problemer


def _laes(sti: Path, navn: str) -> str | None:
    data = sti.parent.parent
    if sti.is_symlink():
        maal = sti.resolve()
        if not maal.exists():
            return None
        if not maal.is_relative_to(data.resolve()):
            raise DataFejl([Problem(navn, None, None, f"is a link to {maal}, outside {data.name}/; "
                                                      "editorial text must be a file in the data folder")])
    if sti.is_dir():
        raise DataFejl([Problem(navn, None, None, "is a folder; editorial text must be a Markdown file")])
    if not sti.is_file():  # a pipe or device would never end
        raise DataFejl([Problem(navn, None, None, "is not a regular file; editorial text must be a Markdown file")])
    stoerrelse = sti.stat().st_size
    if stoerrelse > MAKS_BYTES:
        raise DataFejl([Problem(navn, None, None, f"is {stoerrelse // 1000} kB; an editorial text is a few paragraphs "
                                                  f"per section, at most {MAKS_BYTES // 1000} kB")])
    raa = sti.read_bytes()
    try:
        return raa.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        linje = raa[: e.start].count(b"\n") + 1
        raise DataFejl([Problem(navn, linje, None, "file is not UTF-8")]) from None


# Nesting no editorial text needs, and the runs that make pandoc's parser take minutes and gigabytes
# (10 000 `[` in 10 kB: more than a minute; 95 kB: out of memory at 2 GB): refused before pandoc.
MAKS_DYBDE = 16  # open [ or ( at once, or > quoting a line
MAKS_BACKTICKS = 8  # backticks in a row
PANDOC_RTS = ["+RTS", "-M512m", "-RTS"]  # pandoc's heap, and the seconds it may take
PANDOC_TID = 20


def _for_dybt(prosa: list[str], navn: str) -> list[Problem]:
    """One problem at the first line that nests brackets, parentheses or quotes too deep, or has
    a long run of backticks. Depth counts across the lines of a paragraph; `\\[` is no bracket."""
    dybder = {"[": 0, "(": 0}
    lukker = {"]": "[", ")": "("}
    for nr, linje in enumerate(prosa, 1):
        if not linje.strip():
            dybder = {"[": 0, "(": 0}
            continue
        if re.match(r"^[ \t]*(>[ \t]*){%d}" % (MAKS_DYBDE + 1), linje):
            return [Problem(navn, nr, None, f"quotes (>) nested more than {MAKS_DYBDE} deep; an editorial text "
                                            "needs one (refused before pandoc reads it)")]
        if "`" * (MAKS_BACKTICKS + 1) in linje:
            return [Problem(navn, nr, None, f"more than {MAKS_BACKTICKS} backticks in a row (refused before pandoc "
                                            "reads it)")]
        forrige = ""
        for tegn in linje:
            if forrige == "\\":
                forrige = ""
                continue
            if tegn in dybder:
                dybder[tegn] += 1
                if dybder[tegn] > MAKS_DYBDE:
                    return [Problem(navn, nr, None, f"more than {MAKS_DYBDE} '{tegn}' open at once; an editorial "
                                                    "text nests links a level or two (refused before pandoc reads it)")]
            elif tegn in lukker:
                dybder[lukker[tegn]] = max(0, dybder[lukker[tegn]] - 1)
            forrige = tegn
    return []


# ---- what pandoc makes of the prose -----------------------------------------------------------

def _markdown_problemer(prosa: str, navn: str) -> list[Problem]:
    if not prosa.strip():
        return []
    import pypandoc

    try:
        proc = subprocess.run([pypandoc.get_pandoc_path(), *PANDOC_RTS, "-f", "markdown", "-t", "json"],
                              input=prosa.encode("utf-8"), capture_output=True, timeout=PANDOC_TID)
    except subprocess.TimeoutExpired:
        return [Problem(navn, None, None, f"pandoc took more than {PANDOC_TID} s to read it (refused)")]
    if proc.returncode == 251 or b"Heap exhausted" in proc.stderr:
        return [Problem(navn, None, None, "pandoc ran out of memory reading it (more than 512 MB; refused)")]
    if proc.returncode != 0:
        return [Problem(navn, None, None, "pandoc cannot read it: " + " ".join(proc.stderr.decode("utf-8", "replace").split()))]
    ast = json.loads(proc.stdout)
    linjer = prosa.splitlines()
    fund: list[tuple[list[str], str]] = []
    for blok in ast.get("blocks", []):
        _gennemgaa(blok, fund)
    if ast.get("meta"):
        fund.append((["---"], "a metadata block (--- … ---) is not allowed in editorial text"))
    problemer, set_, fra = [], set(), 1
    for naale, besked in fund:  # in the order of the text: each is looked for from the one before
        linje = _find_linje(linjer, naale, fra) or _find_linje(linjer, naale, 1)
        fra = linje or fra
        if (linje, besked) not in set_:
            set_.add((linje, besked))
            problemer.append(Problem(navn, linje, None, besked))
    return problemer


def _gennemgaa(node, fund: list[tuple[list[str], str]]) -> None:
    """Walk pandoc's JSON AST; note each element prose may not use, with strings to find its line."""
    if isinstance(node, list):
        for x in node:
            _gennemgaa(x, fund)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    t, c = node["t"], node.get("c")
    afvist = _afvis(t, c)
    if afvist:
        fund.append(afvist)
        return
    if t == "Link":
        _gennemgaa(c[1], fund)
    elif t == "Header":
        _gennemgaa(c[2], fund)
    elif t == "OrderedList":
        _gennemgaa(c[1], fund)
    elif t == "Quoted":
        _gennemgaa(c[1], fund)
    elif c is not None:
        _gennemgaa(c, fund)


def _afvis(t: str, c) -> tuple[list[str], str] | None:
    """Why an element is refused (with strings that find its line), or None."""
    if t in ("RawBlock", "RawInline"):
        fmt, indhold = c
        hvad = _RAA.get(fmt, f"a raw {fmt} block")
        return [f"{{={fmt}}}", *_stykker(indhold)], f"{hvad} is not allowed in editorial text (it is Markdown prose)"
    if t == "CodeBlock":
        return ["```", "~~~", "    ", *_stykker(c[1])], "a code block is not allowed in editorial text"
    if t == "Code":
        return [f"`{c[1]}`", *_stykker(c[1]), "`"], "code (`…`) is not allowed in editorial text"
    if t == "Cite":
        ids = [f"@{k['citationId']}" for k in c[0]]
        return ids, f"a citation ({', '.join(ids)}) is not allowed in editorial text; write \\@ for an @"
    if t == "Math":
        return [f"${c[1]}$", f"$${c[1]}$$", "$"], "math ($…$) is not allowed in editorial text; write \\$ for a dollar sign"
    if t == "Image":
        return [c[2][0], "!["], "an image is not allowed in editorial text"
    if t in ("Span", "Div"):
        return (["]{", "{"] if t == "Span" else [":::"]), \
            "a span or div with attributes ([…]{…}, ::: …) is not allowed in editorial text"
    if t == "Header":
        niveau, (ident, klasser, attributter), _ = c
        if niveau <= 2:
            return [_ren_tekst(c[2]), "#"], "a heading is a '## <section>' line naming a known section; use ### or lower inside a section"
        if klasser or attributter:
            return ["{"], "a heading with attributes is not allowed in editorial text"
        return None
    if t == "Link":
        (ident, klasser, attributter), _, (url, _) = c
        grund = link_problem(url)
        if grund:
            return [url, unquote(url)], f"a link to '{url}': {grund}"
        if set(klasser) - {"uri", "email"} or attributter:  # pandoc marks <autolinks> uri/email
            return [url, "]{"], "a link with attributes is not allowed in editorial text"
        return None
    if t in _BLOKKE or t in _INLINE:
        return None
    if t == "Figure":
        return ["!["], "an image is not allowed in editorial text"
    hvad = {"Table": "a table"}.get(t, t)
    return [], f"{hvad} is not allowed in editorial text (it is Markdown prose)"


def link_problem(url: str) -> str | None:
    """Why a link in text from the data folder may not be published, or None: it may point to a
    web page (http, https, mailto) or a page or PDF of the site beside the sheet — never into
    data/, the build cache, up out of the site (`..`), to an absolute path, another scheme, a file
    that is not a page (`_typst/…`, `faktaark.qmd`, the templates) or a place in the sheet (`#…`,
    which Typst cannot resolve)."""
    dele = urlsplit(url.strip())
    skema = dele.scheme.lower()
    if skema in ("http", "https"):
        return None if dele.netloc else "a web link needs a host"
    if skema == "mailto":
        return None
    if skema:
        return f"'{skema}:' links are not allowed (only http, https and mailto, or a page of the site)"
    if dele.netloc:
        return "write the web address with https://"
    sti = unquote(dele.path)
    if not sti:
        if dele.fragment:
            return "a link to a place in the sheet (#…) is not allowed: its headings have no fixed names"
        return "a link needs a web address or a page of the site"
    if sti.startswith(("/", "\\")) or "\\" in sti or re.match(r"[A-Za-z]:", sti):
        return "absolute paths are not allowed; link to a page of the site"
    segmenter = [s for s in sti.split("/") if s not in ("", ".")]
    if ".." in segmenter:
        return "a link may not climb out of the sheet's folder (..)"
    if any(s.startswith(".") for s in segmenter):
        return "hidden files and folders (such as .klynge-cache) are not published"
    if segmenter[:1] == ["data"]:
        return "the data folder is never published"
    if len(segmenter) != 1 or not _SIDE.match(segmenter[0]) or segmenter[0].rsplit(".", 1)[0] in _SKABELONER:
        return "only the site's pages beside the sheet may be linked (such as 'neurologi.html' or 'neurologi.pdf')"
    if dele.fragment or dele.query:
        return "link to the page itself, without #… or ?…"
    return None


def _ren_tekst(inlines: list) -> str:
    """The words of a list of inline elements, as they stand in the source (roughly)."""
    ud = []
    for i in inlines:
        if i.get("t") == "Str":
            ud.append(i["c"])
        elif i.get("t") == "Space":
            ud.append(" ")
    return "".join(ud)


def _stykker(tekst: str) -> list[str]:
    return [l.strip() for l in tekst.splitlines() if l.strip()][:1]


def _find_linje(linjer: list[str], naale: list[str], fra: int) -> int | None:
    for n in naale:
        if not n:
            continue
        for nr in range(fra, len(linjer) + 1):
            if n in linjer[nr - 1]:
                return nr
    return None
