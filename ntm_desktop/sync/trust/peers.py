"""Known installations (peers) and their public keys; trust on first use or known only.

A package from an installation seen for the first time is accepted and its key
remembered, unless the database is set to accept known installations only (meta
``sync_known_only`` = ``1``, as a province would want). A package signed with another
key than the one remembered for its installation is refused.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ntm_desktop import clock, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store
from ntm_desktop.sync.trust import identity

KNOWN_ONLY = "sync_known_only"


@dataclass(frozen=True)
class Peer:
    installation: str
    name: str
    public_key: str
    fingerprint: str
    status: str  # trusted | revoked
    how: str  # first_use | manual
    first_seen: str
    last_seen: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _from_row(row: Any) -> Peer:
    return Peer(row["installation"], row["name"], row["public_key"], row["fingerprint"], row["status"],
                row["how"], row["first_seen"], row["last_seen"])


def list_peers(store: Store) -> list[Peer]:
    rows = store.query("SELECT * FROM sync_peers")
    return sorted((_from_row(r) for r in rows), key=lambda p: (p.status != "trusted", text.sort_key(p.name)))


def get(store: Store, installation: str) -> Peer | None:
    rows = store.query("SELECT * FROM sync_peers WHERE installation = ?", [installation])
    return _from_row(rows[0]) if rows else None


def find(store: Store, ref: str) -> Peer:
    """A peer by installation id, a unique id prefix (4+ characters) or its name."""
    ref = text.clean(ref)
    peers = list_peers(store)
    exact = [p for p in peers if p.installation == ref]
    if exact:
        return exact[0]
    key = text.match_key(ref)
    found = [p for p in peers if text.match_key(p.name) == key]
    if not found and len(ref) >= 4:
        found = [p for p in peers if p.installation.startswith(ref)]
    if not found:
        found = [p for p in peers if key and key in text.match_key(p.name)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputRejected("peer.unknown", ref=ref)
    raise InputRejected("peer.ambiguous", ref=ref, names="; ".join(f"{p.name} ({p.installation[:8]})" for p in found))


def known_only(store: Store) -> bool:
    return store.meta(KNOWN_ONLY) == "1"


def set_known_only(store: Store, value: bool) -> None:
    with store.transaction():
        store.set_meta(KNOWN_ONLY, "1" if value else "0")


def trust(
    store: Store, installation: str, name: str, public_key: str, *, how: str = "manual", replace: bool = False
) -> Peer:
    """Remember (or re-trust) an installation with its key. A different key than the one
    remembered is refused unless ``replace`` (after a reinstall, confirmed by a person)."""
    identity.decode_key(public_key)
    if installation == store.installation_id:
        raise InputRejected("peer.self")
    existing = get(store, installation)
    if existing and existing.public_key != public_key and not replace:
        raise InputRejected("peer.key_differs", name=existing.name, known=existing.fingerprint)
    now = clock.now_iso()
    name = text.clean(name) or installation
    with store.transaction():
        store.db.execute(
            "INSERT INTO sync_peers (installation, name, public_key, fingerprint, status, how, first_seen,"
            " last_seen, updated_at) VALUES (?,?,?,?, 'trusted', ?, ?, NULL, ?) ON CONFLICT(installation)"
            " DO UPDATE SET name = excluded.name, public_key = excluded.public_key,"
            " fingerprint = excluded.fingerprint, status = 'trusted', how = excluded.how,"
            " updated_at = excluded.updated_at",
            [installation, name, public_key, identity.fingerprint(public_key), how, now, now],
        )
    peer = get(store, installation)
    assert peer is not None
    return peer


def revoke(store: Store, ref: str) -> Peer:
    peer = find(store, ref)
    with store.transaction():
        store.db.execute(
            "UPDATE sync_peers SET status = 'revoked', updated_at = ? WHERE installation = ?",
            [clock.now_iso(), peer.installation],
        )
    return get(store, peer.installation) or peer


def check_origin(
    store: Store, path: object, installation: str, name: str, public_key: str, *, known_only_now: bool = False
) -> str:
    """How a package's origin stands here: ``known`` or ``first_use``; refusal otherwise."""
    if installation == store.installation_id:
        raise InputRejected("pkg.own", path=path)
    peer = get(store, installation)
    if peer is None:
        if known_only_now or known_only(store):
            raise InputRejected("pkg.unknown_origin", path=path, name=name, installation=installation,
                                fingerprint=identity.fingerprint(public_key))
        return "first_use"
    if peer.status == "revoked":
        raise InputRejected("pkg.revoked", path=path, name=peer.name)
    if peer.public_key != public_key:
        raise InputRejected("pkg.key_mismatch", path=path, name=name, installation=installation,
                            known=peer.fingerprint, found=identity.fingerprint(public_key))
    return "known"


def record_seen(store: Store, installation: str, name: str, public_key: str, first_use: bool) -> None:
    """Inside the import's transaction: remember a first-use peer, note when it was last seen."""
    now = clock.now_iso()
    if first_use:
        store.db.execute(
            "INSERT INTO sync_peers (installation, name, public_key, fingerprint, status, how, first_seen,"
            " last_seen, updated_at) VALUES (?,?,?,?, 'trusted', 'first_use', ?, ?, ?)",
            [installation, text.clean(name) or installation, public_key, identity.fingerprint(public_key),
             now, now, now],
        )
    else:
        store.db.execute(
            "UPDATE sync_peers SET last_seen = ?, name = ? WHERE installation = ?",
            [now, text.clean(name) or installation, installation],
        )
