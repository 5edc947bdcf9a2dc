"""`klynge preview`: serve the site, re-render what a saved change touches, reload the page.

Three parts run side by side: the web server (`preview_server`), a watcher on everything a
document depends on (the build cache's inputs: data, editorial texts, documents and includes,
Typst partials, css, the `klynge` source), and the warm worker (`preview_arbejder`) that renders.
This process only coordinates and imports nothing heavy. A change to the `klynge` source starts
a new worker, since the old one holds the old modules.
"""

from __future__ import annotations

import ipaddress
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from pathlib import Path

import klynge
from klynge.byg.preview_server import ALLE, Tilstand, lav_server
from klynge.byg.sider import specialer
from klynge.data.fortrolig import fortrolig_mappe
from klynge.data.versionsstyring import afvis_svar_i_git
from klynge.fejl import DataFejl
from klynge.render.site import load_yaml, output_dir_name

KODE_ENDELSER = {".py", ".html", ".typ", ".typst", ".lua"}  # what kode_fingeraftryk hashes
PROJEKT_ENDELSER = {".qmd", ".yml", ".yaml", ".css", ".typ", ".typst", ".lua"}


class Afhaengigheder:
    """Which changed paths matter: a filter for watchfiles, and whether a change is code."""

    def __init__(self, rod: Path, ud_navn: str):
        self.rod, self.ud_navn = rod.resolve(), ud_navn
        self.kode = Path(klynge.__file__).resolve().parent
        try:  # the real answers may live outside the project (KLYNGE_FORTROLIGE_DATA)
            self.fortrolig: Path | None = fortrolig_mappe(self.rod / "data").resolve()
        except DataFejl:
            self.fortrolig = None

    def er_kode(self, sti: str) -> bool:
        p = Path(sti)
        return p.suffix in KODE_ENDELSER and _under(p, self.kode) and "__pycache__" not in p.parts

    def __call__(self, _aendring, sti: str) -> bool:
        if self.er_kode(sti):
            return True
        p = Path(sti)
        if self.fortrolig is not None and _under(p, self.fortrolig) and not p.name.startswith("."):
            return True
        if not _under(p, self.rod):
            return False
        dele = p.relative_to(self.rod).parts
        # Build output, caches, the documents' own output beside them, editors' hidden files.
        if any(d.startswith((".", self.ud_navn)) or d.endswith("_files") or d == "__pycache__" for d in dele):
            return False
        if dele[0] == "data":
            return True
        return p.suffix in PROJEKT_ENDELSER and dele[0] != self.kode.name


def _under(p: Path, mappe: Path) -> bool:
    return p == mappe or mappe in p.parents


def _stop_gruppe(proces: multiprocessing.Process, forbindelse, sekunder: float = 0.15) -> None:
    """End the worker and everything it started (its own process group): politely first (an
    idle worker exits at once), then SIGTERM, then SIGKILL. Waiting reaps the worker as it
    goes, so its zombie does not keep the group looking alive."""
    try:
        forbindelse.send(("stop",))
    except OSError:
        pass
    proces.join(sekunder)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proces.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        slut = time.monotonic() + sekunder
        while time.monotonic() < slut and _gruppe_lever(proces.pid):
            proces.join(0.02)
        if not _gruppe_lever(proces.pid):
            break
    proces.join(sekunder)


def _gruppe_lever(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still counts until it is reaped.
    return True


class Preview:
    def __init__(self, rod: Path, vaert: str, port: int, speciale: str | None):
        self.rod = rod.resolve()
        self.speciale = speciale
        self.ud = self.rod / output_dir_name(load_yaml(self.rod / "_quarto.yml"))
        self.tilstand = Tilstand()
        self.server = lav_server(self.ud, self.tilstand, vaert, port)
        self.aendringer: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.filter = Afhaengigheder(self.rod, self.ud.name)
        self.proces: multiprocessing.Process | None = None
        self.forbindelse = None
        self.startet: dict[str, float] = {}

    @property
    def url(self) -> str:
        vaert, port = self.server.server_address[:2]
        vaert = f"[{vaert}]" if ":" in vaert else vaert
        side = f"reports/{self.speciale}.html" if self.speciale else ""
        return f"http://{vaert}:{port}/{side}"

    # ------------------------------------------------------------ the worker

    def _start_arbejder(self, byg_foerst: bool) -> None:
        from klynge.byg import preview_arbejder  # pandas and plotnine stay in the worker, out of the preview's process

        kontekst = multiprocessing.get_context("spawn")
        self.forbindelse, deres = kontekst.Pipe()
        self.proces = kontekst.Process(target=preview_arbejder.koer, name="klynge-preview-arbejder",
                                       args=(deres, str(self.rod), self.speciale, byg_foerst))
        self.proces.start()
        deres.close()
        self.tilstand.aendr(lambda t: setattr(t, "ventende", 1))

    def _stop_arbejder(self) -> None:
        if self.proces is not None:
            _stop_gruppe(self.proces, self.forbindelse)
            self.forbindelse.close()
            self.proces = self.forbindelse = None
            self.tilstand.aendr(lambda t: (setattr(t, "arbejder_pid", None), setattr(t, "ventende", 0),
                                           t.pdf_bygges.clear()))

    def _besked(self, besked: tuple) -> None:
        art = besked[0]
        t = self.tilstand
        if art == "klar":
            t.aendr(lambda t: setattr(t, "arbejder_pid", besked[1]))
        elif art == "linje":
            if besked[1].endswith(" …") and not besked[1].startswith("["):
                self.startet[besked[1][:-2]] = time.monotonic()
            else:
                print(besked[1], flush=True)
        elif art == "html":
            _, dok, har_pdf = besked

            def html(t):
                t.versioner[dok] = t.versioner.get(dok, 0) + 1
                t.fejl.pop(dok, None)
                if har_pdf:
                    t.pdf_bygges.add(dok)
            t.aendr(html)
            if dok in self.startet:  # not for the pages of the first build, which printed its own lines
                print(f"{dok} … page served ({self._tid(dok)})", flush=True)
        elif art == "pdf":
            t.aendr(lambda t: t.pdf_bygges.discard(besked[1]))
            print(f"{besked[1]} … PDF written ({self._tid(besked[1])})", flush=True)
            self.startet.pop(besked[1], None)
        elif art == "fejl":
            _, dok, tekst = besked
            t.aendr(lambda t: (t.fejl.__setitem__(dok, tekst), t.pdf_bygges.discard(dok)))
            for linje in tekst.splitlines():
                print(f"error: {linje}", file=sys.stderr, flush=True)
        elif art == "faerdig":
            t.aendr(lambda t: setattr(t, "ventende", max(0, t.ventende - besked[1])))
        elif art == "fejlfri":
            if besked[1] in t.fejl:
                t.aendr(lambda t: t.fejl.pop(besked[1], None))

    def _tid(self, dok: str) -> str:
        start = self.startet.get(dok)
        return f"{time.monotonic() - start:.1f} s" if start else "–"

    # ------------------------------------------------------------ watching

    def _vagt(self, stier: list[Path], rekursiv: bool) -> None:
        import watchfiles

        for aendringer in watchfiles.watch(*stier, watch_filter=self.filter, stop_event=self.stop, recursive=rekursiv,
                                           debounce=400, step=20, rust_timeout=500, yield_on_timeout=False):
            self.aendringer.put({sti for _, sti in aendringer})

    def _vagter(self) -> list[threading.Thread]:
        """The project's folder itself (its files: _quarto.yml, index.qmd, styles.css, ...) and,
        with their subfolders, the folders a document may read (data/, reports/, ...) and the
        `klynge` source — not a virtual environment or .git, which would only cost watches."""
        mapper = [d for d in sorted(self.rod.iterdir()) if d.is_dir() and self.filter(None, str(d / "x.qmd"))
                  and not (d / "pyvenv.cfg").exists()]
        if not _under(self.filter.kode, self.rod) or self.filter.kode not in mapper:
            mapper.append(self.filter.kode)
        fortrolig = self.filter.fortrolig
        if fortrolig is not None and fortrolig.is_dir() and not _under(fortrolig, self.rod):
            mapper.append(fortrolig)
        return [threading.Thread(target=self._vagt, args=(stier, rekursiv), name="klynge-preview-vagt", daemon=True)
                for stier, rekursiv in (([self.rod], False), (mapper, True))]

    # ------------------------------------------------------------ running

    def koer(self) -> int:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                         name="klynge-preview-server", daemon=True).start()
        vagter = self._vagter()
        for vagt in vagter:
            vagt.start()
        self._start_arbejder(byg_foerst=True)
        print(f"Preview: {self.url}  (Ctrl-C stops)", flush=True)
        try:
            while True:
                self._en_runde()
        except KeyboardInterrupt:
            pass
        finally:
            self.luk(vagter)
        print("Preview stopped.", flush=True)
        return 0

    def _en_runde(self) -> None:
        try:
            stier = self.aendringer.get(timeout=0.05)
        except queue.Empty:
            stier = set()
        if stier:
            if any(self.filter.er_kode(s) for s in stier):
                print("klynge code changed: starting a new worker", flush=True)
                self._stop_arbejder()
                self._start_arbejder(byg_foerst=False)
            elif self.proces is None or not self.proces.is_alive():
                print("error: the worker had stopped; starting a new one", file=sys.stderr, flush=True)
                self._stop_arbejder()
                self._start_arbejder(byg_foerst=False)
            else:
                self.forbindelse.send(("byg",))
                self.tilstand.aendr(lambda t: setattr(t, "ventende", t.ventende + 1))
        if self.forbindelse is None:
            return
        try:
            while self.forbindelse.poll(0.05 if not stier else 0):
                self._besked(self.forbindelse.recv())
        except (EOFError, OSError):
            if self.proces is not None and not self.proces.is_alive():
                print("error: the worker stopped unexpectedly; it restarts with the next change",
                      file=sys.stderr, flush=True)
                self._stop_arbejder()
                self.tilstand.aendr(lambda t: t.fejl.__setitem__(
                    ALLE, "the preview's worker stopped unexpectedly; save a file to try again"))

    def luk(self, vagter: list[threading.Thread]) -> None:
        """Stop everything within a second: the worker is told first, so it ends while the server
        finishes its last poll; the watchers are daemon threads that see the stop event at their
        next timeout and end with the process."""
        self.stop.set()
        self.tilstand.stop()
        if self.forbindelse is not None:
            try:
                self.forbindelse.send(("stop",))
            except OSError:
                pass
        self.server.shutdown()
        self.server.server_close()
        self._stop_arbejder()  # a worker stopped mid-render leaves a _site.tmp-* folder: the next build removes it
        for vagt in vagter:
            vagt.join(0.1)


def er_loopback(vaert: str) -> bool:
    try:
        return ipaddress.ip_address(vaert).is_loopback
    except ValueError:
        return vaert == "localhost"


def preview(rod: Path, *, port: int = 4242, vaert: str = "127.0.0.1", speciale: str | None = None) -> int:
    afvis_svar_i_git(rod / "data")  # real answers in a place git keeps: nothing is served
    slugs = {slug for slug, _ in specialer(rod / "data")}
    if speciale and speciale not in slugs:
        print(f"error: unknown speciale '{speciale}' (known: {', '.join(sorted(slugs))})", file=sys.stderr)
        return 1
    if not er_loopback(vaert):
        print(f"warning: serving on {vaert}: other machines can read the site (and the audit page)",
              file=sys.stderr)
    try:
        p = Preview(rod, vaert, port, speciale)
    except OSError as e:
        print(f"error: cannot serve on {vaert}:{port}: {e.strerror or e}", file=sys.stderr)
        return 1

    def stop(*_):
        raise KeyboardInterrupt

    # Also when started in the background by a shell, which leaves SIGINT ignored.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return p.koer()
