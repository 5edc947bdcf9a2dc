"""Typst runs under a memory and time limit, as pandoc does (probe 2026-12-07, C8): a runaway
document stops with one line, and an ordinary one compiles as before."""

from __future__ import annotations

import time

import pytest

from klynge.render import convert


def test_a_typst_document_past_the_memory_limit_stops_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "TYPST_MEMORY", 512 * 1024**2)
    start = time.monotonic()
    with pytest.raises(convert.ConvertError) as fejl:
        convert.typst_to_pdf("#let a = range(300000000)\n#a.len()\n", doc_dir=tmp_path, root=tmp_path,
                             pdf_path=tmp_path / "x.pdf")
    assert str(fejl.value).startswith("typst: stopped at its limit of 512 MB of memory or 300 s of CPU time")
    assert time.monotonic() - start < 60
    assert not (tmp_path / "x.pdf").exists()


def test_a_typst_error_still_names_the_source_line(tmp_path):
    with pytest.raises(convert.ConvertError, match=r"^typst: label `<nowhere>` does not exist.*"
                                                   r"\[source line: #link\(<nowhere>\)\[x\]\]$"):
        convert.typst_to_pdf("#link(<nowhere>)[x]\n", doc_dir=tmp_path, root=tmp_path, pdf_path=tmp_path / "y.pdf")


def test_an_ordinary_typst_document_compiles_under_the_limit(tmp_path):
    convert.typst_to_pdf("= Overskrift\n\nTekst.\n", doc_dir=tmp_path, root=tmp_path, pdf_path=tmp_path / "z.pdf")
    assert (tmp_path / "z.pdf").read_bytes().startswith(b"%PDF")


def test_a_typst_kept_for_the_next_documents_compiles_them_after_one_stopped_at_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "TYPST_MEMORY", 512 * 1024**2)
    with convert.Typst() as typst:
        with pytest.raises(convert.ConvertError, match=r"^typst: stopped at its limit of 512 MB"):
            convert.typst_to_pdf("#let a = range(300000000)\n#a.len()\n", doc_dir=tmp_path, root=tmp_path,
                                 pdf_path=tmp_path / "x.pdf", typst=typst)
        with pytest.raises(convert.ConvertError, match=r"^typst: label `<nowhere>` does not exist"):
            convert.typst_to_pdf("#link(<nowhere>)[x]\n", doc_dir=tmp_path, root=tmp_path,
                                 pdf_path=tmp_path / "y.pdf", typst=typst)
        for navn in ("a.pdf", "b.pdf"):
            convert.typst_to_pdf("= Overskrift\n\nTekst.\n", doc_dir=tmp_path, root=tmp_path,
                                 pdf_path=tmp_path / navn, typst=typst)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
