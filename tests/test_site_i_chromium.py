"""The site as a reviewer sees it: opened in headless Chromium (Debian's chromium + chromedriver)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import http.server
import shutil
import threading
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from klynge.data.indlaes import indlaes
from site_hjaelp import ROD

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
# Skipped where the browser is missing, except in CI (.ci/run installs it and sets this).
KRAEVET = os.environ.get("KLYNGE_KRAEV_BROWSER") == "1"
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER) and not KRAEVET,
                                reason="Debian's chromium and chromium-driver are not installed "
                                       "(apt-get install chromium chromium-driver)")

U = indlaes(ROD / "data")


# axe-core, vendored from npm (`npm pack axe-core@4.11.4`, MPL-2.0): the version is in the path.
AXE = Path(__file__).parent / "vendor" / "axe-core-4.11.4" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextlib.contextmanager
def tjent(mappe: Path):
    """`mappe` served on 127.0.0.1 for as long as the block runs; yields its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mappe))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@contextlib.contextmanager
def chromium(profil: Path, vindue: str):
    """Headless Debian Chromium with a fresh profile and a window of `vindue` ("1280,900")."""
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--window-size={vindue}",
                 f"--user-data-dir={profil}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def server(site):
    with tjent(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium"), "1280,1600") as driver:
        yield driver


def _sider(server: str) -> list[str]:
    return [server, urljoin(server, "revision.html"), urljoin(server, "aendringer.html")] + [urljoin(server, f"reports/{s.slug}.html") for s in U.specialer]


def test_front_page_shows_every_specialty(server, browser):
    browser.get(server)
    tekst = browser.find_element("tag name", "body").text
    assert all(s.navn in tekst for s in U.specialer)


def test_no_image_on_any_page_is_broken(server, browser):
    for side in _sider(server):
        browser.get(side)
        brudte = browser.execute_script(
            "return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        assert brudte == [], side


def test_every_sheet_shows_its_charts(server, browser):
    for s in U.specialer:
        browser.get(urljoin(server, f"reports/{s.slug}.html"))
        assert browser.execute_script("return document.images.length") >= 5, s.slug


def test_no_link_on_any_page_is_broken(server, browser):
    for side in _sider(server):
        browser.get(side)
        links = browser.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
        lokale = {l.split("#")[0] for l in links if urlparse(l).netloc == urlparse(server).netloc}
        for link in lokale:
            with urllib.request.urlopen(link) as svar:
                assert svar.status == 200, (side, link)


def axe_overtraedelser(browser) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the open page, one line each."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(120)
    resultat = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(r => done(r.violations.map("
        "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))));" % json.dumps(WCAG_21_AA))
    return resultat


def test_vendored_axe_core_is_the_named_version(server, browser):
    browser.get(server)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    assert browser.execute_script("return axe.version") == "4.11.4"


def test_axe_core_finds_no_wcag_2_1_aa_violation_on_any_page(server, browser):
    fund = {}
    for side in _sider(server):
        browser.get(side)
        if overtraedelser := axe_overtraedelser(browser):
            fund[side] = overtraedelser
    assert fund == {}


def test_a_figure_shows_its_basis_when_reached_with_the_tab_key(server, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(urljoin(server, "reports/reumatologi.html"))
    maal = browser.find_element("id", "tal-understoetter")
    foer = browser.execute_script(
        "const s = [...document.querySelectorAll('.tal, .ord')]; return s[s.indexOf(arguments[0]) - 1]", maal)
    browser.execute_script("arguments[0].focus()", foer)
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == maal
    vist = browser.execute_script("return getComputedStyle(arguments[0], '::after').content", maal)
    assert json.loads(vist) == maal.get_attribute("title") and "svar på" in vist


def test_a_figure_shows_nothing_extra_until_hovered_or_focused(server, browser):
    browser.get(urljoin(server, "reports/reumatologi.html"))
    maal = browser.find_element("id", "tal-understoetter")
    assert browser.execute_script("return getComputedStyle(arguments[0], '::after').content", maal) == "none"


def test_every_page_has_one_h1_and_skips_no_heading_level(server, browser):
    for side in _sider(server):
        browser.get(side)
        niveauer = browser.execute_script(
            "return [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]"
            ".map(h => +h.tagName[1])")
        assert niveauer.count(1) == 1 and niveauer[0] == 1, side
        assert all(b - a <= 1 for a, b in zip(niveauer, niveauer[1:])), side
