"""The package's imports run one way: data → metrics → the sheet's words and charts → documents →
site and releases. Every import is read, those inside functions included (an import that dodges a
cycle by sitting in a function is still a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

import klynge

PAKKE = Path(klynge.__file__).parent
# The command line imports its commands' modules when they run, for its start-up time.
KOMMANDOLINJE = "klynge.cli"
HOEJST_FUNKTIONSIMPORTER = 15


def _moduler() -> dict[str, Path]:
    moduler = {}
    for fil in PAKKE.rglob("*.py"):
        navn = ".".join(("klynge",) + fil.relative_to(PAKKE).with_suffix("").parts)
        moduler[navn.removesuffix(".__init__")] = fil
    return moduler


MODULER = _moduler()


def _modul(navn: str) -> str:
    while navn and navn not in MODULER:
        navn = navn.rpartition(".")[0]
    return navn


def _maal(modul: str, fil: Path, node: ast.AST) -> set[str]:
    """The klynge modules an import statement loads (`from klynge.ark import tal` loads klynge.ark.tal)."""
    if isinstance(node, ast.Import):
        navne = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        fra = node.module or ""
        if node.level:
            pakke = modul if fil.name == "__init__.py" else modul.rpartition(".")[0]
            for _ in range(node.level - 1):
                pakke = pakke.rpartition(".")[0]
            fra = pakke + ("." + fra if fra else "")
        under = [f"{fra}.{a.name}" for a in node.names if f"{fra}.{a.name}" in MODULER]
        navne = under if len(under) == len(node.names) else [fra, *under]
    else:
        return set()
    return {m for m in map(_modul, (n for n in navne if n == "klynge" or n.startswith("klynge."))) if m and m != modul}


def _importer() -> list[tuple[str, ast.AST, set[str], bool, str]]:
    """(module, node, targets, inside a function or class, the source line)."""
    ud = []
    for modul, fil in MODULER.items():
        kilde = fil.read_text(encoding="utf-8")
        linjer = kilde.splitlines()
        trae = ast.parse(kilde)
        oeverst = {id(n) for top in trae.body if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                       ast.ClassDef)) for n in ast.walk(top)}
        for node in ast.walk(trae):
            if maal := _maal(modul, fil, node):
                ud.append((modul, node, maal, id(node) not in oeverst, linjer[node.end_lineno - 1]))
    return ud


def _cyklusser() -> list[list[str]]:
    graf: dict[str, set[str]] = {m: set() for m in MODULER}
    for modul, _, maal, _, _ in _importer():
        graf[modul] |= maal
    cyklusser, farve = [], dict.fromkeys(graf, 0)

    def besoeg(m: str, sti: list[str]) -> None:
        farve[m] = 1
        for n in sorted(graf[m]):
            if farve[n] == 1:
                cyklusser.append(sti[sti.index(n):] + [n])
            elif farve[n] == 0:
                besoeg(n, sti + [n])
        farve[m] = 2

    for m in sorted(graf):
        if farve[m] == 0:
            besoeg(m, [m])
    return cyklusser


def test_no_module_of_klynge_imports_itself_through_others():
    assert _cyklusser() == []


def _funktionsimporter() -> list[str]:
    return [f"{modul}:{node.lineno}: {linje.strip()}" for modul, node, _, i_funktion, linje in _importer()
            if i_funktion and modul != KOMMANDOLINJE]


def test_at_most_15_imports_of_klynge_modules_sit_inside_functions_outside_the_command_line():
    assert len(_funktionsimporter()) <= HOEJST_FUNKTIONSIMPORTER, "\n".join(_funktionsimporter())


def test_every_import_inside_a_function_says_what_it_buys():
    uden_grund = [imp for imp in _funktionsimporter() if "#" not in imp.partition(": ")[2]]
    assert uden_grund == []


def test_the_checker_finds_a_cycle_made_by_an_import_inside_a_function(monkeypatch, tmp_path):
    """The checker is not blind to the way cycles used to hide."""
    (tmp_path / "a.py").write_text("def f():\n    from klynge.b import x\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from klynge.a import f\n", encoding="utf-8")
    monkeypatch.setitem(MODULER, "klynge.a", tmp_path / "a.py")
    monkeypatch.setitem(MODULER, "klynge.b", tmp_path / "b.py")
    assert ["klynge.a", "klynge.b", "klynge.a"] in _cyklusser()
