"""Bad input: `klynge check` and `klynge generate` on a broken copy of data/ must stop with exit
code 1 and one plain line per problem naming the file, and the line and column where there
is one — never a traceback, and never a half-written data/besvarelser.csv."""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parents[1]


def klynge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klynge", *args], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def laes_raekker(sti: Path) -> list[list[str]]:
    with sti.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def skriv_raekker(sti: Path, raekker: list[list[str]], delimiter: str = ",") -> None:
    with sti.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(raekker)


def saet_celle(sti: Path, linje: int, kolonne: str, vaerdi: str) -> None:
    """Set one cell; `linje` is the file line (1 = header, 2 = first data row)."""
    raekker = laes_raekker(sti)
    raekker[linje - 1][raekker[0].index(kolonne)] = vaerdi
    skriv_raekker(sti, raekker)


def linjer_i_klynge(sti: Path, klynge_navn: str) -> list[int]:
    raekker = laes_raekker(sti)
    i = raekker[0].index("klynge")
    return [n for n, r in enumerate(raekker[1:], start=2) if r[i] == klynge_navn]


# --- the broken inputs --------------------------------------------------------------------

@dataclass(frozen=True)
class Fejl:
    """A way to break data/ and where the message must point: file, line, column (None: none exists)."""

    bryd: Callable[[Path], None]
    fil: str
    linje: int | Callable[[Path], int] | None
    kolonne: str | None
    ord: str  # a word the message must contain


def _slet_besvarelser(d: Path) -> None:
    (d / "besvarelser.csv").unlink()


def _fjern_kolonne(d: Path) -> None:
    raekker = laes_raekker(d / "besvarelser.csv")
    i = raekker[0].index("understoetter")
    skriv_raekker(d / "besvarelser.csv", [r[:i] + r[i + 1:] for r in raekker])


def _ukendt_speciale(d: Path) -> None:
    saet_celle(d / "besvarelser.csv", 5, "speciale", "neurolgi")


def _ukendt_klynge(d: Path) -> None:
    saet_celle(d / "besvarelser.csv", 5, "klynge", "Neurologi – Nord")


def _ukendt_svar(d: Path) -> None:
    saet_celle(d / "besvarelser.csv", 5, "understoetter", "Meget høj grad")


def _dublet_id(d: Path) -> None:
    raekker = laes_raekker(d / "besvarelser.csv")
    saet_celle(d / "besvarelser.csv", 5, "respondent_id", raekker[3][0])  # line 4's id


def _for_faa_medlemmer(d: Path) -> None:
    raekker = laes_raekker(d / "klynger.csv")
    for r in raekker:
        if r[1] == "Neurologi – Sjælland":
            r[2] = "1"
    skriv_raekker(d / "klynger.csv", raekker)


def _tom_fil(d: Path) -> None:
    (d / "besvarelser.csv").write_bytes(b"")


def _latin1(d: Path) -> None:
    sti = d / "besvarelser.csv"
    # The en dash in cluster names has no Latin-1 code; a Latin-1 export would replace it.
    sti.write_bytes(sti.read_text(encoding="utf-8").encode("latin-1", errors="replace"))


def _semikolon(d: Path) -> None:
    sti = d / "besvarelser.csv"
    skriv_raekker(sti, laes_raekker(sti), delimiter=";")


def _anden_i_sjaelland(d: Path) -> int:
    # The first respondent over the limit of 1 member is the cluster's second row.
    return linjer_i_klynge(d / "besvarelser.csv", "Neurologi – Sjælland")[1]


FEJL = [
    pytest.param(Fejl(_slet_besvarelser, "data/besvarelser.csv", None, None, "missing"), id="missing_file"),
    pytest.param(Fejl(_fjern_kolonne, "data/besvarelser.csv", 1, "understoetter", "missing"), id="missing_column"),
    pytest.param(Fejl(_ukendt_speciale, "data/besvarelser.csv", 5, "speciale", "neurolgi"), id="unknown_speciale"),
    pytest.param(Fejl(_ukendt_klynge, "data/besvarelser.csv", 5, "klynge", "Neurologi – Nord"), id="unknown_klynge"),
    pytest.param(Fejl(_ukendt_svar, "data/besvarelser.csv", 5, "understoetter", "Meget høj grad"),
                 id="answer_label_not_in_codebook"),
    pytest.param(Fejl(_dublet_id, "data/besvarelser.csv", 5, "respondent_id", "more than once"),
                 id="duplicate_respondent_id"),
    pytest.param(Fejl(_for_faa_medlemmer, "data/besvarelser.csv", _anden_i_sjaelland, "klynge", "only 1 member"),
                 id="more_respondents_than_members"),
    pytest.param(Fejl(_tom_fil, "data/besvarelser.csv", None, None, "empty"), id="empty_file"),
    pytest.param(Fejl(_latin1, "data/besvarelser.csv", 2, None, "UTF-8"), id="latin1_encoded_file"),
    pytest.param(Fejl(_semikolon, "data/besvarelser.csv", 1, None, "semicolon"), id="semicolon_separated_file"),
]


@pytest.mark.parametrize("fejl", FEJL)
def test_check_stops_with_a_plain_message_naming_where(datakopi, fejl: Fejl):
    fejl.bryd(datakopi)
    linje = fejl.linje(datakopi) if callable(fejl.linje) else fejl.linje
    r = klynge("check", "--data", str(datakopi))

    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    linjer = r.stderr.strip().splitlines()
    assert linjer and all(l.startswith("error: ") for l in linjer), r.stderr
    sted = fejl.fil if linje is None else f"{fejl.fil}:{linje}"
    kol = f" column '{fejl.kolonne}':" if fejl.kolonne else ""
    forventet = f"error: {sted}:{kol} "
    assert any(l.startswith(forventet) and fejl.ord in l for l in linjer), f"no line starting {forventet!r}:\n{r.stderr}"


def test_check_passes_on_the_committed_data():
    r = klynge("check")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert "0 differ from the data" in r.stdout


def test_check_reports_every_problem_in_one_go(datakopi):
    _ukendt_klynge(datakopi)
    saet_celle(datakopi / "besvarelser.csv", 7, "forbedringer", "Måske")
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 1
    assert "data/besvarelser.csv:5: column 'klynge':" in r.stderr
    assert "data/besvarelser.csv:7: column 'forbedringer':" in r.stderr


# --- generer never leaves a broken or half-written besvarelser.csv -------------------------

def _ukendt_maal(d: Path) -> None:
    saet_celle(d / "publicerede_tal.csv", 10, "maal", "andell")


def _population_er_ikke_tal(d: Path) -> None:
    saet_celle(d / "specialer.csv", 2, "population", "4x")


def _population_mindre_end_besvarelser(d: Path) -> None:
    # 24 neurologists answer in the plan; only 20 invited. The plan itself is fine, so the
    # generator gets as far as a full file, which then fails validation.
    saet_celle(d / "specialer.csv", 2, "population", "20")


def _landsgennemsnit_med_decimalkomma(d: Path) -> None:
    sti = d / "landsgennemsnit.csv"
    sti.write_text(sti.read_text(encoding="utf-8").replace(",65.7,", ",65,7,"), encoding="utf-8")


GENERER_FEJL = [
    pytest.param(_for_faa_medlemmer, id="cluster_with_fewer_members_than_planned_respondents"),
    pytest.param(_ukendt_maal, id="unknown_measure_in_published_figures"),
    pytest.param(_population_er_ikke_tal, id="population_not_a_number"),
    pytest.param(_population_mindre_end_besvarelser, id="population_smaller_than_respondents"),
    pytest.param(_landsgennemsnit_med_decimalkomma, id="national_average_with_decimal_comma"),
]


@pytest.mark.parametrize("bryd", GENERER_FEJL)
def test_generer_on_bad_input_exits_1_and_leaves_besvarelser_unchanged(datakopi, bryd):
    # Make the existing file differ from what the generator would write, so any rewrite shows.
    sti = datakopi / "besvarelser.csv"
    sti.write_text("".join(sti.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    foer = sti.read_bytes()
    bryd(datakopi)

    r = klynge("generate", "--data", str(datakopi))

    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("error: "), r.stderr
    assert sti.read_bytes() == foer, "besvarelser.csv was rewritten although generer failed"
    assert not [p.name for p in datakopi.iterdir() if p.name.startswith(".besvarelser.csv")], "temporary file left"


def test_generer_on_good_data_writes_the_committed_file(datakopi):
    sti = datakopi / "besvarelser.csv"
    sti.unlink()
    r = klynge("generate", "--data", str(datakopi))
    assert r.returncode == 0, r.stderr
    assert sti.read_bytes() == (REPO / "data" / "besvarelser.csv").read_bytes()


def test_line_numbers_are_file_lines_after_a_multi_line_comment(datakopi):
    # Real exports quote free text with line breaks in it; the reported line must still be
    # the line an analyst sees in an editor.
    sti = datakopi / "besvarelser.csv"
    raekker = laes_raekker(sti)
    raekker[1][raekker[0].index("kommentar")] = "Første linje\nanden linje"
    raekker[5][raekker[0].index("klynge")] = "Neurologi – Nord"  # record 6, now on file line 7
    skriv_raekker(sti, raekker)
    assert sti.read_text(encoding="utf-8").splitlines()[6].startswith(raekker[5][0] + ",")

    r = klynge("check", "--data", str(datakopi))

    assert r.returncode == 1
    assert "error: data/besvarelser.csv:7: column 'klynge':" in r.stderr, r.stderr
