"""The codebook's export columns (names, variable names, codes) are checked by `klynge check`
like the rest of the codebook: one line per problem naming file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_daarligt_input import klynge, laes_raekker, saet_celle


def _linje_med(sti: Path, kolonne: str, vaerdi: str) -> int:
    raekker = laes_raekker(sti)
    i = raekker[0].index(kolonne)
    return next(n for n, r in enumerate(raekker[1:], start=2) if r[i] == vaerdi)


def test_check_refuses_an_answer_code_that_is_not_a_whole_number(datakopi):
    saet_celle(datakopi / "svarskalaer.csv", 3, "kode", "to")
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 1
    assert "error: data/svarskalaer.csv:3: column 'kode': 'to' has the wrong form (expected a whole number)" in r.stderr


def test_check_refuses_two_answers_of_one_scale_with_the_same_code(datakopi):
    saet_celle(datakopi / "svarskalaer.csv", 3, "kode", "1")  # 'De fleste' gets the code of 'Alle'
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 1
    assert "error: data/svarskalaer.csv:3: column 'kode': code 1 is used twice in the same scale" in r.stderr


def test_codes_may_repeat_across_scales(datakopi):
    # The committed codebook gives "Ved ikke" the code 9 in every scale.
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 0, r.stderr


def test_check_refuses_a_variable_name_used_by_two_questions(datakopi):
    sti = datakopi / "spoergsmaal.csv"
    linje = _linje_med(sti, "kolonne", "understoetter")
    saet_celle(sti, linje, "variabel", "S_3")  # deltagelse's, in another case
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 1
    assert f"error: data/spoergsmaal.csv:{linje}: column 'variabel': 'S_3' appears more than once" in r.stderr


def test_check_refuses_a_cluster_code_used_twice_in_a_specialty(datakopi):
    saet_celle(datakopi / "klynger.csv", 3, "kode", "1")
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 1
    assert "error: data/klynger.csv:3: column 'kode': code 1 is used twice in the same specialty" in r.stderr


@pytest.mark.parametrize("kolonne", ["kode", "variabel"])
def test_a_codebook_without_export_columns_is_still_valid(datakopi, kolonne):
    # Export names and codes are optional: a codebook written before the import still works.
    fil = {"kode": "svarskalaer.csv", "variabel": "spoergsmaal.csv"}[kolonne]
    raekker = laes_raekker(datakopi / fil)
    i = raekker[0].index(kolonne)
    from test_daarligt_input import skriv_raekker

    skriv_raekker(datakopi / fil, [r[:i] + r[i + 1:] for r in raekker])
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 0, r.stderr


def test_check_refuses_export_names_that_are_not_a_list(datakopi):
    sti = datakopi / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('speciale = ["Speciale", "s_1"]', 'speciale = "Speciale"'),
                   encoding="utf-8")
    r = klynge("check", "--data", str(datakopi))
    assert r.returncode == 1
    assert "error: data/indstillinger.toml: key 'eksport.speciale': must be a list of non-empty texts" in r.stderr
