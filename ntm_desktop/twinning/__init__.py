"""Twinning (kết nghĩa): agencies, assignments over time, contributions (issue 4).

Province agencies are twinned with especially difficult communes, district agencies with
villages, by decision; pairs are reassigned over the years, and each agency reports what
it contributed. The model (docs/twinning.md):

- an **agency** has a name, a kind (:data:`AGENCY_KINDS`), a level (province or district)
  with its owner unit, a contact person and a phone number;
- an **assignment** (``twinnings`` row) twins one agency with one commune or village from
  a date until a date (exclusive: active on ``d`` when ``start <= d < end``; ``end`` None
  while active), with the decisions that started and ended it;
- a **contribution** is logged against one assignment (see :mod:`.twinning_contrib`).

Every write is one transaction with its change-log rows (undo, history, sync packages);
refused input raises InputRejected and writes nothing. Dates are ``datetime.date``.

Public functions the reports build on: :func:`assignments_as_of`, :func:`history`,
:func:`reassignments_between`, :func:`contribution_totals`, :data:`CONTRIBUTION_KINDS`
and :data:`TABLES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from ntm_desktop import ids, text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.twinning.base import (  # noqa: F401  (re-exported)
    AGENCY_KIND_CODES,
    AGENCY_KINDS,
    AGENCY_LEVELS,
    CONTRIBUTION_KINDS,
    KIND_BY_CODE,
    Agency,
    Assignment,
    Contribution,
    ContributionKind,
    Decision,
    agency_key,
    agency_kind,
    agency_nkey,
    contribution_kind,
    guess_kind,
    iso,
    load_agencies,
    load_assignments,
    parse_date,
    save,
    show_date,
    state_of,
    twinning_nkey,
)
from ntm_desktop.twinning.contributions import (  # noqa: F401  (re-exported)
    TABLES,
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
from ntm_desktop.units import Unit

NEAR_WORD = 0.8  # a new name differing from a known one by one word this close may be a typo



@dataclass
class Result:
    """What a write did: its batch (for undo; None when nothing changed), the assignment
    written, warnings to show (the write was done), and for a reassignment the one ended."""

    batch: audit.Batch | None
    assignment: Assignment | None
    warnings: list[str] = field(default_factory=list)
    previous: Assignment | None = None


# -- places ------------------------------------------------------------------------------------


def _suggest(details_key: str, names: list[str]) -> list[str]:
    return [t(details_key, names="; ".join(names))] if names else []


def find_village(store: Store, commune: Unit, name: str) -> Unit | None:
    """The village of ``commune`` named ``name`` (exactly, else accent-insensitively)."""
    villages = units.children(store, commune.id, "village")
    key = text.match_key(name)
    exact = [v for v in villages if text.match_key(v.name) == key]
    if exact:
        return exact[0]
    folded = [v for v in villages if text.search_key(v.name) == text.search_key(name)]
    return folded[0] if len(folded) == 1 else None


def resolve_village(store: Store, commune: Unit, name: str) -> Unit:
    """An existing village of ``commune``, or InputRejected with close matches."""
    found = find_village(store, commune, name)
    if found is not None:
        return found
    names = [v.name for v in units.children(store, commune.id, "village")]
    raise InputRejected("village.unknown", _suggest("unit.suggest", text.closest(name, names, cutoff=0.5)),
                        name=name, commune=commune.name)


def _near(a: str, b: str) -> bool:
    words_a, words_b = text.fold(a).split(), text.fold(b).split()
    if re.findall(r"\d+", a) != re.findall(r"\d+", b) or words_a == words_b:
        return False
    if len(words_a) == len(words_b):
        differ = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
        return len(differ) == 1 and SequenceMatcher(None, *differ[0]).ratio() >= NEAR_WORD
    longer, shorter = (words_a, words_b) if len(words_a) > len(words_b) else (words_b, words_a)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def near_names(name: str, names: list[str]) -> list[str]:
    """Names of which ``name`` may be a typo: the same words, accents ignored, except one
    word spelt very closely (``Sở Tài chín``, ``Sở Tài chánh`` for ``Sở Tài chính``) or one
    word more or less. Different numbers or a different place word are not typos (``Thôn 1``
    and ``Thôn 2``; ``Đồn Biên phòng Đăk Long`` and ``… Đăk Blô``)."""
    return [n for n in names if _near(name, n)]


def ensure_village(store: Store, batch: audit.Batch, commune: Unit, name: str,
                   warnings: list[str] | None = None) -> Unit:
    """The village of ``commune`` named ``name``, created (logged in ``batch``) if it is new;
    a new name very close to an existing village's adds a warning to ``warnings``. Call
    inside a transaction."""
    name = text.clean(name)
    if not name:
        raise InputRejected("village.empty_name")
    found = find_village(store, commune, name)
    if found is not None:
        return found
    near = near_names(name, [v.name for v in units.children(store, commune.id, "village")])
    if near and warnings is not None:
        warnings.append(t("village.near", name=name, commune=commune.name, names="; ".join(near)))
    return units.upsert_unit(store, batch, level="village", name=name, parent=commune)


def resolve_place(store: Store, commune: str, district: str | None = None, village: str | None = None) -> Unit:
    """The commune (or its existing village) named on the command line or in a form."""
    unit = units.resolve_commune(store, commune, district)
    return resolve_village(store, unit, village) if village and text.clean(village) else unit


def place_label(store: Store, unit: Unit) -> str:
    """``Đăk Long (Đăk Hà)``, or ``Thôn 1, xã Đăk Long (Đăk Hà)`` for a village."""
    if unit.level == "village":
        commune = units.get(store, unit.parent_id) if unit.parent_id else None
        district = units.ancestor(store, commune, "district") if commune else None
        return t("twin.place_village", village=unit.name, commune=commune.name if commune else "?",
                 district=district.name if district else "?")
    district = units.ancestor(store, unit, "district")
    return f"{unit.name} ({district.name})" if district else unit.name


def _district_of(store: Store, unit: Unit) -> Unit | None:
    return units.ancestor(store, unit, "district")


# -- agencies ----------------------------------------------------------------------------------


def get_agency(store: Store, agency_uuid: str) -> Agency:
    found = load_agencies(store, "a.uuid = ?", [agency_uuid])
    if not found:
        raise InputRejected("twin.missing_ref", what=agency_uuid)
    return found[0]


def list_agencies(
    store: Store, *, level: str | None = None, district: Unit | str | None = None, query: str | None = None
) -> list[Agency]:
    """Agencies (not deleted) in Vietnamese order; ``district`` keeps the province agencies
    and that district's own; ``query`` matches words of the name, accents optional."""
    found = load_agencies(store)
    if level:
        found = [a for a in found if a.level == level]
    if district is not None:
        dist = units.resolve_district(store, district) if isinstance(district, str) else district
        found = [a for a in found if a.level == "province" or a.owner_id == dist.id]
    if query and text.clean(query):
        found = [a for a in found if text.matches_filter(a.name, query)]
    return found


def _fits(store: Store, agency: Agency, unit: Unit | None) -> bool:
    if unit is None or agency.level == "province":
        return True
    district = _district_of(store, unit)
    return district is not None and district.id == agency.owner_id


def resolve_agency(store: Store, name: str, *, unit: Unit | None = None, level: str | None = None) -> Agency:
    """The agency named ``name`` (case, spacing and, failing an exact match, accents
    ignored). Several agencies of that name (a province one and district ones) are told
    apart by ``level`` and by the district of ``unit``. Unknown: InputRejected with the
    closest names."""
    found = load_agencies(store, "a.deleted = 0 AND a.name_key = ?", [agency_key(name)])
    if not found:
        found = load_agencies(store, "a.deleted = 0 AND a.search_key = ?", [text.fold(name)])
    if len(found) > 1 and level:
        found = [a for a in found if a.level == level] or found
    if len(found) > 1 and unit is not None:
        found = [a for a in found if _fits(store, a, unit)] or found
        if len(found) > 1:  # a village twinning prefers its district's own agency
            preferred = "district" if unit.level == "village" else "province"
            found = [a for a in found if a.level == preferred] or found
    if len(found) == 1:
        return found[0]
    if found:
        owners = ", ".join(f"{a.name} ({a.owner})" for a in found)
        raise InputRejected("agency.ambiguous", name=name, owners=owners)
    names = [r["name"] for r in store.query("SELECT name FROM agencies WHERE deleted = 0")]
    close = text.closest(name, names, limit=5, cutoff=0.5)
    raise InputRejected("agency.unknown", _suggest("agency.suggest", close), name=name)


def default_owner(store: Store, level: str, unit: Unit | None = None, name: str = "") -> Unit:
    """The province or district an agency of ``level`` belongs to: the ancestor of
    ``unit`` (a district, commune or village), else the only province in the database."""
    if level not in AGENCY_LEVELS:
        raise InputRejected("agency.bad_level", value=level)
    if unit is not None:
        owner = units.ancestor(store, unit, level)
        if owner is not None:
            return owner
    elif level == "province":
        provinces = units.all_of_level(store, "province")
        if len(provinces) == 1:
            return provinces[0]
    raise InputRejected("agency.no_owner", name=name)


def _create_agency(
    store: Store, batch: audit.Batch, name: str, *, level: str, kind: str | None, owner: Unit,
    contact: str | None, phone: str | None, note: str | None,
) -> Agency:
    name = text.clean(name)
    if not name:
        raise InputRejected("agency.empty_name")
    if level not in AGENCY_LEVELS:
        raise InputRejected("agency.bad_level", value=level)
    kind_code = agency_kind(kind, name)
    clash = load_agencies(store, "a.deleted = 0 AND a.owner_id = ? AND a.name_key = ?",
                          [owner.id, agency_key(name)])
    if clash:
        raise InputRejected("agency.exists", name=clash[0].name, owner=clash[0].owner)
    nkey = agency_nkey(owner.nkey, name)
    existing = state_of(store, "agency", nkey=nkey)
    if existing is not None and not existing["deleted"]:  # renamed away from this name
        nkey = f"{nkey}#{ids.new_uuid()[-8:]}"  # random bits (a version-7 uuid starts with the clock)
        existing = None
    state = {
        "uuid": existing["uuid"] if existing else ids.new_uuid(),
        "nkey": nkey, "deleted": 0, "name": name, "kind": kind_code, "level": level,
        "owner": owner.nkey, "contact": text.clean(contact) or None,
        "phone": text.clean(phone) or None, "note": text.clean(note) or None,
    }
    saved = save(store, batch, "agency", state)
    return get_agency(store, saved["uuid"])


def create_agency(
    store: Store, name: str, *, level: str = "province", kind: str | None = None,
    owner: Unit | None = None, contact: str | None = None, phone: str | None = None,
    note: str | None = None,
) -> tuple[Agency, audit.Batch]:
    """Add an agency. ``owner`` is its province or district (for ``level`` district, the
    district); by default the database's only province. Refuses a duplicate name."""
    owner = owner if owner is not None and owner.level == level else default_owner(store, level, owner, name)
    batch = audit.new_batch("entered", t("agency.label_add", name=text.clean(name)))
    with store.transaction():
        agency = _create_agency(store, batch, name, level=level, kind=kind, owner=owner,
                                contact=contact, phone=phone, note=note)
    return agency, batch


def update_agency(
    store: Store, agency: Agency, *, name: str | None = None, kind: str | None = None,
    contact: str | None = None, phone: str | None = None, note: str | None = None,
) -> audit.Batch | None:
    """Change an agency's name, kind, contact, phone or note (None keeps a field, "" clears
    it). Its natural key stays: a renamed agency keeps its identity and history."""
    state = state_of(store, "agency", uuid=agency.uuid)
    assert state is not None
    new = dict(state)
    if name is not None:
        clean_name = text.clean(name)
        if not clean_name:
            raise InputRejected("agency.empty_name")
        clash = load_agencies(store, "a.deleted = 0 AND a.owner_id = ? AND a.uuid != ? AND a.name_key = ?",
                              [agency.owner_id, agency.uuid, agency_key(clean_name)])
        if clash:
            raise InputRejected("agency.exists", name=clash[0].name, owner=clash[0].owner)
        new["name"] = clean_name
    if kind is not None:
        new["kind"] = agency_kind(kind, new["name"])
    for key, value in (("contact", contact), ("phone", phone), ("note", note)):
        if value is not None:
            new[key] = text.clean(value) or None
    if new == state:
        return None
    batch = audit.new_batch("entered", t("agency.label_edit", name=new["name"]))
    with store.transaction():
        save(store, batch, "agency", new)
    return batch


def delete_agency(store: Store, agency: Agency) -> audit.Batch:
    """Delete (tombstone) an agency that has no twinning recorded."""
    used = store.query("SELECT count(*) AS n FROM twinnings WHERE agency_id = ? AND deleted = 0", [agency.id])
    if used[0]["n"]:
        raise InputRejected("agency.in_use", name=agency.name, n=used[0]["n"])
    batch = audit.new_batch("entered", t("agency.label_delete", name=agency.name))
    with store.transaction():
        state = state_of(store, "agency", uuid=agency.uuid)
        assert state is not None
        save(store, batch, "agency", {**state, "deleted": 1})
    return batch


# -- assignments -----------------------------------------------------------------------------------


def get_assignment(store: Store, twinning_uuid: str) -> Assignment:
    found = load_assignments(store, "t.uuid = ?", [twinning_uuid])
    if not found:
        raise InputRejected("twin.missing_ref", what=twinning_uuid)
    return found[0]


def _span(a: Assignment) -> str:
    return f"{show_date(a.start)}–{show_date(a.end) if a.end else '…'}"


def _overlaps(start: date, end: date | None, other: Assignment) -> bool:
    return start < (other.end or date.max) and other.start < (end or date.max)


def _check_place(store: Store, agency: Agency, unit: Unit) -> None:
    if unit.level not in ("commune", "village"):
        raise InputRejected("twin.not_place", name=unit.name)
    if not _fits(store, agency, unit):
        raise InputRejected("twin.outside_district", agency=agency.name, owner=agency.owner,
                            place=place_label(store, unit))


def _check_pair(store: Store, agency: Agency, unit: Unit, start: date, end: date | None,
                ignore: str | None = None) -> None:
    if end is not None and end <= start:
        raise InputRejected("twin.end_before_start", end=show_date(end), start=show_date(start),
                            agency=agency.name, place=place_label(store, unit))
    pair = load_assignments(store, "t.deleted = 0 AND t.agency_id = ? AND t.unit_id = ?", [agency.id, unit.id])
    for other in pair:
        if other.uuid != ignore and _overlaps(start, end, other):
            until = t("twin.until", end=show_date(other.end)) if other.end else t("twin.open")
            raise InputRejected("twin.overlap", agency=agency.name, place=other.place,
                                start=show_date(other.start), until=until, new_start=show_date(start))


def _second_active(store: Store, agency: Agency, unit: Unit, start: date, end: date | None,
                   ignore: str | None = None) -> list[str]:
    others = [a for a in load_assignments(store, "t.deleted = 0 AND t.agency_id = ?", [agency.id])
              if a.uuid != ignore and a.unit_id != unit.id and _overlaps(start, end, a)]
    if not others:
        return []
    places = "; ".join(f"{a.place} ({_span(a)})" for a in others)
    return [t("twin.warn_second", agency=agency.name, places=places)]


def _decision_fields(decision: Decision | None, prefix: str = "") -> dict[str, Any]:
    d = decision or Decision()
    return {f"{prefix}decision": d.number, f"{prefix}decision_date": iso(d.on),
            f"{prefix}decision_signer": d.signer}


def _assign_in(
    store: Store, batch: audit.Batch, agency: Agency, unit: Unit, start: date, end: date | None,
    decision: Decision | None, note: str | None, ignore: str | None = None,
) -> tuple[Assignment, list[str]]:
    _check_place(store, agency, unit)
    _check_pair(store, agency, unit, start, end, ignore)
    warnings = _second_active(store, agency, unit, start, end, ignore)
    nkey = twinning_nkey(agency.nkey, unit.nkey, start)
    existing = state_of(store, "twinning", nkey=nkey)  # a deleted twinning of the same key revives
    state = {
        "uuid": existing["uuid"] if existing else ids.new_uuid(), "nkey": nkey, "deleted": 0,
        "agency": agency.nkey, "unit": unit.nkey, "date_from": iso(start), "date_to": iso(end),
        **_decision_fields(decision), **_decision_fields(None, "end_"),
        "note": text.clean(note) or None,
    }
    saved = save(store, batch, "twinning", state)
    return get_assignment(store, saved["uuid"]), warnings


def assign(
    store: Store, agency: Agency, unit: Unit, start: date | str, *, end: date | str | None = None,
    decision: Decision | None = None, note: str | None = None,
) -> Result:
    """Twin ``agency`` with ``unit`` (a commune or a village) from ``start`` (optionally
    until ``end``, for past twinnings). Refuses an overlapping twinning of the same pair and
    an end not after the start; warns when the agency has another active twinning."""
    start_day = parse_date(start)
    end_day = parse_date(end) if end else None
    batch = audit.new_batch("entered", t("twin.label_assign", agency=agency.name, place=place_label(store, unit)))
    with store.transaction():
        assignment, warnings = _assign_in(store, batch, agency, unit, start_day, end_day, decision, note)
    return Result(batch, assignment, warnings)


def assign_by_name(
    store: Store, agency_name: str, commune: Unit, start: date | str, *, village: str | None = None,
    level: str | None = None, kind: str | None = None, contact: str | None = None,
    phone: str | None = None, end: date | str | None = None,
    decision: Decision | None = None, note: str | None = None,
) -> Result:
    """``ntm twinning assign``: the agency named for the first time is created (level
    province for a commune, district for a village, unless ``level``); a village named for
    the first time is created under ``commune``. All of it is one undoable batch. A new
    agency or village whose name is very close to an existing one's is created with a
    warning (it may be a typo)."""
    start_day = parse_date(start)
    end_day = parse_date(end) if end else None
    if level is not None and level not in AGENCY_LEVELS:
        raise InputRejected("agency.bad_level", value=level)
    batch = audit.new_batch("entered")
    notes: list[str] = []
    with store.transaction():
        unit = ensure_village(store, batch, commune, village, notes) if village and text.clean(village) else commune
        try:
            agency = resolve_agency(store, agency_name, unit=unit, level=level)
        except InputRejected as error:
            if error.key != "agency.unknown":
                raise
            near = near_names(agency_name, [r["name"] for r in store.query(
                "SELECT name FROM agencies WHERE deleted = 0")])
            chosen = level or ("district" if unit.level == "village" else "province")
            owner = default_owner(store, chosen, unit, agency_name)
            agency = _create_agency(store, batch, agency_name, level=chosen, kind=kind, owner=owner,
                                    contact=contact, phone=phone, note=None)
            if near:
                notes.append(t("agency.near", name=agency.name, names="; ".join(near)))
        batch.label = t("twin.label_assign", agency=agency.name, place=place_label(store, unit))
        assignment, warnings = _assign_in(store, batch, agency, unit, start_day, end_day, decision, note)
    return Result(batch, assignment, notes + warnings)


def find_assignment(store: Store, agency: Agency, unit: Unit, on: date | None = None) -> Assignment:
    """The twinning of this pair active on ``on`` (default: the open one); InputRejected
    naming the pair's twinnings when there is none."""
    pair = load_assignments(store, "t.deleted = 0 AND t.agency_id = ? AND t.unit_id = ?", [agency.id, unit.id])
    place = place_label(store, unit)
    if not pair:
        raise InputRejected("twin.no_pair", agency=agency.name, place=place)
    chosen = [a for a in pair if a.active_on(on)] if on else [a for a in pair if a.end is None]
    if not chosen:
        raise InputRejected("twin.no_open", agency=agency.name, place=place,
                            spans=", ".join(_span(a) for a in pair))
    return chosen[-1]


def find_open(store: Store, agency: Agency, unit: Unit) -> Assignment:
    """The pair's twinning that has no end yet (what ``ntm twinning end`` ends)."""
    return find_assignment(store, agency, unit)


def _end_state(store: Store, assignment: Assignment, on: date, decision: Decision | None) -> dict[str, Any]:
    if assignment.end is not None:
        raise InputRejected("twin.already_ended", agency=assignment.agency, place=assignment.place,
                            end=show_date(assignment.end))
    if on <= assignment.start:
        raise InputRejected("twin.end_before_start", end=show_date(on), start=show_date(assignment.start),
                            agency=assignment.agency, place=assignment.place)
    state = state_of(store, "twinning", uuid=assignment.uuid)
    assert state is not None
    if state["deleted"]:
        raise InputRejected("twin.deleted")
    return {**state, "date_to": iso(on), **_decision_fields(decision, "end_")}


def end_assignment(store: Store, assignment: Assignment, on: date | str, *,
                   decision: Decision | None = None) -> Result:
    """End a twinning on ``on`` (the first day it is no longer active), by ``decision``."""
    day = parse_date(on)
    state = _end_state(store, assignment, day, decision)
    batch = audit.new_batch("entered", t("twin.label_end", agency=assignment.agency, place=assignment.place))
    with store.transaction():
        save(store, batch, "twinning", state)
    return Result(batch, get_assignment(store, assignment.uuid))


def reassign(
    store: Store, assignment: Assignment, new_unit: Unit, on: date | str, *,
    decision: Decision | None = None, note: str | None = None,
) -> Result:
    """Move the agency of ``assignment`` to ``new_unit`` on ``on``: one action, one decision
    (it ends the old twinning and starts the new one), undone as one step."""
    day = parse_date(on)
    if new_unit.id == assignment.unit_id:
        raise InputRejected("twin.same_place", place=assignment.place)
    agency = get_agency(store, assignment.agency_uuid)
    ended = _end_state(store, assignment, day, decision)
    label = t("twin.label_reassign", agency=agency.name, old=assignment.place, new=place_label(store, new_unit))
    batch = audit.new_batch("entered", label)
    with store.transaction():
        save(store, batch, "twinning", ended)
        created, warnings = _assign_in(store, batch, agency, new_unit, day, None, decision, note)
    return Result(batch, created, warnings, get_assignment(store, assignment.uuid))


def update_assignment(
    store: Store, assignment: Assignment, *, decision: Decision | None = None,
    end_decision: Decision | None = None, end: date | str | None = None, reopen: bool = False,
    note: str | None = None,
) -> Result:
    """Correct a twinning's decisions, end date (or ``reopen`` it) and note. The start date
    and the pair are its identity: to change them, delete it and enter it again."""
    state = state_of(store, "twinning", uuid=assignment.uuid)
    assert state is not None
    new = dict(state)
    if decision is not None:
        new.update(_decision_fields(decision))
    if end_decision is not None:
        new.update(_decision_fields(end_decision, "end_"))
    end_day = None if reopen else (parse_date(end) if end else assignment.end)
    new["date_to"] = iso(end_day)
    if reopen:
        new.update(_decision_fields(None, "end_"))
    if note is not None:
        new["note"] = text.clean(note) or None
    if new == state:
        return Result(None, assignment)
    agency = get_agency(store, assignment.agency_uuid)
    unit = units.get(store, assignment.unit_id)
    _check_pair(store, agency, unit, assignment.start, end_day, ignore=assignment.uuid)
    warnings = _second_active(store, agency, unit, assignment.start, end_day, ignore=assignment.uuid)
    batch = audit.new_batch("entered", t("twin.label_edit", agency=assignment.agency, place=assignment.place))
    with store.transaction():
        save(store, batch, "twinning", new)
    return Result(batch, get_assignment(store, assignment.uuid), warnings)


def delete_assignment(store: Store, assignment: Assignment) -> audit.Batch:
    """Delete a twinning entered by mistake, with its contributions (tombstones; undoable)."""
    batch = audit.new_batch("entered", t("twin.label_delete", agency=assignment.agency, place=assignment.place))
    with store.transaction():
        for row in store.query("SELECT uuid FROM contributions WHERE twinning_id = ? AND deleted = 0",
                               [assignment.id]):
            state = state_of(store, "contribution", uuid=row["uuid"])
            assert state is not None
            save(store, batch, "contribution", {**state, "deleted": 1})
        state = state_of(store, "twinning", uuid=assignment.uuid)
        assert state is not None
        save(store, batch, "twinning", {**state, "deleted": 1})
    return batch


# -- queries ---------------------------------------------------------------------------------------


def _district_id(store: Store, district: Unit | str | None) -> int | None:
    if district is None or (isinstance(district, str) and not text.clean(district)):
        return None
    return (units.resolve_district(store, district) if isinstance(district, str) else district).id


def list_assignments(
    store: Store, *, as_of: date | None = None, district: Unit | str | None = None,
    agency: Agency | str | None = None, commune: Unit | None = None, level: str | None = None,
) -> list[Assignment]:
    """Twinnings (the whole history, or those active on ``as_of``), in Vietnamese order of
    district, commune, village, then start date. ``agency`` is an Agency, or words matched
    in agency names with accents optional; ``commune`` includes its villages' twinnings."""
    found = load_assignments(store)
    if as_of is not None:
        found = [a for a in found if a.active_on(as_of)]
    district_id = _district_id(store, district)
    if district_id is not None:
        found = [a for a in found if a.district_id == district_id]
    if isinstance(agency, Agency):
        found = [a for a in found if a.agency_uuid == agency.uuid]
    elif agency and text.clean(agency):
        found = [a for a in found if text.matches_filter(a.agency, agency)]
    if commune is not None:
        found = [a for a in found if a.commune_id == commune.id or a.unit_id == commune.id]
    if level:
        found = [a for a in found if a.agency_level == level]
    return found


def assignments_as_of(store: Store, on: date, district: str | None = None) -> list[Assignment]:
    """Twinnings active on ``on`` (``start <= on < end``), optionally in one district
    (by name), ordered by district, commune, village, start. Each item is an
    :class:`Assignment` (agency, agency_level, agency_kind, district, commune, village,
    start, end, decisions, note; ``as_json()`` gives the CLI's JSON)."""
    return list_assignments(store, as_of=on, district=district)


def history(store: Store, *, commune: Unit | None = None, agency: Agency | str | None = None) -> list[Assignment]:
    """Every twinning (ended ones included) of a commune (with its villages) or of an
    agency (an Agency or its name), oldest first."""
    if isinstance(agency, str):
        agency = resolve_agency(store, agency, unit=commune)
    found = list_assignments(store, agency=agency, commune=commune)
    return sorted(found, key=lambda a: (a.start, a.end or date.max, text.sort_key(a.agency)))


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


@dataclass(frozen=True)
class CommuneCard:
    """A commune's twinnings as of a day: current, past (ended by then) and upcoming."""

    commune: Unit
    district: str
    on: date
    current: list[Assignment]
    past: list[Assignment]
    upcoming: list[Assignment]


def commune_card(store: Store, commune: Unit, on: date) -> CommuneCard:
    if commune.level == "village" and commune.parent_id:
        commune = units.get(store, commune.parent_id)
    every = history(store, commune=commune)
    district = _district_of(store, commune)
    return CommuneCard(
        commune, district.name if district else "", on,
        [a for a in every if a.active_on(on)],
        sorted((a for a in every if a.end is not None and a.end <= on), key=lambda a: a.end or on, reverse=True),
        [a for a in every if a.start > on],
    )
