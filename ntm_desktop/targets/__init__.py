"""Targets from resolutions: communes per criterion by a year, and each commune's target years (CONTRACT §8).

:mod:`.records` is the one writer of ``targets`` (with the restorer and sync's rows);
:mod:`.service` sets and lists targets and measures results against them; :mod:`.workbook`
reads and writes the targets workbook (docs/planning.md). The summary's ``targets``::

    from ntm_desktop import targets
    result["targets"] = targets.shares(store, year, district_id_or_None, result["per_criterion"])
"""

from __future__ import annotations

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
    percent,
    phrase,
    set_commune,
    set_communes,
    set_counts,
    shares,
)

__all__ = ["COMMUNE_KINDS", "KINDS", "CommuneTarget", "Count", "Done", "behind", "due", "communes_count", "counts",
           "criteria_numbers", "listing", "percent", "phrase", "set_commune", "set_communes", "set_counts", "shares"]
