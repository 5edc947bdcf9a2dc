"""`klynge preview` running on a copy of the project: what a change re-renders, what a broken
document does to the page, where the server listens, what it refuses, and how Ctrl-C ends it.

One preview serves the module's tests in turn (starting one builds the whole site); every wait
is bounded in time, and only loopback addresses are used.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
import urllib.request
from pathlib import Path

import pytest

from delt_bygning import skrivbar_kopi
from klynge.byg.bench import kopier, skift_svar

START_S = 600  # building the whole site on a busy 2-core machine
AENDRING_S = 180
REPO = Path(__file__).resolve().parents[1]


class KoerendePreview:
    def __init__(self, projekt: Path, *args: str):
        self.projekt = projekt
        self.maerke = uuid.uuid4().hex
        self.log = projekt.parent / f"preview-{self.maerke}.log"
        env = dict(os.environ, KLYNGE_PREVIEW_TEST=self.maerke)
        with open(self.log, "w") as log:
            self.proces = subprocess.Popen(
                [sys.executable, "-m", "klynge", "preview", "--port", "0", "--project", str(projekt), *args],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.url = self._vent_paa(lambda: re.search(r"http://127\.0\.0\.1:\d+/", self.output()), 60).group(0)
        self.vent_til_ro(START_S)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def _vent_paa(self, betingelse, sekunder: float):
        slut = time.monotonic() + sekunder
        while time.monotonic() < slut:
            if self.proces.poll() is not None:
                raise AssertionError(f"preview ended early:\n{self.output()}")
            svar = betingelse()
            if svar:
                return svar
            time.sleep(0.1)
        raise AssertionError(f"timed out after {sekunder} s:\n{self.output()[-3000:]}")

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "__klynge/status", timeout=10) as r:
            return json.load(r)

    def hent(self, sti: str) -> str:
        with urllib.request.urlopen(self.url + sti, timeout=30) as r:
            return r.read().decode("utf-8")

    def vent_til_ro(self, sekunder: float = AENDRING_S) -> dict:
        return self._vent_paa(lambda: (s := self.status())["arbejder_pid"] and not s["travl"] and s, sekunder)

    def aendr_og_vent(self, aendring, dokument: str) -> tuple[dict, dict]:
        """Make a change, wait until `dokument` was published anew and the worker is idle;
        the versions of every page before and after."""
        foer = self.vent_til_ro()["versioner"]
        aendring()
        self._vent_paa(lambda: self.status()["versioner"].get(dokument, 0) > foer.get(dokument, 0), AENDRING_S)
        return foer, self.vent_til_ro()["versioner"]

    def vent_paa_fejl(self, dokument: str) -> str:
        return self._vent_paa(lambda: self.status()["fejl"].get(dokument), AENDRING_S)

    def ctrl_c(self, sekunder: float = 60) -> int:
        os.killpg(self.proces.pid, signal.SIGINT)  # what the terminal sends to the foreground group
        return self.proces.wait(sekunder)

    def stop(self) -> None:
        if self.proces.poll() is None:
            self.ctrl_c()


def _med_maerke(maerke: str) -> list[int]:
    """Processes (not zombies) whose environment carries the marker: the preview and all it started."""
    fundne = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            miljoe = Path(f"/proc/{pid}/environ").read_bytes()
            tilstand = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"KLYNGE_PREVIEW_TEST={maerke}".encode() in miljoe.split(b"\0") and tilstand != "Z":
            fundne.append(int(pid))
    return fundne


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """One preview the module's tests change in turn. Must build: starting on a fresh copy, it
    builds the whole site itself, as an analyst's first `klynge preview` does (started instead on
    a copy of the session's shared build, one run re-rendered two sheets nobody changed; not
    understood yet, so the preview keeps its own build)."""
    projekt = kopier(REPO, tmp_path_factory.mktemp("preview") / "projekt")
    p = KoerendePreview(projekt)
    yield p
    p.stop()


def _tilfoej(sti: Path, tekst: str):
    return lambda: sti.write_text(sti.read_text(encoding="utf-8") + tekst, encoding="utf-8")


def test_an_editorial_text_change_re_renders_only_its_fact_sheet(preview):
    tekst = preview.projekt / "data" / "tekster" / "neurologi.md"
    foer, efter = preview.aendr_og_vent(_tilfoej(tekst, "\nDenne sætning er ny i forhåndsvisningen.\n"),
                                        "reports/neurologi.qmd")
    aendrede = {d for d in efter if efter[d] != foer.get(d, 0)}
    assert aendrede == {"reports/neurologi.qmd"}


def test_the_served_page_shows_the_new_editorial_text(preview):
    tekst = preview.projekt / "data" / "tekster" / "neurologi.md"
    preview.aendr_og_vent(_tilfoej(tekst, "\nOgså denne sætning er ny.\n"), "reports/neurologi.qmd")
    assert "Også denne sætning er ny." in preview.hent("reports/neurologi.html")


def test_one_changed_answer_re_renders_its_sheet_and_the_two_overview_pages(preview):
    foer, efter = preview.aendr_og_vent(lambda: skift_svar(preview.projekt, "reumatologi"), "revision.qmd")
    aendrede = {d for d in efter if efter[d] != foer.get(d, 0)}
    assert aendrede == {"reports/reumatologi.qmd", "index.qmd", "revision.qmd", "aendringer.qmd"}


def test_the_reload_script_is_in_the_served_page_but_not_in_the_site_file(preview):
    assert 'id="klynge-preview"' in preview.hent("reports/neurologi.html")
    assert "klynge-preview" not in (preview.projekt / "_site" / "reports" / "neurologi.html").read_text("utf-8")


def test_a_broken_document_keeps_its_last_good_page_and_reports_document_and_line(preview):
    tekst = preview.projekt / "data" / "tekster" / "gynaekologi.md"
    god = tekst.read_text(encoding="utf-8")
    tidligere = preview.hent("reports/gynaekologi.html")
    try:
        tekst.write_text(god + "\n## ukendt-afsnit\nTekst.\n", encoding="utf-8")
        fejl = preview.vent_paa_fejl("reports/gynaekologi.qmd")
        preview.vent_til_ro()
        side = preview.hent("reports/gynaekologi.html")
        assert side.split('<script id="klynge-preview">')[0] == tidligere.split('<script id="klynge-preview">')[0]
        assert "ukendt-afsnit" in side  # the error travels with the page, for the script to show
        # The same line `klynge render` prints: no document or cell prefix.
        assert re.match(r"data/tekster/gynaekologi\.md:\d+: unknown section 'ukendt-afsnit'", fejl), fejl
        assert f"error: {fejl}" in preview.output().splitlines()
    finally:
        tekst.write_text(god, encoding="utf-8")
        preview._vent_paa(lambda: "reports/gynaekologi.qmd" not in preview.status()["fejl"], AENDRING_S)


def test_a_pass_that_meets_a_build_lock_says_so_and_leaves_no_stale_error_once_it_ends(preview):
    import fcntl

    tekst = preview.projekt / "data" / "tekster" / "gynaekologi.md"
    god = tekst.read_text(encoding="utf-8")
    try:
        tekst.write_text(god + "\n## ukendt-afsnit\nTekst.\n", encoding="utf-8")
        preview.vent_paa_fejl("reports/gynaekologi.qmd")
        preview.vent_til_ro()
        laas = preview.projekt / ".klynge-cache" / "build.lock"
        with open(laas, "a") as f:  # what a `klynge render` in another terminal holds
            fcntl.flock(f, fcntl.LOCK_EX)
            foer = preview.output().count("a build is running")
            tekst.write_text(god + "\nEn ny og gyldig sætning.\n", encoding="utf-8")  # fixed, and new
            preview._vent_paa(lambda: preview.output().count("a build is running") > foer, AENDRING_S)
        # The lock is released: the pass starts over, renders the fixed text, and the error goes.
        preview._vent_paa(lambda: "reports/gynaekologi.qmd" not in preview.status()["fejl"], AENDRING_S)
        assert preview.vent_til_ro()["fejl"] == {}
        assert "En ny og gyldig sætning." in preview.hent("reports/gynaekologi.html")
    finally:
        tekst.write_text(god, encoding="utf-8")
        # Until the preview has published the restored text: idle alone may be seen before it
        # noticed the change, which the next test would then see re-rendered.
        preview._vent_paa(lambda: "reports/gynaekologi.qmd" not in preview.vent_til_ro()["fejl"]
                          and "En ny og gyldig sætning." not in preview.hent("reports/gynaekologi.html"), AENDRING_S)


def test_the_server_listens_on_the_loopback_address_only(preview):
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    lyttende = []
    for tabel in ("/proc/net/tcp", "/proc/net/tcp6"):
        for linje in Path(tabel).read_text().splitlines()[1:]:
            felter = linje.split()
            adresse, lokal_port = felter[1].split(":")
            if int(lokal_port, 16) == port and felter[3] == "0A":  # 0A: LISTEN
                lyttende.append(adresse)
    assert lyttende == ["0100007F"]  # 127.0.0.1, little-endian


@pytest.mark.parametrize("sti", ["/../data/besvarelser.csv", "/%2e%2e/data/besvarelser.csv",
                                 "/reports/%2E%2E/%2e%2e/data/besvarelser.csv", "/udenfor/besvarelser.csv"])
def test_a_request_for_a_file_outside_the_site_is_refused(preview, sti):
    link = preview.projekt / "_site" / "udenfor"
    if not link.is_symlink():
        os.symlink(preview.projekt / "data", link)
    host, port = preview.url[len("http://"):].strip("/").split(":")
    forbindelse = http.client.HTTPConnection(host, int(port), timeout=10)
    forbindelse.request("GET", sti)  # sent as written: http.client does not normalise the path
    svar = forbindelse.getresponse()
    krop = svar.read()
    forbindelse.close()
    assert svar.status in (403, 404) and b"respondent_id" not in krop


def test_a_preview_page_is_byte_identical_to_what_klynge_render_writes(preview, tmp_path):
    preview.vent_til_ro()
    kopi = kopier(preview.projekt, tmp_path / "projekt")
    subprocess.run([sys.executable, "-m", "klynge", "render"], cwd=kopi, check=True, capture_output=True,
                   timeout=START_S)
    site = preview.projekt / "_site"
    for dokument in ("reports/neurologi", "reports/reumatologi", "index", "revision"):
        for endelse in (".html", ".pdf"):
            fil = site / f"{dokument}{endelse}"
            if fil.exists():
                assert fil.read_bytes() == (kopi / "_site" / f"{dokument}{endelse}").read_bytes(), fil


def test_ctrl_c_leaves_no_process_behind(site, tmp_path):
    projekt = skrivbar_kopi(site.parent, tmp_path / "projekt")  # its own preview, built already
    p = KoerendePreview(projekt, "--specialty", "paediatri")
    try:
        assert _med_maerke(p.maerke)  # the preview and its worker are found while they run
        foer = p.status()["versioner"].get("reports/paediatri.qmd", 0)
        _tilfoej(projekt / "data" / "tekster" / "paediatri.md", "\nEn sætning, så arbejderen har noget at lave.\n")()
        p._vent_paa(lambda: (s := p.status())["travl"] or s["versioner"].get("reports/paediatri.qmd", 0) > foer,
                    AENDRING_S)
        time.sleep(0.5)  # well into rendering: charts may be drawing in forked copies
        p.ctrl_c()
        slut = time.monotonic() + 10
        while _med_maerke(p.maerke) and time.monotonic() < slut:
            time.sleep(0.1)
        assert _med_maerke(p.maerke) == []
    finally:
        for pid in _med_maerke(p.maerke):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(projekt, ignore_errors=True)
