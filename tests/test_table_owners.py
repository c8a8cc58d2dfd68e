"""One owner per table: every table is written by one module, named here.

The SQL in the core and the window is read with ``ast`` (string constants and f-strings,
docstrings left out): each ``INSERT [OR …] INTO``, ``REPLACE INTO``, ``UPDATE [OR …]``
or ``DELETE FROM`` names the table it writes. A table written from a module other than
its owner below, or not listed at all, fails: a new writer is a decision taken here,
not a line of SQL added where it was handy. Everyone else writes through the owner's
functions (``Store.set_meta``, ``audit.record``, ``units.store_state`` …).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ntm_desktop", "ui")

OWNERS = {
    # the store: its settings and clock, the change log
    "meta": "ntm_desktop.store.database",
    "changes": "ntm_desktop.store.audit",
    # the kept per-commune summary masks and their marks (migration 0013; triggers on criterion_results)
    "summary_masks": "ntm_desktop.store.masks",
    "summary_built": "ntm_desktop.store.masks",
    "summary_dirty": "ntm_desktop.store.masks",
    # units
    "units": "ntm_desktop.units.state",
    "unit_aliases": "ntm_desktop.units.state",
    "unit_events": "ntm_desktop.units.events",
    "unit_classes": "ntm_desktop.units.classes",  # commune groups and regions, dated (issue 17 part 3)
    "recognitions": "ntm_desktop.store.record_table",  # đạt chuẩn NTM … and revocations (issue 17 part 6)
    # targets, funding and the reporting cycle (issue 18)
    "targets": "ntm_desktop.store.record_table",
    "funding": "ntm_desktop.store.record_table",
    "period_states": "ntm_desktop.store.record_table",
    # criteria sets
    "criteria_sets": "ntm_desktop.criteria.tables",
    "criteria": "ntm_desktop.criteria.tables",
    "responsibilities": "ntm_desktop.criteria.tables",
    "indicators": "ntm_desktop.criteria.tables",
    "thresholds": "ntm_desktop.criteria.tables",
    "criteria_set_versions": "ntm_desktop.criteria.tables",  # versions of a set (issue 17 part 2)
    "year_sets": "ntm_desktop.criteria.years",
    # assessments
    "indicator_values": "ntm_desktop.assessments.indicator_values",
    "criterion_results": "ntm_desktop.assessments.criterion_results",
    # SQLite's planner statistics (ANALYZE and PRAGMA optimize write them): a package import that
    # rebuilt the two secondary indexes of criterion_results puts their rows back (DROP INDEX drops them)
    "sqlite_stat1": "ntm_desktop.assessments.criterion_results",
    # twinning (written through table names held in a mapping: see DYNAMIC)
    "agencies": "ntm_desktop.store.record_table",
    "twinnings": "ntm_desktop.store.record_table",
    "contributions": "ntm_desktop.store.record_table",
    # sync's own tables
    "sync_packages": "ntm_desktop.sync.trust.ledger",
    "sync_watermarks": "ntm_desktop.sync.trust.ledger",
    "sync_peers": "ntm_desktop.sync.trust.peers",
    "sync_conflicts": "ntm_desktop.sync.merge.conflicts",
    # scratch tables of an import's history (an attached database, a temporary table)
    "raw": "ntm_desktop.sync.merge.history_stage",
    "temp.sync_held": "ntm_desktop.sync.merge.history_stage",
}

# modules that write a table named by an expression (``UPDATE {table} …``), with the
# tables that expression may stand for
DYNAMIC = {
    # the one writer of the record tables declared in <area>/records.py (RecordTable, SyncRows)
    "ntm_desktop.store.record_table": ("agencies", "twinnings", "contributions", "recognitions", "targets", "funding",
                                 "period_states"),
}

_WRITE = re.compile(
    r"\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+[A-Z]+)?|DELETE\s+FROM)"
    r"\s+(\{[^}]*\}|[A-Za-z_][\w.]*|$)"
)
_NOT_TABLES = {"SET"}  # ``ON CONFLICT … DO UPDATE SET``


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _strings(tree: ast.AST) -> list[str]:
    """The module's string constants and f-strings (an f-string's expressions as
    ``{expr}``), docstrings and other bare string statements left out."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            skip.add(id(node.value))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            out.append("".join(
                str(part.value) if isinstance(part, ast.Constant)
                else "{" + ast.unparse(part.value) + "}"  # type: ignore[attr-defined]
                for part in node.values
            ))
    return out


def table_writes(source: str) -> set[str]:
    """The tables the SQL in ``source`` writes (``main.`` dropped; an expression as
    ``{expr}``, a statement whose table is concatenated later as ``{}``)."""
    found = set()
    for string in _strings(ast.parse(source)):
        for match in _WRITE.finditer(string):
            table = match.group(1) or "{}"
            if table not in _NOT_TABLES:
                found.add(table.removeprefix("main."))
    return found


def _writers() -> dict[str, set[str]]:
    """table → the modules writing it."""
    out: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module(path)
            for table in table_writes(path.read_text(encoding="utf-8")):
                tables = DYNAMIC.get(module, (table,)) if table.startswith("{") else (table,)
                if table.startswith("{") and module not in DYNAMIC:
                    tables = (f"{table} (a table named by an expression)",)
                for name in tables:
                    out.setdefault(name, set()).add(module)
    return out


def test_every_table_is_written_by_its_one_owner() -> None:
    wrong = {
        table: sorted(modules - {OWNERS.get(table, "")}) for table, modules in _writers().items()
        if modules != {OWNERS.get(table)}
    }
    assert not wrong, f"tables written outside their owner (tests/test_table_owners.py OWNERS): {wrong}"


def test_every_listed_owner_writes_its_table() -> None:
    """No stale line: a table listed is written, by its owner."""
    writers = _writers()
    assert sorted(t for t in OWNERS if OWNERS[t] not in writers.get(t, set())) == []
    assert all(set(tables) <= {t for t, m in OWNERS.items() if m == module} for module, tables in DYNAMIC.items())


def test_the_scan_sees_every_form_of_write() -> None:
    source = '''
"""A docstring naming INSERT INTO units is no write."""
A = "INSERT INTO units (a) VALUES (?) ON CONFLICT(a) DO UPDATE SET a = excluded.a"
B = f"UPDATE {table} SET hlc = ?"
C = ("DELETE FROM main.changes"
     " WHERE id = ?")
D = "INSERT OR IGNORE INTO temp.sync_held VALUES (?)"
E = "REPLACE INTO meta VALUES (?, ?)"
F = "UPDATE " + name
G = "SELECT * FROM units WHERE nkey = ?"
'''
    assert table_writes(source) == {"units", "{table}", "changes", "temp.sync_held", "meta", "{}"}
