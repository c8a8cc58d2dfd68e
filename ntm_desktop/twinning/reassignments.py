"""Changes of twinning in a period: reassignments, new assignments, endings.

The review reports list who moved where during the year: an agency whose twinning with
one place ended and another began is *reassigned*; a twinning with no such predecessor
is *new*; one that stopped without a successor is *ended*. This reads the assignments
only, so it sits above :mod:`.assignments` (kept apart because together they pass the
500-line limit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ntm_desktop import text
from ntm_desktop.store.database import Store
from ntm_desktop.twinning.assignments import Assignment, list_assignments
from ntm_desktop.twinning.dates import iso


@dataclass(frozen=True)
class Reassignment:
    """A change of twinning within a period: ``reassigned`` (the agency moved from
    ``before`` to ``after``), ``new`` (a new assignment, ``before`` None) or ``ended``
    (``after`` None: the twinning stopped without a successor)."""

    kind: str
    agency: str
    agency_level: str
    on: date
    before: Assignment | None
    after: Assignment | None

    @property
    def decision(self) -> str | None:
        if self.after is not None:
            return self.after.decision
        return self.before.end_decision if self.before else None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "agency": self.agency, "agency_level": self.agency_level,
            "on": iso(self.on), "decision": self.decision,
            "from_district": self.before.district if self.before else None,
            "from_commune": self.before.commune if self.before else None,
            "from_village": self.before.village if self.before else None,
            "to_district": self.after.district if self.after else None,
            "to_commune": self.after.commune if self.after else None,
            "to_village": self.after.village if self.after else None,
        }


def reassignments_between(store: Store, start: date, end: date, *, include_ended: bool = False,
                          level: str | None = None) -> list[Reassignment]:
    """Changes of twinning from ``start`` to ``end`` (both included), by date.

    A twinning starting in the period is a *reassignment* when the same agency had a
    twinning with another commune or village that ended in the period on or before that
    start (the latest such one); otherwise it is a *new* assignment. With
    ``include_ended``, twinnings that ended in the period without such a successor are
    listed too (kind ``ended``). ``level`` keeps province or district agencies only.
    """
    everything = list_assignments(store, level=level)
    by_agency: dict[str, list[Assignment]] = {}
    for a in everything:
        by_agency.setdefault(a.agency_uuid, []).append(a)
    out: list[Reassignment] = []
    used: set[str] = set()
    for assignments in by_agency.values():
        for a in sorted(assignments, key=lambda x: x.start):
            if not start <= a.start <= end:
                continue
            before = [p for p in assignments
                      if p.uuid not in used and p.unit_id != a.unit_id and p.end is not None
                      and start <= p.end <= a.start]
            if before:
                previous = max(before, key=lambda p: p.end or date.min)
                used.add(previous.uuid)
                out.append(Reassignment("reassigned", a.agency, a.agency_level, a.start, previous, a))
            else:
                out.append(Reassignment("new", a.agency, a.agency_level, a.start, None, a))
        if include_ended:
            for p in assignments:
                if p.end is not None and start <= p.end <= end and p.uuid not in used:
                    out.append(Reassignment("ended", p.agency, p.agency_level, p.end, p, None))
    return sorted(out, key=lambda r: (r.on, text.sort_key(r.agency)))
