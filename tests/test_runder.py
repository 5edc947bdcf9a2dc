"""Survey rounds: `klynge round save`, the checks of saved rounds, and what the next round's
sheets and front page say about the previous one (klynge.data.runder, klynge.ark.udvikling)."""

from __future__ import annotations

import csv
import dataclasses
import json
import stat
from pathlib import Path

import pytest

from klynge.ark.faktaark import Faktaark
from klynge.ark.proveniens import Proveniens
from klynge.ark import udvikling as udv
from klynge.byg.runde import gem_runde, rundetal_problemer
from klynge.cli import main
from klynge.data.indlaes import indlaes
from klynge.data.runder import forrige_runde, laes_runde, runde_problemer
from klynge.fejl import DataFejl
from klynge.maal import udvikling as regel

SLUG = "reumatologi"


def _laes(sti: Path) -> list[dict]:
    with sti.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _skriv(sti: Path, raekker: list[dict], felter: list[str] | None = None) -> None:
    with sti.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=felter or list(raekker[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(raekker)


def _saet(data: Path, noegle: str, vaerdi: str) -> None:
    sti = data / "indstillinger.toml"
    linjer = [f'{noegle} = "{vaerdi}"' if l.startswith(f"{noegle} =") else l
              for l in sti.read_text(encoding="utf-8").splitlines()]
    sti.write_text("\n".join(linjer) + "\n", encoding="utf-8")


def anden_runde(data: Path) -> None:
    """Turn the current data into a second round, collected in September 2027: neurologi is new
    (the others keep their names), pædiatri is no longer in it, the question eng_emner is dropped,
    forbedringer's answer scale changed, and reumatologi's two Hovedstad clusters merged."""
    _saet(data, "indsamlet", "september 2027")
    specialer = [r for r in _laes(data / "specialer.csv") if r["speciale"] != "paediatri"]
    specialer = [dict(r, speciale="neurologi-ny") if r["speciale"] == "neurologi" else r for r in specialer]
    _skriv(data / "specialer.csv", specialer)
    klynger = []
    for r in _laes(data / "klynger.csv"):
        if r["speciale"] == "paediatri":
            continue
        if r["speciale"] == "neurologi":
            r = dict(r, speciale="neurologi-ny")
        if r["klynge"] == "Reuma – Hovedstad – Øvrige":
            continue
        if r["klynge"] == "Reuma – Hovedstad – Kbh":
            r = dict(r, klynge="Reuma – Hovedstad", medlemmer="27")
        klynger.append(r)
    _skriv(data / "klynger.csv", klynger)
    _skriv(data / "spoergsmaal.csv", [r for r in _laes(data / "spoergsmaal.csv") if r["kolonne"] != "eng_emner"])
    skalaer = _laes(data / "svarskalaer.csv")
    skalaer.insert(next(i for i, r in enumerate(skalaer) if r["skala"] == "ja_nej") + 1,
                   {"skala": "ja_nej", "svar": "Delvist", "vurdering": "neutral", "kode": "3"})
    _skriv(data / "svarskalaer.csv", skalaer)
    svar = []
    for r in _laes(data / "besvarelser.csv"):
        if r["speciale"] == "paediatri":
            continue
        r.pop("eng_emner")
        if r["speciale"] == "neurologi":
            r["speciale"] = "neurologi-ny"
        if r["klynge"].startswith("Reuma – Hovedstad"):
            r["klynge"] = "Reuma – Hovedstad"
        svar.append(r)
    _skriv(data / "besvarelser.csv", svar)
    (data / "tekster" / "neurologi.md").rename(data / "tekster" / "neurologi-ny.md")


def _ark(data: Path, slug: str = SLUG) -> Faktaark:
    u = indlaes(data)
    return Faktaark(u, u.speciale(slug), {}, proveniens=Proveniens(u.indstillinger.rekonstrueret))


@pytest.fixture
def to_runder(datakopi: Path) -> Path:
    gem_runde(datakopi, "2025")
    anden_runde(datakopi)
    return datakopi


# ---- saving a round --------------------------------------------------------------------------

def test_saving_a_round_keeps_its_data_files_settings_and_figures(datakopi: Path):
    gem_runde(datakopi, "2025")
    mappe = datakopi / "runder" / "2025"
    for fil in ("specialer.csv", "klynger.csv", "spoergsmaal.csv", "svarskalaer.csv", "landsgennemsnit.csv",
                "indstillinger.toml", "tal.json", "runde.toml"):
        assert (mappe / fil).is_file(), fil
    assert (mappe / "klynger.csv").read_bytes() == (datakopi / "klynger.csv").read_bytes()
    assert laes_runde(datakopi, "2025").indsamlet == "september 2025"


def test_a_saved_rounds_answers_go_to_the_confidential_folder_readable_by_the_owner_only(datakopi: Path):
    gem_runde(datakopi, "2025")
    svar = datakopi / "fortroligt" / "runder" / "2025" / "besvarelser.csv"
    assert svar.read_bytes() == (datakopi / "besvarelser.csv").read_bytes()
    assert stat.S_IMODE(svar.stat().st_mode) == 0o600
    assert not list((datakopi / "runder").rglob("besvarelser*"))


def test_a_saved_rounds_figures_hold_no_respondent_row_and_nothing_hidden(datakopi: Path):
    # One question answered by only four respondents of reumatologi: the round keeps no count of it.
    raekker = _laes(datakopi / "besvarelser.csv")
    egne = [r for r in raekker if r["speciale"] == SLUG]
    for i, r in enumerate(egne):
        r["databrug"] = r["databrug"] if i < 4 else ""
    _skriv(datakopi / "besvarelser.csv", raekker)
    gem_runde(datakopi, "2025")
    tekst = (datakopi / "runder" / "2025" / "tal.json").read_text(encoding="utf-8")
    assert "R0001" not in tekst and "respondent" not in tekst
    assert json.loads(tekst)["specialer"][SLUG]["spoergsmaal"]["databrug"] == {"vist": False}


def test_saving_a_round_under_a_name_already_used_is_refused(datakopi: Path, capsys):
    assert main(["round", "save", "2025", "--data", str(datakopi)]) == 0
    assert main(["round", "save", "2025", "--data", str(datakopi)]) == 1
    assert "data/runder/2025: a round of that name is already saved" in capsys.readouterr().err


def test_a_round_name_with_a_slash_is_refused_and_nothing_is_written(datakopi: Path, capsys):
    assert main(["round", "save", "../x", "--data", str(datakopi)]) == 1
    assert "is not a valid round name" in capsys.readouterr().err
    assert not (datakopi / "runder").exists()


# ---- klynge check on saved rounds -------------------------------------------------------------

def test_check_names_a_saved_round_with_a_missing_file(datakopi: Path):
    gem_runde(datakopi, "2025")
    (datakopi / "runder" / "2025" / "klynger.csv").unlink()
    assert [str(p) for p in runde_problemer(datakopi)] == ["data/runder/2025/klynger.csv: file is missing"]


def test_check_names_a_saved_round_whose_answers_are_missing(datakopi: Path):
    gem_runde(datakopi, "2025")
    (datakopi / "fortroligt" / "runder" / "2025" / "besvarelser.csv").unlink()
    problemer = [str(p) for p in runde_problemer(datakopi)]
    assert problemer == ["data/fortroligt/runder/2025/besvarelser.csv: file is missing: the answers of round "
                         "'2025' (`klynge round save` writes them)"]


def test_check_names_an_invalid_file_of_a_saved_round_by_its_line(datakopi: Path):
    gem_runde(datakopi, "2025")
    sti = datakopi / "runder" / "2025" / "specialer.csv"
    sti.write_text(sti.read_text(encoding="utf-8").replace(",52,", ",mange,"), encoding="utf-8")
    problemer = [str(p) for p in runde_problemer(datakopi)]
    assert len(problemer) == 1 and problemer[0].startswith("data/runder/2025/specialer.csv:3: column 'population'")


def test_check_names_figures_that_the_rounds_answers_do_not_give(datakopi: Path):
    gem_runde(datakopi, "2025")
    sti = datakopi / "runder" / "2025" / "tal.json"
    tal = json.loads(sti.read_text(encoding="utf-8"))
    tal["specialer"][SLUG]["besvarelser"] += 1
    sti.write_text(json.dumps(tal), encoding="utf-8")
    assert [str(p) for p in rundetal_problemer(datakopi)] == [
        "data/runder/2025/tal.json: the figures are not what the round's answers give; save the round again"]


def test_check_fails_with_one_line_for_a_broken_saved_round(datakopi: Path, capsys):
    gem_runde(datakopi, "2025")
    (datakopi / "runder" / "2025" / "tal.json").write_text("{", encoding="utf-8")
    assert main(["check", "--data", str(datakopi)]) == 1
    fejl = [l for l in capsys.readouterr().err.splitlines() if l]
    assert len(fejl) == 1 and fejl[0].startswith("error: data/runder/2025/tal.json: not valid JSON")


# ---- which round is the previous one ------------------------------------------------------------

def test_a_round_just_saved_is_not_its_own_previous_round(datakopi: Path):
    gem_runde(datakopi, "2025")
    assert forrige_runde(datakopi, "september 2025") is None
    assert forrige_runde(datakopi, "september 2027").navn == "2025"


def test_without_saved_rounds_a_sheet_has_no_development_section(datakopi: Path):
    assert udv.lav(_ark(datakopi), datakopi) is None
    assert udv.forside(indlaes(datakopi), datakopi) == ""


# ---- the section in the sheet -------------------------------------------------------------------

def test_the_sheet_prints_both_rounds_figures_for_understoetter_side_by_side(to_runder: Path):
    u = udv.lav(_ark(to_runder), to_runder)
    linje = u.understoetter
    assert linje.etiket == "Understøtter kvalitetsarbejdet"
    tabelrad = next(l for l in u.markdown().splitlines() if l.startswith("| Understøtter kvalitetsarbejdet |"))
    assert linje.forrige._repr_markdown_() in tabelrad and linje.nu._repr_markdown_() in tabelrad
    assert "| September 2025 | September 2027 | Udvikling |" in u.markdown()


def test_an_unchanged_share_is_on_level_with_the_previous_round(to_runder: Path):
    # The second round has the same answers to understoetter in reumatologi as the first.
    linje = udv.lav(_ark(to_runder), to_runder).understoetter
    assert linje.ord.tekst == "på niveau med 2025"
    assert "og dermed" in str(udv.lav(_ark(to_runder), to_runder).understoetter_saetning)


def test_a_question_dropped_in_the_new_round_is_not_compared_and_the_sheet_says_so(to_runder: Path):
    u = udv.lav(_ark(to_runder), to_runder)
    linje = next(l for l in u.linjer if "foreslår emner" in l.etiket)
    assert linje.ord.tekst == "ikke sammenlignet"
    assert "spørgsmålet er ikke stillet i denne runde" in u.ikke_sammenlignet


def test_a_question_whose_answer_scale_changed_is_not_compared_and_the_sheet_says_so(to_runder: Path):
    u = udv.lav(_ark(to_runder), to_runder)
    linje = next(l for l in u.linjer if l.etiket == "Har indført forbedringer")
    assert linje.ord.aendring is None
    assert "har indført forbedringer (svarskalaen er ændret siden 2025)" in u.ikke_sammenlignet


def test_a_question_whose_wording_changed_is_not_compared(to_runder: Path):
    sti = to_runder / "spoergsmaal.csv"
    raekker = _laes(sti)
    for r in raekker:
        if r["kolonne"] == "understoetter":
            r["spoergsmaal"] = r["spoergsmaal"].replace("kan understøtte", "understøtter")
    _skriv(sti, raekker)
    u = udv.lav(_ark(to_runder), to_runder)
    assert u.understoetter.ord.grund == "spørgsmålets ordlyd er ændret siden 2025"
    assert str(u.understoetter_saetning).endswith("kan ikke sammenlignes med 2025, da spørgsmålets ordlyd er ændret "
                                                 "siden 2025.")


def test_merged_clusters_are_not_compared_but_clusters_in_both_rounds_are(to_runder: Path):
    u = udv.lav(_ark(to_runder), to_runder)
    navne = [l.etiket for l in u.klynger]
    assert "Reuma – Hovedstad" not in navne and not any("Kbh" in n or "Øvrige" in n for n in navne)
    assert navne == ["Reuma – Sjælland", "Reuma – Vestdanmark"]


def test_a_specialty_new_in_this_round_has_no_development_section(to_runder: Path):
    assert udv.lav(_ark(to_runder, "neurologi-ny"), to_runder) is None


def test_the_front_page_shows_both_rounds_and_says_which_specialties_are_new_or_gone(to_runder: Path):
    side = udv.forside(indlaes(to_runder), to_runder)
    assert "## Udvikling siden 2025" in side
    assert any(l.startswith("| Neurologi | nyt i denne runde") for l in side.splitlines())
    assert any(l.startswith("| Pædiatri | kun med i 2025") and "ikke med i denne runde" in l
               for l in side.splitlines())
    reuma = next(l for l in side.splitlines() if l.startswith("| Reumatologi |"))
    assert "→" in reuma and "sammenlignes ikke \\(svarskalaen er ændret siden 2025\\)" in reuma


def test_every_change_word_carries_the_basis_the_rule_judged(to_runder: Path):
    u = udv.lav(_ark(to_runder), to_runder)
    for linje in u.linjer:
        a = linje.ord.aendring
        if a is None or a.retning == regel.IKKE_SAMMENLIGNET:
            continue
        # The response rate is a census of everyone invited: its own rule (README, "En ny runde").
        assert a == (regel.aendring_optaelling(a.forrige, a.nu) if linje.etiket == "Svarprocent"
                     else regel.aendring(a.forrige, a.nu, u.min_svar))
        assert f"{a.forrige.antal} af {a.forrige.n}" in linje.ord.grundlag.replace("\u00a0", " ")
        assert linje.ord.tekst == {regel.OP: "steget", regel.NED: "faldet",
                                   regel.PAA_NIVEAU: "på niveau med 2025"}[a.retning]


def test_a_change_at_the_rules_edge_is_called_by_the_rule(to_runder: Path):
    """Make reumatologi's understoetter rise by exactly the answers the interval needs to exclude 0."""
    foer = udv.lav(_ark(to_runder), to_runder).understoetter.ord.aendring.forrige
    raekker = _laes(to_runder / "besvarelser.csv")
    egne = [r for r in raekker if r["speciale"] == SLUG and r["understoetter"]]
    n = len(egne)
    kant = next(x for x in range(n + 1) if x / n > foer.antal / foer.n
                and regel.aendring(foer, regel.Andel(x, n), 5).er_aendring)
    for i, r in enumerate(egne):
        r["understoetter"] = "I høj grad" if i < kant else "Slet ikke"
    _skriv(to_runder / "besvarelser.csv", raekker)
    assert udv.lav(_ark(to_runder), to_runder).understoetter.ord.tekst == "steget"
    egne[kant - 1]["understoetter"] = "Slet ikke"
    _skriv(to_runder / "besvarelser.csv", raekker)
    assert udv.lav(_ark(to_runder), to_runder).understoetter.ord.tekst == "på niveau med 2025"


# ---- anonymity across rounds -------------------------------------------------------------------

def _faa_svar(data: Path, kolonne: str, svar: str) -> None:
    """Only four of reumatologi's respondents answer `kolonne`, all with `svar`."""
    raekker = _laes(data / "besvarelser.csv")
    egne = [r for r in raekker if r["speciale"] == SLUG]
    for i, r in enumerate(egne):
        r[kolonne] = svar if i < 4 else ""
    _skriv(data / "besvarelser.csv", raekker)


@pytest.mark.parametrize("runde", ["forrige", "nu"])
def test_the_answers_of_fewer_than_min_svar_change_nothing_published_in_either_round(datakopi: Path, tmp_path,
                                                                                      runde: str):
    import shutil

    sider = []
    for svar in ("I meget høj grad", "Slet ikke"):
        data = tmp_path / svar.replace(" ", "_") / "data"
        shutil.copytree(datakopi, data)
        hele = (data / "besvarelser.csv").read_bytes()
        if runde == "forrige":
            _faa_svar(data, "understoetter", svar)
        gem_runde(data, "2025")
        (data / "besvarelser.csv").write_bytes(hele)  # the new round has all its answers
        anden_runde(data)
        if runde == "nu":
            _faa_svar(data, "understoetter", svar)
        u = udv.lav(_ark(data), data)
        sider.append((u.markdown(), udv.forside(indlaes(data), data)))
    assert sider[0] == sider[1]
    assert "færre end 5 svar" in sider[0][0]


def test_the_figure_record_names_the_round_of_every_figure(to_runder: Path):
    from klynge.udgivelse import talregister

    post = talregister.optegnelse(_ark(to_runder), to_runder)
    assert post["runde"] == "september 2027" and post["forrige_runde"] == "2025 (september 2025)"
    # A figure without its own names the record's round; those of the section name theirs.
    runder = {t["id"]: t.get("runde", post["runde"]) for t in post["tal"]}
    assert runder["tal-udvikling-foer-understoetter"] == "september 2025"
    assert runder["tal-udvikling-nu-understoetter"] == runder["tal-understoetter"] == "september 2027"
    assert all("runde" in t for t in post["tal"] if t["id"].startswith("tal-udvikling-"))
    assert any(s["id"] == "udvikling" for s in post["saetninger"])


def test_an_import_can_be_checked_and_made_after_a_round_is_saved(datakopi: Path, tmp_path: Path):
    gem_runde(datakopi, "2025")
    eksport = tmp_path / "eksport.csv"
    eksport.write_bytes((datakopi / "besvarelser.csv").read_bytes())
    assert main(["import", str(eksport), "--check", "--data", str(datakopi)]) == 0
    assert main(["import", str(eksport), "--data", str(datakopi)]) == 0


def test_a_sheet_compares_with_a_saved_round_whose_answers_are_not_on_this_machine(to_runder: Path):
    """The sheets read a round's figures only: a reviewer's clone without the confidential folder renders."""
    (to_runder / "fortroligt" / "runder" / "2025" / "besvarelser.csv").unlink()
    assert udv.lav(_ark(to_runder), to_runder).understoetter.ord.tekst == "på niveau med 2025"


# ---- the change words' claims (klynge.ark.paastande) ---------------------------------------------

def test_every_change_word_of_the_section_carries_a_claim_the_printed_figures_hold(to_runder: Path):
    u = udv.lav(_ark(to_runder), to_runder)
    sammenlignede = [l for l in u.linjer + u.klynger if l.ord.aendring and l.ord.aendring.er_aendring
                     or l.ord.tekst.startswith("på niveau")]
    udfald = u.kontroller_paastande()
    # each table row, the sentence on "understøtter kvalitetsarbejdet" and the summary
    assert len(udfald) == len(sammenlignede) + 2
    assert [fejl for _, _, fejl in udfald] == [None] * len(udfald)


def test_a_contradicting_change_word_fails_the_build_with_one_line_naming_sentence_and_figure(
        to_runder: Path, monkeypatch):
    maal = udv.find(_ark(to_runder), to_runder).understoetter.ord.aendring.forrige
    rigtig = regel.aendring

    def forkert(forrige, nu, min_svar):
        a = rigtig(forrige, nu, min_svar)
        return dataclasses.replace(a, retning=regel.OP) if forrige == maal and a.retning == regel.PAA_NIVEAU else a

    monkeypatch.setattr(regel, "aendring", forkert)
    with pytest.raises(DataFejl) as fejl:
        udv.lav(_ark(to_runder), to_runder)
    linjer = str(fejl.value).splitlines()
    assert len(linjer) == len(fejl.value.problemer)
    raekke = next(l for l in linjer if "| Understøtter kvalitetsarbejdet |" in l)
    assert 'says "steget"' in raekke
    assert '"understøtter kvalitetsarbejdet" in september 2025 prints 68 pct.' in raekke
    assert "by the rule no change" in raekke
    assert any("Andelen, der i høj eller meget høj grad vurderer" in l and 'says "steget"' in l for l in linjer)
    assert any('says "ét steget"' in l and "Af de fjorten tal" in l and "0 have risen" in l for l in linjer)


def test_check_lists_the_claims_of_the_change_words(datakopi: Path, capsys):
    gem_runde(datakopi, "2025")
    _saet(datakopi, "indsamlet", "september 2027")
    assert main(["check", "--data", str(datakopi)]) == 0
    ud = capsys.readouterr().out
    assert ud.count("Udvikling siden 2025 (") == 5  # every specialty's sheet
    assert '"på niveau med 2025" in "| Understøtter kvalitetsarbejdet |' in ud


def test_a_contradicting_change_word_on_the_front_page_fails_with_one_line_naming_cell_and_figure(
        to_runder: Path, monkeypatch):
    u = indlaes(to_runder)
    rigtig = regel.aendring_optaelling

    def forkert(forrige, nu):
        # The response rate's census rule: its "på niveau" turns to "faldet".
        a = rigtig(forrige, nu)
        return dataclasses.replace(a, retning=regel.NED) if a.retning == regel.PAA_NIVEAU else a

    monkeypatch.setattr(regel, "aendring_optaelling", forkert)
    with pytest.raises(DataFejl) as fejl:
        udv.forside(u, to_runder)
    linjer = str(fejl.value).splitlines()
    assert linjer and all(l.startswith("index.qmd: the cell \"") and 'says "faldet"' in l
                          and "by the rule no change" in l for l in linjer)
    assert any('Reumatologi: "svarprocent" in september 2025 prints' in l for l in linjer)


def test_check_lists_the_claims_of_the_front_pages_change_words(datakopi: Path, capsys):
    gem_runde(datakopi, "2025")
    _saet(datakopi, "indsamlet", "september 2027")
    assert main(["check", "--data", str(datakopi)]) == 0
    ud = capsys.readouterr().out
    assert "== Claims: the front page's rounds side by side (15 claims, all hold)" in ud


def test_a_response_rate_that_fell_by_a_few_respondents_is_called_fallen_not_on_level(to_runder: Path):
    # Those invited are the whole population: the response rate is a count, not an estimate.
    svar = _laes(to_runder / "besvarelser.csv")
    reuma = [i for i, r in enumerate(svar) if r["speciale"] == SLUG]
    _skriv(to_runder / "besvarelser.csv", [r for i, r in enumerate(svar) if i not in reuma[:2]])
    linje = udv.lav(_ark(to_runder), to_runder).svarprocent
    assert linje.ord.tekst == "faldet" and "optælling blandt alle inviterede" in linje.ord.grundlag


def test_om_tallene_states_the_census_rule_for_the_response_rate(to_runder: Path):
    assert "Svarprocenten er derimod en optælling blandt alle inviterede" in udv.om_tallene(
        udv.lav(_ark(to_runder), to_runder))


def test_a_saved_reconstructed_round_leaves_the_figures_ekvis_published_unmarked(to_runder: Path):
    foer = udv.lav(_ark(to_runder), to_runder).understoetter.forrige
    assert foer.konstrueret is False and laes_runde(to_runder, "2025").rekonstrueret


def test_a_saved_reconstructed_round_marks_the_figures_ekvis_did_not_publish(to_runder: Path):
    linjer = udv.lav(_ark(to_runder), to_runder).linjer
    assert all(l.forrige.konstrueret for l in linjer if l.etiket.startswith("Engagement"))


def test_a_round_saved_without_the_published_figures_keys_marks_every_figure(to_runder: Path):
    sti = to_runder / "runder" / "2025" / "tal.json"
    tal = json.loads(sti.read_text(encoding="utf-8"))
    for sp in tal["specialer"].values():
        sp.pop("publicerede")
    sti.write_text(json.dumps(tal), encoding="utf-8")
    assert udv.lav(_ark(to_runder), to_runder).understoetter.forrige.konstrueret is True


def test_check_accepts_a_round_saved_before_rounds_kept_the_published_figures_keys(datakopi: Path):
    gem_runde(datakopi, "2025")
    sti = datakopi / "runder" / "2025" / "tal.json"
    tal = json.loads(sti.read_text(encoding="utf-8"))
    for sp in tal["specialer"].values():
        sp.pop("publicerede")
    sti.write_text(json.dumps(tal, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert rundetal_problemer(datakopi) == []


def test_the_change_charts_words_carry_the_mark_of_a_constructed_figure_as_a_superscript(to_runder: Path):
    from klynge.ark.figurer import DIAGRAMMAERKE
    from klynge.ark.tal import MAERKE
    from klynge.ark.udviklingsfigur import udviklingsfigur

    u = udv.lav(_ark(to_runder), to_runder)
    figur = udviklingsfigur("u.svg", u.linjer, u.runde.indsamlet, u.nu_indsamlet, u.navn)
    tekster = [lag.geom.data for lag in figur.plot.layers if lag.geom.data is not None and "etiket" in lag.geom.data]
    ord_ = [o for data in tekster for o in data["etiket"]]
    assert any(o.endswith(DIAGRAMMAERKE) for o in ord_) and not any(MAERKE in o for o in ord_)
