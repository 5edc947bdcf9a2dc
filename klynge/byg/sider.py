"""One small page per specialty (reports/<speciale>.qmd), made from the template.

Quarto renders a project's pages in one run, each once; `-P` would give every page the same
specialty, and a page without a parameters cell ignores `-P`. So each specialty gets its own
page that sets `speciale` in a plain cell and includes the shared body. The pages are made
from reports/faktaark.qmd (same front matter), so adding a specialty is a row in
data/specialer.csv — `klynge render` and Quarto's pre-render step both run this.

Only pages this step made (they carry `MAERKE`) are ever written over or removed: a slug that
would take the name of another page of the site is refused, and nothing changes before the
data have been validated.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from klynge.ark.undslip import markdown
from klynge.fejl import DataFejl, Problem
from klynge.data.aftryk import svar_sti
from klynge.data.fortrolig import UNDERSOEGELSE, indstillinger_raa, pdf_forfatter

MAERKE = "<!-- Made by `klynge pages` from data/specialer.csv and reports/faktaark.qmd: edit those, not this. -->"
SKABELON = "reports/faktaark.qmd"
_PARAMETRE = re.compile(r"```\{python\}\n#\| tags: \[parameters\]\n.*?```\n", re.S)
# The pages the site has besides the specialties' (reports/<slug>.html must not clash with them).
RESERVEREDE = ("faktaark", "index", "revision", "aendringer")
# Characters a YAML double-quoted scalar may not hold literally (PyYAML's non-printable set and
# the line separators), written as \u escapes.
_IKKE_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def yaml_streng(tekst: str) -> str:
    """`tekst` as a YAML double-quoted scalar: quotes, backslashes, newlines and control
    characters escaped (a JSON string is one; JSON leaves a few characters YAML refuses)."""
    return _IKKE_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(tekst, ensure_ascii=False))


KROP, KORT_KROP = "{{< include _faktaark.qmd >}}", "{{< include _faktaark_kort.qmd >}}"


def sidetitel(navn: str, udkast: bool) -> str:
    """A sheet's page and PDF title."""
    return f"{'Udkast: ' if udkast else ''}Klyngearbejdet i {navn}"


def titel_og_emne(navn: str, udkast: bool) -> str:
    """A sheet's page title and PDF subject as YAML lines (its page's front matter; the
    template's sheet prints them in a metadata block)."""
    # Quarto and pandoc read these as Markdown: the name is escaped so `*x*` stays `*x*`.
    navn = markdown(navn)
    emne = (f"Faktaark om klyngearbejdet i {navn}: resultater fra eKVIS' spørgeskemaundersøgelse blandt "
            "praktiserende speciallæger")
    if udkast:
        emne = f"Udkast, bygger på rekonstruerede svar (ikke eKVIS' publicerede faktaark). {emne}"
    return f"pagetitle: {yaml_streng(sidetitel(navn, udkast))}\nsubject: {yaml_streng(emne)}"


def side(skabelon: str, slug: str, navn: str, kort: bool = False, udkast: bool = False,
         forfatter: str = "eKVIS") -> str:
    """The page of one specialty; `kort`: the short sheet of a specialty below the threshold;
    `udkast`: the answers are reconstructed, and the PDF's metadata say the sheet is a draft."""
    hoved, krop = skabelon.split("\n---\n", 1)
    # The template's own page title, subject and author are replaced by the specialty's and the
    # settings' (the PDF's title, subject and author).
    hoved = "\n".join(l if not l.strip().startswith("author:") else
                      l[:len(l) - len(l.lstrip())] + "author: " + yaml_streng(forfatter)
                      for l in hoved.splitlines() if not l.startswith(("#", "pagetitle:", "subject:"))
                      # The pages are frozen as the project says; only the template (-P) is not.
                      and not l.strip().startswith("freeze:"))
    hoved += "\n" + titel_og_emne(navn, udkast)
    if len(_PARAMETRE.findall(krop)) != 1:
        raise DataFejl([Problem(SKABELON, None, None, "must have exactly one cell tagged parameters")])
    # The page sets its specialty in a plain cell and includes its body itself (the template
    # picks the body when it runs: klynge.byg.valgt_ark).
    celle = f'```{{python}}\nspeciale = "{slug}"\n```\n'
    return f"{hoved}\n---\n\n{MAERKE}\n\n{celle}\n{KORT_KROP if kort else KROP}\n"


def specialer(data: Path) -> list[tuple[str, str]]:
    """(slug, navn) of every specialty. Read with the csv module alone: this runs before every
    render (also as Quarto's pre-render step) and must be quick; `klynge check` and the
    documents validate the file fully."""
    navn = "data/specialer.csv"
    try:
        with open(data / "specialer.csv", encoding="utf-8-sig", newline="") as f:
            laeser = csv.DictReader(f)
            raekker = list(laeser)
            kolonner = laeser.fieldnames or []
    except FileNotFoundError:
        raise DataFejl([Problem(navn, None, None, "file is missing")]) from None
    except IsADirectoryError:
        raise DataFejl([Problem(navn, None, None, "is a folder, not a file")]) from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise DataFejl([Problem(navn, None, None, f"cannot be read as UTF-8 CSV: {e}")]) from None
    # An empty file is never read as "no specialties": that would remove every page.
    if not kolonner:
        raise DataFejl([Problem(navn, None, None, "file is empty")])
    if not raekker:
        raise DataFejl([Problem(navn, None, None, "file has a header but no rows")])
    if not {"speciale", "navn"} <= set(kolonner):
        raise DataFejl([Problem(navn, 1, None, "the header must have the columns 'speciale' and 'navn'")])
    optagne = reserverede(data.parent)
    ud = []
    for linje, r in enumerate(raekker, 2):
        slug, titel = (r.get("speciale") or "").strip(), (r.get("navn") or "").strip()
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or not titel:
            raise DataFejl([Problem(navn, linje, "speciale", f"'{slug}' is not a valid specialty row")])
        if slug in optagne:
            raise DataFejl([Problem(navn, linje, "speciale", f"'{slug}' is the name of another page of the site "
                                                             f"({optagne[slug]}); choose another slug")])
        ud.append((slug, titel))
    return ud


def reserverede(rod: Path) -> dict[str, str]:
    """Names a specialty's slug may not take, each with the page that has it: the site's own
    pages and every page in reports/ or the project's root that this step did not make."""
    optagne = {n: f"{n}.qmd" if n != "faktaark" else SKABELON for n in RESERVEREDE}
    for mappe in (rod, rod / "reports"):
        for sti in sorted(mappe.glob("*.qmd")) if mappe.is_dir() else ():
            if not _egen_side(sti):
                optagne.setdefault(sti.stem, sti.relative_to(rod).as_posix())
    return optagne


def _egen_side(sti: Path) -> bool:
    """A page this step made (and so may change or remove)."""
    try:
        return sti.is_file() and not sti.is_symlink() and MAERKE in sti.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def under_graensen(data: Path) -> set[str]:
    """Specialties with fewer respondents than min_svar: their page is the short sheet. Counted
    with the csv module alone, like `specialer`; on unreadable files none is, and the documents
    report the data error."""
    from collections import Counter

    min_svar = indstillinger_raa(data).get("min_svar")
    try:
        with open(svar_sti(data), encoding="utf-8-sig", newline="") as f:
            antal = Counter((r.get("speciale") or "").strip() for r in csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()
    if not isinstance(min_svar, int) or isinstance(min_svar, bool):
        return set()
    return {slug for slug, _ in specialer(data) if antal[slug] < min_svar}


def udkast_og_forfatter(data: Path) -> tuple[bool, str]:
    """From the settings, read quickly like `under_graensen`: whether the answers are
    not the survey's own (a draft), and the PDF's author (klynge.data.indlaes.Indstillinger)."""
    raa = indstillinger_raa(data)
    forfatter = raa.get("forfatter", "eKVIS") if isinstance(raa.get("forfatter", "eKVIS"), str) else "eKVIS"
    datakilde = raa.get("datakilde")
    return datakilde != UNDERSOEGELSE, pdf_forfatter(datakilde, forfatter)


def forventede_sider(rod: Path) -> dict[Path, str]:
    skabelon = (rod / SKABELON).read_text(encoding="utf-8")
    korte = under_graensen(rod / "data")
    udkast, forfatter = udkast_og_forfatter(rod / "data")
    return {rod / "reports" / f"{slug}.qmd": side(skabelon, slug, navn, slug in korte, udkast, forfatter)
            for slug, navn in specialer(rod / "data")}


def synkroniser_sider(rod: Path) -> list[str]:
    """Write missing or outdated pages, remove pages of specialties no longer in the data."""
    forventet = forventede_sider(rod)
    skriv = [sti for sti, tekst in forventet.items()
             if not sti.exists() or sti.read_text(encoding="utf-8") != tekst]
    fjern = [sti for sti in sorted((rod / "reports").glob("*.qmd")) if sti not in forventet and _egen_side(sti)]
    if not skriv and not fjern:
        return []
    for sti in skriv:
        if sti.exists() and not _egen_side(sti):  # `specialer` refuses such slugs; never write over it
            raise DataFejl([Problem(sti.relative_to(rod).as_posix(), None, None,
                                    "was not made by `klynge pages`; it is not written over")])
    # Pages change only for data that are valid as a whole (a broken file must not cost pages).
    from klynge.data.indlaes import indlaes  # pandas: only when pages change, not on every pre-render

    indlaes(rod / "data")
    aendringer = []
    for sti in skriv:
        aendringer.append(f"{'updated' if sti.exists() else 'created'} {sti.relative_to(rod)}")
        sti.write_text(forventet[sti], encoding="utf-8")
    for sti in fjern:
        sti.unlink()
        aendringer.append(f"removed {sti.relative_to(rod)}")
    return aendringer
