"""Writing a package: everything, or what changed since the last package sent to a peer.

The records are read in one read transaction (a consistent snapshot); the zip is
written to a temporary file beside the target, fsynced and renamed into place
(:func:`ntm_desktop.files.atomic_write`), then read back and checked like an import
would check it. Only then are the package history and the watermark recorded.
"""

from __future__ import annotations

import hashlib
import uuid as uuidlib
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop import __version__, clock, files, i18n
from ntm_desktop.errors import InputRejected, NtmError
from ntm_desktop.history import travelling
from ntm_desktop.store import audit, bulk
from ntm_desktop.store.database import SCHEMA_VERSION, Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.base import Entity, Scope, Selection
from ntm_desktop.sync.package import format as fmt
from ntm_desktop.sync.package import places, reader
from ntm_desktop.sync.package import scope as scope_mod
from ntm_desktop.sync.trust import identity, ledger, peers
from ntm_desktop.values import format_number

MAX_PACKAGE_BYTES = 3_500_000_000  # well below FAT32's 4 GiB per file
Progress = Callable[[int, int], None]


@dataclass
class ExportResult:
    path: Path
    package_id: str
    kind: str
    size: int
    sha256: str
    peer: str | None
    peer_name: str | None
    scope: str
    counts: dict[str, int] = field(default_factory=dict)
    history: int = 0
    tombstones: int = 0

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "package_id": self.package_id, "kind": self.kind, "size": self.size,
                "sha256": self.sha256, "peer": self.peer, "peer_name": self.peer_name, "scope": self.scope,
                "records": self.counts, "tombstones": self.tombstones, "history": self.history,
                "safe_to_remove": True}

    def message(self) -> str:
        return i18n.t("pkgexp.done", path=self.path, size=_size(self.size), records=self.records + self.tombstones,
                      history=self.history)


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{format_number(size / 1_000_000, 1)} MB"
    return f"{format_number(size / 1000, 1)} kB"


@bulk.gc_paused()
def export_package(
    store: Store,
    out: Path | str,
    *,
    full: bool = False,
    peer: str | None = None,
    district: str | None = None,
    communes: Sequence[str] = (),
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write a package to ``out`` (a file, or a folder for a default name)."""
    target_peer = peers.find(store, peer) if peer else None
    scope = scope_mod.build(store, district, communes)
    peer_key = target_peer.installation if target_peer else ""
    mark = None if full else ledger.watermark(store, peer_key, scope.key)
    package_id = str(uuidlib.uuid4())
    path = places.target(Path(out), identity.name(store), mark is None, package_id)
    created = clock.now_iso()
    result = ExportResult(path, package_id, "changes" if mark else "full", 0, "", peer_key or None,
                          target_peer.name if target_peer else None, scope.label)
    conn = store.db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one snapshot for every table read below
    changes, done = conn.total_changes, False
    try:
        # made inside the snapshot: the keys of a first export go with a failed one (exit 3,
        # nothing written), a damaged database found half-way included
        public = identity.ensure_keys(store)
        top = conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]
        sel = Selection(scope, since=mark[0] if mark else None)
        if mark:
            for entity_name, nkey, new in conn.execute(
                "SELECT entity, nkey, CASE WHEN nkey LIKE '%|*' THEN new END FROM changes WHERE id > ? AND id <= ?",
                [mark[0], top],
            ):
                changed = sel.changed.setdefault(entity_name, set())
                if new is not None and audit.is_group(nkey):  # a group row: the records it changed
                    changed.update(member[0] for member in audit.members(nkey, None, new))
                else:
                    changed.add(nkey)
        manifest: dict[str, Any] = {
            "format": fmt.FORMAT, "format_version": fmt.FORMAT_VERSION,
            "program": f"NTM Desktop {__version__}", "schema": SCHEMA_VERSION,
            "package_id": package_id, "created_at": created, "kind": result.kind,
            "origin": {"installation": store.installation_id, "name": identity.name(store),
                       "public_key": public, "fingerprint": identity.fingerprint(public)},
            "to": {"installation": target_peer.installation, "name": target_peer.name} if target_peer else None,
            "since": {"package_id": mark[1]} if mark else None,
            "scope": scope.description,
            "acks": ledger.last_received_from(store),
            "demo": store.meta("demo") == "1",  # made from the DEMO dataset: a real database refuses it
        }
        work = _Writer(store, sel, top, result, progress, cancelled)

        def write(tmp: Path) -> None:
            work.write(tmp, manifest)
            size = tmp.stat().st_size
            if size > MAX_PACKAGE_BYTES:
                raise InputRejected("pkgexp.too_big", limit=_size(MAX_PACKAGE_BYTES))

        try:
            files.atomic_write(path, write)
        except OSError as exc:
            problem = files.write_problem(exc)
            key = {"full": "pkgexp.stick_full", "gone": "pkgexp.stick_gone"}.get(problem, "pkgexp.write_failed")
            raise InputRejected(key, path=path, detail=exc.strerror or str(exc)) from None
        done = True
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT" if done else "ROLLBACK")
            if not done:  # Store.close must not take them for writes (PRAGMA optimize)
                store.db.undone += conn.total_changes - changes
    _verify(path, package_id)
    files.fsync_folder(path.parent)
    result.size = path.stat().st_size
    result.sha256 = _file_sha256(path)
    with store.transaction():
        ledger.record(store, package_id=package_id, direction="sent", peer=peer_key or None,
                      peer_name=result.peer_name, origin=store.installation_id, created_at=created,
                      kind=result.kind, scope=scope.description, file_name=path.name, size=result.size,
                      sha256=result.sha256, counts={**result.counts, "tombstones": result.tombstones,
                                                    "history": result.history})
        ledger.set_watermark(store, peer_key, scope.key, top, package_id)
    return result


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verify(path: Path, package_id: str) -> None:
    """Read the written file back and check it as an import would."""
    try:
        with reader.open_package(path) as package:
            if package.id != package_id:
                raise InputRejected("pkg.bad_manifest", path=path, detail="package_id")
    except NtmError as error:
        path.unlink(missing_ok=True)
        raise InputRejected("pkgexp.verify_failed", path=path, detail=error.message) from None


class _Writer:
    """Fills the zip: records per entity, tombstones, history, README, manifest, signature."""

    def __init__(self, store: Store, sel: Selection, top: int, result: ExportResult,
                 progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.store = store
        self.sel = sel
        self.top = top
        self.result = result
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.total = 1
        self.everything = sel.full and sel.scope.everything
        self.exported: set[str] = set()

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.done % 5000 == 0:
            if self.cancelled is not None and self.cancelled():
                raise InputRejected("pkg.cancelled")
            if self.progress:
                self.progress(min(self.done, self.total), self.total)

    def write(self, tmp: Path, manifest: dict[str, Any]) -> None:
        conn = self.store.db.conn
        self.total = max(1, sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                for t in ("indicator_values", "criterion_results", "changes")))
        members: dict[str, Any] = {}
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
            members[fmt.README] = fmt.write_bytes(archive, fmt.README, fmt.README_TEXT.encode("utf-8"))
            # values first: the units and sets they refer to travel with them
            for entity in reversed(travelling()):
                members[entity.member] = self._entity(archive, entity)
            for name, data in self.sel.documents:
                members[name] = fmt.write_bytes(archive, name, data)
            members[fmt.TOMBSTONES] = self._tombstones(archive)
            members[fmt.HISTORY] = self._history(archive)
            manifest["members"] = dict(sorted(members.items()))
            manifest["counts"] = {**self.result.counts, "tombstones": self.result.tombstones,
                                  "history": self.result.history}
            raw = fmt.manifest_bytes(manifest)
            archive.writestr(fmt.MANIFEST, raw)
            archive.writestr(fmt.SIGNATURE, identity.sign(self.store, raw) + "\n")
        if self.progress:
            self.progress(self.total, self.total)

    def _entity(self, archive: zipfile.ZipFile, entity: Entity) -> dict[str, Any]:
        with fmt.MemberWriter(archive, entity.member, entity.header(self.store), entity.name) as writer:
            rows: list[list[Any]] = []
            collect = not self.everything
            nkey_of = _nkey_maker(entity)
            for row in entity.export(self.store, self.sel):
                rows.append(row)
                if collect:
                    self.exported.add(nkey_of(row))
                if len(rows) >= 5000:
                    writer.write_many(rows)
                    self.tick(len(rows))
                    rows = []
            writer.write_many(rows)
            entry = writer.close()
        self.result.counts[entity.name] = entry["rows"]
        return entry

    def _tombstones(self, archive: zipfile.ZipFile) -> dict[str, Any]:
        with fmt.MemberWriter(archive, fmt.TOMBSTONES, fmt.TOMBSTONE_COLUMNS, None) as writer:
            latest: dict[tuple[str, str], tuple[str, str, str | None]] = {}
            for entity_name, nkey, hlc, at, user in self.store.db.conn.execute(
                "SELECT entity, nkey, hlc, at, user FROM changes WHERE op = 'delete' AND id > ? AND id <= ?",
                [self.sel.since or 0, self.top],
            ):
                key = (entity_name, nkey)
                if key not in latest or versions.newer(hlc, latest[key][0]):
                    latest[key] = (hlc, at, user)
            by_entity = {e.name: e for e in travelling() if e.tombstones}
            count = 0
            for (entity_name, nkey), (hlc, at, user) in sorted(latest.items()):
                entity = by_entity.get(entity_name)
                if entity is None or not entity.in_scope(self.store, nkey, self.sel.scope) \
                        or entity.live(self.store, nkey):
                    continue
                anc = versions.ancestry(self.store, entity_name, entity.state_key, [nkey]).get(nkey)
                seen = " ".join(anc.seen_for(hlc)) if anc else ""
                base = " ".join(anc.bases_for(versions.DELETED_KEY)) if anc else ""
                writer.write([entity_name, nkey, hlc, seen, base, at, user or ""])
                self.exported.add(nkey)
                count += 1
            entry = writer.close()
        self.result.tombstones = count
        return entry

    def _history(self, archive: zipfile.ZipFile) -> dict[str, Any]:
        """The change-log rows, in the order of the log's (nkey, hlc) index, as the
        receiver adds them (a receiver of a large package then sorts nothing:
        :mod:`ntm_desktop.sync.merge.history_stage`); a version's rows in the order written."""
        with fmt.MemberWriter(archive, fmt.HISTORY, fmt.HISTORY_COLUMNS, None) as writer:
            known = {e.name for e in travelling()}
            rows: list[list[Any]] = []
            for row in self.store.db.conn.execute(
                "SELECT uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op, old, new, source,"
                " label FROM changes WHERE id > ? AND id <= ? ORDER BY nkey, hlc, id", [self.sel.since or 0, self.top],
            ):
                if row[6] not in known or (not self.everything and not self._carried(row[8], row[11])):
                    continue
                rows.append([fmt.cell(v) for v in row])
                if len(rows) >= 5000:
                    writer.write_many(rows)
                    self.tick(len(rows))
                    rows = []
            writer.write_many(rows)
            entry = writer.close()
        self.result.history = entry["rows"]
        return entry

    def _carried(self, nkey: str, new: str | None) -> bool:
        """Whether a change-log row is about a record in the package (a group row: any of its)."""
        if nkey in self.exported:
            return True
        return audit.is_group(nkey) and any(m[0] in self.exported for m in audit.members(nkey, None, new))


def _nkey_maker(entity: Entity) -> Callable[[list[Any]], str]:
    prefix = getattr(entity, "prefix", "")
    if prefix:
        return lambda row: f"{prefix}|{row[0]}|{row[1]}|{row[2]}|{row[3]}"
    return lambda row: str(row[0])


def scope_of(store: Store, district: str | None, communes: Sequence[str]) -> Scope:
    return scope_mod.build(store, district, communes)
