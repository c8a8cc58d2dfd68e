"""Assessments: indicator values and criterion statuses per commune and period.

This package is the one door through which values are written. Each write happens in
one transaction with its change-log entry; the status computed from the indicators is
cached in ``criterion_results.computed`` and kept up to date in the same transaction.

- :mod:`.indicator_values` and :mod:`.criterion_results`: the only modules that write
  those tables, one row at a time for the functions here and in bulk for the table
  import, the package import and the recompute after it;
- :mod:`.evaluator`: the computed status of many communes at once (after an import), and
  which threshold column (commune group, dated or inherited region, the QĐ 318 rule) assesses
  a commune in a period (:func:`~.evaluator.pick_column`);
- :func:`classify`: a commune's group or region from a day (:mod:`ntm_desktop.units.classes`
  keeps the facts), its statuses recomputed in the same transaction.

This module only re-exports, so that callers keep writing ``assessments.set_official``: the
service functions are in :mod:`.service`, imported when a name is first used (issue 22: the
window's start imports this package through ``setup.prepare`` and shows no scorecard before its
first paint; the service module and the evaluator took about 25 ms of it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ntm_desktop import paths

if TYPE_CHECKING:
    from ntm_desktop.assessments.service import (
        SOURCES,
        CriterionRow,
        IndicatorRow,
        Scorecard,
        _restore_class,
        _restore_cr,
        _restore_iv,
        classify,
        column_text,
        cr_nkey,
        iv_nkey,
        recompute,
        recompute_all,
        resolve_set,
        scorecard,
        set_indicator_value,
        set_official,
    )

# issue 22: each name's module is imported when it is first used (paths.exported); mypy sees the
# imports above, never __getattr__
_WHERE = {
    "SOURCES": "ntm_desktop.assessments.service:SOURCES",
    "iv_nkey": "ntm_desktop.assessments.service:iv_nkey",
    "cr_nkey": "ntm_desktop.assessments.service:cr_nkey",
    "resolve_set": "ntm_desktop.assessments.service:resolve_set",
    "set_indicator_value": "ntm_desktop.assessments.service:set_indicator_value",
    "set_official": "ntm_desktop.assessments.service:set_official",
    "IndicatorRow": "ntm_desktop.assessments.service:IndicatorRow",
    "CriterionRow": "ntm_desktop.assessments.service:CriterionRow",
    "Scorecard": "ntm_desktop.assessments.service:Scorecard",
    "recompute": "ntm_desktop.assessments.service:recompute",
    "recompute_all": "ntm_desktop.assessments.service:recompute_all",
    "scorecard": "ntm_desktop.assessments.service:scorecard",
    "column_text": "ntm_desktop.assessments.service:column_text",
    "classify": "ntm_desktop.assessments.service:classify",
    "_restore_class": "ntm_desktop.assessments.service:_restore_class",
    "_restore_iv": "ntm_desktop.assessments.service:_restore_iv",
    "_restore_cr": "ntm_desktop.assessments.service:_restore_cr",
    "copying": "ntm_desktop.assessments.copying",
    "criterion_results": "ntm_desktop.assessments.criterion_results",
    "evaluator": "ntm_desktop.assessments.evaluator",
    "indicator_values": "ntm_desktop.assessments.indicator_values",
    "service": "ntm_desktop.assessments.service",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        return paths.exported(__name__, _WHERE, name, globals())

__all__ = [
    "CriterionRow",
    "IndicatorRow",
    "SOURCES",
    "Scorecard",
    "_restore_class",
    "_restore_cr",
    "_restore_iv",
    "classify",
    "column_text",
    "cr_nkey",
    "iv_nkey",
    "recompute",
    "recompute_all",
    "resolve_set",
    "scorecard",
    "set_indicator_value",
    "set_official",
]
