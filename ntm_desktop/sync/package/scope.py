"""What an export covers: everything, a district, or some communes of a district."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from ntm_desktop import text, units
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.sync.entities.base import Scope


def _family(store: Store, commune_ids: set[int]) -> set[int]:
    """The communes, their ancestors and their descendants (villages)."""
    rows = {r[0]: r[1] for r in store.db.conn.execute("SELECT id, parent_id FROM units")}
    out = set(commune_ids)
    for unit_id in commune_ids:
        current = rows.get(unit_id)
        while current is not None and current not in out:
            out.add(current)
            current = rows.get(current)
    children: dict[int, list[int]] = {}
    for unit_id, parent in rows.items():
        if parent is not None:
            children.setdefault(parent, []).append(unit_id)
    stack = list(commune_ids)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in out:
                out.add(child)
                stack.append(child)
    return out


def build(store: Store, district: str | None = None, communes: Sequence[str] = ()) -> Scope:
    """The scope named by ``--district`` and ``--commune`` (names resolved with suggestions)."""
    if not district and not communes:
        return Scope(label=t("scope.all"))
    if communes:
        chosen = [units.resolve_commune(store, name, district) for name in communes]
        ids = {u.id for u in chosen}
        nkeys = sorted(u.nkey for u in chosen)
        key = "communes:" + hashlib.sha1("\n".join(nkeys).encode()).hexdigest()[:16]
        names = sorted((u.name for u in chosen), key=text.sort_key)
        label = t("scope.communes", n=len(names), names=", ".join(names))
        description: dict[str, Any] = {"communes": [
            {"nkey": u.nkey, "name": u.name,
             "district": units.get(store, u.parent_id).name if u.parent_id else None} for u in chosen]}
    else:
        assert district is not None
        dist = units.resolve_district(store, district)
        ids = {u.id for u in units.children(store, dist.id, "commune")}
        key = f"district:{dist.nkey}"
        label = t("scope.district", name=dist.name)
        description = {"district": {"nkey": dist.nkey, "name": dist.name}}
    family = _family(store, ids)
    if not communes:
        family |= _family(store, {units.resolve_district(store, district or "").id})
    unit_nkeys = {n for (i, n) in store.db.conn.execute("SELECT id, nkey FROM units") if i in family}
    return Scope(communes=ids, units=family, unit_nkeys=unit_nkeys, key=key, label=label,
                 description=description)
