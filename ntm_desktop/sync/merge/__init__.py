"""Importing a package: every record classified against this database (the dry run shows
it), then everything applied in one transaction after a backup.

Per record, comparing the incoming version with the local one (:mod:`.versions`):

======== =====================================================================
new      not here at all: stored
same     the very same version (same stamp): nothing
equal    same content under another stamp: nothing but keeping the newer stamp
apply    the incoming version descends from the local one: stored
stale    the local version descends from the incoming one: nothing
win      concurrent, the incoming stamp is newer: stored, the local value kept
         as a conflict
lose     concurrent, the local stamp is newer: nothing stored, the incoming
         value kept as a conflict
tomb     a deletion of a record never held here: remembered (change log)
======== =====================================================================

Every choice depends on the two versions only, so packages can be imported in any
order, and twice, with the same result. The package's history (change-log rows) is
added to the local change log, without duplicates.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import time
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop import clock, i18n
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import backup, bulk
from ntm_desktop.store.database import Store, dumps
from ntm_desktop.sync.entities.base import Context, Entity, Fresh, Item, entities
from ntm_desktop.sync.merge import history_stage, recompute, versions
from ntm_desktop.sync.package import format as fmt
from ntm_desktop.sync.package import reader
from ntm_desktop.sync.trust import identity, ledger, peers

NEW, SAME, EQUAL, APPLY, STALE, WIN, LOSE, TOMB = "new", "same", "equal", "apply", "stale", "win", "lose", "tomb"
APPLIES = (NEW, APPLY, WIN)
MAX_LISTED_CONFLICTS = 200
SYNC_NAMESPACE = uuidlib.UUID("6f1d1c2e-58a4-4a53-9a55-2c1b5e0f3a90")
FUTURE_SLACK_MS = 24 * 3600 * 1000  # stamps further ahead than a day do not move our clock
# A change-log row from a package (or made for a version that came without one): added
# unless the log holds that version (nkey and stamp) or that uuid already. Empty CSV cells
# become NULL. Rows are checked before (OR IGNORE would skip a malformed row silently).
_HISTORY_SQL = (
    "INSERT OR IGNORE INTO changes (uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op,"
    " old, new, source, label) SELECT ?1, ?2, ?3, NULLIF(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10,"
    " NULLIF(?11, ''), NULLIF(?12, ''), ?13, NULLIF(?14, '')"
    " WHERE NOT EXISTS (SELECT 1 FROM changes WHERE nkey = ?9 AND hlc = ?6)"
)
# rows of records this database did not hold at all need no check of the version
_HISTORY_NEW_HEAD = (
    "INSERT OR IGNORE INTO changes (uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op,"
    " old, new, source, label)"
)
_HISTORY_NEW_ROW = "(?,?,?,NULLIF(?,''),?,?,?,?,?,?,NULLIF(?,''),NULLIF(?,''),?,NULLIF(?,''))"
_STAGED_SELECT = ("SELECT uuid, batch, at, NULLIF(user, ''), installation, hlc, entity, entity_uuid, nkey, op,"
                  " NULLIF(old, ''), NULLIF(new, ''), source, NULLIF(label, '')")
# rows in a package from which the import runs with a rollback journal (Store.large_transaction)
LARGE_IMPORT_ROWS = 200_000
# history rows from which a helper process reads the history member (history_stage)
STAGE_HISTORY_ROWS = 200_000
IMPORT_CACHE_KIB = 262_144  # page cache while importing: random index inserts stay in memory
Progress = Callable[[int, int], None]
_log = logging.getLogger("ntm.sync")


@dataclass
class Tally:
    new: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0

    def add(self, name: str, n: int = 1) -> None:
        setattr(self, name, getattr(self, name) + n)

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class ImportReport:
    path: Path
    package_id: str
    origin: dict[str, str]
    created_at: str
    kind: str
    scope: dict[str, Any]
    trust: str
    dry_run: bool
    totals: Tally = field(default_factory=Tally)
    entities: dict[str, Tally] = field(default_factory=dict)
    communes: dict[str, Tally] = field(default_factory=dict)
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # commune nkey → (district, commune)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    history: int = 0
    already: str | None = None
    backup: str | None = None

    @property
    def exit_code(self) -> int:
        return 4 if not self.dry_run and not self.already and self.totals.conflicts else 0

    def commune_rows(self) -> list[dict[str, Any]]:
        from ntm_desktop import text

        rows = []
        for nkey, tally in self.communes.items():
            district, commune = self.places.get(nkey, ("", nkey))
            rows.append({"district": district, "commune": commune, "nkey": nkey, **tally.as_json()})
        # communes with something to see first
        return sorted(rows, key=lambda r: (not (r["new"] or r["updated"] or r["deleted"] or r["conflicts"]),
                                           text.sort_key(r["district"]), text.sort_key(r["commune"])))

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "package_id": self.package_id, "created_at": self.created_at, "kind": self.kind,
            "scope": self.scope, "origin": self.origin, "trust": self.trust, "dry_run": self.dry_run,
            "already_imported": self.already, "totals": self.totals.as_json(),
            "entities": {k: v.as_json() for k, v in sorted(self.entities.items())},
            "communes": self.commune_rows(), "conflicts": self.conflicts, "history": self.history,
            "backup": self.backup,
        }

    def message(self) -> str:
        if self.already:
            return i18n.t("pkg.already", package=self.path.name, when=self.already)
        key = "pkgimp.dry" if self.dry_run else "pkgimp.done"
        return i18n.t(key, origin=self.origin.get("name", ""), **self.totals.as_json())


class _Phases:
    """One progress bar over the steps: checking (15 %), records (70 %), history, recompute."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress

    def part(self, start: int, width: int) -> Progress | None:
        if self.progress is None:
            return None
        report = self.progress

        def step(done: int, total: int) -> None:
            report(start + (width * min(done, total)) // max(total, 1), 1000)

        return step


@bulk.gc_paused()
def import_package(
    store: Store,
    path: Path | str,
    *,
    dry_run: bool = False,
    known_only: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Check ``path`` and import it (or, with ``dry_run``, only say what it would do)."""
    path = Path(path)
    phases = _Phases(progress)
    package = reader.open_package(path, phases.part(0, 150))
    with package:
        origin = package.origin
        trust = peers.check_origin(store, path, origin["installation"], origin["name"], origin["public_key"],
                                   known_only_now=known_only)
        report = ImportReport(
            path, package.id,
            {"installation": origin["installation"], "name": origin["name"],
             "fingerprint": identity.fingerprint(origin["public_key"])},
            package.manifest["created_at"], package.manifest["kind"], package.manifest["scope"], trust, dry_run)
        already = ledger.received(store, package.id)
        if already:
            report.already = already
            return report
        if dry_run:
            _Merge(store, package, report, apply=False, phases=phases, cancelled=cancelled).run()
            return report
        made = backup.auto_backup(store, "import")
        report.backup = str(made) if made else None
        cache = store.db.conn.execute("PRAGMA cache_size").fetchone()[0]
        store.db.conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        large: contextlib.AbstractContextManager[bool] = contextlib.nullcontext(False)
        if sum(int(m.get("rows", 0)) for m in package.manifest["members"].values()) >= LARGE_IMPORT_ROWS:
            large = store.large_transaction()
        try:
            with large:
                _apply(store, package, report, path, trust, phases, cancelled)
        finally:
            store.db.conn.execute(f"PRAGMA cache_size = {cache}")
        if progress:
            progress(1000, 1000)
        return report


def _apply(store: Store, package: reader.Package, report: ImportReport, path: Path, trust: str,
           phases: _Phases, cancelled: Callable[[], bool] | None) -> None:
    """Everything the import writes, in one transaction."""
    origin = package.origin
    merge = _Merge(store, package, report, apply=True, phases=phases, cancelled=cancelled)
    try:
        with store.transaction():
            merge.run()
            peers.record_seen(store, origin["installation"], origin["name"], origin["public_key"],
                              first_use=trust == "first_use")
            ledger.record(store, package_id=package.id, direction="received", peer=origin["installation"],
                          peer_name=origin["name"], origin=origin["installation"],
                          created_at=package.manifest["created_at"], kind=package.manifest["kind"],
                          scope=package.manifest["scope"], file_name=path.name, size=path.stat().st_size,
                          sha256=None, counts=package.manifest.get("counts") or {},
                          result={**report.totals.as_json(), "history": report.history})
    finally:
        merge.close()


@dataclass
class _Plan:
    writes: list[tuple[Item, Item | None]] = field(default_factory=list)
    removes: list[tuple[Item, Item]] = field(default_factory=list)
    restamps: list[tuple[Item, Item]] = field(default_factory=list)
    logs: list[tuple[Item, Item | None]] = field(default_factory=list)  # versions to log if not logged
    conflicts: list[tuple[Item, Item]] = field(default_factory=list)  # (loser, winner)
    applied: list[Item] = field(default_factory=list)


class _Merge:
    def __init__(self, store: Store, package: reader.Package, report: ImportReport, *, apply: bool,
                 phases: _Phases, cancelled: Callable[[], bool] | None) -> None:
        self.store = store
        self.package = package
        self.report = report
        self.apply = apply
        self.phases = phases
        self.cancelled = cancelled
        origin = package.origin
        self.ctx = Context(store, package.path, package.id, origin["installation"], str(uuidlib.uuid4()),
                           f"sync: {origin['name']} ({package.id[:8]})")
        self.ctx.cache["package"] = package
        self.ctx.unit_ids = {r[0]: r[1] for r in store.db.conn.execute("SELECT nkey, id FROM units")}
        self.now = clock.now_iso()
        self.newest: str | None = None
        self.open = self._open_conflicts()
        members = package.manifest["members"]
        self.total_rows = max(1, sum(int(m.get("rows", 0)) for m in members.values()))
        self.done_rows = 0
        self.held: set[int] = set()  # hash(nkey) of incoming records this database held
        self.stager: history_stage.Stager | None = None  # a large history member, read by a helper

    def close(self) -> None:
        """After the transaction: the history helper stopped, its scratch file gone."""
        if self.stager is not None:
            self.stager.close()
            self.stager = None

    # -- driving ---------------------------------------------------------------------------
    def run(self) -> None:
        members = self.package.manifest["members"]
        if self.apply and self.package.has(fmt.HISTORY) and \
                int(members[fmt.HISTORY].get("rows", 0)) >= STAGE_HISTORY_ROWS:
            try:
                self.stager = history_stage.Stager(str(self.package.path), fmt.HISTORY, members[fmt.HISTORY],
                                                   fmt.HISTORY_COLUMNS, sorted(e.name for e in entities()))
            except OSError as exc:  # no temporary folder, no process: the import reads it itself
                _log.warning("history helper not started: %s", exc)
        tombstones = self._tombstones()
        records = self.phases.part(150, 700)
        for entity in entities():
            own = tombstones.pop(entity.name, [])
            if not self.package.has(entity.member) and not own:
                continue
            chunks: Iterator[list[Item] | Fresh] = iter(())
            if self.package.has(entity.member):
                if entity.fresh_chunks:
                    self.ctx.blocked[entity.name] = self._blocked(entity)
                chunks = entity.parse(self.package.rows(entity.member, entity.header(self.store)), self.ctx)
            for chunk in itertools.chain(chunks, [own] if own else []):
                if self.cancelled is not None and self.cancelled():
                    raise InputRejected("pkg.cancelled")
                if isinstance(chunk, Fresh):
                    self._fresh(entity, chunk)
                    self.done_rows += len(chunk.rows)
                else:
                    self._chunk(entity, chunk)
                    self.done_rows += len(chunk)
                if records:
                    records(self.done_rows, self.total_rows)
        self._places()
        if not self.apply:
            return
        self._history()
        groups = (self.ctx.recompute - self.ctx.computed) | recompute.groups_of_sets(self.store,
                                                                                     self.ctx.recompute_sets)
        self.store.cache.clear()
        recompute.recompute(self.store, groups, self.phases.part(950, 50))
        self._receive_clock()

    def _tombstones(self) -> dict[str, list[Item]]:
        out: dict[str, list[Item]] = {}
        known = {e.name: e for e in entities()}
        for number, row in enumerate(self.package.rows(fmt.TOMBSTONES, fmt.TOMBSTONE_COLUMNS), start=2):
            if len(row) != len(fmt.TOMBSTONE_COLUMNS):
                raise self.ctx.bad(fmt.TOMBSTONES, number, "số cột / columns")
            entity_name, nkey, hlc, seen, base, at, by = row
            entity = known.get(entity_name)
            if entity is None:
                raise InputRejected("pkg.unknown_entity", path=self.package.path, names=entity_name)
            try:
                versions.parse(hlc)
            except ValueError:
                raise self.ctx.bad(fmt.TOMBSTONES, number, "hlc") from None
            out.setdefault(entity_name, []).append(Item(
                nkey, hlc, versions.DELETED_KEY, None, seen=versions.split(seen), base=versions.split(base),
                at=at or None, by=by or None, deleted=True, commune=entity.commune_of(nkey), logged=True))
        return out

    def _open_conflicts(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for row in self.store.query("SELECT * FROM sync_conflicts WHERE resolved_at IS NULL"):
            out.setdefault(row["nkey"], []).append(dict(row))
        return out

    def _local_deletes(self, entity: Entity) -> dict[str, Item]:
        key = f"deletes:{entity.name}"
        cached = self.ctx.cache.get(key)
        if cached is None:
            cached = {}
            for nkey, hlc, at, user in self.store.db.conn.execute(
                "SELECT nkey, hlc, at, user FROM changes WHERE entity = ? AND op = 'delete'", [entity.name]
            ):
                if nkey not in cached or versions.newer(hlc, cached[nkey].hlc):
                    cached[nkey] = Item(nkey, hlc, versions.DELETED_KEY, None, at=at, by=user, deleted=True)
            self.ctx.cache[key] = cached
        return cached

    def _blocked(self, entity: Entity) -> set[str]:
        """Communes whose incoming records must be compared one by one: this database
        holds records, deletions or open conflicts of the entity there."""
        blocked = entity.held_communes(self.ctx)
        for nkey in self._local_deletes(entity):
            blocked.add(entity.commune_of(nkey) or "")
        for nkey, conflicts in self.open.items():
            if any(c["entity"] == entity.name for c in conflicts):
                blocked.add(entity.commune_of(nkey) or "")
        return blocked

    def _fresh(self, entity: Entity, chunk: Fresh) -> None:
        """A chunk of records of communes that hold nothing of the entity here: all new."""
        self._tally(entity.name, Counter({(commune, "new"): n for commune, n in chunk.communes.items()}))
        if self.newest is None or versions.newer(chunk.newest, self.newest):
            self.newest = chunk.newest
        if self.apply:
            entity.write_fresh(chunk, self.ctx)
            if chunk.unlogged:
                self._write(entity, _Plan(logs=[(item, None) for item in chunk.unlogged]))

    # -- one chunk of one entity -------------------------------------------------------------
    def _chunk(self, entity: Entity, chunk: list[Item]) -> None:
        entity.check([i for i in chunk if not i.deleted], self.ctx)
        local = entity.local(chunk, self.ctx)
        if len(local) < len(chunk) and entity.tombstones:
            deletes = self._local_deletes(entity)
            for item in chunk:
                if item.nkey not in local and item.nkey in deletes:
                    local[item.nkey] = deletes[item.nkey]
        plan = _Plan()
        counts: Counter[tuple[str | None, str]] = Counter()
        self.counts = counts
        writes, logs, applied = plan.writes, plan.logs, plan.applied
        open_conflicts = self.open
        decided = entity.decided if type(entity).decided is not Entity.decided else None
        stamps = []
        held = self.held
        for key in local:
            held.add(hash(key))
        if self.stager is not None and local:
            self.stager.hold(self.store.db.conn, local)
        for inc in chunk:
            loc = local.get(inc.nkey)
            if loc is None and not inc.deleted:  # the bulk of a first import: new records
                writes.append((inc, None))
                if not inc.logged:
                    logs.append((inc, None))
                if inc.nkey in open_conflicts:
                    applied.append(inc)
                counts[(inc.commune, "new")] += 1
                stamps.append(inc.hlc)
                if decided is not None:
                    decided(inc, True, self.ctx)
                continue
            decision = self._decide(entity, inc, loc)
            if decided is not None:
                decided(inc, decision in APPLIES, self.ctx)
            if decision != SAME:
                stamps.append(inc.hlc)
            self._plan(entity, decision, inc, loc, plan)
        self._tally(entity.name, counts)
        if stamps:
            top = max(stamps)  # stamps sort as text but for counters of six digits and more
            if self.newest is None or versions.newer(top, self.newest):
                self.newest = top
        if self.apply:
            self._write(entity, plan)

    def _tally(self, entity: str, counts: Counter[tuple[str | None, str]]) -> None:
        report = self.report
        per_entity = report.entities.setdefault(entity, Tally())
        for (commune, name), n in counts.items():
            report.totals.add(name, n)
            per_entity.add(name, n)
            if commune is not None:
                report.communes.setdefault(commune, Tally()).add(name, n)

    def _decide(self, entity: Entity, inc: Item, loc: Item | None) -> str:
        if loc is None:
            return TOMB if inc.deleted else NEW
        if inc.hlc == loc.hlc:
            return SAME
        if inc.key == loc.key:
            return EQUAL
        if versions.covers(loc.hlc, inc.hlc, inc.seen) or (
            inc.base and not loc.deleted and versions.short(loc.key) in inc.base
        ):
            return APPLY
        history = versions.ancestry(self.store, entity.name, entity.state_key, [inc.nkey]).get(inc.nkey)
        if history is not None and (
            versions.covers(inc.hlc, loc.hlc, history.vector.values())
            or (not inc.deleted and versions.short(inc.key) in history.bases)
        ):
            return STALE
        return WIN if versions.newer(inc.hlc, loc.hlc) else LOSE

    def _plan(self, entity: Entity, decision: str, inc: Item, loc: Item | None, plan: _Plan) -> None:
        counts = self.counts

        def count(_entity: str, commune: str | None, name: str) -> None:
            counts[(commune, name)] += 1

        live_loc = loc if loc is not None and not loc.deleted else None
        if decision in (SAME, STALE):
            count(entity.name, inc.commune, "unchanged")
        elif decision == EQUAL:
            count(entity.name, inc.commune, "unchanged")
            assert loc is not None
            if versions.newer(inc.hlc, loc.hlc):
                if live_loc is not None:
                    plan.restamps.append((inc, live_loc))
                else:
                    plan.logs.append((inc, None))
        elif decision == TOMB:
            count(entity.name, inc.commune, "unchanged")
            plan.logs.append((inc, None))
        elif decision in (NEW, APPLY, WIN):
            if inc.deleted:
                if live_loc is not None:
                    plan.removes.append((inc, live_loc))
                name = "deleted"
            else:
                plan.writes.append((inc, live_loc))
                name = "new" if decision == NEW else "updated"
            if not inc.logged:
                plan.logs.append((inc, live_loc))
            plan.applied.append(inc)
            if decision == WIN:
                assert loc is not None
                plan.conflicts.append((loc, inc))
                name = "conflicts"
            count(entity.name, inc.commune, name)
        else:  # LOSE
            assert loc is not None
            plan.conflicts.append((inc, loc))
            count(entity.name, inc.commune, "conflicts")
        if decision in (WIN, LOSE) and len(self.report.conflicts) < MAX_LISTED_CONFLICTS:
            self.report.conflicts.append(self._conflict_json(entity, inc, loc, decision))

    def _conflict_json(self, entity: Entity, inc: Item, loc: Item | None, decision: str) -> dict[str, Any]:
        def side(item: Item | None) -> dict[str, Any]:
            if item is None:
                return {}
            state = entity.state(item)
            return {"value": entity.show(self.store, item.nkey, state) if state is not None else i18n.t("conf.deleted"),
                    "state": state, "by": item.by, "at": item.at,
                    "installation": versions.installation_of(item.hlc), "hlc": item.hlc}

        winner, loser = (inc, loc) if decision == WIN else (loc, inc)
        return {"entity": entity.name, "nkey": inc.nkey, "what": entity.describe(self.store, inc.nkey),
                "kept": side(winner), "other": side(loser)}

    # -- writing ---------------------------------------------------------------------------
    def _write(self, entity: Entity, plan: _Plan) -> None:
        if plan.writes:
            entity.write(plan.writes, self.ctx)
        if plan.removes:
            entity.remove(plan.removes, self.ctx)
        if plan.restamps:
            entity.restamp(plan.restamps, self.ctx)
        rows = []
        for inc, loc in plan.logs:
            if inc.logged:
                continue
            old = entity.state(loc) if loc is not None else None
            new = entity.state(inc)
            op = "delete" if new is None else "insert" if old is None else "update"
            rows.append((str(uuidlib.uuid5(SYNC_NAMESPACE, f"{inc.nkey}|{inc.hlc}")), self.ctx.batch_id,
                         inc.at or self.now, inc.by, versions.installation_of(inc.hlc), inc.hlc, entity.name,
                         inc.uuid or (loc.uuid if loc else None) or inc.nkey, inc.nkey, op,
                         None if old is None else dumps(old), None if new is None else dumps(new), "sync",
                         self.ctx.label))
        if rows:
            self.store.db.conn.executemany(_HISTORY_SQL, rows)
        for inc in plan.applied:
            self._follow_open(entity, inc)
        if plan.conflicts:
            self.store.db.conn.executemany(
                "INSERT OR IGNORE INTO sync_conflicts (entity, nkey, loser_hlc, loser_state, loser_at, loser_user,"
                " loser_installation, winner_hlc, winner_state, winner_at, winner_user, winner_installation,"
                " package_id, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(entity.name, loser.nkey, loser.hlc, _json(entity.state(loser)), loser.at, loser.by,
                  versions.installation_of(loser.hlc), winner.hlc, _json(entity.state(winner)), winner.at,
                  winner.by, versions.installation_of(winner.hlc), self.package.id, self.now)
                 for loser, winner in plan.conflicts])

    def _follow_open(self, entity: Entity, inc: Item) -> None:
        """Open conflicts of a record follow its new version, or close when it has seen them."""
        for conflict in self.open.get(inc.nkey, []):
            if conflict.get("closed"):
                continue
            loser_state = json.loads(conflict["loser_state"]) if conflict["loser_state"] else None
            seen = versions.covers(conflict["loser_hlc"], inc.hlc, inc.seen) or (
                bool(inc.base) and loser_state is not None and versions.short(entity.key_of(loser_state)) in inc.base)
            if seen:
                conflict["closed"] = True
                self.store.db.execute(
                    "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = 'superseded'"
                    " WHERE id = ?", [self.now, self.package.origin["name"], conflict["id"]])
            else:
                self.store.db.execute(
                    "UPDATE sync_conflicts SET winner_hlc = ?, winner_state = ?, winner_at = ?, winner_user = ?,"
                    " winner_installation = ? WHERE id = ?",
                    [inc.hlc, _json(entity.state(inc)), inc.at, inc.by, versions.installation_of(inc.hlc),
                     conflict["id"]])

    def _history(self) -> None:
        if self.stager is not None and self._staged_history(self.stager):
            return
        known = {e.name for e in entities()}
        width = len(fmt.HISTORY_COLUMNS)
        fresh: list[list[str]] = []  # of records this database did not hold
        checked: list[list[str]] = []
        held = self.held
        row_ok = history_stage.row_ok
        step = self.phases.part(850, 100)
        total = int(self.package.manifest["members"].get(fmt.HISTORY, {}).get("rows", 0)) or 1
        inserted = 0
        for first, batch in self.package.batches(fmt.HISTORY, fmt.HISTORY_COLUMNS):
            for offset, row in enumerate(batch):
                if not row_ok(row, width):
                    raise self.ctx.bad(fmt.HISTORY, first + offset, history_stage.ROW_PROBLEM)
                if row[6] in known:
                    (checked if held and hash(row[8]) in held else fresh).append(row)
            inserted += self._insert_history(fresh, checked)
            fresh, checked = [], []
            if self.cancelled is not None and self.cancelled():
                raise InputRejected("pkg.cancelled")
            if step:
                step(first + len(batch), total)
        self.report.history = inserted

    def _staged_history(self, stager: history_stage.Stager) -> bool:
        """The history member as the helper process read, checked and staged it; False
        when the helper failed on this machine's side (then the import reads it itself)."""
        outcome = stager.outcome(self.cancelled)
        error = outcome.get("error")
        if error == "local":
            _log.warning("history helper failed, reading the history in the import: %s", outcome.get("detail"))
            self.close()
            return False
        if error == "cancelled":
            raise InputRejected("pkg.cancelled")
        if error == "bad":
            raise self.ctx.bad(fmt.HISTORY, outcome["row"], outcome["detail"])
        if error == "tampered":
            raise InputRejected("pkg.tampered", path=self.package.path, member=fmt.HISTORY)
        if error is not None:
            raise InputRejected("pkg.damaged", path=self.package.path, detail=outcome.get("detail", error))
        self.report.history = stager.copy_into(self.store.db.conn, _HISTORY_NEW_HEAD, _STAGED_SELECT)
        step = self.phases.part(850, 100)
        if step:
            step(1, 1)
        return True

    def _insert_history(self, fresh: list[Any], checked: list[Any]) -> int:
        before = self.store.db.conn.total_changes
        if fresh:
            bulk.insert_rows(self.store.db.conn, _HISTORY_NEW_HEAD, fresh, row_sql=_HISTORY_NEW_ROW)
        if checked:
            self.store.db.conn.executemany(_HISTORY_SQL, checked)
        return self.store.db.conn.total_changes - before

    def _receive_clock(self) -> None:
        """Our clock moves past every stamp seen (hybrid logical clock), within reason."""
        if self.newest is None:
            return
        ms, _counter, _inst = versions.parse(self.newest)
        now_ms = int(time.time() * 1000)
        if ms > now_ms + FUTURE_SLACK_MS:
            return
        last = self.store.meta("hlc_last")
        if last is None or versions.newer(self.newest, last):
            self.store.set_meta("hlc_last", self.newest)

    def _places(self) -> None:
        """District and commune names for the per-commune preview (local, else from the package)."""
        units = {r[0]: (r[1], r[2]) for r in self.store.db.conn.execute(
            "SELECT u.nkey, u.name, p.nkey FROM units u LEFT JOIN units p ON p.id = u.parent_id")}
        for nkey, item in self.ctx.incoming_units.items():
            units.setdefault(nkey, (item.data["name"], item.data.get("parent")))
        for nkey in self.report.communes:
            name, parent = units.get(nkey, (nkey, None))
            self.report.places[nkey] = (units[parent][0] if parent in units else "", name)


def _json(state: dict[str, Any] | None) -> str | None:
    return None if state is None else dumps(state)
