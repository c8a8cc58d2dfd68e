"""One package's records classified against this database (the dry run stops there) and
applied: the entities in the order of :data:`ntm_desktop.history.KINDS` (referenced records
first), each member in chunks (the outcome per record: :mod:`.decisions`); then the
package's history (:mod:`.log_copy`) and the computed statuses of what changed
(:mod:`ntm_desktop.assessments.evaluator`). :func:`ntm_desktop.sync.merge.import_package`
drives it, in one transaction.
"""

from __future__ import annotations

import itertools
import logging
import time
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable, Iterator

from ntm_desktop import clock
from ntm_desktop.assessments import evaluator
from ntm_desktop.errors import InputRejected
from ntm_desktop.history import travelling
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.base import Context, Entity, Fresh, Item
from ntm_desktop.sync.merge import conflicts, decisions, history_stage, locked, log_copy
from ntm_desktop.sync.merge.decisions import APPLIES, SAME, Plan
from ntm_desktop.sync.merge.report import ImportReport, Tally
from ntm_desktop.sync.package import format as fmt
from ntm_desktop.sync.package import reader

FUTURE_SLACK_MS = 24 * 3600 * 1000  # stamps further ahead than a day do not move our clock
Progress = Callable[[int, int], None]
_log = logging.getLogger("ntm.sync")


class Phases:
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


class Merge:
    def __init__(self, store: Store, package: reader.Package, report: ImportReport, *, apply: bool,
                 phases: Phases, cancelled: Callable[[], bool] | None, stage_rows: int) -> None:
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
        self.open = conflicts.open_by_nkey(store)
        members = package.manifest["members"]
        self.total_rows = max(1, sum(int(m.get("rows", 0)) for m in members.values()))
        self.done_rows = 0
        self.held: set[int] = set()  # hash(nkey) of incoming records this database held
        self.stager: history_stage.Stager | None = None  # a large history member, read by a helper
        self.stage_rows = stage_rows  # history rows from which the helper reads it

    def close(self) -> None:
        """After the transaction: the history helper stopped, its scratch file gone."""
        if self.stager is not None:
            self.stager.close()
            self.stager = None

    # -- driving ---------------------------------------------------------------------------
    def run(self) -> None:
        members = self.package.manifest["members"]
        if self.apply and self.package.has(fmt.HISTORY) and \
                int(members[fmt.HISTORY].get("rows", 0)) >= self.stage_rows:
            try:
                self.stager = history_stage.Stager(str(self.package.path), fmt.HISTORY, members[fmt.HISTORY],
                                                   fmt.HISTORY_COLUMNS, sorted(e.name for e in travelling()))
            except OSError as exc:  # no temporary folder, no process: the import reads it itself
                _log.warning("history helper not started: %s", exc)
        tombstones = self._tombstones()
        records = self.phases.part(150, 700)
        for entity in travelling():
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
        groups = (self.ctx.recompute - self.ctx.computed) | evaluator.groups_of_sets(self.store,
                                                                                     self.ctx.recompute_sets)
        self.store.cache.clear()
        evaluator.recompute(self.store, groups, self.phases.part(950, 50))
        self._receive_clock()

    def _tombstones(self) -> dict[str, list[Item]]:
        out: dict[str, list[Item]] = {}
        known = {e.name: e for e in travelling()}
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
        blocked = entity.held_communes(self.ctx) | locked.communes_under_locks(self.store, entity)
        for nkey in self._local_deletes(entity):
            blocked.add(entity.commune_of(nkey) or "")
        for nkey, kept in self.open.items():
            if any(c["entity"] == entity.name for c in kept):
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
                self._write(entity, Plan(logs=[(item, None) for item in chunk.unlogged]))

    # -- one chunk of one entity -------------------------------------------------------------
    def _chunk(self, entity: Entity, chunk: list[Item]) -> None:
        entity.check([i for i in chunk if not i.deleted], self.ctx)
        local = entity.local(chunk, self.ctx)
        if len(local) < len(chunk) and entity.tombstones:
            deletes = self._local_deletes(entity)
            for item in chunk:
                if item.nkey not in local and item.nkey in deletes:
                    local[item.nkey] = deletes[item.nkey]
        plan = Plan()
        counts: decisions.Counts = Counter()
        writes, logs, applied = plan.writes, plan.logs, plan.applied
        open_conflicts = self.open
        decided = entity.decided if type(entity).decided is not Entity.decided else None
        stamps = []
        held = self.held
        for key in local:
            held.add(hash(key))
        if self.stager is not None and local:
            self.stager.hold(self.store.db.conn, local)
        after_lock = locked.stamped_after(self.store, entity, chunk)  # CONTRACT §9: kept as conflicts
        for inc in chunk:
            loc = local.get(inc.nkey)
            if after_lock and inc.nkey in after_lock:
                locked.hold(self.store, self.report, counts, entity, inc, loc, after_lock[inc.nkey], plan)
                stamps.append(inc.hlc)
                if decided is not None:
                    decided(inc, False, self.ctx)
                continue
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
            decision = decisions.decide(self.store, entity, inc, loc)
            if decided is not None:
                decided(inc, decision in APPLIES, self.ctx)
            if decision != SAME:
                stamps.append(inc.hlc)
            decisions.plan(self.store, self.report, counts, entity, decision, inc, loc, plan)
        self._tally(entity.name, counts)
        if stamps:
            top = max(stamps)  # stamps sort as text but for counters of six digits and more
            if self.newest is None or versions.newer(top, self.newest):
                self.newest = top
        if self.apply:
            self._write(entity, plan)
            if entity.name == "period_state" and plan.writes:  # values stamped after a lock that just arrived
                stored = [inc for inc, _loc in plan.writes]
                settled = locked.settle(self.store, self.ctx, self.report, stored, self.package.id, self.now)
                for name, counts in settled.items():
                    self._tally(name, counts)

    def _tally(self, entity: str, counts: Counter[tuple[str | None, str]]) -> None:
        report = self.report
        per_entity = report.entities.setdefault(entity, Tally())
        for (commune, name), n in counts.items():
            report.totals.add(name, n)
            per_entity.add(name, n)
            if commune is not None:
                report.communes.setdefault(commune, Tally()).add(name, n)


    # -- writing ---------------------------------------------------------------------------
    def _write(self, entity: Entity, plan: Plan) -> None:
        if plan.writes:
            entity.write(plan.writes, self.ctx)
        if plan.removes:
            entity.remove(plan.removes, self.ctx)
        if plan.restamps:
            entity.restamp(plan.restamps, self.ctx)
        log_copy.log_versions(self.store, entity, plan.logs, self.ctx, self.now)
        origin_name = self.package.origin["name"]
        for inc in plan.applied:
            conflicts.follow(self.store, entity, inc, self.open.get(inc.nkey, []), self.now, origin_name)
        if plan.conflicts:
            conflicts.keep(self.store, entity, plan.conflicts, self.package.id, self.now)

    def _history(self) -> None:
        if self.stager is not None:
            copied = log_copy.staged(self.store, self.package, self.ctx, self.stager, self.cancelled)
            if copied is not None:
                self.report.history = copied
                step = self.phases.part(850, 100)
                if step:
                    step(1, 1)
                return
            self.close()
        known = {e.name for e in travelling()}
        self.report.history = log_copy.read(self.store, self.package, self.ctx, known, self.held,
                                            self.phases.part(850, 100), self.cancelled)

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

