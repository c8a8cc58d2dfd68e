"""Administrative units: loading reference data, resolving names, adding units.

Units form a tree of any depth (province → district → commune → village); a unit's
history (renamed from, merged into …) is kept in ``unit_events``. Names are stored in
NFC and matched through :mod:`ntm_desktop.text` keys; a commune is always named
together with its district, since names repeat across districts.

This module only re-exports, so that callers keep writing ``units.resolve_commune``.
The layers, each importing only those above it:

- :mod:`.records`: the ``Unit`` record, ``get``, ``by_nkey``;
- :mod:`.state`: a unit's logged state, the one writer of ``units`` and ``unit_aliases``
  (``upsert_unit``, ``store_state``, sync's bulk ``restamp_many``, the restorer ``_restore``);
- :mod:`.tree` (children, ancestors, the commune list) and :mod:`.names` (resolving typed
  names, suggestions);
- :mod:`.reference` (the reference file), :mod:`.communes` (adding communes),
  :mod:`.events` (a unit's history, the one writer of ``unit_events``: ``record_event``,
  the bulk ``record_pairs``, sync's ``store_event``, the restorer ``_restore_event``);
- :mod:`.national` (the national lists of both eras: ``find_provinces``, ``load_provinces``;
  how natural keys handle a reused GSO code) and :mod:`.eras` (units in force on a day, the
  history as CONTRACT §1 gives it);
- :mod:`.changes` (units a user renames, merges, splits, ends: one logged batch each, checked
  before anything is written);
- :mod:`.classes` (a commune's group or region from a day, the one writer of ``unit_classes``:
  ``classes.classify``, ``classes.facts_of``, the bulk ``classes.timelines``; the service that
  also recomputes statuses is ``assessments.classify``).
"""

from __future__ import annotations

from ntm_desktop import paths

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    # ``audit`` stays reachable as ``units.audit``: tests write filler changes through it
    from ntm_desktop.store import audit
    from ntm_desktop.units import classes
    from ntm_desktop.units.changes import (
        Change,
        add_unit,
        created,
        in_programme,
        merge,
        rename,
        set_programme,
        split,
    )
    from ntm_desktop.units.changes import end as end_unit
    from ntm_desktop.units.communes import add_commune, add_commune_in
    from ntm_desktop.units.eras import history, in_force, origins
    from ntm_desktop.units.events import EVENT_KINDS, UnitEvent, _restore_event, events_of, record_event, store_event
    from ntm_desktop.units.names import resolve_any, resolve_code, resolve_commune, resolve_district, text_suggest
    from ntm_desktop.units.national import find_provinces, load_provinces, provinces
    from ntm_desktop.units.records import DEFAULT_KIND, LEVELS, UNIT_FIELDS, Unit, by_nkey, get
    from ntm_desktop.units.reference import load_reference
    from ntm_desktop.units.state import _restore, restamp_many, store_state, upsert_unit
    from ntm_desktop.units.state import snapshot as _snapshot
    from ntm_desktop.units.tree import (
        aliases_by_unit,
        aliases_of,
        all_of_level,
        ancestor,
        children,
        existed_in,
        in_force_during,
        in_force_on,
        list_communes,
        region_of,
    )

# issue 22: each name's module (and each module of the package) is imported when it is first
# used (paths.exported), so that a command imports only the modules it calls; mypy sees the
# imports above, never __getattr__
_WHERE = {
    "audit": "ntm_desktop.store.audit",
    "classes": "ntm_desktop.units.classes",
    "Change": "ntm_desktop.units.changes:Change",
    "add_unit": "ntm_desktop.units.changes:add_unit",
    "created": "ntm_desktop.units.changes:created",
    "in_programme": "ntm_desktop.units.changes:in_programme",
    "merge": "ntm_desktop.units.changes:merge",
    "rename": "ntm_desktop.units.changes:rename",
    "set_programme": "ntm_desktop.units.changes:set_programme",
    "split": "ntm_desktop.units.changes:split",
    "end_unit": "ntm_desktop.units.changes:end",
    "add_commune": "ntm_desktop.units.communes:add_commune",
    "add_commune_in": "ntm_desktop.units.communes:add_commune_in",
    "history": "ntm_desktop.units.eras:history",
    "in_force": "ntm_desktop.units.eras:in_force",
    "origins": "ntm_desktop.units.eras:origins",
    "EVENT_KINDS": "ntm_desktop.units.events:EVENT_KINDS",
    "UnitEvent": "ntm_desktop.units.events:UnitEvent",
    "_restore_event": "ntm_desktop.units.events:_restore_event",
    "events_of": "ntm_desktop.units.events:events_of",
    "record_event": "ntm_desktop.units.events:record_event",
    "store_event": "ntm_desktop.units.events:store_event",
    "resolve_any": "ntm_desktop.units.names:resolve_any",
    "resolve_code": "ntm_desktop.units.names:resolve_code",
    "resolve_commune": "ntm_desktop.units.names:resolve_commune",
    "resolve_district": "ntm_desktop.units.names:resolve_district",
    "text_suggest": "ntm_desktop.units.names:text_suggest",
    "find_provinces": "ntm_desktop.units.national:find_provinces",
    "load_provinces": "ntm_desktop.units.national:load_provinces",
    "provinces": "ntm_desktop.units.national:provinces",
    "DEFAULT_KIND": "ntm_desktop.units.records:DEFAULT_KIND",
    "LEVELS": "ntm_desktop.units.records:LEVELS",
    "UNIT_FIELDS": "ntm_desktop.units.records:UNIT_FIELDS",
    "Unit": "ntm_desktop.units.records:Unit",
    "by_nkey": "ntm_desktop.units.records:by_nkey",
    "get": "ntm_desktop.units.records:get",
    "load_reference": "ntm_desktop.units.reference:load_reference",
    "_restore": "ntm_desktop.units.state:_restore",
    "restamp_many": "ntm_desktop.units.state:restamp_many",
    "store_state": "ntm_desktop.units.state:store_state",
    "upsert_unit": "ntm_desktop.units.state:upsert_unit",
    "_snapshot": "ntm_desktop.units.state:snapshot",
    "aliases_by_unit": "ntm_desktop.units.tree:aliases_by_unit",
    "aliases_of": "ntm_desktop.units.tree:aliases_of",
    "all_of_level": "ntm_desktop.units.tree:all_of_level",
    "ancestor": "ntm_desktop.units.tree:ancestor",
    "children": "ntm_desktop.units.tree:children",
    "existed_in": "ntm_desktop.units.tree:existed_in",
    "in_force_during": "ntm_desktop.units.tree:in_force_during",
    "in_force_on": "ntm_desktop.units.tree:in_force_on",
    "list_communes": "ntm_desktop.units.tree:list_communes",
    "region_of": "ntm_desktop.units.tree:region_of",
    "changes": "ntm_desktop.units.changes",
    "communes": "ntm_desktop.units.communes",
    "eras": "ntm_desktop.units.eras",
    "events": "ntm_desktop.units.events",
    "names": "ntm_desktop.units.names",
    "national": "ntm_desktop.units.national",
    "records": "ntm_desktop.units.records",
    "reference": "ntm_desktop.units.reference",
    "state": "ntm_desktop.units.state",
    "tree": "ntm_desktop.units.tree",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        return paths.exported(__name__, _WHERE, name, globals())

__all__ = [
    "Change",
    "classes",
    "created",
    "in_programme",
    "add_unit",
    "set_programme",
    "end_unit",
    "merge",
    "rename",
    "split",
    "aliases_by_unit",
    "existed_in",
    "in_force_during",
    "in_force_on",
    "DEFAULT_KIND",
    "EVENT_KINDS",
    "LEVELS",
    "UNIT_FIELDS",
    "Unit",
    "UnitEvent",
    "_restore",
    "_restore_event",
    "_snapshot",
    "add_commune",
    "add_commune_in",
    "aliases_of",
    "all_of_level",
    "ancestor",
    "audit",
    "by_nkey",
    "children",
    "events_of",
    "find_provinces",
    "get",
    "history",
    "in_force",
    "list_communes",
    "load_provinces",
    "load_reference",
    "origins",
    "provinces",
    "record_event",
    "region_of",
    "resolve_any",
    "resolve_code",
    "resolve_commune",
    "resolve_district",
    "restamp_many",
    "store_event",
    "store_state",
    "text_suggest",
    "upsert_unit",
]
