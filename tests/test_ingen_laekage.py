"""The answers in data/ never reach _site/: whatever a data file or an editorial text links to or
embeds, no published file (HTML, PDF text, SVG, CSV, anything) holds a respondent's row, id or
comment. Each attempt is built on its own, the way an analyst would, and refused or made
harmless; a refusal is one line naming the file, never a traceback."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_hjaelp import kopier_projekt, pdf_tekst

KLYNGE = "Reuma – Sjælland"


def klynge(projekt: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klynge", *args], cwd=projekt, capture_output=True, text=True,
                          encoding="utf-8", timeout=900)


def publiceret_tekst(site: Path) -> dict[str, str]:
    tekster = {}
    for sti in sorted(site.rglob("*")):
        if not sti.is_file():
            continue
        # A PDF is searched both as its text (read with pypdf, no poppler) and as its bytes.
        tekst = sti.read_bytes().decode("utf-8", "replace")
        if sti.suffix == ".pdf":
            tekst = pdf_tekst(sti) + "\n" + tekst
        tekster[sti.relative_to(site).as_posix()] = tekst
    return tekster


@pytest.fixture(scope="module")
def projekt(tmp_path_factory) -> Path:
    """A copy of the project whose every answer carries a comment that is easy to find. Must
    build: its own data (the comments), and the attempts below change it and build again
    (each restores what it changed; the module's tests run on one worker, in turn: `--dist
    loadscope` in pyproject.toml)."""
    sti = kopier_projekt(tmp_path_factory.mktemp("laekage"))
    besvarelser = sti / "data" / "besvarelser.csv"
    with open(besvarelser, encoding="utf-8", newline="") as f:
        raekker = list(csv.DictReader(f))
    for r in raekker:
        r["kommentar"] = f"HEMMELIG-KOMMENTAR fra {r['respondent_id']}"
    with open(besvarelser, "w", encoding="utf-8", newline="") as f:
        skriver = csv.DictWriter(f, fieldnames=list(raekker[0]), lineterminator="\n")
        skriver.writeheader()
        skriver.writerows(raekker)
    ud = klynge(sti, "render")
    assert ud.returncode == 0, ud.stderr
    return sti


def spor_af_svarene(projekt: Path) -> list[str]:
    """Every place in the published site where an answer shows: a comment, a respondent id or
    the answers file's header."""
    ids = {r["respondent_id"] for r in csv.DictReader(io.StringIO(
        (projekt / "data" / "besvarelser.csv").read_text(encoding="utf-8")))}
    fund = []
    for navn, tekst in publiceret_tekst(projekt / "_site").items():
        for m in re.finditer(r"HEMMELIG-KOMMENTAR|respondent_id|\bR\d{4}\b", tekst):
            if not m.group().startswith("R") or m.group() in ids:
                fund.append(f"{navn}: {m.group()}")
    return fund


def test_the_site_built_from_the_data_shows_no_answer(projekt):
    assert (projekt / "_site" / "reports" / "reumatologi.pdf").is_file()
    assert spor_af_svarene(projekt) == []


def _tekst(linjer: str):
    def aendr(p: Path) -> None:
        sti = p / "data" / "tekster" / "reumatologi.md"
        sti.write_text(sti.read_text(encoding="utf-8") + f"\n## kommentarer\n{linjer}\n", encoding="utf-8")
    return aendr


def _erstat(filer: tuple[str, ...], gammel: str, ny: str):
    def aendr(p: Path) -> None:
        for navn in filer:
            sti = p / "data" / navn
            tekst = sti.read_text(encoding="utf-8")
            assert gammel in tekst  # the attempt is made
            sti.write_text(tekst.replace(gammel, ny), encoding="utf-8")
    return aendr


LINK = "[kilde](../data/besvarelser.csv)"
A_HREF = '<a href="../data/besvarelser.csv">kilde</a>'

FORSOEG = {
    "editorial-markdown-link": _tekst(f"Se {LINK}."),
    "editorial-raw-a-href": _tekst(f"Se {A_HREF} og <a href=\"../.klynge-cache/manifest.json\">cache</a>."),
    "editorial-image": _tekst("![svar](../data/besvarelser.csv)"),
    "editorial-typst-read": _tekst('```{=typst}\n#raw(read("/data/besvarelser.csv"))\n```'),
    "editorial-typst-inline": _tekst('`#raw(read("../data/besvarelser.csv"))`{=typst}'),
    "specialty-name-link": _erstat(("specialer.csv",), "reumatologi,Reumatologi,", f"reumatologi,Reuma {LINK},"),
    "specialty-name-a-href": _erstat(("specialer.csv",), "reumatologi,Reumatologi,",
                                     f"reumatologi,\"Reuma {A_HREF.replace(chr(34), chr(34) * 2)}\","),
    "question-text-link": _erstat(("spoergsmaal.csv",), "indført forbedringer i din klinik", f"indført {LINK} forbedringer i din klinik"),
    "cluster-name-link": _erstat(("klynger.csv", "besvarelser.csv", "publicerede_tal.csv"), KLYNGE,
                                 f"Reuma {LINK} Sjælland"),
}


@pytest.mark.parametrize("forsoeg", list(FORSOEG))
def test_no_attempt_publishes_an_answer(projekt, forsoeg):
    data = projekt / "data"
    gemt = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    try:
        FORSOEG[forsoeg](projekt)
        ud = klynge(projekt, "render", "--specialty", "reumatologi")
        assert "Traceback" not in ud.stderr
        if ud.returncode != 0:
            fejl = [l for l in ud.stderr.splitlines() if l.startswith("error: ")]
            assert fejl and all(re.match(r"error: (data|reports)/[\w./-]+:", l) for l in fejl), ud.stderr
        assert spor_af_svarene(projekt) == []
        assert not (projekt / "_site" / "data").exists() and not (projekt / "_site" / ".klynge-cache").exists()
    finally:
        for p, indhold in gemt.items():
            p.write_bytes(indhold)


def test_a_link_in_a_specialty_name_does_not_publish_the_answers_from_the_front_page(projekt):
    data = projekt / "data"
    gemt = (data / "specialer.csv").read_bytes()
    try:
        _erstat(("specialer.csv",), "reumatologi,Reumatologi,", "reumatologi,Reuma [kilde](data/besvarelser.csv),")(
            projekt)
        ud = klynge(projekt, "render")
        assert "Traceback" not in ud.stderr
        assert spor_af_svarene(projekt) == []
        assert not (projekt / "_site" / "data").exists()
    finally:
        (data / "specialer.csv").write_bytes(gemt)


def test_an_editorial_text_that_is_a_folder_is_named_without_a_traceback(projekt):
    sti = projekt / "data" / "tekster" / "paediatri.md"
    gemt = sti.read_bytes()
    sti.unlink()
    sti.mkdir()
    try:
        ud = klynge(projekt, "render", "--specialty", "paediatri")
        assert ud.returncode == 1 and "Traceback" not in ud.stderr
        assert ud.stderr.splitlines() == ["error: data/tekster/paediatri.md: is a folder; editorial text must be "
                                          "a Markdown file"]
    finally:
        sti.rmdir()
        sti.write_bytes(gemt)
