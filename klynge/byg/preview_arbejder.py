"""The preview's warm worker: one process that has imported what a sheet needs and keeps one
interpreter, so a change costs only the documents it touches.

On each request it computes every document's cache key (the same as `klynge render`), renders
the documents whose key changed one by one — fact sheets first, the page published as soon as it
is written, the PDF after it — and records them in the build manifest as a build would. It
reports to the preview over a pipe: ("linje", text), ("html", doc, has_pdf), ("pdf", doc),
("fejl", doc, one line), ("fejlfri", doc), ("faerdig", requests answered).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path

from klynge.byg.afhaengigheder import fingeraftryk, kode_fingeraftryk
from klynge.byg.bygning import byg_med_motor, fejllinjer
from klynge.byg.preview_figurer import husk_figurer
from klynge.byg.sider import specialer, synkroniser_sider
from klynge.data.redaktionelt import kontroller_filer
from klynge.data.versionsstyring import afvis_svar_i_git
from klynge.fejl import DataFejl
from klynge.render import cache
from klynge.render.convert import Typst
from klynge.render.execute import Interpreter
from klynge.render.qmd import read_document
from klynge.render.site import (BuildRunning, RenderError, build_lock, document_key, document_settings, load_yaml,
                                output_dir_name, render_document, render_list)
# What the documents import, loaded with the worker before the first change arrives.
import klynge.ark.faktaark  # noqa: F401
import klynge.ark.oversigt  # noqa: F401
import klynge.ark.revision  # noqa: F401


def _bind_til_foraelder() -> None:
    """Own process group (the preview stops the group: charts drawn in forked copies and
    pandoc go with it), and end when the preview process dies, however it dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the preview's to handle
    os.setpgid(0, 0)
    if sys.platform == "linux":
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _varm_op() -> None:
    """Import the libraries the documents draw with, before the first change arrives."""
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401
    import plotnine  # noqa: F401


class Arbejder:
    def __init__(self, rod: Path, forbindelse: Connection, speciale: str | None):
        self.rod, self.forbindelse, self.speciale = rod, forbindelse, speciale
        self.ud = rod / output_dir_name(load_yaml(rod / "_quarto.yml"))
        self.fortolker = Interpreter(freeze=True)  # this process exists to run documents
        self.typst = Typst()  # its child is in the worker's process group and stops with it
        self.bygget_af_andre: set[str] = set()  # documents a pass left to the build holding the lock

    def send(self, *besked) -> None:
        self.forbindelse.send(besked)

    def byg_foerst(self) -> None:
        """The site as `klynge render` builds it (cache included), in parallel worker processes;
        if a document fails, the documents are rendered one by one instead."""
        try:
            slugs = {slug for slug, _ in specialer(self.rod / "data")}
            filer = [f"reports/{self.speciale}.qmd"] if self.speciale else None
            resultat = byg_med_motor(self.rod, slugs, filer=filer, progress=lambda t: self.send("linje", t))
        except (RenderError, DataFejl):
            self.opdater()
        else:
            for rel in resultat.executed:  # pages opened while the site was being built reload
                self.send("html", rel, False)
            self._varm_dokumenter()

    def _varm_dokumenter(self) -> None:
        """Run each fact sheet once into a scratch folder, so the first real change finds fonts,
        lazily imported modules and the sheet's charts (`preview_figurer`) ready. A change that
        arrives meanwhile ends the warming: it goes first."""
        try:
            slugs = [self.speciale] if self.speciale else sorted(s for s, _ in specialer(self.rod / "data"))
        except DataFejl:
            return
        for slug in slugs:
            rel = f"reports/{slug}.qmd"
            if self.forbindelse.poll() or not (self.rod / rel).is_file():
                return
            kladde = Path(tempfile.mkdtemp(prefix="klynge-preview-"))
            try:
                render_document(self.rod, load_yaml(self.rod / "_quarto.yml"), rel, kladde, None,
                                lambda _: None, interpreter=self.fortolker, strict=True, typst=self.typst)
            except RenderError:
                pass  # shown when the document is rendered for real
            finally:
                shutil.rmtree(kladde, ignore_errors=True)

    def opdater(self) -> None:
        """Render every document whose cache key changed since it was last built. A build that
        holds the project's lock (`klynge render` in another terminal) is waited for, and then
        the pass starts over, so what it shows is what the data say once that build is done."""
        while self._en_gang() and self._vent_paa_laasen():
            pass

    def _vent_paa_laasen(self) -> bool:
        """Wait until no build holds the lock (True), or until the preview asks something new
        (False: that request starts its own pass, or stops the worker)."""
        import time

        self.send("linje", "a build is running (klynge render?): the preview waits for it, then renders again")
        while not self.forbindelse.poll(0.3):
            try:
                with build_lock(self.rod):
                    return True
            except BuildRunning:
                time.sleep(0.2)
        return False

    def _en_gang(self) -> bool:
        """One pass; True if it met another build's lock."""
        try:
            afvis_svar_i_git(self.rod / "data")  # real answers copied where git keeps them: nothing is rendered
            config = load_yaml(self.rod / "_quarto.yml")
            synkroniser_sider(self.rod)  # the project's pre-render step, without a new interpreter

            if problemer := kontroller_filer(self.rod / "data"):  # as `klynge render`: not even from cache
                raise DataFejl(problemer)
            slugs = {slug for slug, _ in specialer(self.rod / "data")}
            dokumenter = render_list(self.rod, config)
            if self.speciale:
                dokumenter = [d for d in dokumenter if d == f"reports/{self.speciale}.qmd"]
            kode = kode_fingeraftryk()
            noegler = {d: document_key(self.rod, config, d, None, fingeraftryk(self.rod, d, slugs, kode))
                       for d in dokumenter}
        except DataFejl as e:
            self.send("fejl", "*", "\n".join(str(p) for p in e.problemer))
            return False
        except (RenderError, ValueError, OSError) as e:
            self.send("fejl", "*", " ".join(str(e).split()))
            return False
        self.send("fejlfri", "*")
        manifest = cache.read_manifest(self.rod)
        aendrede = [d for d in dokumenter if not cache.reusable(manifest.get(d), noegler[d], self.ud)]
        for d in dokumenter:
            if d not in aendrede:  # e.g. a broken text put back as it was: the page served is right
                self.send("fejlfri", d)
                if d in self.bygget_af_andre:  # the build we waited for made it: open pages reload
                    self.send("html", d, False)
        self.bygget_af_andre = set()
        # The sheet the analyst is editing before the overview pages that summarise it.
        aendrede.sort(key=lambda d: not d.startswith("reports/"))
        if not aendrede:
            return False

        try:
            with build_lock(self.rod):  # `klynge render` in another terminal waits its turn, and so do we
                for d in aendrede:
                    self._render(config, d, noegler[d])
        except BuildRunning:
            self.bygget_af_andre = set(aendrede)
            return True
        return False

    def _render(self, config: dict, rel: str, noegle: str) -> None:
        kladde = Path(tempfile.mkdtemp(prefix=f"{self.ud.name}.tmp-", dir=self.rod))  # a build's leftover if killed

        def udgiv(mappe: Path, navne) -> None:
            for navn in sorted(navne):
                maal = self.ud / navn
                maal.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=maal.parent, prefix=f".{maal.name}.")
                os.close(fd)
                shutil.copyfile(mappe / navn, tmp)
                os.replace(tmp, maal)  # each file whole: a reader sees the old or the new

        def html_skrevet(mappe: Path, navne: set[str]) -> None:
            udgiv(mappe, navne)
            self.send("html", rel, _har_pdf(self.rod, config, rel))

        try:
            self.send("linje", f"{rel} …")
            lavet = render_document(self.rod, config, rel, kladde, None, lambda _: None,
                                    interpreter=self.fortolker, strict=True, html_written=html_skrevet,
                                    typst=self.typst)
            navne = sorted(p.relative_to(kladde).as_posix() for p in kladde.rglob("*") if p.is_file())
            filer = {navn: cache.sha256_file(kladde / navn) for navn in navne}
            udgiv(kladde, navne)
        except RenderError as e:
            self.send("fejl", rel, "\n".join(fejllinjer(self.rod, e)))  # the lines `klynge render` prints
            return
        finally:
            shutil.rmtree(kladde, ignore_errors=True)
        manifest = cache.read_manifest(self.rod)
        manifest[rel] = cache.Entry(noegle, filer)
        cache.write_manifest(self.rod, manifest)
        if "pdf" in lavet:
            self.send("pdf", rel)
        self.send("fejlfri", rel)


def _har_pdf(rod: Path, config: dict, rel: str) -> bool:
    front, _ = read_document(rod / rel, rod)
    return "typst" in document_settings(rod, config, front, rel).formats


def koer(forbindelse: Connection, rod: str, speciale: str | None, byg_foerst: bool) -> None:
    """The worker process's main function (started by multiprocessing's spawn)."""
    _bind_til_foraelder()
    os.chdir(rod)
    _varm_op()

    husk_figurer()
    arbejder = Arbejder(Path(rod), forbindelse, speciale)
    forbindelse.send(("klar", os.getpid()))
    try:
        if byg_foerst:
            arbejder.byg_foerst()
        else:
            arbejder.opdater()
        forbindelse.send(("faerdig", 1))  # the first pass answers the preview's start
        while True:
            besked, antal = forbindelse.recv(), 1
            while besked != ("stop",) and forbindelse.poll():  # changes that came while rendering:
                besked, antal = forbindelse.recv(), antal + 1  # one pass covers them all
            if besked == ("stop",):
                _slut()
            arbejder.opdater()
            forbindelse.send(("faerdig", antal))
    except (EOFError, BrokenPipeError):
        _slut()  # the preview has gone


def _slut() -> None:
    """Exit at once: tearing down pandas, matplotlib and IPython object by object takes most of
    a second and achieves nothing (every file is closed); the preview waits for this."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
