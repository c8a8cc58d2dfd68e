"""Conflicts kept from imports: both values with who changed each and when, for review.

This module is the one writer of ``sync_conflicts``: the import keeps conflicts
(:func:`keep`) and moves open ones along (:func:`follow`), a person settles them
(:func:`resolve`). Keeping the current value closes the conflict. Choosing the other value writes it as a
new version through the ordinary service functions (logged, so it travels on and, having
seen both values, settles the same conflict on the other installations too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, i18n
from ntm_desktop.errors import InputRejected
from ntm_desktop.history import travelling_entity
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store, dumps
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.base import Entity, Item
from ntm_desktop.sync.trust import identity


@dataclass(frozen=True)
class Side:
    value: str  # as a person reads it
    state: dict[str, Any] | None
    by: str | None
    at: str | None
    installation: str
    installation_name: str
    hlc: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Conflict:
    id: int
    entity: str
    nkey: str
    what: str
    current: Side
    other: Side
    package_id: str | None
    detected_at: str
    resolved_at: str | None
    resolution: str | None
    resolved_by: str | None

    @property
    def open(self) -> bool:
        return self.resolved_at is None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "entity": self.entity, "nkey": self.nkey, "what": self.what,
                "current": self.current.as_json(), "other": self.other.as_json(), "package_id": self.package_id,
                "detected_at": self.detected_at, "resolved": not self.open, "resolved_at": self.resolved_at,
                "resolution": self.resolution, "resolved_by": self.resolved_by}


def _names(store: Store) -> dict[str, str]:
    names = {r["installation"]: r["name"] for r in store.query("SELECT installation, name FROM sync_peers")}
    names[store.installation_id] = identity.name(store)
    return names


def _side(store: Store, row: Any, prefix: str, names: dict[str, str]) -> Side:
    entity = travelling_entity(row["entity"])
    state = json.loads(row[f"{prefix}_state"]) if row[f"{prefix}_state"] else None
    if state is None:
        shown = i18n.t("conf.deleted")
    elif entity is not None:
        shown = entity.show(store, row["nkey"], state)
    else:
        shown = json.dumps(state, ensure_ascii=False)
    installation = row[f"{prefix}_installation"]
    return Side(shown, state, row[f"{prefix}_user"], row[f"{prefix}_at"], installation,
                names.get(installation, installation[:8]), row[f"{prefix}_hlc"])


def _from_row(store: Store, row: Any, names: dict[str, str]) -> Conflict:
    entity = travelling_entity(row["entity"])
    what = entity.describe(store, row["nkey"]) if entity is not None else row["nkey"]
    return Conflict(row["id"], row["entity"], row["nkey"], what, _side(store, row, "winner", names),
                    _side(store, row, "loser", names), row["package_id"], row["detected_at"], row["resolved_at"],
                    row["resolution"], row["resolved_by"])


def list_conflicts(store: Store, include_resolved: bool = True) -> list[Conflict]:
    """Conflicts, unresolved first, then the newest first."""
    sql = "SELECT * FROM sync_conflicts"
    if not include_resolved:
        sql += " WHERE resolved_at IS NULL"
    rows = store.query(sql + " ORDER BY resolved_at IS NOT NULL, id DESC")
    names = _names(store)
    return [_from_row(store, r, names) for r in rows]


def open_count(store: Store) -> int:
    return store.query("SELECT count(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL")[0]["n"]


def get_conflict(store: Store, conflict_id: int) -> Conflict:
    rows = store.query("SELECT * FROM sync_conflicts WHERE id = ?", [conflict_id])
    if not rows:
        raise InputRejected("conf.unknown", id=conflict_id)
    return _from_row(store, rows[0], _names(store))


def resolve(store: Store, conflict_id: int, keep: str) -> tuple[Conflict, audit.Batch | None]:
    """Settle a conflict: ``keep="current"`` (the value in force) or ``"other"`` (write the
    value that lost). Returns the conflict as resolved and the batch of the write, if any."""
    if keep not in ("current", "other"):
        raise ValueError(keep)
    conflict = get_conflict(store, conflict_id)
    if not conflict.open:
        raise InputRejected("conf.done_already", id=conflict_id)
    batch = None
    with store.transaction():
        if keep == "other":
            entity = travelling_entity(conflict.entity)
            if entity is None:
                raise InputRejected("pkg.unknown_entity", path="", names=conflict.entity)
            batch = audit.new_batch("entered", f"{i18n.t('conf.res.other')}: {conflict.what}")
            entity.resolve(store, conflict.nkey, conflict.other.state, batch)
        store.db.execute(
            "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
            [clock.now_iso(), store.user, "kept" if keep == "current" else "other", conflict_id],
        )
    return get_conflict(store, conflict_id), batch


# -- kept and followed by the import ----------------------------------------------------


def open_by_nkey(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The open conflicts, by the nkey of their record."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in store.query("SELECT * FROM sync_conflicts WHERE resolved_at IS NULL"):
        out.setdefault(row["nkey"], []).append(dict(row))
    return out


def keep(store: Store, entity: Entity, pairs: list[tuple[Item, Item]], package_id: str, now: str) -> None:
    """Keep the (loser, winner) versions of records an import found in conflict."""
    store.db.conn.executemany(
        "INSERT OR IGNORE INTO sync_conflicts (entity, nkey, loser_hlc, loser_state, loser_at, loser_user,"
        " loser_installation, winner_hlc, winner_state, winner_at, winner_user, winner_installation,"
        " package_id, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(entity.name, loser.nkey, loser.hlc, _json(entity.state(loser)), loser.at, loser.by,
          versions.installation_of(loser.hlc), winner.hlc, _json(entity.state(winner)), winner.at,
          winner.by, versions.installation_of(winner.hlc), package_id, now)
         for loser, winner in pairs])


def follow(store: Store, entity: Entity, inc: Item, open_conflicts: list[dict[str, Any]], now: str,
           origin_name: str) -> None:
    """Open conflicts of a record follow its new version, or close when it has seen them."""
    for conflict in open_conflicts:
        if conflict.get("closed"):
            continue
        loser_state = json.loads(conflict["loser_state"]) if conflict["loser_state"] else None
        seen = versions.covers(conflict["loser_hlc"], inc.hlc, inc.seen) or (
            bool(inc.base) and loser_state is not None and versions.short(entity.key_of(loser_state)) in inc.base)
        if seen:
            conflict["closed"] = True
            store.db.execute(
                "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = 'superseded'"
                " WHERE id = ?", [now, origin_name, conflict["id"]])
        else:
            store.db.execute(
                "UPDATE sync_conflicts SET winner_hlc = ?, winner_state = ?, winner_at = ?, winner_user = ?,"
                " winner_installation = ? WHERE id = ?",
                [inc.hlc, _json(entity.state(inc)), inc.at, inc.by, versions.installation_of(inc.hlc),
                 conflict["id"]])


def _json(state: dict[str, Any] | None) -> str | None:
    return None if state is None else dumps(state)
