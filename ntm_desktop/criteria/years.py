"""Which set is in force in a year: the one writer of ``year_sets`` (the overrides).

Without an override, the set whose years include the year wins, else the latest earlier
one of the same level and tier.
"""

from __future__ import annotations

from ntm_desktop.criteria.sets import codes, get_set
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any

    from ntm_desktop.store import audit


def set_for_year(store: Store, year: int, level: str = "commune", tier: str = "basic") -> str:
    """The code of the set in force in ``year``: the override if one is recorded, else the
    set of that level and tier whose years include ``year``, else the latest earlier one
    (still applied after its period ends, until the province sends a newer set)."""
    override = store.query("SELECT set_code FROM year_sets WHERE year = ? AND level = ?", [year, level])
    if override:
        return override[0]["set_code"]
    rows = store.query(
        "SELECT code FROM criteria_sets WHERE level = ? AND tier = ? AND valid_from <= ?"
        " ORDER BY (valid_to >= ?) DESC, valid_from DESC LIMIT 1",
        [level, tier, year, year],
    )
    if not rows:
        if not codes(store):
            raise InputRejected("db.not_initialised")
        raise InputRejected("criteria.no_set_for_year", year=year)
    return rows[0]["code"]


def overridden_set(store: Store, year: int, level: str = "commune") -> str | None:
    """The set a user chose for ``year`` (File → bộ tiêu chí), or None where the year takes
    the set its dates give."""
    rows = store.query("SELECT set_code FROM year_sets WHERE year = ? AND level = ?", [year, level])
    return rows[0]["set_code"] if rows else None


def override_year(store: Store, year: int, code: str | None, level: str = "commune") -> None:
    """Record (or, with ``code=None``, remove) the set to use for a year."""
    # the change log, with dataclasses, bulk and threading: 9 ms of imports (python -X importtime,
    # December 2026) that set_for_year, on every summary, never needs
    from ntm_desktop.store import audit

    if code is not None:
        get_set(store, code)
    batch = audit.new_batch("entered", f"criteria set for {year}")
    old = store.query("SELECT set_code FROM year_sets WHERE year = ? AND level = ?", [year, level])
    with store.transaction():
        if code is None:
            store.db.execute("DELETE FROM year_sets WHERE year = ? AND level = ?", [year, level])
        else:
            store.db.execute(
                "INSERT INTO year_sets (year, level, set_code) VALUES (?,?,?) ON CONFLICT(year, level)"
                " DO UPDATE SET set_code = excluded.set_code",
                [year, level, code],
            )
        nkey = f"year_set:{level}:{year}"
        audit.record(
            store,
            batch,
            entity="year_set",
            entity_uuid=nkey,
            nkey=nkey,
            old={"set_code": old[0]["set_code"]} if old else None,
            new={"set_code": code} if code else None,
        )


def _restore_year_set(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    _, level, year = nkey.split(":")
    override_year(store, int(year), state["set_code"] if state else None, level)

