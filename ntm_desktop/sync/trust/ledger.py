"""The packages sent and received here, and the watermark per peer and scope."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock
from ntm_desktop.store.database import Store


@dataclass(frozen=True)
class PackageRecord:
    package_id: str
    direction: str  # sent | received
    peer: str | None
    peer_name: str | None
    origin: str
    created_at: str
    processed_at: str
    kind: str
    scope: dict[str, Any]
    file_name: str | None
    size: int | None
    counts: dict[str, Any]
    result: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def record(
    store: Store, *, package_id: str, direction: str, peer: str | None, peer_name: str | None, origin: str,
    created_at: str, kind: str, scope: dict[str, Any], file_name: str | None, size: int | None,
    sha256: str | None, counts: dict[str, Any], result: dict[str, Any] | None = None,
) -> None:
    """Inside a transaction: one line of the package history."""
    store.db.execute(
        "INSERT OR IGNORE INTO sync_packages (package_id, direction, peer, peer_name, origin, created_at,"
        " processed_at, kind, scope, file_name, size, sha256, counts, result) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [package_id, direction, peer, peer_name, origin, created_at, clock.now_iso(), kind,
         json.dumps(scope, ensure_ascii=False), file_name, size, sha256, json.dumps(counts),
         None if result is None else json.dumps(result, ensure_ascii=False)],
    )


def received(store: Store, package_id: str) -> str | None:
    """When this package was imported here, or None."""
    rows = store.query(
        "SELECT processed_at FROM sync_packages WHERE package_id = ? AND direction = 'received'", [package_id])
    return rows[0]["processed_at"] if rows else None


def history(store: Store, peer: str | None = None) -> list[PackageRecord]:
    """Packages sent and received, newest first (optionally those of one peer)."""
    sql = "SELECT * FROM sync_packages"
    params: list[Any] = []
    if peer is not None:
        sql += " WHERE peer = ?"
        params.append(peer)
    rows = store.query(sql + " ORDER BY processed_at DESC, id DESC", params)
    return [
        PackageRecord(r["package_id"], r["direction"], r["peer"], r["peer_name"], r["origin"], r["created_at"],
                      r["processed_at"], r["kind"], json.loads(r["scope"]), r["file_name"], r["size"],
                      json.loads(r["counts"]), json.loads(r["result"]) if r["result"] else None)
        for r in rows
    ]


def watermark(store: Store, peer: str, scope: str) -> tuple[int, str] | None:
    """(change id, package id) of the last package sent to ``peer`` for ``scope``."""
    rows = store.query("SELECT change_id, package_id FROM sync_watermarks WHERE peer = ? AND scope = ?", [peer, scope])
    return (rows[0]["change_id"], rows[0]["package_id"]) if rows else None


def set_watermark(store: Store, peer: str, scope: str, change_id: int, package_id: str) -> None:
    store.db.execute(
        "INSERT INTO sync_watermarks (peer, scope, change_id, package_id, updated_at) VALUES (?,?,?,?,?)"
        " ON CONFLICT(peer, scope) DO UPDATE SET change_id = excluded.change_id,"
        " package_id = excluded.package_id, updated_at = excluded.updated_at",
        [peer, scope, change_id, package_id, clock.now_iso()],
    )


def last_received_from(store: Store) -> dict[str, str]:
    """Per origin installation, the id of the newest package imported from it (acks)."""
    out: dict[str, str] = {}
    for row in store.query(
        "SELECT origin, package_id FROM sync_packages WHERE direction = 'received' ORDER BY processed_at, id"
    ):
        out[row["origin"]] = row["package_id"]
    return out
