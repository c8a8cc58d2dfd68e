"""Twinning assignments: an agency twinned with a commune or a village over time.

An **assignment** (``twinnings`` row) twins one agency with one commune or village from
a date until a date (exclusive: active on ``d`` when ``start <= d < end``; ``end`` None
while active), with the decisions that started and ended it. Its natural key is the
pair and the start date (:func:`~.records.twinning_nkey`): the start date and the pair
are its identity, so correcting them means deleting and entering it again. A pair's
twinnings may not overlap (refused); one commune at a time is the rule for an agency, but
a second overlapping twinning of the same agency is only warned about (docs/twinning.md).
A reassignment on day R ends the old twinning on R and starts the new one on R, so on R
only the new one is active.

Every write is one transaction with its change-log rows (undo, history, sync packages);
refused input raises InputRejected and writes nothing. Dates are ``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ntm_desktop import ids, text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.twinning.agencies import (
    Agency,
    agency_fits,
    create_agency_in,
    default_owner,
    get_agency,
    resolve_agency,
)
from ntm_desktop.twinning.dates import Decision, from_iso, iso, parse_date, show_date
from ntm_desktop.twinning.kinds import AGENCY_LEVELS
from ntm_desktop.twinning.places import district_of, ensure_village, near_names, place_label
from ntm_desktop.twinning.records import save, state_of, twinning_nkey
from ntm_desktop.units import Unit


@dataclass(frozen=True)
class Assignment:
    """One twinning: an agency with a commune (or a village) from ``start`` until ``end``
    (exclusive: the day it stopped; None while active)."""

    id: int
    uuid: str
    nkey: str
    agency_id: int
    agency_uuid: str
    agency_nkey: str
    agency: str
    agency_level: str
    agency_kind: str
    unit_id: int
    unit_nkey: str
    unit_level: str  # "commune" or "village"
    district_id: int | None
    district: str
    commune_id: int
    commune_nkey: str
    commune: str
    village: str | None
    start: date
    end: date | None
    decision: str | None
    decision_date: date | None
    decision_signer: str | None
    end_decision: str | None
    end_decision_date: date | None
    end_decision_signer: str | None
    note: str | None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def place(self) -> str:
        """``Đăk Long (Đăk Hà)``, or ``Thôn 1, xã Đăk Long (Đăk Hà)`` for a village."""
        if self.village:
            return t("twin.place_village", village=self.village, commune=self.commune, district=self.district)
        return f"{self.commune} ({self.district})"

    def start_decision(self) -> Decision | None:
        return Decision.of(self.decision, self.decision_date, self.decision_signer)

    def stop_decision(self) -> Decision | None:
        return Decision.of(self.end_decision, self.end_decision_date, self.end_decision_signer)

    def as_json(self) -> dict[str, Any]:
        """CONTRACT §1 keys (agency, district, commune, from, to, decision) and more beside."""
        return {
            "agency": self.agency,
            "district": self.district,
            "commune": self.commune,
            "from": iso(self.start),
            "to": iso(self.end),
            "decision": self.decision,
            "village": self.village,
            "agency_level": self.agency_level,
            "agency_kind": self.agency_kind,
            "decision_date": iso(self.decision_date),
            "decision_signer": self.decision_signer,
            "end_decision": self.end_decision,
            "end_decision_date": iso(self.end_decision_date),
            "end_decision_signer": self.end_decision_signer,
            "note": self.note,
            "uuid": self.uuid,
        }


@dataclass
class Result:
    """What a write did: its batch (for undo; None when nothing changed), the assignment
    written, warnings to show (the write was done), and for a reassignment the one ended."""

    batch: audit.Batch | None
    assignment: Assignment | None
    warnings: list[str] = field(default_factory=list)
    previous: Assignment | None = None


ASSIGNMENT_SELECT = (
    "SELECT t.*, a.uuid AS a_uuid, a.nkey AS a_nkey, a.name AS a_name, a.level AS a_level,"
    " a.kind AS a_kind, u.level AS u_level, u.name AS u_name, u.nkey AS u_nkey,"
    " p.id AS p_id, p.name AS p_name, p.nkey AS p_nkey, g.id AS g_id, g.name AS g_name"
    " FROM twinnings t JOIN agencies a ON a.id = t.agency_id JOIN units u ON u.id = t.unit_id"
    " LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units g ON g.id = p.parent_id"
)


def assignment_from_row(r: Any) -> Assignment:
    village = r["u_level"] == "village"
    return Assignment(
        r["id"], r["uuid"], r["nkey"], r["agency_id"], r["a_uuid"], r["a_nkey"], r["a_name"],
        r["a_level"], r["a_kind"], r["unit_id"], r["u_nkey"], r["u_level"],
        r["g_id"] if village else r["p_id"],
        (r["g_name"] if village else r["p_name"]) or "",
        r["p_id"] if village else r["unit_id"],
        r["p_nkey"] if village else r["u_nkey"],
        r["p_name"] if village else r["u_name"],
        r["u_name"] if village else None,
        date.fromisoformat(r["date_from"]), from_iso(r["date_to"]),
        r["decision"], from_iso(r["decision_date"]), r["decision_signer"],
        r["end_decision"], from_iso(r["end_decision_date"]), r["end_decision_signer"], r["note"],
    )


def assignment_sort_key(a: Assignment) -> tuple[Any, ...]:
    return (text.sort_key(a.district), text.sort_key(a.commune), text.sort_key(a.village or ""),
            a.start, text.sort_key(a.agency))


def load_assignments(store: Store, where: str = "t.deleted = 0",
                     params: list[Any] | None = None) -> list[Assignment]:
    rows = store.query(f"{ASSIGNMENT_SELECT} WHERE {where}", params or [])
    return sorted((assignment_from_row(r) for r in rows), key=assignment_sort_key)


def get_assignment(store: Store, twinning_uuid: str) -> Assignment:
    found = load_assignments(store, "t.uuid = ?", [twinning_uuid])
    if not found:
        raise InputRejected("twin.missing_ref", what=twinning_uuid)
    return found[0]


# -- checks -------------------------------------------------------------------------------------


def _span(a: Assignment) -> str:
    return f"{show_date(a.start)}–{show_date(a.end) if a.end else '…'}"


def _overlaps(start: date, end: date | None, other: Assignment) -> bool:
    return start < (other.end or date.max) and other.start < (end or date.max)


def _check_place(store: Store, agency: Agency, unit: Unit) -> None:
    if unit.level not in ("commune", "village"):
        raise InputRejected("twin.not_place", name=unit.name)
    if not agency_fits(store, agency, unit):
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


# -- writes ---------------------------------------------------------------------------------------


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
            agency = create_agency_in(store, batch, agency_name, level=chosen, kind=kind, owner=owner,
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
    district = district_of(store, commune)
    return CommuneCard(
        commune, district.name if district else "", on,
        [a for a in every if a.active_on(on)],
        sorted((a for a in every if a.end is not None and a.end <= on), key=lambda a: a.end or on, reverse=True),
        [a for a in every if a.start > on],
    )
