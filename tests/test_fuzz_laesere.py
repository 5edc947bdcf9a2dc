"""Property-based fuzzing of every reader of input (Hypothesis): the data CSVs, the settings,
the editorial texts and both export formats. Whatever the input, it either loads or fails
with one `error:` line per problem, never a traceback; and a refused import leaves data/ as it
was. The examples are bounded (and the database off), so the suite stays within minutes."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from klynge import cli

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
CSV_FILER = ("specialer.csv", "klynger.csv", "spoergsmaal.csv", "svarskalaer.csv", "besvarelser.csv",
             "landsgennemsnit.csv", "publicerede_tal.csv")
# No shrinking: a failure is reported as generated (inputs are small anyway), so even a failing
# run stays within minutes.
GRAENSER = settings(max_examples=50, deadline=None, database=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text that reaches the odd corners: CSV and Markdown punctuation, quotes, separators, control
# characters, non-Latin digits and letters, surrogate-free Unicode.
TEGN = st.sampled_from(list(",;\t\"'\n\r\\#[]()<>{}*_`$@=+-.:|!/%&~0123456789 ") + ["æ", "ø", "å", "٥", "\x00",
                                                                                     "\u2028", "…", "–"])
TEKST = st.text(alphabet=st.one_of(TEGN, st.characters(exclude_categories=("Cs",))), max_size=200)


def koer(*args: str) -> tuple[int, list[str]]:
    """`klynge` in this process; its exit code and stderr lines. An exception other than the
    ones `klynge` turns into lines (a traceback for the user) fails the test by itself."""
    ud, fejl = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(ud), contextlib.redirect_stderr(fejl):
        kode = cli.main(list(args))
    return kode, fejl.getvalue().splitlines()


def en_linje_pr_problem(kode: int, linjer: list[str]) -> None:
    assert "Traceback" not in "\n".join(linjer)
    if kode != 0:
        assert linjer and all(l.startswith("error: ") for l in linjer), linjer


def indhold(mappe: Path) -> dict[str, bytes]:
    return {str(p.relative_to(mappe)): p.read_bytes() for p in sorted(mappe.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def datakopi():
    with tempfile.TemporaryDirectory() as tmp:
        kopi = Path(tmp) / "data"
        shutil.copytree(DATA, kopi)
        yield kopi


@st.composite
def aendret(draw, raa: bytes) -> bytes:
    """A file's bytes changed the ways files get broken: a line replaced, text inserted, the
    file cut off, or replaced whole (by text or by bytes)."""
    maade = draw(st.sampled_from(["linje", "indsaet", "afkort", "tekst", "bytes"]))
    if maade == "bytes":
        return draw(st.binary(max_size=400))
    tekst = raa.decode("utf-8")
    if maade == "tekst":
        return draw(TEKST).encode("utf-8")
    if maade == "afkort":
        return raa[: draw(st.integers(0, len(raa)))]
    linjer = tekst.splitlines(keepends=True)
    i = draw(st.integers(0, len(linjer) - 1))
    if maade == "linje":
        linjer[i] = draw(TEKST) + "\n"
    else:
        j = draw(st.integers(0, len(linjer[i])))
        linjer[i] = linjer[i][:j] + draw(TEKST) + linjer[i][j:]
    return "".join(linjer).encode("utf-8", "surrogatepass")


@GRAENSER
@given(data=st.data(), fil=st.sampled_from(CSV_FILER))
def test_any_data_csv_loads_or_fails_one_line_per_problem(data, fil):
    with datakopi() as kopi:
        (kopi / fil).write_bytes(data.draw(aendret((DATA / fil).read_bytes())))
        en_linje_pr_problem(*koer("check", "--data", str(kopi)))


@GRAENSER
@given(data=st.data())
def test_any_settings_file_loads_or_fails_one_line_per_problem(data):
    with datakopi() as kopi:
        (kopi / "indstillinger.toml").write_bytes(data.draw(aendret((DATA / "indstillinger.toml").read_bytes())))
        en_linje_pr_problem(*koer("check", "--data", str(kopi)))


MARKDOWN = st.lists(st.one_of(TEKST, st.sampled_from([
    "## engagement\n", "## gode-raad\n", "## ukendt\n", "[k](#x)", "[k](neurologi.html)", "[k](../data/x.csv)",
    "[k](https://ekvis.dk)", "<b>", "```\n", "$x$", "@ref", "{=typst}", "::: x\n", "![a](b.png)", "**fed**",
    "1. punkt\n", "> citat\n", "---\n", "\\", "| a | b |\n", "[^1]", "\n\n"])), max_size=30).map("".join)


@GRAENSER
@given(tekst=MARKDOWN)
def test_any_editorial_text_is_read_or_refused_one_line_per_problem(tekst):
    from klynge.data.indlaes import indlaes
    from klynge.data.redaktionelt import laes_tekster
    from klynge.data.tekstkontrol import kontroller_tekst
    from klynge.fejl import DataFejl

    ordvalg = indlaes(DATA).indstillinger.ordvalg
    with tempfile.TemporaryDirectory() as tmp:
        sti = Path(tmp) / "data" / "tekster" / "neurologi.md"
        sti.parent.mkdir(parents=True)
        sti.write_text(tekst, encoding="utf-8", errors="surrogatepass")
        try:
            laes_tekster(sti, "data/tekster/neurologi.md")
            problemer = kontroller_tekst(sti, "data/tekster/neurologi.md", ordvalg)
        except DataFejl as e:
            problemer = e.problemer
        for p in problemer:
            assert "\n" not in str(p) and str(p).startswith("data/tekster/neurologi.md")


CELLE = st.one_of(st.none(), TEKST, st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.booleans(), st.sampled_from(["Reumatologi", "Reuma – Sjælland", "I høj grad", "Ja", "1", "9",
                                                  "Respondent ID", "Speciale", "Klynge", "kommentar"]))


def _uden_styretegn(v):
    # openpyxl refuses to write control characters into a workbook; a tool would not write them.
    return "".join(c for c in v if c >= " " or c in "\t\n\r") if isinstance(v, str) else v


@st.composite
def arbejdsbog(draw, mappe: Path) -> Path:
    """A workbook: random rows under a header that may name real columns, or a valid export
    with bytes of the zip changed."""
    sti = mappe / "eksport.xlsx"
    raekker = draw(st.lists(st.lists(CELLE, max_size=8), max_size=8))
    bog = openpyxl.Workbook()
    for r in raekker:
        bog.active.append([_uden_styretegn(v) for v in r])
    bog.save(sti)
    if draw(st.booleans()):
        raa = bytearray(sti.read_bytes())
        # Positions are drawn independently of the file's length, which varies with the time
        # openpyxl stamps into it: Hypothesis needs the same draws to replay an example.
        for _ in range(draw(st.integers(1, 20))):
            raa[draw(st.integers(0, 2**20)) % len(raa)] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            raa = raa[: draw(st.integers(0, 2**20)) % (len(raa) + 1)]
        sti.write_bytes(bytes(raa))
    return sti


def _importer_og_sammenlign(eksport: Path, kopi: Path) -> None:
    foer = indhold(kopi)
    kode, linjer = koer("import", str(eksport), "--data", str(kopi))
    en_linje_pr_problem(kode, linjer)
    if kode != 0:
        assert indhold(kopi) == foer


@GRAENSER
@given(data=st.data())
def test_any_xlsx_export_imports_or_fails_one_line_per_problem_leaving_data_untouched(data):
    with datakopi() as kopi:
        _importer_og_sammenlign(data.draw(arbejdsbog(kopi.parent)), kopi)


@GRAENSER
@given(raekker=st.lists(st.lists(CELLE.map(lambda v: "" if v is None else str(v)), max_size=8), max_size=8),
       sep=st.sampled_from([",", ";", "\t"]), kodning=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le",
                                                                        "cp1252"]),
       stoej=st.binary(max_size=50))
def test_any_csv_export_imports_or_fails_one_line_per_problem_leaving_data_untouched(raekker, sep, kodning, stoej):
    import csv

    with datakopi() as kopi:
        ud = io.StringIO()
        csv.writer(ud, delimiter=sep).writerows(raekker)
        sti = kopi.parent / "eksport.csv"
        sti.write_bytes(ud.getvalue().encode(kodning, errors="replace") + stoej)
        _importer_og_sammenlign(sti, kopi)


@pytest.mark.parametrize("navn", ["eksport.xlsx", "eksport.csv"])
def test_a_valid_export_still_imports_under_the_fuzzers_harness(navn, tmp_path):
    # The harness itself can tell success from failure: the committed answers, exported, import.
    from eksport_hjaelp import laes_besvarelser, skriv_csv, skriv_xlsx, tekster_og_svar
    from klynge.data.indlaes import indlaes

    tabel = tekster_og_svar(indlaes(DATA), laes_besvarelser(DATA))
    with datakopi() as kopi:
        sti = (skriv_xlsx if navn.endswith("xlsx") else skriv_csv)(tmp_path / navn, tabel)
        kode, linjer = koer("import", str(sti), "--data", str(kopi), "--check")
        assert kode == 0, linjer
