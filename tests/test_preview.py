"""`klynge preview`'s server: what it serves and what it refuses (no running preview needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from klynge.byg.preview import Afhaengigheder
from klynge.byg.preview_server import Tilstand, fil_i_site, lav_server, med_script


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "besvarelser.csv").write_text("respondent_id\n1\n")
    site = tmp_path / "_site"
    (site / "reports").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><p>Forside</p></body></html>")
    (site / "reports" / "neurologi.html").write_text("<html><body>Neurologi</body></html>")
    return site


def test_a_page_of_the_site_is_served(site):
    assert fil_i_site(site, "/reports/neurologi.html") == (site / "reports" / "neurologi.html").resolve()


def test_the_root_serves_the_front_page(site):
    assert fil_i_site(site, "/") == (site / "index.html").resolve()


@pytest.mark.parametrize("sti", [
    "/../data/besvarelser.csv",
    "/reports/../../data/besvarelser.csv",
    "/%2e%2e/data/besvarelser.csv",
    "/%2E%2E/data/besvarelser.csv",
    "/reports/%2e%2e/%2e%2e/data/besvarelser.csv",
    "/..%2fdata/besvarelser.csv",
    "/%2e%2e%5cdata%5cbesvarelser.csv",
    "/reports/neurologi.html%00.csv",
])
def test_a_path_that_climbs_out_of_the_site_is_refused(site, sti):
    assert fil_i_site(site, sti) is None


def test_a_symlink_that_points_out_of_the_site_is_refused(site):
    os.symlink(site.parent / "data", site / "data")
    assert fil_i_site(site, "/data/besvarelser.csv") is None


def test_a_symlink_that_stays_inside_the_site_is_served(site):
    os.symlink(site / "reports", site / "rapporter")
    assert fil_i_site(site, "/rapporter/neurologi.html") == (site / "reports" / "neurologi.html").resolve()


@pytest.fixture
def server(site):
    import threading

    server = lav_server(site, Tilstand(), "127.0.0.1", 0)
    traad = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    traad.start()
    yield server
    server.shutdown()
    server.server_close()


def _hent(server, sti: str, vaert: str | None) -> tuple[int, bytes]:
    import http.client

    forbindelse = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    forbindelse.putrequest("GET", sti, skip_host=True)
    if vaert is not None:
        forbindelse.putheader("Host", vaert)
    forbindelse.endheaders()
    svar = forbindelse.getresponse()
    krop = svar.read()
    forbindelse.close()
    return svar.status, krop


@pytest.mark.parametrize("vaert", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_a_request_to_the_preview_by_its_own_address_is_served(server, vaert):
    status, krop = _hent(server, "/", vaert.format(port=server.server_address[1]))
    assert status == 200 and b"Forside" in krop


@pytest.mark.parametrize("vaert", ["evil.example:{port}", "evil.example", "127.0.0.1", "localhost:1",
                                   "127.0.0.1.evil.example:{port}", "", None])
@pytest.mark.parametrize("sti", ["/", "/reports/neurologi.html", "/__klynge/status", "/__klynge/events"])
def test_a_request_with_another_host_is_refused_before_anything_is_served(server, vaert, sti):
    # A DNS-rebinding page sends its own name as Host while its name points at 127.0.0.1.
    status, krop = _hent(server, sti, None if vaert is None else vaert.format(port=server.server_address[1]))
    assert status == 403 and b"Forside" not in krop and b"fejl" not in krop


def test_the_reload_script_goes_just_before_the_end_of_the_body():
    side = med_script(b"<html><body><p>x</p></body></html>", "index.qmd", Tilstand(), har_pdf=False)
    assert side.startswith(b"<html><body><p>x</p><script id=\"klynge-preview\">")
    assert side.endswith(b"</script>\n</body></html>")


def test_an_error_message_cannot_end_the_reload_script_early():
    tilstand = Tilstand()
    tilstand.aendr(lambda t: t.fejl.__setitem__("index.qmd", "</script><script>alert(1)</script>"))
    side = med_script(b"<body></body>", "index.qmd", tilstand, har_pdf=False)
    assert side.count(b"</script>") == 1


def test_an_editorial_text_is_a_dependency_and_the_built_site_is_not(tmp_path):
    filter_ = Afhaengigheder(tmp_path, "_site")
    assert filter_(None, str(tmp_path / "data" / "tekster" / "neurologi.md"))
    assert not filter_(None, str(tmp_path / "_site" / "reports" / "neurologi.html"))


def test_files_the_documents_write_beside_themselves_are_not_dependencies(tmp_path):
    filter_ = Afhaengigheder(tmp_path, "_site")
    assert not filter_(None, str(tmp_path / "reports" / "tabeller" / "neurologi" / "neurologi-klynger.csv"))
    assert not filter_(None, str(tmp_path / "reports" / "figurer" / "neurologi" / "engagement.svg"))
    assert not filter_(None, str(tmp_path / "reports" / "neurologi_files" / "figure-html" / "x.png"))


def test_templates_includes_typst_partials_and_css_are_dependencies(tmp_path):
    filter_ = Afhaengigheder(tmp_path, "_site")
    for navn in ("reports/_faktaark.qmd", "reports/_typst/typst-show.typ", "styles.css", "_quarto.yml"):
        assert filter_(None, str(tmp_path / navn)), navn


def test_a_change_to_the_klynge_source_counts_as_code():
    import klynge

    filter_ = Afhaengigheder(Path("/nonexistent"), "_site")
    assert filter_.er_kode(str(Path(klynge.__file__).parent / "ark" / "tekst.py"))
