"""The page furniture Quarto's website template fills: title, navigation, theme, words."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from . import convert
from .errors import RenderError
from .project import _as_list
from .resources import _local_target, _relative_href
from .subset import iso_date, verbatim_date


# Themes the built-in engine carries (Bootstrap 5.3.8 and Bootswatch 5.3.8 from npm, see
# templates/bootstrap/README.md); Quarto's default theme is Bootstrap's own.
THEMES = {"default": "default.min.css", "cosmo": "cosmo.min.css"}
# Quarto's words for the page furniture, by language (its translations for da and en).
_WORDS = {
    "da": {"formats-title": "Andre formater", "author-title": "Forfatter", "toc-title": "Indholdsfortegnelse",
           "published-title": "Udgivet"},
    "en": {"formats-title": "Other Formats", "author-title": "Author", "toc-title": "Table of contents",
           "published-title": "Published"},
}


def theme_name(options: dict, doc_rel: str) -> str | None:
    """The Bootstrap theme of an html format (``None`` for ``theme: none``)."""
    theme = options.get("theme", "default")
    if isinstance(theme, list):  # [cosmo, custom.scss]: the built-in engine cannot compile SCSS
        raise RenderError(f"{doc_rel}: theme {theme}: the built-in engine takes one theme name and "
                          f"plain css files (css:), not SCSS")
    if theme in (None, "none"):
        return None
    if str(theme) not in THEMES:
        raise RenderError(f"{doc_rel}: theme '{theme}' is not bundled with the built-in engine "
                          f"(it has: none, {', '.join(THEMES)})")
    return str(theme)


def _quarto_relative(href: str) -> str:
    """Quarto writes navigation links in the page's own folder as ``./name.html``."""
    return href if href.startswith("../") else f"./{href}"


def published_date(value, lang: str) -> str | None:
    """The front matter's date as Quarto's title block shows it: the long date of the language
    (``15. marts 2026``, ``March 15, 2026``), or as written where Quarto cannot read it."""
    from babel.dates import format_date

    if value is None:
        return None
    if day := iso_date(value):
        return format_date(day, "long", locale=lang.split("-")[0])
    return str(value) if verbatim_date(value) else None


def _page_variables(config: dict, doc_rel: str, pagetitle: str, css: list[str], pdf: str | None,
                    theme_css: list[str], lang: str, format_links_option=None) -> dict:
    esc = convert.escape
    website = config.get("website") or {}
    page_html = re.sub(r"\.qmd$", ".html", doc_rel)
    navbar = website.get("navbar") or {}
    nav = []
    for item in _as_list(navbar.get("left")) + _as_list(navbar.get("right")):
        if isinstance(item, str):
            item = {"href": item}
        href = str(item.get("href", ""))
        text = item.get("text") or Path(href).stem
        local = _local_target(href)
        target = re.sub(r"\.qmd$", ".html", local.lstrip("/")) if local is not None else None
        nav.append({
            "href": esc(_quarto_relative(_relative_href(target, page_html)) if target else href),
            "text": esc(text),
            "active": target == page_html,
        })
    site_title = website.get("title") or ""
    title = f"{pagetitle} – {site_title}" if pagetitle and site_title and pagetitle != site_title else (pagetitle or site_title)
    root = _quarto_relative(_relative_href("index.html", page_html))[: -len("index.html")]
    words = _WORDS.get(lang.split("-")[0], _WORDS["en"])
    page = {
        "pagetitle": esc(title or Path(doc_rel).stem),
        "site-title": esc(site_title),
        "site-root": esc(root),
        "nav": nav,
        "css": [esc(_relative_href(c, page_html)) for c in css],
        "theme-css": [esc(_relative_href(c, page_html)) for c in theme_css],
        "body-classes": "nav-fixed" + ("" if pdf else " fullcontent"),
        **{k: esc(v) for k, v in words.items()},
    }
    if theme_css:
        page["bootstrap"] = True
    if pdf:
        links = format_links(format_links_option, posixpath.basename(pdf))
        if links:
            page["formats"] = [{"href": esc(href), "text": esc(text), "format": "typst"} for text, href in links]
    return page


def format_links(option, pdf_href: str) -> list[tuple[str, str]]:
    """The "Other formats" links of a page whose only other format is Typst, by the html
    format's ``format-links`` as Quarto 1.10 reads it (format-html-links.ts): by default the
    link is named after the format ("Typst"); ``false`` shows none; a list names them, a
    ``{format: typst, text: …}`` entry with its own text, and unless the list holds at least one
    format name, every format is added after it under its default name (so
    ``[html, {format: typst, text: PDF}]`` gives one link, "PDF")."""
    if option is False or option is True or option is None:
        return [] if option is False else [("Typst", pdf_href)]
    entries = option if isinstance(option, list) else [option]
    links = []
    for entry in entries:
        if entry == "typst":
            links.append(("Typst", pdf_href))
        elif isinstance(entry, dict) and "format" in entry:
            if entry["format"] == "typst":
                links.append((str(entry.get("text") or "Typst"), pdf_href))
        elif isinstance(entry, dict) and "text" in entry and "href" in entry:
            links.append((str(entry["text"]), str(entry["href"])))
    if not any(isinstance(entry, str) for entry in entries):
        links.append(("Typst", pdf_href))
    return links
