"""Which communes a lock covers, and the refusal of an edit of a locked period.

A lock in force is a ``period_states`` row in state ``locked``. It covers its unit and every
unit under it (a district its communes, a province everything), for its period and every
period inside it (a year its half-years, quarters and months; a half-year its quarters and
months; a quarter its months). A commune is locked for a period when any lock covers it.
Read-only: the rows are written by :mod:`ntm_desktop.cycle.records`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from ntm_desktop import periods
from ntm_desktop.cycle.records import when
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period
from ntm_desktop.store.database import Store


def containing(period: Period) -> list[str]:
    """The codes of ``period`` and of the periods that contain it (its quarter, half-year, year)."""
    codes = [period.code]
    if period.kind == "M":
        codes += [Period(period.year, "Q", (period.n - 1) // 3 + 1).code,
                  Period(period.year, "H", (period.n - 1) // 6 + 1).code]
    elif period.kind == "Q":
        codes.append(Period(period.year, "H", (period.n - 1) // 2 + 1).code)
    if period.kind != "Y":
        codes.append(str(period.year))
    return codes


@dataclass(frozen=True)
class Lock:
    """A lock in force: on which unit and period, who set it, when, under which clock stamp."""

    unit_id: int
    unit: str  # the locked unit's name
    level: str
    period: str
    by: str | None
    at: str
    hlc: str
    reason: str | None = None


_ANY_LOCK = "SELECT 1 FROM period_states WHERE state = 'locked' AND period IN (SELECT value FROM json_each(?)) LIMIT 1"
_COVERING = """
WITH RECURSIVE up(commune, unit) AS (
    SELECT value, value FROM json_each(?)
    UNION ALL
    SELECT up.commune, u.parent_id FROM up JOIN units u ON u.id = up.unit WHERE u.parent_id IS NOT NULL
)
SELECT up.commune, p.unit_id, lu.name, lu.level, p.period, p.state_by, p.state_at, p.state_hlc, p.reason
FROM up JOIN period_states p ON p.unit_id = up.unit JOIN units lu ON lu.id = p.unit_id
WHERE p.state = 'locked' AND p.period IN (SELECT value FROM json_each(?))
ORDER BY p.state_hlc
"""


def locked_communes(store: Store, period: Period, commune_ids: Iterable[int]) -> dict[int, Lock]:
    """The communes of ``commune_ids`` (any unit, in fact) locked for ``period``, each with the
    earliest-stamped lock covering it (a value stamped after it was made under a lock)."""
    wanted = sorted(set(commune_ids))
    if not wanted:
        return {}
    codes = json.dumps(containing(period))
    if store.db.execute(_ANY_LOCK, [codes]).fetchone() is None:
        return {}  # no lock on these periods: the walk up 10,000 communes' parents costs 26 ms
    out: dict[int, Lock] = {}
    for row in store.db.execute(_COVERING, [json.dumps(wanted), codes]).fetchall():
        out.setdefault(int(row[0]), Lock(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]))
    return out


def lock_over(store: Store, unit_id: int, period: Period) -> Lock | None:
    """The lock covering the unit ``unit_id`` for ``period``, or None."""
    return locked_communes(store, period, [unit_id]).get(unit_id)


def check_open(store: Store, commune_id: int, period: Period) -> None:
    """Refuse (InputRejected, exit 3) an edit of ``period`` for the commune when a lock covers it,
    naming the lock, who set it and when."""
    lock = lock_over(store, commune_id, period)
    if lock is not None:
        raise InputRejected("cycle.locked", [describe(lock)], **params(store, commune_id, period, lock))


def params(store: Store, commune_id: int, period: Period, lock: Lock) -> dict[str, object]:
    """The message parameters of a refusal because of ``lock``."""
    name = store.db.execute("SELECT name FROM units WHERE id = ?", [commune_id]).fetchone()
    return {"name": name[0] if name else commune_id, "period": period.label(), "by": lock.by or "?",
            "at": when(lock.at)}


def describe(lock: Lock) -> str:
    """One detail line: which unit and period the lock is on, and its stamp."""
    return t("cycle.locked_on", unit=lock.unit, period=periods.parse(lock.period).label())
