"""Contributions of twinned agencies, and their totals in the shape of tables 1a, 1b, 1c.

A contribution is logged against one twinning (agency × commune or village) with a date,
a kind (:data:`CONTRIBUTION_KINDS`), a quantity in the kind's unit, a money value in đồng
(integer), a source and a note. Money kinds (``money_production``, ``money_social``) have
only the amount.

The review's tables (docs/twinning.md):

- **1a** province agencies, support for production: staff trips, money for production,
  household economic models, households helped, labour days;
- **1b** province agencies, culture and social work: money for social work, houses,
  scholarships and school kits, gifts, free medical checks;
- **1c** district teams (district agencies twinned with villages or communes): every kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ntm_desktop import ids, text, values
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.twinning.assignments import Assignment, load_assignments
from ntm_desktop.twinning.dates import iso, parse_date, show_date
from ntm_desktop.twinning.kinds import (
    CONTRIBUTION_KINDS,
    KIND_BY_CODE,
    ContributionKind,
    contribution_kind,
)
from ntm_desktop.twinning.records import contribution_nkey, save, state_of


def number_out(value: float | None) -> float | int | None:
    """A stored quantity as JSON shows it: whole numbers without ``.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


@dataclass(frozen=True)
class TableSpec:
    """One of the review's tables: which agencies (level) and which kinds (columns)."""

    code: str  # "1a", "1b", "1c"
    level: str  # agencies counted: "province" or "district"
    kinds: tuple[str, ...]  # contribution kinds, in column order

    def title(self) -> str:
        return t(f"twin.table_{self.code}")


TABLES = (
    TableSpec("1a", "province", tuple(k.code for k in CONTRIBUTION_KINDS if k.group == "production")),
    TableSpec("1b", "province", tuple(k.code for k in CONTRIBUTION_KINDS if k.group == "social")),
    TableSpec("1c", "district", tuple(k.code for k in CONTRIBUTION_KINDS)),
)
TABLE_BY_CODE = {spec.code: spec for spec in TABLES}
GROUPINGS = ("agency", "commune", "district")


# -- input -----------------------------------------------------------------------------------


def parse_amount(raw: str | int | float | None) -> int | None:
    """Đồng as typed (``15.000.000``, ``15000000``); None/empty is None. Whole, ≥ 0."""
    if raw is None or (isinstance(raw, str) and not text.clean(raw)):
        return None
    try:
        number = float(raw) if isinstance(raw, (int, float)) else values.parse_number(str(raw))
    except InputRejected:
        raise InputRejected("contrib.bad_amount", value=raw) from None
    if number < 0 or not float(number).is_integer():
        raise InputRejected("contrib.bad_amount", value=raw)
    return int(number)


def parse_quantity(raw: str | int | float | None) -> float | None:
    """A quantity as typed, Vietnamese decimals (``2,5``); None/empty is None. ≥ 0."""
    if raw is None or (isinstance(raw, str) and not text.clean(raw)):
        return None
    try:
        number = float(raw) if isinstance(raw, (int, float)) else values.parse_number(str(raw))
    except InputRejected:
        raise InputRejected("contrib.bad_quantity", value=raw) from None
    if number < 0:
        raise InputRejected("contrib.bad_quantity", value=raw)
    return number


def _normalise(kind_code: str, quantity: Any, amount: Any) -> tuple[float | None, int | None]:
    kind = contribution_kind(kind_code)
    qty = parse_quantity(quantity)
    money = parse_amount(amount)
    if kind.money:
        if money is None and qty is not None:  # the figure typed as a quantity is the amount
            money = parse_amount(qty)
        qty = None
        if not money:
            raise InputRejected("contrib.empty", kind=kind.label(), what=t("contrib.what_amount"))
    elif not qty and not money:
        raise InputRejected("contrib.empty", kind=kind.label(), what=t("contrib.what_quantity"))
    return (None if qty is None else float(values.canonical_number(qty))), money


# -- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    id: int
    uuid: str
    twinning_uuid: str
    on: date
    kind: str
    quantity: float | None
    amount: int | None
    source: str | None
    note: str | None

    def kind_info(self) -> ContributionKind:
        return KIND_BY_CODE[self.kind]

    def as_json(self) -> dict[str, Any]:
        return {"date": iso(self.on), "kind": self.kind, "quantity": number_out(self.quantity),
                "amount": self.amount, "source": self.source, "note": self.note, "uuid": self.uuid}


def contribution_from_row(r: Any) -> Contribution:
    return Contribution(r["id"], r["uuid"], r["t_uuid"], date.fromisoformat(r["on_date"]), r["kind"],
                        r["quantity"], r["amount"], r["source"], r["note"])


@dataclass(frozen=True)
class ContributionRow:
    """A contribution with the twinning it belongs to."""

    contribution: Contribution
    assignment: Assignment

    def as_json(self) -> dict[str, Any]:
        a = self.assignment
        return {**self.contribution.as_json(), "agency": a.agency, "district": a.district,
                "commune": a.commune, "village": a.village, "twinning": a.uuid}


_CONTRIB_SELECT = (
    "SELECT c.*, t.uuid AS t_uuid FROM contributions c JOIN twinnings t ON t.id = c.twinning_id"
)


@dataclass
class ContribResult:
    batch: audit.Batch | None
    contribution: Contribution | None
    warnings: list[str]


def _get(store: Store, contribution_uuid: str) -> Contribution:
    rows = store.query(f"{_CONTRIB_SELECT} WHERE c.uuid = ?", [contribution_uuid])
    if not rows:
        raise InputRejected("contrib.unknown", uuid=contribution_uuid)
    return contribution_from_row(rows[0])


def _outside(assignment: Assignment, day: date) -> list[str]:
    if assignment.active_on(day):
        return []
    span = f"{show_date(assignment.start)}–{show_date(assignment.end) if assignment.end else '…'}"
    return [t("contrib.outside", date=show_date(day), agency=assignment.agency, place=assignment.place, span=span)]


def add_contribution(
    store: Store, assignment: Assignment, on: date | str, kind: str, *,
    quantity: float | str | None = None, amount: int | str | None = None,
    source: str | None = None, note: str | None = None,
) -> ContribResult:
    """Log a contribution under ``assignment``. ``kind`` is a code or label of
    :data:`CONTRIBUTION_KINDS`; ``quantity`` in its unit, ``amount`` in đồng. A date outside
    the twinning's period is accepted with a warning."""
    day = parse_date(on)
    info = contribution_kind(kind)
    qty, money = _normalise(info.code, quantity, amount)
    twin_state = state_of(store, "twinning", uuid=assignment.uuid)
    if twin_state is None or twin_state["deleted"]:
        raise InputRejected("contrib.deleted_twinning")
    row_uuid = ids.new_uuid()
    state = {"uuid": row_uuid, "nkey": contribution_nkey(row_uuid), "deleted": 0,
             "twinning": twin_state["nkey"], "on_date": iso(day), "kind": info.code,
             "quantity": qty, "amount": money, "source": text.clean(source) or None,
             "note": text.clean(note) or None}
    batch = audit.new_batch("entered", t("contrib.label_add", kind=info.label(), agency=assignment.agency,
                                         place=assignment.place))
    with store.transaction():
        save(store, batch, "contribution", state)
    return ContribResult(batch, _get(store, row_uuid), _outside(assignment, day))


def update_contribution(
    store: Store, contribution_uuid: str, *, on: date | str | None = None, kind: str | None = None,
    quantity: float | str | None = None, amount: int | str | None = None,
    source: str | None = None, note: str | None = None,
) -> audit.Batch | None:
    """Correct a contribution; None keeps a field ("" clears source or note). The quantity
    and amount are checked again for the (new) kind."""
    state = state_of(store, "contribution", uuid=contribution_uuid)
    if state is None or state["deleted"]:
        raise InputRejected("contrib.unknown", uuid=contribution_uuid)
    new = dict(state)
    if on is not None:
        new["on_date"] = iso(parse_date(on))
    if kind is not None:
        new["kind"] = contribution_kind(kind).code
    qty, money = _normalise(
        new["kind"], state["quantity"] if quantity is None else quantity,
        state["amount"] if amount is None else amount,
    )
    new["quantity"], new["amount"] = qty, money
    for key, value in (("source", source), ("note", note)):
        if value is not None:
            new[key] = text.clean(value) or None
    if new == state:
        return None
    agency = _agency_of(store, state["twinning"])
    label = t("contrib.label_edit", kind=KIND_BY_CODE[new["kind"]].label(), agency=agency)
    batch = audit.new_batch("entered", label)
    with store.transaction():
        save(store, batch, "contribution", new)
    return batch


def _agency_of(store: Store, twinning_nkey: str) -> str:
    rows = store.query("SELECT a.name FROM twinnings t JOIN agencies a ON a.id = t.agency_id WHERE t.nkey = ?",
                       [twinning_nkey])
    return rows[0]["name"] if rows else ""


def delete_contribution(store: Store, contribution_uuid: str) -> audit.Batch:
    state = state_of(store, "contribution", uuid=contribution_uuid)
    if state is None or state["deleted"]:
        raise InputRejected("contrib.unknown", uuid=contribution_uuid)
    agency = _agency_of(store, state["twinning"])
    label = t("contrib.label_delete", kind=KIND_BY_CODE[state["kind"]].label(), agency=agency)
    batch = audit.new_batch("entered", label)
    with store.transaction():
        save(store, batch, "contribution", {**state, "deleted": 1})
    return batch


def list_contributions(
    store: Store, *, twinning: Assignment | None = None, year: int | None = None,
    assignments: list[Assignment] | None = None,
) -> list[ContributionRow]:
    """Contributions (not deleted), by date: of one twinning, or of the twinnings given
    (e.g. a filtered list), or all; optionally of one year."""
    where = "c.deleted = 0"
    params: list[Any] = []
    if twinning is not None:
        where += " AND t.uuid = ?"
        params.append(twinning.uuid)
    if year is not None:
        where += " AND c.year = ?"
        params.append(year)
    pool = assignments if assignments is not None else load_assignments(store, "1 = 1")
    by_uuid = {a.uuid: a for a in pool}
    rows = [contribution_from_row(r) for r in store.query(f"{_CONTRIB_SELECT} WHERE {where}", params)]
    out = [ContributionRow(c, by_uuid[c.twinning_uuid]) for c in rows if c.twinning_uuid in by_uuid]
    return sorted(out, key=lambda r: (r.contribution.on, text.sort_key(r.assignment.agency), r.contribution.id))


def running_totals(store: Store, twinning: Assignment, year: int | None = None) -> dict[str, tuple[float, int]]:
    """Per kind code: (quantity, amount in đồng) logged under one twinning (and year)."""
    sums: dict[str, tuple[float, int]] = {}
    for row in list_contributions(store, twinning=twinning, year=year, assignments=[twinning]):
        c = row.contribution
        qty, money = sums.get(c.kind, (0.0, 0))
        sums[c.kind] = (qty + (c.quantity or 0), money + (c.amount or 0))
    return sums


# -- totals (tables 1a, 1b, 1c) -----------------------------------------------------------------------


@dataclass(frozen=True)
class TotalsRow:
    """One line of table 1a, 1b or 1c.

    ``name`` is the agency, commune or district the line is about (``by``); ``district``
    the district it lies in (a commune's district; a district agency's own; for a province
    agency None). ``columns`` holds, for each kind of the table in column order, the total
    quantity in the kind's unit, or for money kinds the amount in đồng. ``value`` is the
    money value (đồng) of every contribution counted in the line (the money kinds plus the
    declared value of contributions in kind); ``entries`` how many contributions; ``places``
    the communes (by agency) or agencies (by commune, district) twinned in the period.
    """

    table: str
    by: str
    name: str
    district: str | None
    agency_kind: str | None
    places: tuple[str, ...]
    columns: dict[str, float | int]
    value: int
    entries: int

    def as_json(self) -> dict[str, Any]:
        return {"table": self.table, "by": self.by, "name": self.name, "district": self.district,
                "agency_kind": self.agency_kind, "places": list(self.places),
                "columns": {k: number_out(v) for k, v in self.columns.items()},
                "value": self.value, "entries": self.entries}


def _active_in(a: Assignment, year: int | None) -> bool:
    if year is None:
        return True
    return a.start <= date(year, 12, 31) and (a.end is None or a.end > date(year, 1, 1))


def _group_key(by: str, a: Assignment) -> tuple[str, str, str | None]:
    """(identity, name, district) of the line an assignment's figures go to."""
    if by == "agency":
        return a.agency_uuid, a.agency, (a.district if a.agency_level == "district" else None)
    if by == "commune":
        return str(a.commune_id), a.commune, a.district
    return str(a.district_id), a.district, a.district


def _line(lines: dict[str, dict[str, Any]], spec: TableSpec, by: str, a: Assignment,
          kind_of: dict[str, str]) -> dict[str, Any]:
    """The accumulating line an assignment's figures go to (created with zeros)."""
    ident, name, district = _group_key(by, a)
    return lines.setdefault(ident, {"name": name, "district": district, "places": set(),
                                    "columns": {k: 0 for k in spec.kinds}, "value": 0, "entries": 0,
                                    "kind": kind_of[a.uuid] if by == "agency" else None})


def contribution_totals(store: Store, year: int | None = None, by: str = "agency") -> list[TotalsRow]:
    """Totals of contributions per agency, commune or district (``by``), for one year
    (by contribution date) or all years, as the lines of tables 1a, 1b and 1c.

    Tables 1a and 1b count province agencies, 1c district agencies (see :data:`TABLES`).
    A line appears for every agency (commune, district) with a twinning active in the
    year or a contribution in it, with zeros where nothing was logged. Lines are ordered
    by table, then (district and) name in Vietnamese order. Sum a table with
    :func:`sum_rows`.
    """
    if by not in GROUPINGS:
        raise InputRejected("contrib.bad_by", value=by)
    assignments = load_assignments(store)
    kind_of = {a.uuid: a.agency_kind for a in assignments}
    contributions = list_contributions(store, year=year, assignments=assignments)
    out: list[TotalsRow] = []
    for spec in TABLES:
        lines: dict[str, dict[str, Any]] = {}

        for a in assignments:
            if a.agency_level == spec.level and _active_in(a, year):
                _line(lines, spec, by, a, kind_of)["places"].add(a.place if by == "agency" else a.agency)
        for row in contributions:
            a, c = row.assignment, row.contribution
            if a.agency_level != spec.level or c.kind not in spec.kinds:
                continue
            entry = _line(lines, spec, by, a, kind_of)
            entry["places"].add(a.place if by == "agency" else a.agency)
            entry["columns"][c.kind] += (c.amount or 0) if KIND_BY_CODE[c.kind].money else (c.quantity or 0)
            entry["value"] += c.amount or 0
            entry["entries"] += 1
        rows = [
            TotalsRow(spec.code, by, v["name"], v["district"],
                      v["kind"] if v["kind"] is not None else None,
                      tuple(sorted(v["places"], key=text.sort_key)),
                      {k: number_out(q) or 0 for k, q in v["columns"].items()},
                      v["value"], v["entries"])
            for v in lines.values()
        ]
        rows.sort(key=lambda r: (text.sort_key(r.district or "") if by != "agency" else (), text.sort_key(r.name)))
        out.extend(rows)
    return out


def sum_rows(rows: list[TotalsRow]) -> dict[str, Any]:
    """The total line of some rows (one table): ``columns`` per kind, ``value``, ``entries``."""
    columns: dict[str, float | int] = {}
    for row in rows:
        for kind, amount in row.columns.items():
            columns[kind] = columns.get(kind, 0) + amount
    return {"columns": {k: number_out(v) for k, v in columns.items()},
            "value": sum(r.value for r in rows), "entries": sum(r.entries for r in rows)}
