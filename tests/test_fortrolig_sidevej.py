"""Confidential answers cannot leak sideways (probe 2026-12-07, B4, B9, B13, B14): not into a folder
the site publishes or the preview serves, not into git under another name, shape or packing, not
by following an error message's advice, and the published fingerprint is never an unkeyed hash."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from git_hjaelp import git, klynge
from klynge.data.versionsstyring import Kendetegn, holder_svar, kendetegn, svarkolonner
from test_fortrolige_data import (  # noqa: F401  (fixtures shared with that module)
    REPO, eksport, eksport_med_ider, en_linje, git_skabelon, importeret, importeret_skabelon, med_krog, projekt)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# ------------------------------------------------------------------ B13: where the answers may live

@pytest.mark.parametrize("inde", ["_site/fortroligt", "_site.tmp-x/fortroligt", ".klynge-cache/f", "reports/f",
                                  "data/udgivelser/f", "."])
def test_the_confidential_folder_may_not_be_inside_what_the_site_publishes(projekt, tmp_path, inde):
    mappe = (projekt / inde).resolve()
    r = klynge(projekt, "import", str(eksport_med_ider(tmp_path)),
               env=dict(os.environ, KLYNGE_FORTROLIGE_DATA=str(mappe)))
    linje = en_linje(r)
    assert "which the site publishes, the preview serves or a build replaces" in linje
    assert not (mappe / "besvarelser.csv").exists()


# ------------------------------------------------------------------ B9: recognised by content

def _svarrader() -> tuple[list[str], list[list[str]]]:
    with open(REPO / "data" / "besvarelser.csv", encoding="utf-8") as f:
        raekker = list(csv.reader(f))
    return raekker[0], raekker[1:40]


def _csv(raekker) -> bytes:
    ud = io.StringIO()
    csv.writer(ud).writerows(raekker)
    return ud.getvalue().encode("utf-8")


def _xlsx(raekker) -> bytes:
    import openpyxl

    bog = openpyxl.Workbook()
    for r in raekker:
        bog.active.append(r)
    ud = io.BytesIO()
    bog.save(ud)
    return ud.getvalue()


def _zip(navn: str, indhold: bytes) -> bytes:
    ud = io.BytesIO()
    with zipfile.ZipFile(ud, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(navn, indhold)
    return ud.getvalue()


HOVED, RAEKKER = _svarrader()
FORKLAEDNINGER = {
    "a plain copy called backup.txt": ("backup.txt", _csv([HOVED, *RAEKKER])),
    "no extension": ("svar", _csv([HOVED, *RAEKKER])),
    "a .bak copy": ("kopi.csv.bak", _csv([HOVED, *RAEKKER])),
    "renamed headers": ("renamed.csv", _csv([["rid", "spec", "cluster", *HOVED[3:]], *RAEKKER])),
    "the header on line 4": ("titel.csv", _csv([["Svar"], [], ["eksporteret 2026"], HOVED, *RAEKKER])),
    "the answer columns alone": ("answers_only.csv", _csv([HOVED[3:], *(r[3:] for r in RAEKKER)])),
    "no header at all": ("rows.csv", _csv([r[3:] for r in RAEKKER])),
    "semicolons": ("svar.txt", _csv([HOVED[3:], *(r[3:] for r in RAEKKER)]).replace(b",", b";")),
    "JSON, one object a line": ("svar.json", "\n".join(json.dumps(dict(zip(HOVED[3:], r[3:])), ensure_ascii=False)
                                                       for r in RAEKKER).encode()),
    "JSON, pretty-printed": ("svar.json", json.dumps([dict(zip(HOVED[3:], r[3:])) for r in RAEKKER],
                                                     ensure_ascii=False, indent=2).encode()),
    "gzip": ("svar.csv.gz", gzip.compress(_csv([HOVED[3:], *(r[3:] for r in RAEKKER)]))),
    "an .xlsx renamed .zip": ("eksport.zip", _xlsx([HOVED, *RAEKKER])),
    "a CSV inside a zip": ("svar.zip", _zip("x.dat", _csv([r[3:] for r in RAEKKER]))),
    "UTF-16": ("svar.dat", "\n".join(",".join(r[3:]) for r in RAEKKER).encode("utf-16")),
}


@pytest.fixture(scope="module")
def kendte() -> Kendetegn:
    return kendetegn(REPO / "data")


@pytest.mark.parametrize("forklaedning", FORKLAEDNINGER)
def test_answers_are_recognised_by_content_whatever_the_file_is_called(kendte, forklaedning):
    navn, indhold = FORKLAEDNINGER[forklaedning]
    assert holder_svar(navn, indhold, svarkolonner(REPO / "data"), kendte)


@pytest.mark.parametrize("navn", ["data/spoergsmaal.csv", "data/svarskalaer.csv", "README.md", "klynge/ark/tal.py",
                                  "tests/test_anonymitet.py", "reports/_faktaark.qmd"])
def test_the_projects_own_files_are_not_taken_for_answers(kendte, navn):
    assert not holder_svar(Path(navn).name, (REPO / navn).read_bytes(), svarkolonner(REPO / "data"), kendte)


def test_the_confidential_respondent_ids_give_a_file_away(importeret):
    with open(importeret / "data" / "fortroligt" / "besvarelser.csv", encoding="utf-8") as f:
        ider = [r["respondent_id"] for r in csv.DictReader(f)][:5]
    kendte = kendetegn(importeret / "data")
    assert holder_svar("noter.md", (" ".join(ider)).encode(), svarkolonner(importeret / "data"), kendte)


def test_check_refuses_a_copy_of_the_answers_under_another_extension(importeret):
    shutil.copy(importeret / "data" / "fortroligt" / "besvarelser.csv", importeret / "data" / "backup.txt")
    linje = en_linje(klynge(importeret, "check"))
    assert linje.startswith("error: data/backup.txt: git would commit this file (it is not ignored), and it holds "
                            "respondents' answers")


def test_the_hook_refuses_the_fingerprint_key_added_with_force(med_krog):
    assert klynge(med_krog, "check").returncode == 0  # the key is made
    git(med_krog, "add", "-f", "data/fortroligt/aftryk.noegle")
    r = git(med_krog, "commit", "-m", "noegle")
    assert r.returncode != 0 and "data/fortroligt/aftryk.noegle: the commit adds a file kept with the " \
                                 "confidential answers" in r.stderr


def test_the_hook_refuses_a_workbook_renamed_zip(med_krog, tmp_path):
    shutil.copy(eksport(tmp_path), med_krog / "arkiv.zip")
    git(med_krog, "add", "-f", "arkiv.zip")
    r = git(med_krog, "commit", "-m", "arkiv")
    assert r.returncode != 0 and "error: arkiv.zip: the commit adds respondents' answers" in r.stderr


def test_check_refuses_a_tracked_fingerprint_key(importeret):
    assert klynge(importeret, "check").returncode == 0
    git(importeret, "add", "-f", "data/fortroligt/aftryk.noegle")
    linje = en_linje(klynge(importeret, "check"))
    assert "data/fortroligt/aftryk.noegle: git tracks this file, and it is kept with the confidential answers" in linje


# ------------------------------------------------------------------ B14: advice that destroys nothing

def test_raising_min_svar_with_real_answers_does_not_blame_the_demo_file(importeret):
    sti = importeret / "data" / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace("min_svar = 5", "min_svar = 6"), encoding="utf-8")
    r = klynge(importeret, "check")
    assert "data/besvarelser.csv" not in r.stderr, r.stderr


def test_an_import_over_other_answers_keeps_them(importeret, tmp_path):
    fortrolig = importeret / "data" / "fortroligt"
    foer = (fortrolig / "besvarelser.csv").read_bytes()
    r = klynge(importeret, "import", str(importeret / "data" / "besvarelser.csv"))
    assert r.returncode in (0, 1), r.stderr
    kopier = list(fortrolig.glob("besvarelser.csv.*.bak"))
    assert (fortrolig / "besvarelser.csv").read_bytes() == foer or [k.read_bytes() for k in kopier] == [foer]


# ------------------------------------------------------------------ B4: no silent plain hash

@pytest.mark.parametrize("noegle", ["empty", "folder", "dangling link"])
def test_an_unusable_fingerprint_key_stops_check_with_one_line(importeret, noegle):
    sti = importeret / "data" / "fortroligt" / "aftryk.noegle"
    sti.unlink(missing_ok=True)
    if noegle == "empty":
        sti.write_text("", encoding="utf-8")
    elif noegle == "folder":
        sti.mkdir()
    else:
        sti.symlink_to(importeret / "ingensteds")
    linje = en_linje(klynge(importeret, "check"))
    assert linje.startswith("error: data/fortroligt/aftryk.noegle: the fingerprint key")


def test_a_settings_typo_in_a_checkout_is_reported_as_itself_not_as_answers_in_git(projekt):
    sti = projekt / "data" / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace("min_svar =", "min_svr ="), encoding="utf-8")
    r = klynge(projekt, "check")
    assert "key 'min_svr': unknown key; did you mean 'min_svar'?" in r.stderr
    assert "data/besvarelser.csv" not in r.stderr
