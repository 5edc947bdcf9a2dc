"""`klynge bench`: time the builds that matter to an analyst, on copies of the project.

Every case runs `klynge render` as a separate process in a scratch copy, so start-up is
counted and the working tree is never touched. Prints a table: case, median seconds, min–max,
and how many documents were executed.
"""

from __future__ import annotations

import csv


import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJEKTFILER = ["_quarto.yml", "_quarto_trin.py", "index.qmd", "revision.qmd", "aendringer.qmd", "styles.css", "reports", "data"]


@dataclass(frozen=True)
class Maaling:
    tilfaelde: str
    sekunder: tuple[float, ...]
    udfoert: str

    @property
    def median(self) -> float:
        return statistics.median(self.sekunder)


@dataclass(frozen=True)
class Hukommelse:
    """The preview worker's resident memory, MB: (peak, current) after the first and the last edit."""

    efter_foerste: tuple[float, float]
    efter_sidste: tuple[float, float]
    redigeringer: int


def kopier(rod: Path, maal: Path) -> Path:
    """The project's sources (no build output) in a fresh folder."""
    maal.mkdir(parents=True, exist_ok=True)
    for navn in PROJEKTFILER:
        kilde = rod / navn
        if kilde.is_dir():
            shutil.copytree(kilde, maal / navn,
                            # not the confidential folder: real answers stay where they are
                            ignore=shutil.ignore_patterns("figurer", "tabeller", "*_files", ".klynge-*", "fortroligt"))
        else:
            shutil.copy2(kilde, maal / navn)
    return maal


def koer(projekt: Path, *args: str) -> tuple[float, int]:
    start = time.perf_counter()
    ud = subprocess.run([sys.executable, "-m", "klynge", "render", *args], cwd=projekt,
                        capture_output=True, text=True)
    sekunder = time.perf_counter() - start
    if ud.returncode != 0:
        raise RuntimeError(f"klynge render {' '.join(args)} failed in {projekt}:\n{ud.stderr}")
    m = re.search(r"(\d+) executed", ud.stdout)
    return sekunder, int(m.group(1)) if m else -1


def _gentag(navn: str, n: int, trin) -> Maaling:
    tider, udfoert = [], set()
    for _ in range(n):
        sek, antal = trin()
        tider.append(sek)
        udfoert.add(antal)
    return Maaling(navn, tuple(tider), "/".join(str(a) if a >= 0 else "–" for a in sorted(udfoert)))


def skift_svar(projekt: Path, slug: str = "reumatologi") -> None:
    """Change one answer of one respondent of `slug` (Ja <-> Nej on forbedringer)."""
    sti = projekt / "data" / "besvarelser.csv"
    raekker = _laes_csv(sti)
    r = next(r for r in raekker if r["speciale"] == slug and r["forbedringer"] in ("Ja", "Nej"))
    r["forbedringer"] = "Nej" if r["forbedringer"] == "Ja" else "Ja"
    _skriv_csv(sti, raekker)


def _laes_csv(sti: Path) -> list[dict]:
    with open(sti, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _skriv_csv(sti: Path, raekker: list[dict]) -> None:
    with open(sti, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(raekker[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(raekker)


def skaler_data(data: Path, antal: int) -> None:
    """Make `antal` specialties by repeating the five real ones under new names."""
    laes, skriv = (lambda navn: _laes_csv(data / navn)), (lambda navn, rk: _skriv_csv(data / navn, rk))
    specialer, klynger, svar = laes("specialer.csv"), laes("klynger.csv"), laes("besvarelser.csv")
    nye_sp, nye_kl, nye_svar = [], [], []
    for i in range(antal):
        basis = specialer[i % len(specialer)]
        nr = i // len(specialer) + 1
        slug = basis["speciale"] if nr == 1 else f"{basis['speciale']}-{nr}"
        omdoeb = (lambda k: k) if nr == 1 else (lambda k, nr=nr: f"{k} {nr}")
        # A copy gets no export code: codes must stay unique.
        kode = {"kode": ""} if nr > 1 and "kode" in basis else {}
        nye_sp.append(basis | {"speciale": slug, "navn": omdoeb(basis["navn"])} | kode)
        nye_kl += [k | {"speciale": slug, "klynge": omdoeb(k["klynge"])} for k in klynger if k["speciale"] == basis["speciale"]]
        nye_svar += [r | {"respondent_id": f"{r['respondent_id']}-{nr}", "speciale": slug, "klynge": omdoeb(r["klynge"])}
                     for r in svar if r["speciale"] == basis["speciale"]]
        tekst = data / "tekster" / f"{basis['speciale']}.md"
        if nr > 1 and tekst.exists():
            shutil.copy(tekst, data / "tekster" / f"{slug}.md")
    skriv("specialer.csv", nye_sp)
    skriv("klynger.csv", nye_kl)
    skriv("besvarelser.csv", nye_svar)


def forstoer_svar(data: Path, raekker: int, slug: str = "reumatologi") -> None:
    """Grow besvarelser.csv to `raekker` rows by repeating `slug`'s respondents under new ids;
    its clusters' members and its population grow with them, so the data stay valid."""
    laes, skriv = (lambda navn: _laes_csv(data / navn)), (lambda navn, rk: _skriv_csv(data / navn, rk))
    specialer, klynger, svar = laes("specialer.csv"), laes("klynger.csv"), laes("besvarelser.csv")
    egne = [r for r in svar if r["speciale"] == slug]
    oevrige = [r for r in svar if r["speciale"] != slug]
    mangler = max(raekker - len(oevrige), len(egne))
    nye = [egne[i % len(egne)] | {"respondent_id": f"{egne[i % len(egne)]['respondent_id']}-{i // len(egne)}"}
           for i in range(mangler)]
    gange = -(-mangler // len(egne))
    for k in klynger:
        if k["speciale"] == slug:
            k["medlemmer"] = str(int(k["medlemmer"]) * gange)
    for sp in specialer:
        if sp["speciale"] == slug:
            sp["population"] = str(int(sp["population"]) * gange)
    skriv("specialer.csv", specialer)
    skriv("klynger.csv", klynger)
    skriv("besvarelser.csv", oevrige + nye)


def koer_maalt(projekt: Path, *args: str) -> tuple[float, int]:
    """Run `klynge <args>`; return seconds and the process's peak memory in MB."""
    start = time.perf_counter()
    with subprocess.Popen([sys.executable, "-m", "klynge", *args], cwd=projekt,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as p:
        _, status, brug = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        fejl = p.stderr.read().decode("utf-8", "replace")
    sekunder = time.perf_counter() - start
    if p.returncode != 0:
        raise RuntimeError(f"klynge {' '.join(args)} failed in {projekt}:\n{fejl}")
    return sekunder, brug.ru_maxrss // 1024


def _bogstaver(nr: int) -> str:
    """Letters unique to each edit: an editorial text may not state a number (the caller puts an
    x before them, so they never spell a number word such as "ni")."""
    ord_ = ""
    while True:
        nr, rest = divmod(nr, 26)
        ord_ = "abcdefghijklmnopqrstuvwxyz"[rest] + ord_
        if nr == 0:
            return ord_


class _Preview:
    """`klynge preview` on a copy of the project, driven as an analyst would: save, look."""

    def __init__(self, projekt: Path):
        self.projekt = projekt
        self.log = projekt.parent / "preview.log"
        with open(self.log, "w") as log:
            self.proces = subprocess.Popen([sys.executable, "-m", "klynge", "preview", "--port", "0"], cwd=projekt,
                                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = self._vent(lambda: re.search(r"http://127\.0\.0\.1:\d+/", self.log.read_text()), 120).group(0)
        self.vent_til_ro()

    def _vent(self, betingelse, sekunder: float):
        slut = time.monotonic() + sekunder
        while time.monotonic() < slut:
            if self.proces.poll() is not None:
                raise RuntimeError(f"klynge preview ended:\n{self.log.read_text()}")
            if svar := betingelse():
                return svar
            time.sleep(0.005)
        raise RuntimeError(f"klynge preview: no answer in {sekunder} s:\n{self.log.read_text()[-2000:]}")

    def hent(self, sti: str) -> bytes:
        with urllib.request.urlopen(self.url + sti, timeout=30) as r:
            return r.read()

    def status(self) -> dict:
        return json.loads(self.hent("__klynge/status"))

    def vent_til_ro(self) -> dict:
        return self._vent(lambda: (s := self.status())["arbejder_pid"] and not s["travl"] and s, 900)

    def tekst(self, nr: int) -> tuple[float, int]:
        """An editorial text changed: until the served page shows the new sentence."""
        self.vent_til_ro()
        saetning = f"Sætning x{_bogstaver(nr)} fra målingen.".encode()
        sti = self.projekt / "data" / "tekster" / "neurologi.md"
        ny = sti.read_text(encoding="utf-8") + f"\n{saetning.decode()}\n"
        start = time.perf_counter()
        sti.write_text(ny, encoding="utf-8")
        self._vent(lambda: saetning in self.hent("reports/neurologi.html"), 300)
        return time.perf_counter() - start, 1

    def svar(self, nr: int) -> tuple[float, int]:
        """One answer changed: until the sheet and both overview pages served are the new ones
        (one answer seldom changes a published figure, so the server's page versions tell)."""
        foer = self.vent_til_ro()["versioner"]
        sider = ("reports/reumatologi.qmd", "index.qmd", "revision.qmd", "aendringer.qmd")
        start = time.perf_counter()
        skift_svar(self.projekt)
        self._vent(lambda: all(self.status()["versioner"].get(d, 0) > foer.get(d, 0) for d in sider), 300)
        return time.perf_counter() - start, len(sider)

    def hukommelse_mb(self) -> tuple[float, float]:
        """The worker's peak and current resident memory (its forked chart drawers not counted)."""
        pid = self.status()["arbejder_pid"]
        felter = dict(l.split(":", 1) for l in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in l)
        return int(felter["VmHWM"].split()[0]) / 1024, int(felter["VmRSS"].split()[0]) / 1024

    def stop(self) -> None:
        if self.proces.poll() is None:
            os.killpg(self.proces.pid, signal.SIGINT)  # as Ctrl-C in a terminal
            try:
                self.proces.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proces.pid, signal.SIGKILL)


def preview_maalinger(projekt: Path, gentagelser: int = 5, redigeringer: int = 50) -> list:
    """Edits in a running preview: the time from the file write to the new page served, and the
    warm worker's peak memory after one and after `redigeringer` edits."""
    p = _Preview(projekt)
    try:
        nr = iter(range(1, 10_000))
        foerste = []

        def tekst():
            sekunder = p.tekst(next(nr))
            if not foerste:  # read between edits, outside the timing
                foerste.append(p.hukommelse_mb())
            return sekunder

        tekster = _gentag("preview: editorial text changed → page served (neurologi)", gentagelser, tekst)
        svar = _gentag("preview: one answer changed → sheet + 2 overview pages served", gentagelser,
                       lambda: p.svar(next(nr)))
        for i in range(redigeringer - 2 * gentagelser):
            (p.tekst if i % 2 else p.svar)(next(nr))
        return [tekster, svar, Hukommelse(foerste[0], p.hukommelse_mb(), redigeringer)]
    finally:
        p.stop()


def reference() -> tuple[float, int]:
    """A fixed pure-Python loop: the development machine is a shared VM whose speed drifts by
    up to a fifth from minute to minute, so the table carries its own yardstick."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - start, -1


def bench(rod: Path, gentagelser: int = 3, skala: tuple[int, ...] = (5, 20, 50), udskriv=print,
          raekker: tuple[int, ...] = (), kun_preview: bool = False) -> list:
    maalinger = []
    with tempfile.TemporaryDirectory(prefix="klynge-bench-") as tmp:
        projekt = kopier(rod, Path(tmp) / "projekt")

        def maal(m):
            maalinger.append(m)
            if isinstance(m, Maaling):
                udskriv(f"  {m.tilfaelde}: {m.median:.2f} s")

        maal(_gentag("machine speed before: reference loop", 5, reference))

        if not kun_preview:
            maal(_gentag("cold build, full site (5 specialties, --force)", gentagelser,
                         lambda: koer(projekt, "--force")))
        maal(_gentag("one specialty (--specialty reumatologi --force)", gentagelser,
                     lambda: koer(projekt, "--specialty", "reumatologi", "--force")))
        for m in preview_maalinger(kopier(rod, Path(tmp) / "preview" / "projekt")):
            maal(m)
        if kun_preview:
            maal(_gentag("machine speed after: reference loop", 5, reference))
            return maalinger
        koer(projekt)
        maal(_gentag("rebuild, nothing changed", max(gentagelser, 5), lambda: koer(projekt)))

        def efter_svar():
            skift_svar(projekt)
            return koer(projekt)

        maal(_gentag("rebuild after one answer changed (reumatologi)", gentagelser, efter_svar))

        def efter_tekst():
            sti = projekt / "data" / "tekster" / "neurologi.md"
            sti.write_text(sti.read_text(encoding="utf-8") + "\nEn ekstra sætning.\n", encoding="utf-8")
            return koer(projekt)

        maal(_gentag("rebuild after editorial text changed (neurologi)", gentagelser, efter_tekst))
        for antal in skala:
            skaleret = kopier(rod, Path(tmp) / f"skala-{antal}")
            skaler_data(skaleret / "data", antal)
            maal(_gentag(f"cold build, {antal} specialties", 1, lambda: koer(skaleret, "--force")))
        for antal in raekker:
            stor = kopier(rod, Path(tmp) / f"raekker-{antal}")
            forstoer_svar(stor / "data", antal)
            for navn, args in (("klynge check", ("check",)), ("klynge render --force", ("render", "--force"))):
                sek, mb = koer_maalt(stor, *args)
                maal(Maaling(f"{navn}, {antal:_} answer rows".replace("_", " "), (sek,), f"peak {mb} MB"))
        quarto = shutil.which("quarto")
        if quarto:
            q = kopier(rod, Path(tmp) / "quarto")

            def quarto_render():
                start = time.perf_counter()
                subprocess.run([quarto, "render"], cwd=q, check=True, capture_output=True)
                return time.perf_counter() - start, -1

            maal(_gentag("quarto render, full site", gentagelser, quarto_render))
        maal(_gentag("machine speed after: reference loop", 5, reference))
    return maalinger


def tabel(maalinger: list) -> str:
    linjer = ["| case | median s | min–max s | documents executed |", "|---|--:|--:|--:|"]
    hukommelse = [m for m in maalinger if isinstance(m, Hukommelse)]
    maalinger = [m for m in maalinger if isinstance(m, Maaling)]
    for m in maalinger:
        linjer.append(f"| {m.tilfaelde} | {m.median:.2f} | {min(m.sekunder):.2f}–{max(m.sekunder):.2f} | {m.udfoert} |")
    skala = {int(re.search(r"(\d+) specialties$", m.tilfaelde).group(1)): m.median
             for m in maalinger if re.search(r"cold build, \d+ specialties$", m.tilfaelde)}
    if len(skala) >= 2:
        punkter = sorted(skala.items())
        haeldninger = [f"{a}→{b}: {(tb - ta) / (b - a):.2f} s per extra specialty"
                       for (a, ta), (b, tb) in zip(punkter, punkter[1:])]
        linjer.append("")
        linjer.append("Scale: " + "; ".join(haeldninger))
    for h in hukommelse:
        linjer.append("")
        linjer.append(f"Preview worker memory (peak RSS / RSS): {h.efter_foerste[0]:.0f} / {h.efter_foerste[1]:.0f} MB "
                      f"after 1 edit, {h.efter_sidste[0]:.0f} / {h.efter_sidste[1]:.0f} MB after {h.redigeringer} edits.")
    quarto = next((m for m in maalinger if m.tilfaelde.startswith("quarto")), None)
    kold = next((m for m in maalinger if m.tilfaelde.startswith("cold build, full")), None)
    if quarto and kold:
        linjer.append(f"quarto render / klynge render: {quarto.median / kold.median:.1f}×")
    return "\n".join(linjer)
