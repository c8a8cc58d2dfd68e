"""Resolving the names people type to units, with close matches when nothing fits.

A commune is always looked for together with its district, since names repeat across
districts (Đăk Long is in two). Matching goes exact first (NFC match keys, names and
aliases), then accent-insensitive; suggestions come from :func:`ntm_desktop.text.closest`
(at most 5, similarity 0.5 or more).
"""

from __future__ import annotations

from typing import Any

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.units.records import Unit, get


def candidates(store: Store, level: str, name: str, parent_ids: list[int] | None) -> list[Unit]:
    """The units of ``level`` (under ``parent_ids``) that ``name`` may mean: exact matches of
    the name or an alias if there are any, else accent-insensitive ones."""
    key = text.match_key(name)
    where = "u.level = ?"
    params: list[Any] = [level]
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


def resolve_commune(store: Store, commune: str, district: str | None = None) -> Unit:
    """The commune named ``commune`` (in ``district``), or InputRejected with close matches."""
    parent_ids = [resolve_district(store, district).id] if district else None
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
