"""A release is compared with the whole release history (probe 2026-12-07, A7–A12, A16, A17, A19,
E4): through an intermediate release, a release where everything is hidden, a release dated
earlier, a newly shown companion, a renamed cluster or a lost record file, two public releases
must not differ by fewer than min_svar answers."""

from __future__ import annotations

import csv
import fcntl
import io
import tomllib
from pathlib import Path

import pytest

from klynge.udgivelse.afsloering import afsloeringer
from klynge.cli import main
from klynge.udgivelse.filer import gyldigt_navn, laes_udgivelser

from test_afsloering_egenskab import KODER, Data, _nye, optegnelse
from test_udgivelse import rod, skriv_csv, tilfoej_sen_respondent, udgiv  # noqa: F401

RELEASES = Path("data") / "udgivelser"


def raekker(rod: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((rod / "data" / "besvarelser.csv").read_text(encoding="utf-8"))))


def tilfoej_fem(rod: Path) -> None:
    """Five more respondents in reumatologi's first cluster (room made in the members and invited)."""
    for navn, gammel, ny in (("klynger.csv", "Reuma – Hovedstad – Kbh,14,", "Reuma – Hovedstad – Kbh,19,"),
                             ("specialer.csv", "reumatologi,Reumatologi,reumatologer,52,",
                              "reumatologi,Reumatologi,reumatologer,57,")):
        sti = rod / "data" / navn
        sti.write_text(sti.read_text(encoding="utf-8").replace(gammel, ny), encoding="utf-8")
    alle = raekker(rod)
    kilde = next(r for r in alle[1:] if r[2] == "Reuma – Hovedstad – Kbh")
    skriv_csv(rod / "data" / "besvarelser.csv", alle + [[f"T{i}", *kilde[1:]] for i in range(5)])


def fjern(rod: Path, ider: set[str]) -> None:
    skriv_csv(rod / "data" / "besvarelser.csv", [r for r in raekker(rod) if r[0] not in ider])


def foerste_reuma(rod: Path) -> str:
    return next(r[0] for r in raekker(rod)[1:] if r[2] == "Reuma – Hovedstad – Kbh")


def test_an_intermediate_release_does_not_launder_one_respondent(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    en = foerste_reuma(rod)
    tilfoej_fem(rod)
    assert udgiv(rod, "2026-04", "--draft") == 0  # five answers more: no disclosure
    fjern(rod, {f"T{i}" for i in range(5)} | {en})
    capsys.readouterr()
    assert udgiv(rod, "2026-05", "--draft") == 1
    fejl = capsys.readouterr().err.strip()
    assert len(fejl.splitlines()) == 1 and "reumatologi against '2026-03'" in fejl
    assert not (rod / RELEASES / "2026-05").exists()


def test_a_release_that_hides_everything_does_not_reset_the_comparison(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    sti = rod / "data" / "indstillinger.toml"
    tekst = sti.read_text(encoding="utf-8")
    sti.write_text(tekst.replace("min_svar = 5", "min_svar = 100"), encoding="utf-8")
    assert udgiv(rod, "2026-04", "--draft") == 0
    sti.write_text(tekst, encoding="utf-8")
    fjern(rod, {foerste_reuma(rod)})
    capsys.readouterr()
    assert udgiv(rod, "2026-05", "--draft") == 1
    assert "against '2026-03'" in capsys.readouterr().err


def test_releases_are_ordered_by_their_number_not_by_a_date_the_environment_sets(rod, monkeypatch):
    assert udgiv(rod, "2026-03", "--draft") == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # 2 January 1970
    assert udgiv(rod, "2026-04", "--draft") == 0
    assert [u.navn for u in laes_udgivelser(rod / "data")] == ["2026-03", "2026-04"]
    toml = tomllib.loads((rod / RELEASES / "2026-04" / "udgivelse.toml").read_text(encoding="utf-8"))
    assert toml["nummer"] == 2 and toml["forrige"] == "2026-03"


def _historik(*trin: dict[str, int]) -> list[tuple[str, dict]]:
    return [(f"r{i}", t) for i, t in enumerate(trin)]


def test_a_companion_once_hidden_is_not_shown_when_it_would_give_the_small_cluster_away():
    # Cluster 1 has 4 answers, so it is hidden with its smallest neighbour, cluster 2 (8 answers);
    # then five answers leave cluster 4, which becomes the companion, and cluster 2 would be shown.
    d = Data({}, {k: f"Klynge {k}" for k in KODER})
    for k, n in zip(KODER, (4, 8, 9, 12)):
        _nye(d, k, n // 2, True)
        _nye(d, k, n - n // 2, False)
    foer = optegnelse(d)
    assert not foer["s"]["tal"][3]["vist"] and not foer["s"]["tal"][4]["vist"]  # clusters 1 and 2 hidden
    for i in [i for i, (k, _) in d.svar.items() if k == "4"][:5]:
        del d.svar[i]
    fund = afsloeringer(_historik(foer), optegnelse(d), 5)
    assert [(a.id, a.udgivelse, a.svar) for a in fund if a.id == "klynge-q-klynge-2"] == [("klynge-q-klynge-2", "r0", 4)]


def test_a_renamed_cluster_is_the_same_group_of_respondents():
    d = Data({}, {k: f"Klynge {k}" for k in KODER})
    for k in KODER:
        _nye(d, k, 5, True)
        _nye(d, k, 5, False)
    foer = optegnelse(d)
    d.navne["1"], d.navne["2"] = "Omegnen", "Sydhavn"
    flyttet = next(i for i, (k, _) in d.svar.items() if k == "1")
    d.svar[flyttet] = ("2", d.svar[flyttet][1])
    fund = {a.id for a in afsloeringer(_historik(foer), optegnelse(d), 5)}
    assert {"klynge-q-omegnen", "klynge-q-sydhavn"} <= fund


def test_the_record_names_each_clusters_figures_by_the_clusters_code(rod):
    from klynge.udgivelse import aendringer

    post = aendringer.aktuelle(rod)["reumatologi"]
    assert post["klynger"] == ["5", "6", "7", "8"]
    klyngetal = [t for t in post["tal"] if t["id"].startswith("klynge-understoetter-")]
    assert sorted(t.get("klynge", "alle") for t in klyngetal) == ["5", "6", "7", "8", "alle"]
    assert {t["hvad"] for t in klyngetal} == {"klynge-understoetter"}


def test_a_lost_record_file_stops_check_and_release(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    (rod / RELEASES / "2026-03" / "reumatologi-tal.json").unlink()
    tilfoej_sen_respondent(rod)
    capsys.readouterr()
    assert main(["check", "--data", str(rod / "data")]) == 1
    assert "data/udgivelser/2026-03/reumatologi-tal.json: missing: release '2026-03' lists sheet" in \
        capsys.readouterr().err
    assert udgiv(rod, "2026-04", "--draft") == 1
    fejl = capsys.readouterr().err.strip()
    assert len(fejl.splitlines()) == 1 and "reumatologi-tal.json: missing" in fejl


def test_a_corrupt_release_record_stops_check_naming_the_file(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    (rod / RELEASES / "2026-03" / "udgivelse.toml").write_text("navn = \n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--data", str(rod / "data")]) == 1
    assert "data/udgivelser/2026-03/udgivelse.toml: cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize("navn", ["zz\n", "CON", "con", "nul.txt", "COM1", "lpt9", "x.", "a\r"])
def test_a_release_name_with_a_trailing_newline_or_a_windows_device_name_is_refused(navn):
    assert not gyldigt_navn(navn)


@pytest.mark.parametrize("navn", ["2026-03", "2026-03-rettet", "v1.2", "console"])
def test_ordinary_release_names_are_accepted(navn):
    assert gyldigt_navn(navn)


def test_a_release_while_another_is_made_ends_in_one_line(rod, capsys):
    (rod / ".klynge-cache").mkdir(exist_ok=True)
    with open(rod / ".klynge-cache" / "udgivelse.lock", "a") as laas:
        fcntl.flock(laas, fcntl.LOCK_EX)
        assert udgiv(rod, "SAME", "--draft") == 1
    fejl = capsys.readouterr().err.strip()
    assert fejl == "error: another release is being made in this project right now; wait for it, then try again"


def test_a_release_without_render_refuses_what_check_refuses_in_git(tmp_path, capsys):
    import shutil

    from git_hjaelp import git, git_projekt

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    projekt = git_projekt(tmp_path / "projekt")
    alle = raekker(projekt)
    alle[1][3] = "Alle" if alle[1][3] != "Alle" else "Få"
    skriv_csv(projekt / "data" / "besvarelser.csv", alle)  # tracked, and not the reconstruction
    git(projekt, "add", "data/besvarelser.csv")
    capsys.readouterr()
    assert main(["release", "G1", "--draft", "--no-render", "--project", str(projekt)]) == 1
    fejl = capsys.readouterr().err.strip()
    assert fejl.startswith("error: the build is not clean") and "data/besvarelser.csv: git tracks this file" in fejl
    assert not (projekt / RELEASES / "G1").exists()


def test_a_folder_a_killed_release_left_behind_is_cleared_by_the_next(rod):
    rest = rod / RELEASES / ".K2.oz3ikpb5"
    rest.mkdir(parents=True)
    (rest / "udgivelse.toml").write_text("halv", encoding="utf-8")
    assert udgiv(rod, "2026-03", "--draft") == 0
    assert not rest.exists()
