"""«Chép từ kỳ trước» (issue 18 part 3, issue 20 part 6): a new period filled from the one before.

A quarter starts from the last quarter's values, for the officer to review rather than type
again: every indicator value and official status the period before holds (the year before a
year, the quarter before a quarter …) is copied where this period holds none, with its note,
through the same service functions as an entry (so a locked period refuses it), in one logged
batch that undo takes back whole. Nothing is overwritten. Periods assessed on different criteria
sets (2025's 19 criteria, 2026's 10) are not copied between.
"""

from __future__ import annotations

from dataclasses import dataclass

from ntm_desktop import assessments, periods
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit


@dataclass(frozen=True)
class Copied:
    """What a copy did: the batch to undo (None when nothing was copied) and the counts."""

    batch: audit.Batch | None
    source: Period
    values: int
    statuses: int


def copy_previous(store: Store, commune: Unit, period: Period, set_code: str | None = None) -> Copied:
    """Fill ``period`` of ``commune`` from the period before it, where it holds nothing yet."""
    source = periods.previous(period)
    now = assessments.scorecard(store, commune, period, set_code)
    before = assessments.scorecard(store, commune, source, set_code)
    if before.criteria_set.code != now.criteria_set.code:
        raise InputRejected("copy.other_set", source=source.code, period=period.code,
                            before=before.criteria_set.code, now=now.criteria_set.code)
    if not before.has_data:
        raise InputRejected("copy.nothing", source=source.code, commune=commune.name)
    code = now.criteria_set.code
    batch = audit.new_batch("entered", f"{commune.name} {period.code} ← {source.code}")
    held = {i.indicator.code for row in now.rows for i in row.indicators if i.value is not None}
    official = {row.criterion.number for row in now.rows if row.official is not None}
    copied_values = copied_statuses = 0
    with store.transaction():
        for row in before.rows:
            for ind in row.indicators:
                if ind.value is not None and ind.indicator.code not in held:
                    assessments.set_indicator_value(store, commune, period, ind.indicator.code, ind.value,
                                                    note=ind.note or "", set_code=code, batch=batch)
                    copied_values += 1
            if row.official is not None and row.criterion.number not in official:
                assessments.set_official(store, commune, period, row.criterion.number, row.official,
                                         note=row.note or "", set_code=code, batch=batch)
                copied_statuses += 1
    return Copied(batch if copied_values or copied_statuses else None, source, copied_values, copied_statuses)
