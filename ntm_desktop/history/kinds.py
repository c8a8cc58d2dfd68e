"""The logged entity kinds, listed once and in order: what undo, sync and history consult.

Every service function logs its writes under an entity name (``changes.entity``). For
each such kind this list says, in one record:

- ``restore``: how undo and redo put a record back, through the same service functions
  that wrote it (:func:`ntm_desktop.history.revert_batch`);
- ``sync``: how it travels in packages (:mod:`ntm_desktop.sync.entities`), or None when
  it stays on this installation;
- ``show``: how the history of a record shows one of its states (:mod:`.labels`).

The order is the order packages are written and applied in: referenced records first
(units before the values of their communes, criteria sets before the values they
define, agencies before their twinnings before the contributions). A new kind of data
is one more line here; nothing registers itself when its module is imported.

This module sits above the domain packages and sync's entities (it imports them all), so
that :mod:`ntm_desktop.store.audit` needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ntm_desktop import assessments, criteria, twinning, units
from ntm_desktop.cycle import records as cycle_records
from ntm_desktop.funding import records as funding_records
from ntm_desktop.history import labels
from ntm_desktop.recognition import records as recognition_records
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.store.audit import Restorer
from ntm_desktop.sync.entities.base import Entity
from ntm_desktop.sync.entities.classes import UNIT_CLASSES
from ntm_desktop.sync.entities.criteria import CRITERIA_SETS
from ntm_desktop.sync.entities.criterion_results import CRITERION_RESULTS
from ntm_desktop.sync.entities.funding import FUNDING
from ntm_desktop.sync.entities.indicator_values import INDICATOR_VALUES
from ntm_desktop.sync.entities.period_states import PERIOD_STATES
from ntm_desktop.sync.entities.recognitions import RECOGNITIONS
from ntm_desktop.sync.entities.tables import AGENCIES, CONTRIBUTIONS, TWINNINGS
from ntm_desktop.sync.entities.targets import TARGETS
from ntm_desktop.sync.entities.units import UNIT_EVENTS, UNITS
from ntm_desktop.targets import records as targets_records


@dataclass(frozen=True)
class Kind:
    """One logged entity kind."""

    name: str  # as the change log names it
    restore: Restorer
    sync: Entity | None
    show: Callable[[dict[str, Any], str | None], str]


KINDS: tuple[Kind, ...] = (
    Kind("unit", units._restore, UNITS, labels.name),
    Kind("unit_event", units._restore_event, UNIT_EVENTS, labels.name),
    Kind("unit_class", assessments._restore_class, UNIT_CLASSES, units.classes.show),
    Kind("recognition", recognition_records.restore, RECOGNITIONS, recognition_records.show),
    Kind("target", targets_records.restore, TARGETS, targets_records.show),
    Kind("funding", funding_records.restore, FUNDING, funding_records.show),
    Kind("period_state", cycle_records.restore, PERIOD_STATES, cycle_records.show),
    Kind("criteria_set", criteria._restore_criteria_set, CRITERIA_SETS, labels.name),
    Kind("year_set", criteria._restore_year_set, None, labels.name),
    Kind("indicator_value", assessments._restore_iv, INDICATOR_VALUES, labels.value),
    Kind("criterion_result", assessments._restore_cr, CRITERION_RESULTS, labels.official),
    Kind("agency", twinning._restorer("agency"), AGENCIES, labels.name),
    Kind("twinning", twinning._restorer("twinning"), TWINNINGS, labels.dates),
    Kind("contribution", twinning._restorer("contribution"), CONTRIBUTIONS, labels.name),
    Kind(report_settings.ENTITY, report_settings._restore, None, report_settings.show),
)


def kind(name: str) -> Kind | None:
    """The kind logged under ``name``, or None (a row of a kind this version does not know)."""
    return next((k for k in KINDS if k.name == name), None)


def travelling() -> list[Entity]:
    """The entities that travel in packages, in the list's order."""
    return [k.sync for k in KINDS if k.sync is not None]


def travelling_entity(name: str) -> Entity | None:
    """The travelling entity logged under ``name``, or None."""
    found = kind(name)
    return found.sync if found is not None else None


def show(name: str, state: dict[str, Any] | None, value_type: str | None = None) -> str:
    """A state of a record of kind ``name`` as its history shows it: ∅ for none, the
    kind's own text, and the note in brackets."""
    if state is None:
        return "∅"
    found = kind(name)
    shown = (found.show if found is not None else labels.name)(state, value_type)
    if state.get("note"):
        shown = f"{shown} ({state['note']})"
    return str(shown)
