"""`klynge bench`: time the builds that matter to an analyst, on copies of the project.

Every case runs `klynge render` as a separate process in a scratch copy, so start-up is
counted and the working tree is never touched. Prints a table: case, median seconds, min–max,
and how many documents were executed.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJEKTFILER = ["_quarto.yml", "index.qmd", "revision.qmd", "styles.css", "reports", "data"]


@dataclass(frozen=True)
class Maaling:
    tilfaelde: str
    sekunder: tuple[float, ...]
    udfoert: str

    @property
    def median(self) -> float:
        return statistics.median(self.sekunder)


def kopier(rod: Path, maal: Path) -> Path:
    """The project's sources (no build output) in a fresh folder."""
    maal.mkdir(parents=True, exist_ok=True)
    for navn in PROJEKTFILER:
        kilde = rod / navn
        if kilde.is_dir():
            shutil.copytree(kilde, maal / navn,
                            ignore=shutil.ignore_patterns("figurer", "tabeller", "*_files", ".klynge-*"))
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
    with open(sti, encoding="utf-8", newline="") as f:
        raekker = list(csv.DictReader(f))
    r = next(r for r in raekker if r["speciale"] == slug and r["forbedringer"] in ("Ja", "Nej"))
    r["forbedringer"] = "Nej" if r["forbedringer"] == "Ja" else "Ja"
    with open(sti, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(raekker[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(raekker)


def skaler_data(data: Path, antal: int) -> None:
    """Make `antal` specialties by repeating the five real ones under new names."""
    def laes(navn):
        with open(data / navn, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def skriv(navn, raekker):
        with open(data / navn, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(raekker[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(raekker)

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
    def laes(navn):
        with open(data / navn, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def skriv(navn, rk):
        with open(data / navn, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rk[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rk)

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


def reference() -> tuple[float, int]:
    """A fixed pure-Python loop: the development machine is a shared VM whose speed drifts by
    up to a fifth from minute to minute, so the table carries its own yardstick."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - start, -1


def bench(rod: Path, gentagelser: int = 3, skala: tuple[int, ...] = (5, 20, 50), udskriv=print,
          raekker: tuple[int, ...] = ()) -> list[Maaling]:
    maalinger = []
    with tempfile.TemporaryDirectory(prefix="klynge-bench-") as tmp:
        projekt = kopier(rod, Path(tmp) / "projekt")

        def maal(m: Maaling):
            maalinger.append(m)
            udskriv(f"  {m.tilfaelde}: {m.median:.2f} s")

        maal(_gentag("machine speed before: reference loop", 5, reference))

        maal(_gentag("cold build, full site (5 specialties, --force)", gentagelser, lambda: koer(projekt, "--force")))
        maal(_gentag("one specialty (--speciale reumatologi --force)", gentagelser,
                     lambda: koer(projekt, "--speciale", "reumatologi", "--force")))
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


def tabel(maalinger: list[Maaling]) -> str:
    linjer = ["| case | median s | min–max s | documents executed |", "|---|--:|--:|--:|"]
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
    quarto = next((m for m in maalinger if m.tilfaelde.startswith("quarto")), None)
    kold = next((m for m in maalinger if m.tilfaelde.startswith("cold build, full")), None)
    if quarto and kold:
        linjer.append(f"quarto render / klynge render: {quarto.median / kold.median:.1f}×")
    return "\n".join(linjer)
