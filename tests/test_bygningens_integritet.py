"""The built-in engine's build is safe to run, to interrupt and to run twice: it publishes only a
document's own files, writes nothing into the source tree, holds one build at a time, never
leaves the project without a site, cleans up after a killed build, and never stores a cache
entry whose output came from other sources than its key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from klynge.render import BuildRunning, RenderError, build_project, render_project
from klynge.render.site import _exchange, _remove_leftovers, _swap_into_place, build_lock
from test_render_engine import make_project, write

HEMMELIG = "respondent R0042 skrev: HEMMELIG-KOMMENTAR"


def stille(project: Path, **kw):
    return build_project(project, progress=lambda _: None, **kw)


def alle_filer(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def kildetraeet(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*"))
            if p.is_file() and not p.relative_to(project).parts[0].startswith(("_site", ".klynge-cache"))}


@pytest.fixture
def project(tmp_path) -> Path:
    root = make_project(tmp_path / "projekt")
    write(root / "data" / "svar.csv", f"respondent_id,kommentar\nR0042,{HEMMELIG}\n")
    return root


def side(project: Path, name: str, body: str) -> str:
    write(project / "reports" / f"{name}.qmd", body)
    return f"reports/{name}.qmd"


# ---------------------------------------------------------------- what is published


@pytest.mark.parametrize("link", [
    "[rådata](../data/svar.csv)",
    '<a href="../data/svar.csv">rådata</a>',
    "![](../data/svar.csv)",
    "[cache](../.klynge-cache/build.lock)",
])
def test_a_link_made_by_a_documents_code_to_a_project_file_is_refused_and_nothing_is_published(project, link):
    # What a cell prints comes from data: it may name only files the document made.
    doc = side(project, "laek", f"""
        ```{{python}}
        #| output: asis
        print({link!r})
        ```
    """)
    with pytest.raises(RenderError, match=r"^reports/laek\.qmd: the page links to .*not published$"):
        stille(project, files=[doc])
    assert not (project / "_site").exists() or HEMMELIG.encode() not in b"".join(alle_filer(project / "_site").values())


def test_a_link_out_of_the_site_is_refused(project):
    doc = side(project, "ud", "```{python}\n#| output: asis\nprint('[x](../../../etc/passwd)')\n```\n")
    with pytest.raises(RenderError, match=r"reports/ud\.qmd: the page links to \.\./\.\./\.\./etc/passwd, which is "
                                          r"outside the site"):
        stille(project, files=[doc])


def test_typst_from_a_documents_output_cannot_read_project_files(project):
    doc = side(project, "typst", """
        ---
        format:
          typst: default
        ---

        ```{python}
        #| output: asis
        print('```{=typst}\\n#raw(read("/data/svar.csv"))\\n```')
        ```
    """)
    with pytest.raises(RenderError, match=r"reports/typst\.qmd: typst: .*(not found|does not exist)"):
        stille(project, files=[doc])
    assert not list((project / "_site").rglob("*.pdf")) if (project / "_site").exists() else True


def test_a_file_the_documents_own_source_names_is_published(project):
    write(project / "reports" / "billeder" / "logo.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    doc = side(project, "logo", "# Med logo\n\n![Logo](billeder/logo.svg)\n")
    stille(project, files=[doc])
    assert (project / "_site" / "reports" / "billeder" / "logo.svg").is_file()


def test_files_a_document_makes_but_does_not_link_to_are_not_published(project):
    doc = side(project, "kladde", f"""
        ```{{python}}
        import os, pathlib
        pathlib.Path(os.environ["{'KLYNGE_RENDER_OUTPUT_DIR'}"], "kladde.txt").write_text("mellemregning")
        ```

        # Side uden links
    """)
    stille(project, files=[doc])
    assert not (project / "_site" / "reports" / "kladde.txt").exists()
    assert (project / "_site" / "reports" / "kladde.html").is_file()


def test_a_document_writes_its_outputs_into_the_build_and_not_beside_its_source(project):
    # The fact sheets write charts and tables where the engine says; the source tree stays as it was.
    doc = side(project, "figur", """
        ```{python}
        #| output: asis
        import os, pathlib
        ud = pathlib.Path(os.environ["KLYNGE_RENDER_OUTPUT_DIR"], "figurer")
        ud.mkdir(parents=True, exist_ok=True)
        (ud / "f.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"/>')
        print("![Figur](figurer/f.svg)")
        ```
    """)
    foer = kildetraeet(project)
    stille(project, files=[doc])
    assert kildetraeet(project) == foer
    assert (project / "_site" / "reports" / "figurer" / "f.svg").is_file()


def test_the_fact_sheets_write_nothing_into_reports(tmp_path):
    from site_hjaelp import kopier_projekt
    from klynge.byg.bygning import byg_med_motor

    projekt = kopier_projekt(tmp_path / "p")
    byg_med_motor(projekt, {"reumatologi"}, filer=["reports/reumatologi.qmd"], progress=lambda _: None)
    assert not (projekt / "reports" / "figurer").exists() and not (projekt / "reports" / "tabeller").exists()
    assert list((projekt / "_site" / "reports" / "figurer" / "reumatologi").glob("*.svg"))


# ---------------------------------------------------------------- one build at a time


def test_a_second_build_in_the_same_folder_stops_at_once(project):
    with build_lock(project.resolve()):
        with pytest.raises(BuildRunning, match="a build is already running in"):
            stille(project)
    assert not (project / "_site").exists()


def test_klynge_render_says_a_build_is_already_running_in_one_line(tmp_path):
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path / "p")
    with build_lock(projekt.resolve()):
        ud = subprocess.run([sys.executable, "-m", "klynge", "render"], cwd=projekt, capture_output=True, text=True)
    assert ud.returncode == 1
    assert ud.stderr.strip() == f"error: a build is already running in {projekt.resolve()}; try again when it has finished"


# ---------------------------------------------------------------- the site is always there


def test_leftovers_of_a_killed_build_are_removed_by_the_next(project):
    render_project(project, files=["index.qmd"], progress=lambda _: None)
    (project / "_site.tmp-afbrudt" / "reports").mkdir(parents=True)
    (project / "_site.old-afbrudt").mkdir()
    render_project(project, files=["index.qmd"], progress=lambda _: None)
    assert sorted(p.name for p in project.glob("_site*")) == ["_site"]


def test_a_site_moved_aside_by_an_interrupted_swap_is_put_back(project):
    render_project(project, files=["index.qmd"], progress=lambda _: None)
    os.rename(project / "_site", project / "_site.old-afbrudt")
    _remove_leftovers(project, "_site")
    assert (project / "_site" / "index.html").is_file() and not (project / "_site.old-afbrudt").exists()


def test_the_swap_puts_the_new_site_in_place_of_the_old_in_one_step(tmp_path):
    gammel, ny = tmp_path / "_site", tmp_path / "_site.tmp-x"
    gammel.mkdir()
    (gammel / "side.html").write_text("gammel")
    ny.mkdir()
    (ny / "side.html").write_text("ny")
    swapped = _exchange(ny, gammel)
    assert swapped and (gammel / "side.html").read_text() == "ny" and (ny / "side.html").read_text() == "gammel"
    _exchange(ny, gammel)  # back, for the full swap
    _swap_into_place(ny, gammel)
    assert (gammel / "side.html").read_text() == "ny" and not ny.exists()


def _levende(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel ends the workers (prctl) on Linux")
def test_workers_end_with_a_killed_build_and_the_next_build_cleans_up(project, tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    for name in ("a", "b"):
        side(project, f"vent-{name}", f"""
            ```{{python}}
            import os, pathlib, time
            pathlib.Path({str(pids)!r}, str(os.getpid())).write_text("")
            time.sleep(600)
            ```
        """)
    kode = textwrap.dedent(f"""
        from klynge.render import render_project
        render_project({str(project)!r}, files=["reports/vent-a.qmd", "reports/vent-b.qmd"], workers=2,
                       progress=lambda _: None)
    """)
    bygning = subprocess.Popen([sys.executable, "-c", kode])
    try:
        frist = time.monotonic() + 120
        while len(list(pids.iterdir())) < 2 and time.monotonic() < frist and bygning.poll() is None:
            time.sleep(0.2)
        arbejdere = [int(p.name) for p in pids.iterdir()]
        assert len(arbejdere) == 2
    finally:
        bygning.send_signal(signal.SIGKILL)
        bygning.wait()
    frist = time.monotonic() + 30
    while any(_levende(pid) for pid in arbejdere) and time.monotonic() < frist:
        time.sleep(0.2)
    assert not any(_levende(pid) for pid in arbejdere)
    assert list(project.glob("_site.tmp-*"))
    render_project(project, files=["index.qmd"], progress=lambda _: None)
    assert not list(project.glob("_site.tmp-*"))


# ---------------------------------------------------------------- the cache


@pytest.mark.parametrize("aendring", ["60", "52"], ids=["changed", "changed-and-changed-back"])
def test_a_source_changed_during_the_build_is_executed_again_next_time(project, aendring):
    # The document reads the population, and while it runs someone edits it (back to the same
    # text, in the second case): the output cannot be trusted to match any key.
    write(project / "data" / "population.txt", "52")
    doc = side(project, "befolkning", f"""
        ```{{python}}
        #| output: asis
        import pathlib
        fil = pathlib.Path("../data/population.txt")
        print(f"Population: {{fil.read_text()}}")
        fil.write_text("{aendring}")
        ```
    """)
    stille(project, files=[doc])
    assert stille(project, files=[doc]).executed == (doc,)


def test_a_build_with_no_change_during_it_is_reused_next_time(project):
    doc = side(project, "rolig", "# Rolig side\n")
    stille(project, files=[doc])
    assert stille(project, files=[doc]).executed == ()


def test_a_refused_link_names_the_data_line_it_came_from(tmp_path, monkeypatch, capsys):
    # A link a data value makes (a name, a question text) is refused by the engine, which knows
    # only the page; the build names the data file and line as well.
    from klynge.byg import bygning
    from klynge.render import RefusedLink
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path / "p")
    specialer = projekt / "data" / "specialer.csv"
    specialer.write_text(specialer.read_text(encoding="utf-8").replace(
        "reumatologi,Reumatologi,", "reumatologi,Reuma [kilde](../data/besvarelser.csv),"), encoding="utf-8")

    def afvis(*args, **kwargs):
        raise RefusedLink("reports/reumatologi.qmd: the page links to ../data/besvarelser.csv, a project file …",
                          "../data/besvarelser.csv")

    monkeypatch.setattr(bygning, "byg_med_motor", afvis)
    monkeypatch.setattr(bygning.shutil, "which", lambda _: None)
    assert bygning.byg(projekt) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "error: data/specialer.csv:3: a link to '../data/besvarelser.csv'; only the site's own files are published")


def test_a_refused_link_keeps_its_target_across_processes():
    import pickle

    from klynge.render import RefusedLink

    fejl = pickle.loads(pickle.dumps(RefusedLink("besked", "../data/x.csv")))
    assert str(fejl) == "besked" and fejl.target == "../data/x.csv"


def test_a_stale_pdf_beside_the_source_does_not_stop_the_page_that_links_to_its_own_pdf(project):
    # Quarto writes reports/x.pdf beside a document rendered on its own; the page's link to
    # its PDF (and the front page's links to other documents' PDFs) are to outputs, not sources.
    (project / "reports" / "rapport.pdf").write_bytes("%PDF-1.7 forældet".encode())
    write(project / "index.qmd", "# Forside\n\nSe [rapporten](reports/rapport.qmd) og [PDF](reports/rapport.pdf).\n")
    render_project(project, progress=lambda _: None)
    assert (project / "_site" / "reports" / "rapport.pdf").read_bytes().startswith(b"%PDF-")
    assert b"for\xc3\xa6ldet" not in (project / "_site" / "reports" / "rapport.pdf").read_bytes()
