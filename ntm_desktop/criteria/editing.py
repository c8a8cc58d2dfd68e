"""Editing a criteria set's document: pure functions returning a changed, validated copy.

The window's set editor and tests call these; nothing is stored until :func:`save_edited`
loads the edited document as a new version of the set (docs/criteria-format.md "Versions").
A threshold cell is typed as text and read by the workbook's parser
(:func:`ntm_desktop.criteria.workbook.thresholds.parse`): ``≥ 90%``, ``≤ 5,5%``, ``Đạt``…; any
other text is kept as a qualitative threshold, and an empty cell removes the column's
threshold. The editor stores only what a person types: no threshold is ever made up.

This module imports the evaluator (to recompute statuses after a save), so
``ntm_desktop.criteria`` does not import it: callers do.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ntm_desktop import text
from ntm_desktop.assessments import evaluator
from ntm_desktop.criteria.documents import TYPES, validate
from ntm_desktop.criteria.tables import load_document
from ntm_desktop.criteria.workbook.thresholds import Parsed, parse, write
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import backup
from ntm_desktop.store.database import Store

Document = dict[str, Any]
# keys a published version carries; an edit is a draft again
_PUBLICATION = ("version", "published")


def document(store: Store, code: str) -> Document:
    """The current document of a loaded set (a copy to edit)."""
    rows = store.query("SELECT content FROM criteria_sets WHERE code = ?", [text.clean(code)])
    if not rows:
        known = ", ".join(r["code"] for r in store.query("SELECT code FROM criteria_sets ORDER BY code")) or "—"
        raise InputRejected("criteria.unknown_set", code=code, codes=known)
    data: Document = json.loads(rows[0]["content"])
    return data


def checked(doc: Document) -> Document:
    """Validate an edited document (the refusal names the criterion or indicator)."""
    validate(doc, Path(f"{doc.get('code')}"))
    return doc


def _criterion(doc: Document, number: int) -> dict[str, Any]:
    for crit in doc["criteria"]:
        if crit["number"] == number:
            return crit
    raise InputRejected("criteria.unknown_criterion", set=doc.get("code"), number=number)


def _indicator(doc: Document, code: str) -> tuple[dict[str, Any], dict[str, Any]]:
    wanted = text.clean(code)
    for crit in doc["criteria"]:
        for ind in crit["indicators"]:
            if ind["code"] == wanted:
                return crit, ind
    raise InputRejected("criteria.unknown_indicator", set=doc.get("code"), code=code)


def rename_criterion(doc: Document, number: int, name: str) -> Document:
    out = copy.deepcopy(doc)
    if not text.clean(name):
        raise InputRejected("ce.empty_name", what=str(number))
    _criterion(out, number)["name"] = text.clean(name)
    return checked(out)


def set_indicator(doc: Document, code: str, *, name: str | None = None, value_type: str | None = None,
                  unit: str | None = None, clear_unit: bool = False) -> Document:
    """Change an indicator's name, value type (bool, percent, number, text) or unit."""
    out = copy.deepcopy(doc)
    _crit, ind = _indicator(out, code)
    if name is not None:
        if not text.clean(name):
            raise InputRejected("ce.empty_name", what=code)
        ind["name"] = text.clean(name)
    if value_type is not None:
        if value_type not in TYPES:
            raise InputRejected("ce.bad_type", code=code, types=", ".join(TYPES))
        ind["type"] = value_type
    if clear_unit:
        ind["unit"] = None
    elif unit is not None:
        ind["unit"] = text.clean(unit) or None
    return checked(out)


def add_indicator(doc: Document, number: int, code: str, name: str, value_type: str,
                  unit: str | None = None) -> Document:
    """A new indicator at the end of criterion ``number`` (no threshold until one is typed)."""
    out = copy.deepcopy(doc)
    if value_type not in TYPES:
        raise InputRejected("ce.bad_type", code=code, types=", ".join(TYPES))
    if not text.clean(name):
        raise InputRejected("ce.empty_name", what=code)
    crit = _criterion(out, number)
    source = out["sources"][0]["id"] if out.get("sources") else None
    crit["indicators"].append({"code": text.clean(code), "name": text.clean(name), "type": value_type,
                               "unit": text.clean(unit or "") or None, "certainty": "V", "source": source,
                               "thresholds": []})
    return checked(out)


def remove_indicator(doc: Document, code: str) -> Document:
    """Remove an indicator (a criterion keeps at least one). Values entered against it stay stored
    (docs/criteria-format.md): the indicator is kept in the tables while values use it."""
    out = copy.deepcopy(doc)
    crit, ind = _indicator(out, code)
    crit["indicators"].remove(ind)
    return checked(out)


def move_indicator(doc: Document, code: str, offset: int) -> Document:
    """Move an indicator ``offset`` places up (negative) or down within its criterion."""
    out = copy.deepcopy(doc)
    crit, ind = _indicator(out, code)
    items = crit["indicators"]
    at = items.index(ind)
    to = max(0, min(len(items) - 1, at + offset))
    items.insert(to, items.pop(at))
    return checked(out)


def column_cell(doc: Document, code: str, column: str) -> str:
    """The text of an indicator's open-ended threshold in ``column`` as the editor shows it."""
    _crit, ind = _indicator(doc, code)
    for th in ind.get("thresholds") or []:
        if th["region"] == column and th.get("year_from") is None and th.get("year_to") is None:
            return write(th.get("op"), th.get("value"), th.get("text"), ind["type"], th.get("unit"))
    return ""


def set_threshold(doc: Document, code: str, column: str, typed: str, *, source: str | None = None) -> Document:
    """Set the open-ended threshold of ``column`` from typed text (year-bounded thresholds stay).
    ``source``: the id of a listed source the threshold cites, by default the indicator's own
    (else the set's first). An empty cell or a dash removes the column's open-ended threshold."""
    out = copy.deepcopy(doc)
    _crit, ind = _indicator(out, code)
    read = parse(typed)
    kept = [th for th in ind.get("thresholds") or []
            if th["region"] != column or th.get("year_from") is not None or th.get("year_to") is not None]
    if read.kind != "none":
        cited = source or ind.get("source") or (out["sources"][0]["id"] if out.get("sources") else None)
        if read.kind == "bool" and ind["type"] in ("percent", "number"):
            read = Parsed("text", text=read.text)  # a yes/no word stays text for a number
        elif read.kind in ("percent", "number") and ind["type"] in ("bool", "text"):
            raise InputRejected("ce.type_mismatch", code=code, typed=text.clean(typed), type=ind["type"])
        threshold = read.threshold(column, str(cited))
        if read.kind == "number" and ind["type"] == "percent":
            threshold["unit"] = "%"
        kept.append(threshold)
    ind["thresholds"] = kept
    return checked(out)


def add_source(doc: Document, title: str, *, url: str | None = None, note: str | None = None) -> tuple[Document, str]:
    """A new source (the decision a threshold cites); returns the copy and the source's id."""
    out = copy.deepcopy(doc)
    if not text.clean(title):
        raise InputRejected("ce.empty_name", what="source")
    taken = {s.get("id") for s in out.get("sources") or []}
    number = len(taken) + 1
    while f"S{number}" in taken:
        number += 1
    entry: dict[str, Any] = {"id": f"S{number}", "title": text.clean(title)}
    if url:
        entry["url"] = text.clean(url)
    if note:
        entry["note"] = text.clean(note)
    out.setdefault("sources", []).append(entry)
    return checked(out), entry["id"]


def save_edited(store: Store, doc: Document, *, source_note: str | None = None) -> int | None:
    """Load an edited document as a new version of its set (logged), after an automatic backup,
    and recompute the statuses computed from it. Returns the new version number, or None when
    the document is the stored one. The edit is a draft until it is published."""
    out = {k: v for k, v in copy.deepcopy(doc).items() if k not in _PUBLICATION}
    checked(out)
    stored = store.query("SELECT content FROM criteria_sets WHERE code = ?", [text.clean(out["code"])])
    if stored:
        before = {k: v for k, v in json.loads(stored[0]["content"]).items() if k not in _PUBLICATION}
        if before == out:
            return None
    backup.auto_backup(store, "edit")
    if not load_document(store, out, source="edited", note=text.clean(source_note or "") or None):
        return None
    evaluator.recompute_sets(store, {text.clean(out["code"])})
    rows = store.query("SELECT version FROM criteria_sets WHERE code = ?", [text.clean(out["code"])])
    return int(rows[0]["version"])
