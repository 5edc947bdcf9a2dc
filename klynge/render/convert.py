"""Convert executed markdown: pandoc → HTML page, pandoc → Typst, Typst → PDF."""

from __future__ import annotations

import html
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pypandoc
import yaml

TEMPLATES = Path(__file__).parent / "templates"
FONT_DIRS = [d for d in ("/usr/share/fonts", "/usr/local/share/fonts") if os.path.isdir(d)]

# Quarto-only keys that must not reach pandoc as document metadata.
_NOT_METADATA = {"format", "execute", "project", "website", "params", "jupyter", "engine", "knitr", "freeze"}
# Typst format options the engine handles itself (everything else becomes a pandoc variable).
_TYPST_ENGINE_OPTIONS = {"template-partials", "keep-typ", "template", "output-file", "output-ext", "pdf-standard",
                         "font-paths"}


class ConvertError(Exception):
    pass


def _pandoc(markdown: str, args: list[str], defaults: dict | None = None) -> str:
    with tempfile.TemporaryDirectory(prefix="klynge-pandoc-") as tmp:
        # A memory and time limit: a document is a few hundred kB of Markdown; runaway input stops.
        cmd = [pypandoc.get_pandoc_path(), "+RTS", "-M2g", "-RTS", "-f", "markdown", "--lua-filter", str(TEMPLATES / "quarto.lua"), *args]
        if defaults:
            path = Path(tmp) / "defaults.yaml"
            path.write_text(yaml.safe_dump(defaults, allow_unicode=True), encoding="utf-8")
            cmd += ["--defaults", str(path)]
        try:
            proc = subprocess.run(cmd, input=markdown.encode("utf-8"), capture_output=True, timeout=300)
        except subprocess.TimeoutExpired:
            raise ConvertError("pandoc: took more than 300 s (stopped)") from None
        if proc.returncode != 0:
            raise ConvertError("pandoc: " + " ".join(proc.stderr.decode("utf-8", "replace").split()))
        return proc.stdout.decode("utf-8")


def with_front_matter(markdown: str, metadata: dict) -> str:
    """Prepend the merged document metadata (minus Quarto-only keys) as YAML front matter."""
    meta = {k: v for k, v in metadata.items() if k not in _NOT_METADATA}
    if not meta:
        return markdown
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + markdown


def first_heading(markdown: str) -> str | None:
    """Plain text of the first level-1 heading (the documents' title), for <title>."""
    m = re.search(r"^#[ \t]+(.+?)[ \t]*(?:\{[^}]*\})?[ \t]*$", markdown, re.M)
    if not m:
        return None
    return plain_text(m.group(1))


def plain_text(inline_markdown: str) -> str | None:
    """Inline Markdown as the plain text of a <title>: emphasis and code marks go; an escaped
    character (`\\*`) is kept as the character itself."""
    return re.sub(r"\\(.)|[*_`]", lambda t: t.group(1) or "", inline_markdown).strip() or None


# A YAML metadata block as pandoc reads one in the body: `---` opening a paragraph (first line
# or after a blank line) and not followed by a blank line, closed by `---` or `...`.
_METADATA_BLOCK = re.compile(r"(?:\A|\n\n)---[ \t]*\n(?![ \t]*\n)(.*?)\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)", re.S)


def metadata_blocks(markdown: str) -> dict:
    """The metadata set by YAML blocks in executed Markdown (a cell with `output: asis` may print
    one, as pandoc and Quarto read it: a later block's value wins)."""
    found: dict = {}
    for m in _METADATA_BLOCK.finditer(markdown):
        try:
            block = yaml.safe_load(m.group(1))
        except yaml.YAMLError:
            continue  # pandoc reads it as text: not metadata
        if isinstance(block, dict):
            found.update(block)
    return found


def markdown_to_html(markdown: str, *, page: dict, toc: bool = False) -> str:
    """Render a full HTML page with the engine's page template.

    ``page`` holds already-escaped template variables: pagetitle, site-title,
    site-root, nav (list of {href, text, active}), css (list of hrefs),
    formats (list of {href, text, icon}).
    """
    args = ["-t", "html5", "-s", "--template", str(TEMPLATES / "page.html"), "--section-divs", "--wrap=none"]
    if toc:
        args.append("--toc")
    return _pandoc(markdown, args, {"variables": page})


def markdown_to_typst(markdown: str, *, partials: list[Path], options: dict) -> str:
    """Typst source for the document.

    With template partials, compose them with the engine template (pandoc only
    finds partials next to its template, so all go into one temp directory).
    Without partials, pandoc's default typst template is used.
    """
    variables = {k: v for k, v in options.items() if k not in _TYPST_ENGINE_OPTIONS}
    if "keywords" in variables:
        variables["keywords"] = typst_strings(variables["keywords"])
    defaults = {"variables": variables} if variables else None
    if not partials:
        return _pandoc(markdown, ["-t", "typst", "-s", "--wrap=none"], defaults)
    with tempfile.TemporaryDirectory(prefix="klynge-typst-") as tmp:
        tmpdir = Path(tmp)
        for name in ("template.typst", "definitions.typ"):
            shutil.copyfile(TEMPLATES / "typst" / name, tmpdir / name)
        for partial in partials:  # a document's own partial overrides the engine's stand-in
            shutil.copyfile(partial, tmpdir / partial.name)
        for required in ("typst-template.typ", "typst-show.typ"):
            if not (tmpdir / required).exists():
                raise ConvertError(f"template-partials must include {required}")
        args = ["-t", "typst", "-s", "--wrap=none", "--template", str(tmpdir / "template.typst")]
        return _pandoc(markdown, args, defaults)


def typst_strings(values) -> list[str]:
    """Values as Typst string literals: pandoc's template writes keywords into the Typst source
    as they are, so a bare word would be read as a variable (Quarto quotes them)."""
    values = values if isinstance(values, list) else [values]
    return ['"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values]


def pdf_standards(options: dict) -> list[str]:
    """The format's ``pdf-standard`` (one value or a list, e.g. ``[ua-1, a-2a]``) as Typst names
    them; Quarto hands each value to Typst's ``--pdf-standard``."""
    value = options.get("pdf-standard")
    values = value if isinstance(value, list) else ([] if value is None else [value])
    return [str(v).strip().lower() for v in values]


def pdf_timestamp() -> int:
    """The PDF's date (PDF/A requires one): ``SOURCE_DATE_EPOCH`` where set, as reproducible
    builds do, otherwise the start of the build's day (UTC), so builds on one day stay
    byte-identical. Quarto writes the render time instead."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return int(epoch)
    now = int(time.time())
    return now - now % 86400


def typst_to_pdf(source: str, *, doc_dir: Path, root: Path, pdf_path: Path,
                 standards: list[str] | None = None, font_paths: list[Path] | None = None,
                 typst: Typst | None = None) -> None:
    """Compile Typst source to PDF, claiming ``standards`` (Typst checks them and refuses a
    document that breaks one, e.g. an image without alt text under PDF/UA-1). The source is
    written next to the document (hidden temp name) so relative image paths resolve as in the
    document. ``font_paths`` (the format's ``font-paths``) are searched before the system's
    fonts, as Quarto orders them: a font found there wins over an installed one of its name.
    ``typst``: the child process to compile in (see ``Typst``); without it, one just for this PDF."""
    fd, name = tempfile.mkstemp(prefix=".klynge-", suffix=".typ", dir=doc_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(source)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        arguments = dict(input=name, output=str(pdf_path), root=str(root),
                         font_paths=[*map(str, font_paths or []), *FONT_DIRS],
                         pdf_standards=list(standards or []), timestamp=pdf_timestamp())
        if typst is not None:
            typst.compile(arguments)
        else:
            with Typst() as once:
                once.compile(arguments)
    finally:
        os.unlink(name)


# Typst compiles in a child process of its own under a memory, CPU and wall-time limit, as pandoc
# runs with one: a document is a few hundred kB, so a runaway input (an editorial text nested or
# repeated past reason) stops with one line instead of taking the machine. A child (not a thread)
# because only a process can be given a memory limit and be stopped.
TYPST_MEMORY = 4 * 1024**3
TYPST_SECONDS = 300
# The child compiles one document per line of JSON on stdin and answers with one line on stdout.
# The CPU limit is moved on before each document, so each gets its full TYPST_SECONDS. Anything
# Typst itself prints goes to stderr, away from the answers. It ends when its stdin closes (its
# parent closed it or ended), after the document in hand. (Not PR_SET_PDEATHSIG: that follows the
# thread that started the child, and a PDF is compiled in a thread that ends with its document.)
_TYPST_CHILD = """
import json, os, resource, sys
limits = json.loads(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limits["memory"], limits["memory"]))
import typst
answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
for line in sys.stdin:
    used = resource.getrusage(resource.RUSAGE_SELF)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    soft = int(used.ru_utime + used.ru_stime) + 1 + limits["seconds"]
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    try:
        typst.compile(**json.loads(line))
        answer = {}
    except (RuntimeError, ValueError) as exc:
        answer = {"error": str(exc), "diagnostic": str(getattr(exc, "diagnostic", "") or "")}
    answers.write(json.dumps(answer) + "\\n")
    answers.flush()
"""


class Typst:
    """Typst in a child process under the limits above, kept for the documents that follow:
    starting the interpreter and Typst and finding the fonts is paid once per child, not once
    per PDF. The child is started when first needed; one that stopped (at a limit, or killed
    at the wall-clock limit) is replaced by a new one for the next document. Used as a context
    manager, or closed with ``close()``."""

    def __init__(self) -> None:
        self._child: subprocess.Popen | None = None
        self._limits: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> "Typst":
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def close(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            try:
                child.stdin.close()
            except BrokenPipeError:
                pass
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            child.stdout.close()

    def _kill(self) -> int:
        child, self._child = self._child, None
        child.kill()
        code = child.wait()
        for pipe in (child.stdin, child.stdout):
            try:
                pipe.close()
            except BrokenPipeError:
                pass
        return code

    def compile(self, arguments: dict) -> None:
        with self._lock:
            self._compile(arguments)

    def _compile(self, arguments: dict) -> None:
        limits = (TYPST_MEMORY, TYPST_SECONDS)
        if self._child is not None and (self._limits != limits or self._child.poll() is not None):
            self.close()
        if self._child is None:
            self._child = subprocess.Popen(
                [sys.executable, "-c", _TYPST_CHILD, json.dumps({"memory": limits[0], "seconds": limits[1]})],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._limits = limits
        child = self._child
        try:
            child.stdin.write(json.dumps(arguments).encode("utf-8") + b"\n")
            child.stdin.flush()
        except BrokenPipeError:
            pass  # it stopped: the answer below is empty
        ready, _, _ = select.select([child.stdout], [], [], TYPST_SECONDS)
        if not ready:
            self._kill()
            raise ConvertError(f"typst: took more than {TYPST_SECONDS} s (stopped)")
        line = child.stdout.readline()
        if not line:
            code = self._kill()
            raise ConvertError(f"typst: stopped at its limit of {TYPST_MEMORY // 1024**2} MB of memory or "
                               f"{TYPST_SECONDS} s of CPU time (exit {code})")
        answer = json.loads(line.decode("utf-8"))
        if "error" in answer:
            raise ConvertError("typst: " + " ".join(answer["error"].split())[:500] + _typst_kilde(answer["diagnostic"]))


def _typst_kilde(diagnostic: str) -> str:
    """The Typst source line an error points at (Typst's diagnostic shows it), so the caller
    can find what in the document made it: ' [source line: …]', or ''."""
    m = re.search(r"^\s*\d+ │ (.*\S)\s*$", diagnostic, re.M)
    if not m:
        return ""
    linje = " ".join(m.group(1).split())
    return f" [source line: {linje if len(linje) <= 200 else linje[:199] + '…'}]"


def escape(text: str) -> str:
    return html.escape(str(text), quote=True)
