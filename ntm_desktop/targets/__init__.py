"""Targets from resolutions: communes per criterion by a year, and each commune's target years (CONTRACT §8).

:mod:`.records` is the one writer of ``targets`` (with the restorer and sync's rows);
:mod:`.service` sets and lists targets and measures results against them; :mod:`.workbook`
reads and writes the targets workbook (docs/planning.md). The summary's ``targets``::

    from ntm_desktop import targets
    result["targets"] = targets.shares(store, year, district_id_or_None, result["per_criterion"])
"""

from __future__ import annotations

from ntm_desktop import paths

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from ntm_desktop.targets.progress import percent, shares
    from ntm_desktop.targets.records import COMMUNE_KINDS, KINDS
    from ntm_desktop.targets.service import (
        CommuneTarget,
        Count,
        Done,
        behind,
        communes_count,
        counts,
        criteria_numbers,
        due,
        listing,
        phrase,
        set_commune,
        set_communes,
        set_counts,
    )

# issue 22: each name's module (and each module of the package) is imported when it is first
# used (paths.exported), so that a command imports only the modules it calls; mypy sees the
# imports above, never __getattr__
_WHERE = {
    "COMMUNE_KINDS": "ntm_desktop.targets.records:COMMUNE_KINDS",
    "KINDS": "ntm_desktop.targets.records:KINDS",
    "CommuneTarget": "ntm_desktop.targets.service:CommuneTarget",
    "Count": "ntm_desktop.targets.service:Count",
    "Done": "ntm_desktop.targets.service:Done",
    "behind": "ntm_desktop.targets.service:behind",
    "communes_count": "ntm_desktop.targets.service:communes_count",
    "counts": "ntm_desktop.targets.service:counts",
    "criteria_numbers": "ntm_desktop.targets.service:criteria_numbers",
    "due": "ntm_desktop.targets.service:due",
    "listing": "ntm_desktop.targets.service:listing",
    "percent": "ntm_desktop.targets.progress:percent",
    "phrase": "ntm_desktop.targets.service:phrase",
    "set_commune": "ntm_desktop.targets.service:set_commune",
    "set_communes": "ntm_desktop.targets.service:set_communes",
    "set_counts": "ntm_desktop.targets.service:set_counts",
    "shares": "ntm_desktop.targets.progress:shares",
    "progress": "ntm_desktop.targets.progress",
    "records": "ntm_desktop.targets.records",
    "service": "ntm_desktop.targets.service",
    "sheets": "ntm_desktop.targets.sheets",
    "workbook": "ntm_desktop.targets.workbook",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        return paths.exported(__name__, _WHERE, name, globals())

__all__ = ["COMMUNE_KINDS", "KINDS", "CommuneTarget", "Count", "Done", "behind", "due", "communes_count", "counts",
           "criteria_numbers", "listing", "percent", "phrase", "set_commune", "set_communes", "set_counts", "shares"]
