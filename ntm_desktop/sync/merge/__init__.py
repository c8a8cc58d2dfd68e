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

A national package holds millions of rows (issue 22: within 300 MB), so nothing reads a
member whole: each member is read from the zip a chunk at a time, its rows checked
(:mod:`ntm_desktop.sync.package.fields`, then the entity's own checks), classified and
written, and the chunk let go before the next is read; the history member is read by a
helper process (:mod:`.history_stage`); the page cache is bounded while the import runs
(:data:`IMPORT_CACHE_KIB`). Checked before anything is written: the file, the manifest,
every member's SHA-256 and the signature (``reader.open_package``; the history member's
SHA-256 as it is read, by the helper or the import, before the transaction ends); a row is
checked when its chunk comes, after earlier chunks were written. A refused package still changes
nothing: everything is written in one transaction, and any refusal (a bad row, a missing
reference, cancel) rolls it back, so the file is as it was, ``sqlite_stat1`` included
(``Store.close`` runs ``PRAGMA optimize`` only after kept changes; tests/sync/test_fields.py
refuses a bad stamp in the last member read). A large import drops, inside that transaction,
the two secondary indexes of ``criterion_results`` (built again once at the end:
``criterion_results.indexes_built_after``) and, per chunk of statuses, the triggers marking the
summary's communes (the chunk's communes marked in one statement: ``masks.marked_by_writer``);
a refusal or a kill rolls the schema back with the rest (tests/sync/test_import_same.py, which
also checks that the database left is the plain path's, ``ntm summary`` included).

- here: :func:`import_package`, the dry run and the import, in one transaction;
- :mod:`.records`: the records classified and applied, then history and recompute;
- :mod:`.decisions`: the outcome per record (above) and what it asks to write;
- :mod:`.log_copy`: the package's history into the change log (a large one read by a
  helper process, :mod:`.history_stage`);
- :mod:`.conflicts`: conflicts kept for review, and their resolution;
- :mod:`.report`: what the import did.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from ntm_desktop.assessments import criterion_results
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import backup, bulk
from ntm_desktop.store.database import Store
from ntm_desktop.sync.entities.criterion_results import CRITERION_RESULTS
from ntm_desktop.sync.merge.records import Merge as _Merge
from ntm_desktop.sync.merge.records import Phases, Progress
from ntm_desktop.sync.merge.report import ImportReport, Tally
from ntm_desktop.sync.package import format as fmt
from ntm_desktop.sync.package import reader
from ntm_desktop.sync.trust import identity, ledger, peers

__all__ = ["ImportReport", "Tally", "import_package"]

# rows in a package from which the import runs with a rollback journal (Store.large_transaction)
LARGE_IMPORT_ROWS = 200_000
# history rows from which a helper process reads the history member (history_stage)
STAGE_HISTORY_ROWS = 200_000
IMPORT_CACHE_KIB = 65_536  # page cache while importing (issue 22: the import's process within 300 MB)


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
    phases = Phases(progress)
    # the history member is read whole by the import (or its helper), which checks its SHA-256 as it reads:
    # hashed at opening too, it cost 1.9 s of 50 at 5 M rows (reader's docstring)
    package = reader.open_package(path, phases.part(0, 150), defer=() if dry_run else (fmt.HISTORY,))
    with package:
        if package.manifest.get("demo") is True and store.meta("demo") != "1":  # issue 19 part 6
            raise InputRejected("pkg.demo_into_real", path=path)
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
            package.verify_deferred()  # a tampered copy of a package received is refused, as before
            report.already = already
            return report
        if dry_run:
            _Merge(store, package, report, apply=False, phases=phases, cancelled=cancelled,
                   stage_rows=STAGE_HISTORY_ROWS).run()
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
           phases: Phases, cancelled: Callable[[], bool] | None) -> None:
    """Everything the import writes, in one transaction."""
    origin = package.origin
    merge = _Merge(store, package, report, apply=True, phases=phases, cancelled=cancelled,
                   stage_rows=STAGE_HISTORY_ROWS)
    statuses = int(package.manifest["members"].get(CRITERION_RESULTS.member, {}).get("rows", 0))
    try:
        with store.transaction():
            with criterion_results.indexes_built_after(store.db.conn, statuses):
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
