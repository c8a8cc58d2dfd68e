"""Resolving the names people type to units, with close matches when nothing fits.

A commune is always looked for together with its district, since names repeat across
districts (Đăk Long is in two). Matching goes exact first (NFC match keys, names and
aliases), then accent-insensitive; suggestions come from :func:`ntm_desktop.text.closest`
(at most 5, similarity 0.5 or more).
"""

from __future__ import annotations

import json

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.units.records import Unit, get

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any

IN_FORCE = "(u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)"


def candidates(
    store: Store, level: str, name: str, parent_ids: list[int] | None, on: str | None = None
) -> list[Unit]:
    """The units of ``level`` (under ``parent_ids``, in force on the day ``on``) that ``name``
    may mean: exact matches of the name or an alias if there are any, else accent-insensitive ones."""
    key = text.match_key(name)
    where = "u.level = ?"
    params: list[Any] = [level]
    if on is not None:
        where += " AND " + IN_FORCE
        params += [on, on]
    if parent_ids is not None:
        where += f" AND u.parent_id IN ({', '.join('?' for _ in parent_ids)})"
        params += parent_ids
    exact = store.query(
        f"SELECT DISTINCT u.* FROM units u LEFT JOIN unit_aliases a ON a.unit_id = u.id"
        f" WHERE {where} AND (u.name_key = ? OR a.alias_key = ?)",
        [*params, key, key],
    )
    if exact:
        return [Unit.from_row(r) for r in exact]
    # accent-insensitive; unaccented input may begin with an accented name's first word
    # ("xa nghia" for the alias "Xa Nghĩa"), so the unstripped form is tried as well
    folded = {text.search_key(name), text.fold(name)}
    rows = store.query(
        f"SELECT u.*, group_concat(a.alias, '|') AS aliases FROM units u"
        f" LEFT JOIN unit_aliases a ON a.unit_id = u.id WHERE {where} GROUP BY u.id",
        params,
    )
    found = []
    for row in rows:
        names = [row["name"], *(row["aliases"].split("|") if row["aliases"] else [])]
        if any(text.search_key(n) in folded for n in names):
            found.append(Unit.from_row(row))
    return found


def _suggest(store: Store, level: str, name: str, parent_ids: list[int] | None) -> list[str]:
    sql = "SELECT u.name, p.name AS parent FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.level = ?"
    params: list[Any] = [level]
    if parent_ids is not None:
        sql += f" AND u.parent_id IN ({', '.join('?' for _ in parent_ids)})"
        params += parent_ids
    rows = store.query(sql, params)
    # a name may occur in several districts (Đăk Long): keep every one of them
    labels: dict[str, list[str]] = {}
    for r in rows:
        label = f"{r['name']} ({r['parent']})" if level == "commune" else r["name"]
        labels.setdefault(r["name"], []).append(label)
    best = text.closest(name, list(labels), limit=5, cutoff=0.5)
    return [label for b in best for label in sorted(labels[b], key=text.sort_key)]


def resolve_district(store: Store, name: str) -> Unit:
    found = candidates(store, "district", name, None)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InputRejected(
            "unit.ambiguous_district", name=name, districts=", ".join(u.name for u in found)
        )
    suggestions = _suggest(store, "district", name, None)
    details = [text_suggest(suggestions)] if suggestions else []
    raise InputRejected("unit.unknown_district", details, name=name)


def text_suggest(names: list[str]) -> str:
    return t("unit.suggest", names="; ".join(names))


def resolve_commune(store: Store, commune: str, district: str | None = None, on: str | None = None) -> Unit:
    """The commune named ``commune`` (in ``district``), or InputRejected with close matches.

    Named without its district and with a day ``on`` (a period's last day), the commune is
    looked for among the units in force that day first (the new xã Ia Chim in 2026, the
    old one in 2020), and among all of them when none of those has the name."""
    parent_ids = [resolve_district(store, district).id] if district else None
    found = candidates(store, "commune", commune, None, on) if on and not district else []
    if not found:
        found = candidates(store, "commune", commune, parent_ids)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(sorted((get(store, u.parent_id).name for u in found if u.parent_id), key=text.sort_key))
        raise InputRejected("unit.ambiguous_commune", name=commune, districts=names)
    suggestions = _suggest(store, "commune", commune, parent_ids)
    if not suggestions and parent_ids is not None:
        suggestions = _suggest(store, "commune", commune, None)
    where = t("unit.in_district", district=get(store, parent_ids[0]).name) if parent_ids else ""
    details = [text_suggest(suggestions)] if suggestions else []
    raise InputRejected("unit.unknown_commune", details, name=commune, where=where)


def resolve_code(store: Store, code: str, on: str | None = None) -> Unit:
    """The commune-level unit with the GSO code ``code`` (``--code N``). A code names a unit
    together with a date (the new xã Ia Chim keeps 23326, the old one's code): with a day
    ``on`` (a period's last day) the unit in force that day; without, or when none is in
    force that day, the only unit holding the code; otherwise InputRejected naming them."""
    code = text.clean(code)
    rows = store.query("SELECT u.* FROM units u WHERE u.level = 'commune' AND u.code = ?"
                       " ORDER BY coalesce(u.valid_from, '')", [code])
    held = [Unit.from_row(r) for r in rows]
    if on is not None:
        current = [Unit.from_row(r) for r in rows if (r["valid_from"] or "") <= on
                   and (r["valid_to"] is None or r["valid_to"] >= on)]
        if len(current) == 1:
            return current[0]
    if len(held) == 1:
        return held[0]
    if not held:
        raise InputRejected("unit.unknown_code", code=code)
    spans = [f"{u.name} ({r['valid_from'] or '…'} – {r['valid_to'] or '…'})" for u, r in zip(held, rows, strict=True)]
    raise InputRejected("unit.code_on_date", code=code, date=on or "", units="; ".join(spans))


def resolve_any(store: Store, wanted: str, on: str | None = None) -> Unit:
    """Any unit, a province, a district or a commune, by GSO code or name (``--unit``: an old
    district, a province of either era). Several units answering (a code reused by the reform,
    a name of two levels): the one in force on ``on``, else the larger (a province before a
    district before a commune) when only one is that large; otherwise InputRejected naming them."""
    cleaned = text.clean(wanted)
    if cleaned.isdigit():
        found = [Unit.from_row(r) for r in store.query("SELECT u.* FROM units u WHERE u.code = ?", [cleaned])]
    else:
        found = [u for level in ("province", "district", "commune") for u in candidates(store, level, cleaned, None)]
    if on is not None and len(found) > 1:
        rows = {r["id"]: r for r in store.query(
            f"SELECT u.id FROM units u WHERE {IN_FORCE} AND u.id IN (SELECT value FROM json_each(?))",
            [on, on, json.dumps([u.id for u in found])])}
        found = [u for u in found if u.id in rows] or found
    if len(found) > 1:
        rank = {"province": 0, "district": 1, "commune": 2}
        top = min(rank.get(u.level, 3) for u in found)
        largest = [u for u in found if rank.get(u.level, 3) == top]
        found = largest if len(largest) == 1 else found
    if len(found) == 1:
        return found[0]
    if found:
        raise InputRejected("unit.ambiguous_any", name=wanted,
                            units="; ".join(sorted(f"{u.name} ({u.level}, {u.code or '–'})" for u in found)))
    raise InputRejected("unit.unknown_any", name=wanted)
