"""Which local files a document's page may link to and publish, and links between documents."""

from __future__ import annotations

import html as htmllib
import os
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import RefusedLink


_URL_ATTR = re.compile(r'\b(src|href)="([^"]*)"')
_QMD_SUFFIX = re.compile(r"\.qmd(?=$|[#?])")


def _local_target(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith(("#", "/")):
        return None
    return unquote(parts.path)


def rewrite_qmd_links(page_html: str) -> str:
    """Links to other documents point at their rendered pages, as in Quarto."""
    def fix(m: re.Match) -> str:
        target = _local_target(m.group(2))
        if m.group(1) == "href" and target and target.endswith(".qmd"):
            url = _QMD_SUFFIX.sub(".html", m.group(2), count=1)
            return f'href="{url}"'
        return m.group(0)
    return _URL_ATTR.sub(fix, page_html)


class _Resources:
    """Which local files a document's page may publish.

    Only what the document made (its output folder in the build, where its cells write and its
    figures go) and project files that are the document's own: named in its source text, or
    written beside it while it ran (as a Quarto document writes its charts). A link made from
    data or editorial text to any other project file (the answers in data/, the build cache)
    is refused, and a link that climbs out of the site is refused too. Files are looked up by
    the same path the page uses, so the published file is the one the page names.
    """

    def __init__(self, project_dir: Path, doc_rel: str, job: Path, chunks, out_name: str):
        self.project_dir, self.doc_rel, self.job, self.out_name = project_dir, doc_rel, job, out_name
        self.doc_dir_rel = posixpath.dirname(doc_rel)
        self.named = {rel for rel in (self.site_path(t, strict=False) for t in _source_urls(chunks)) if rel}
        self.before = _tree_state(project_dir / self.doc_dir_rel, out_name)

    def site_path(self, target: str, *, strict: bool = True) -> str | None:
        """``target`` (relative to the document) as a path from the site's root; a target
        outside the site is an error (or ``None`` when not ``strict``)."""
        rel = posixpath.normpath(posixpath.join(self.doc_dir_rel, target.replace("\\", "/")))
        if rel == ".." or rel.startswith("../") or rel.startswith("/"):
            if strict:
                raise RefusedLink(f"{self.doc_rel}: the page links to {target}, which is outside the site", target)
            return None
        return rel

    def take_own_files(self) -> None:
        """Copy into the document's build folder the project files it may use (named in its
        source or written while it ran), so that Typst, whose root is that folder, and the
        page find them there and nothing else."""
        changed = _tree_state(self.project_dir / self.doc_dir_rel, self.out_name)
        written = {posixpath.normpath(posixpath.join(self.doc_dir_rel, rel))
                   for rel, state in changed.items() if self.before.get(rel) != state}
        for rel in sorted(self.named | written):
            src = self.project_dir / rel
            dest = self.job / rel
            if _publishable_source(src, rel, self.out_name) and not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)

    def linked(self, page_html: str, own: set[str]) -> set[str]:
        """The local files the page links to, all in the document's build folder (``own``: the
        document's other outputs, such as its PDF, which may still be in the making)."""
        found = set()
        for _, url in _URL_ATTR.findall(page_html):
            target = _local_target(htmllib.unescape(url))
            if not target or target.endswith((".qmd", ".html")):
                continue
            rel = self.site_path(target)
            if rel in own or _other_documents_output(self.project_dir, rel):
                continue
            path = self.job / rel
            if path.is_file() and not path.is_symlink():
                found.add(rel)
            elif (self.project_dir / rel).exists():
                raise RefusedLink(f"{self.doc_rel}: the page links to {target}, a project file the document "
                                  "neither made nor names in its source; it is not published", target)
        return found


def _other_documents_output(project_dir: Path, rel: str) -> bool:
    """A link to another document's output (``reports/x.pdf`` for ``reports/x.qmd``): that
    document publishes it, not this one."""
    stem, ext = posixpath.splitext(rel)
    return bool(ext) and (project_dir / f"{stem}.qmd").is_file()


_SOURCE_URL = re.compile(r"\]\(\s*<?([^\s)>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)


def _source_urls(chunks) -> list[str]:
    """Local link and image targets written in a document's own Markdown (not its output), and
    Markdown links its code spells out literally to a file in the document's own folder
    (``print('![…](img/x.svg)')``, as in Quarto 1.10's figure case): never up out of the folder
    or into a hidden one, so a cell cannot publish data by naming it."""
    urls = []
    for chunk in chunks:
        text = getattr(chunk, "text", None)
        in_code = text is None
        if in_code:
            text = getattr(chunk, "source", None) or ""
        for m in _SOURCE_URL.finditer(text):
            target = _local_target(next(g for g in m.groups() if g))
            if target and in_code:
                parts = posixpath.normpath(target).split("/")
                if target.startswith("/") or any(p == ".." or p.startswith((".", "_")) for p in parts):
                    continue
            if target:
                urls.append(target)
    return urls


def _publishable_source(path: Path, rel: str, out_name: str) -> bool:
    parts = rel.split("/")
    hidden = any(p.startswith(".") for p in parts) or parts[0] == out_name or parts[0].startswith(f"{out_name}.")
    return not hidden and path.is_file() and not path.is_symlink()


def _tree_state(folder: Path, out_name: str) -> dict[str, tuple]:
    """(mtime, size, inode) of every file below ``folder``, skipping hidden and underscore
    folders (Quarto's own and the output), so a write or a replacement shows as a change."""
    state = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_")) and d != out_name]
        for name in files:
            path = os.path.join(root, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            state[os.path.relpath(path, folder).replace(os.sep, "/")] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return state


def _relative_href(target_rel: str, page_rel: str) -> str:
    return posixpath.relpath(target_rel, posixpath.dirname(page_rel) or ".")


def _find_file(name: str, doc_dir: Path, project_dir: Path) -> Path | None:
    for base in ((project_dir,) if name.startswith("/") else (doc_dir, project_dir)):
        path = base / name.lstrip("/")
        if path.is_file():
            return path
    return None
