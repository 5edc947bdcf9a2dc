"""Where a document finds the project's files, whatever folder the renderer calls the root."""

from __future__ import annotations

from klynge.projekt import find_rod


def _projekt(tmp_path):
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    return tmp_path


def test_the_root_quarto_names_for_a_listed_document_is_the_project(tmp_path, monkeypatch):
    rod = _projekt(tmp_path)
    monkeypatch.setenv("QUARTO_PROJECT_ROOT", str(rod))
    assert find_rod() == rod.resolve()


def test_a_document_outside_the_render_list_still_finds_the_project_above_its_folder(tmp_path, monkeypatch):
    # Quarto names the document's own folder (reports/) the root of such a file.
    rod = _projekt(tmp_path)
    monkeypatch.setenv("QUARTO_PROJECT_ROOT", str(rod / "reports"))
    assert find_rod() == rod.resolve()


def test_without_the_variable_the_project_is_found_from_the_working_directory(tmp_path, monkeypatch):
    rod = _projekt(tmp_path)
    monkeypatch.delenv("QUARTO_PROJECT_ROOT", raising=False)
    monkeypatch.chdir(rod / "reports")
    assert find_rod() == rod.resolve()
