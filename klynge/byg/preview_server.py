"""The preview's web server: serves the built site, tells open pages when to reload.

Only files inside the output folder are served (no `..`, no encoded dots, no symlink that leads
out). HTML pages get a small script when they are served — never in the files themselves — that
listens to server-sent events: it reloads the page when its document was rendered again, and
shows a document's error and whether the PDF is up to date.
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HAENDELSER = "/__klynge/events"
STATUS = "/__klynge/status"
ALLE = "*"  # the key of an error that concerns every document (e.g. invalid data)


class Tilstand:
    """What the open pages need to know, shared by the server's threads and the preview loop."""

    def __init__(self):
        self._betingelse = threading.Condition()
        self.generation = 0
        self.versioner: dict[str, int] = {}  # document -> times its page was published in this preview
        self.fejl: dict[str, str] = {}  # document (or ALLE) -> one-line error
        self.pdf_bygges: set[str] = set()
        self.arbejder_pid: int | None = None
        self.ventende = 0  # passes asked of the worker and not yet finished
        self.stoppet = False

    def aendr(self, funktion) -> None:
        with self._betingelse:
            funktion(self)
            self.generation += 1
            self._betingelse.notify_all()

    def vent(self, generation: int, sekunder: float) -> int:
        with self._betingelse:
            self._betingelse.wait_for(lambda: self.generation != generation or self.stoppet, timeout=sekunder)
            return self.generation

    def som_dict(self) -> dict:
        with self._betingelse:
            return {"versioner": dict(self.versioner), "fejl": dict(self.fejl),
                    "pdf_bygges": sorted(self.pdf_bygges), "arbejder_pid": self.arbejder_pid,
                    "travl": self.ventende > 0}

    def stop(self) -> None:
        self.aendr(lambda t: setattr(t, "stoppet", True))


def fil_i_site(site: Path, anmodning: str) -> Path | None:
    """The file a request path names inside ``site``, or None when it points anywhere else."""
    sti = unquote(urlsplit(anmodning).path)
    if "\0" in sti or "\\" in sti:
        return None
    dele = [d for d in sti.split("/") if d]
    if any(d in (".", "..") for d in dele):
        return None
    rod = os.path.realpath(site)
    maal = os.path.realpath(os.path.join(rod, *dele))
    if maal != rod and not maal.startswith(rod + os.sep):
        return None  # e.g. a symlink inside the site that points out of it
    if os.path.isdir(maal):
        maal = os.path.join(maal, "index.html")
    return Path(maal)


def dokument_for(site: Path, fil: Path) -> str:
    """The document a served page was made from (reports/x.html <- reports/x.qmd)."""
    rel = Path(os.path.relpath(fil, os.path.realpath(site))).as_posix()
    return rel[: -len(".html")] + ".qmd"


_SCRIPT = """<script id="klynge-preview">(function () {
  var dokument = %(dokument)s, version = %(version)s, tilstand = %(tilstand)s;
  var boks = document.createElement("div");
  boks.style.cssText = "position:fixed;right:1em;bottom:1em;max-width:40em;z-index:99999;font:13px/1.4 sans-serif;";
  function linje(tekst, farve) {
    var p = document.createElement("div");
    p.style.cssText = "margin-top:.4em;padding:.4em .8em;border-radius:4px;color:#fff;background:" + farve +
      ";white-space:pre-wrap;box-shadow:0 1px 4px rgba(0,0,0,.3);";
    p.textContent = tekst;
    boks.appendChild(p);
  }
  function vis(t) {
    if ((t.versioner[dokument] || 0) > version) { location.reload(); return; }
    boks.textContent = "";
    var fejl = t.fejl[dokument] || t.fejl["*"];
    if (fejl) linje("Fejl: " + fejl + "\\nSiden viser den seneste version, der kunne bygges.", "#a4262c");
    if (t.pdf_bygges.indexOf(dokument) >= 0) linje("Siden er opdateret; PDF'en bygges …", "#5c5c5c");
    else if (!fejl && %(har_pdf)s) linje("Siden og PDF'en er opdateret.", "#2b6a3d");
    if (!boks.parentNode) document.body.appendChild(boks);
  }
  vis(tilstand);
  var kilde = new EventSource("%(haendelser)s");
  kilde.addEventListener("tilstand", function (e) { vis(JSON.parse(e.data)); });
  kilde.onerror = function () {
    boks.textContent = "";
    linje("Forbindelsen til klynge preview er afbrudt.", "#5c5c5c");
    if (!boks.parentNode) document.body.appendChild(boks);
  };
})();</script>
"""


def _json_i_script(vaerdi) -> str:
    # Error messages are untrusted text: no "</script>" may end the script early.
    return json.dumps(vaerdi, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def med_script(side: bytes, dokument: str, tilstand: Tilstand, har_pdf: bool) -> bytes:
    t = tilstand.som_dict()
    script = _SCRIPT % {
        "dokument": _json_i_script(dokument),
        "version": t["versioner"].get(dokument, 0),
        "tilstand": _json_i_script(t),
        "har_pdf": "true" if har_pdf else "false",
        "haendelser": HAENDELSER,
    }
    slut = side.rfind(b"</body>")
    if slut < 0:
        return side + script.encode()
    return side[:slut] + script.encode() + side[slut:]


def lav_server(site: Path, tilstand: Tilstand, vaert: str, port: int) -> ThreadingHTTPServer:
    class Behandler(_Behandler):
        pass

    Behandler.site, Behandler.tilstand = site, tilstand
    server = ThreadingHTTPServer((vaert, port), Behandler)
    server.daemon_threads = True
    server.block_on_close = False
    Behandler.vaerter = tilladte_vaerter(vaert, server.server_address[1])
    return server


def tilladte_vaerter(vaert: str, port: int) -> frozenset[str]:
    """The Host headers a request to this server may carry: the address it is bound to,
    127.0.0.1 and localhost, each with the port. A page on another site that makes its own name
    point at 127.0.0.1 (DNS rebinding) sends its own name, and is refused."""
    navne = {"127.0.0.1", "localhost", vaert.lower()}
    if vaert in ("::1", "::"):
        navne.add("::1")
    vaerter = set()
    for navn in navne:
        navn = f"[{navn}]" if ":" in navn else navn
        vaerter.add(f"{navn}:{port}")
        if port == 80:
            vaerter.add(navn)
    return frozenset(vaerter)


class _Behandler(BaseHTTPRequestHandler):
    site: Path
    tilstand: Tilstand
    vaerter: frozenset[str] = frozenset()
    protocol_version = "HTTP/1.1"

    def _fremmed_vaert(self) -> bool:
        """Refuse, before anything is served, a request whose Host is not this server's."""
        vaert = (self.headers.get("Host") or "").strip().lower()
        if vaert in self.vaerter:
            return False
        self.close_connection = True
        self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8",
                   b"Forbidden: the preview answers only requests to its own address\n", self.command != "HEAD")
        return True

    def log_message(self, format, *args) -> None:  # noqa: A002 - the terminal shows builds, not requests
        pass

    def do_HEAD(self) -> None:
        if self._fremmed_vaert():
            return
        self._svar(med_krop=False)

    def do_GET(self) -> None:
        if self._fremmed_vaert():
            return
        sti = urlsplit(self.path).path
        if sti == HAENDELSER:
            return self._haendelser()
        if sti == STATUS:
            return self._send(HTTPStatus.OK, "application/json", json.dumps(self.tilstand.som_dict()).encode())
        self._svar(med_krop=True)

    def _svar(self, med_krop: bool) -> None:
        fil = fil_i_site(self.site, self.path)
        if fil is None:
            return self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", b"Forbidden\n", med_krop)
        try:
            indhold = fil.read_bytes()
        except OSError:
            return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"Not found\n", med_krop)
        type_ = mimetypes.guess_type(fil.name)[0] or "application/octet-stream"
        if fil.suffix == ".html":
            type_ = "text/html; charset=utf-8"
            dokument = dokument_for(self.site, fil)
            indhold = med_script(indhold, dokument, self.tilstand, har_pdf=fil.with_suffix(".pdf").is_file())
        self._send(HTTPStatus.OK, type_, indhold, med_krop)

    def _send(self, status: HTTPStatus, type_: str, krop: bytes, med_krop: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", type_)
        self.send_header("Content-Length", str(len(krop)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if med_krop:
            self.wfile.write(krop)

    def _haendelser(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        generation = -1
        try:
            while not self.tilstand.stoppet:
                ny = self.tilstand.vent(generation, 15)
                if ny == generation:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    generation = ny
                    data = json.dumps(self.tilstand.som_dict(), ensure_ascii=False)
                    self.wfile.write(f"event: tilstand\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except OSError:
            pass  # the page was closed
