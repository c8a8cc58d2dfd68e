"""Twinning (kết nghĩa): agencies, assignments over time, contributions (issue 4).

Province agencies are twinned with especially difficult communes, district agencies with
villages, by decision; pairs are reassigned over the years, and each agency reports what
it contributed. The model (docs/twinning.md), one module per noun, each importing only
the ones listed before it:

- :mod:`.kinds` agency levels and kinds, contribution kinds; :mod:`.dates` dates and
  decisions; :mod:`.records` natural keys, states and the one writer of the three tables
  (:func:`save`), with the restorers undo/redo and sync call;
- :mod:`.places` communes and villages by name; :mod:`.agencies` the agencies;
- :mod:`.assignments` an agency twinned with a commune or village from a date until a
  date; :mod:`.reassignments` the changes of twinning in a period;
- :mod:`.contributions` what agencies contributed, and its totals (tables 1a, 1b, 1c).

Every write is one transaction with its change-log rows (undo, history, sync packages);
refused input raises InputRejected and writes nothing. Dates are ``datetime.date``.

This package re-exports the public API, so callers write ``twinning.assign(...)``.
Public functions the reports build on: :func:`assignments_as_of`, :func:`history`,
:func:`reassignments_between`, :func:`contribution_totals`, :data:`CONTRIBUTION_KINDS`
and :data:`TABLES`.
"""

from __future__ import annotations

from ntm_desktop.twinning.agencies import (
    Agency,
    create_agency,
    default_owner,
    delete_agency,
    get_agency,
    list_agencies,
    load_agencies,
    resolve_agency,
    update_agency,
)
from ntm_desktop.twinning.assignments import (
    Assignment,
    CommuneCard,
    Result,
    assign,
    assign_by_name,
    assignments_as_of,
    commune_card,
    delete_assignment,
    end_assignment,
    find_assignment,
    find_open,
    get_assignment,
    history,
    list_assignments,
    load_assignments,
    reassign,
    update_assignment,
)
from ntm_desktop.twinning.contributions import (
    TABLES,
    ContribResult,
    Contribution,
    ContributionRow,
    TableSpec,
    TotalsRow,
    add_contribution,
    contribution_totals,
    delete_contribution,
    list_contributions,
    parse_amount,
    parse_quantity,
    running_totals,
    sum_rows,
    update_contribution,
)
from ntm_desktop.twinning.dates import Decision, iso, parse_date, show_date
from ntm_desktop.twinning.kinds import (
    AGENCY_KIND_CODES,
    AGENCY_KINDS,
    AGENCY_LEVELS,
    CONTRIBUTION_KINDS,
    KIND_BY_CODE,
    ContributionKind,
    agency_kind,
    contribution_kind,
    guess_kind,
)
from ntm_desktop.twinning.places import (
    NEAR_WORD,
    ensure_village,
    find_village,
    near_names,
    place_label,
    resolve_place,
    resolve_village,
)
from ntm_desktop.twinning.reassignments import Reassignment, reassignments_between

# records.py holds the restorers of "agency", "twinning" and "contribution" (restore, and
# _restorer(entity) making one per kind); both are re-exported for the explicit list of
# logged entity kinds (ntm_desktop.history).
from ntm_desktop.twinning.records import (
    _restorer,
    agency_key,
    agency_nkey,
    restore,
    save,
    state_of,
    twinning_nkey,
)

__all__ = [
    "AGENCY_KINDS", "AGENCY_KIND_CODES", "AGENCY_LEVELS", "CONTRIBUTION_KINDS", "KIND_BY_CODE", "NEAR_WORD",
    "TABLES", "Agency", "Assignment", "CommuneCard", "ContribResult", "Contribution", "ContributionKind",
    "ContributionRow", "Decision", "Reassignment", "Result", "TableSpec", "TotalsRow", "_restorer",
    "add_contribution", "agency_key", "agency_kind", "agency_nkey", "assign", "assign_by_name",
    "assignments_as_of", "commune_card", "contribution_kind", "contribution_totals", "create_agency",
    "default_owner", "delete_agency", "delete_assignment", "delete_contribution", "end_assignment",
    "ensure_village", "find_assignment", "find_open", "find_village", "get_agency", "get_assignment",
    "guess_kind", "history", "iso", "list_agencies", "list_assignments", "list_contributions",
    "load_agencies", "load_assignments", "near_names", "parse_amount", "parse_date", "parse_quantity",
    "place_label", "reassign", "reassignments_between", "resolve_agency", "resolve_place", "resolve_village",
    "restore", "running_totals", "save", "show_date", "state_of", "sum_rows", "twinning_nkey",
    "update_agency", "update_assignment", "update_contribution",
]
