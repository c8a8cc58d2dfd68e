"""The shape of the code (docs/architecture.md): packages by concern, small modules, no
import cycles, tests mirroring the tree. Read from the source with ``ast``: nothing is
imported, so a cycle is found even where Python would tolerate it at run time."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ntm_desktop", "ui")
MAX_LINES = 500
MAX_LOOSE_CORE_MODULES = 12


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The module an import names: itself, or the package holding the imported name."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def module_imports(name: str) -> set[str]:
    """Modules of ours that ``name`` imports when it is imported: statements at module
    level, outside functions and ``if TYPE_CHECKING:`` blocks (those run later, or never)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):
                if "TYPE_CHECKING" in ast.unparse(node.test):
                    visit(node.orelse)
                    continue
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    target = _resolve(alias.name)
                    if target:
                        found.add(target)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else _resolve(base)
                    if target:
                        found.add(target)

    visit(tree.body)
    found.discard(name)
    return found


def _cycles() -> list[list[str]]:
    # A package's __init__ importing its own modules, which import each other, is no cycle;
    # a module importing its package's __init__ (for a name it re-exports) is one.
    graph = {name: module_imports(name) for name in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return components


def test_no_import_cycles():
    assert _cycles() == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    """The check itself works: two modules importing each other are a cycle."""
    (tmp_path / "ntm_desktop").mkdir()
    (tmp_path / "ntm_desktop" / "__init__.py").write_text("")
    (tmp_path / "ntm_desktop" / "a.py").write_text("from ntm_desktop import b\n")
    (tmp_path / "ntm_desktop" / "b.py").write_text("from ntm_desktop.a import thing\n")
    (tmp_path / "ntm_desktop" / "c.py").write_text("def f():\n    from ntm_desktop import a\n")
    monkeypatch.setattr(sys.modules[__name__], "MODULES", {
        "ntm_desktop": tmp_path / "ntm_desktop" / "__init__.py",
        "ntm_desktop.a": tmp_path / "ntm_desktop" / "a.py",
        "ntm_desktop.b": tmp_path / "ntm_desktop" / "b.py",
        "ntm_desktop.c": tmp_path / "ntm_desktop" / "c.py",
    })
    assert _cycles() == [["ntm_desktop.a", "ntm_desktop.b"]]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_500_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)}: {lines} lines"


def test_few_loose_modules_in_the_core():
    loose = sorted(p.stem for p in (ROOT / "ntm_desktop").glob("*.py") if p.stem not in ("__init__", "__main__"))
    assert len(loose) <= MAX_LOOSE_CORE_MODULES, loose


# test folders of a concern that spans the tree instead of mirroring one package: the fuzzer
# drives every file reader (issue 19; docs/fuzzing.md)
ACROSS_THE_TREE = ("fuzz",)


def test_tests_mirror_the_tree_with_a_conftest_per_folder():
    folders = [p for p in (ROOT / "tests").iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    assert len(folders) >= 8
    for folder in folders:
        assert (folder / "conftest.py").exists(), folder.name
        mirrored = (ROOT / "ntm_desktop" / folder.name).is_dir() or (ROOT / folder.name).is_dir()
        assert mirrored or folder.name in ACROSS_THE_TREE, folder.name


def _lazy_imports(path: Path) -> list[tuple[int, str]]:
    """Imports of our own modules inside functions: (line, statement)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] in PACKAGES):
                    out.append((node.lineno, ast.unparse(node)))
                elif isinstance(node, ast.Import) and any(a.name.split(".")[0] in PACKAGES for a in node.names):
                    out.append((node.lineno, ast.unparse(node)))
    return sorted(set(out))


def _has_measured_reason(lines: list[str], lineno: int) -> bool:
    """A comment with a figure on the import's line, or in the comment/import lines just above."""
    i = lineno - 1
    if "#" in lines[i] and any(ch.isdigit() for ch in lines[i].split("#", 1)[1]):
        return True
    i -= 1
    while i >= 0 and (lines[i].strip().startswith(("#", "from ", "import ", ")")) or lines[i].strip().endswith(",")):
        if lines[i].strip().startswith("#") and any(ch.isdigit() for ch in lines[i]):
            return True
        i -= 1
    return False


def test_imports_inside_functions_say_what_they_save():
    """Imports sit at the top of modules; the few kept inside functions keep start-up fast,
    and each says so with its measured figure (a comment with a number)."""
    unexplained = []
    for path in MODULES.values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, statement in _lazy_imports(path):
            if not _has_measured_reason(lines, lineno):
                unexplained.append(f"{path.relative_to(ROOT)}:{lineno}: {statement}")
    assert unexplained == []
