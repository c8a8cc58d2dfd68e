"""A period's results as DHIS2 sees them: org units, data elements and data values.

The statuses are exactly what the summary counts (CONTRACT §3, docs/rules.md): the communes in
the programme that year (:func:`ntm_desktop.summary.communes_in_scope`), each criterion's latest
status up to the end of the period, official over computed (:func:`~ntm_desktop.summary.latest_statuses`);
a criterion without a status is not met, so every commune sent has ``true`` or ``false`` for every
criterion and DHIS2's sum of a criterion over the province equals the summary's count.
Indicator values follow the same rule: each indicator's latest value of the year up to the end
of the period.

A commune with no status and no indicator value up to the end of the period has not been assessed:
it is not sent (``false`` would tell DHIS2 "not met", and overwrite what another source sent), and
the summary's counts are unchanged since it meets nothing. It stays in the metadata's org units.

The metadata assigns the data set to every commune in the programme in any year of the criteria
set (:func:`set_years`), not only the period's: a DHIS2 metadata import replaces a data set's
org units, so each year's metadata must give the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import criteria, periods, summary, text, units
from ntm_desktop.criteria import CriteriaSet
from ntm_desktop.dhis2 import codes
from ntm_desktop.periods import Period
from ntm_desktop.setup import demo
from ntm_desktop.store.database import Store

# The latest value of each indicator of a set, per commune, up to a period of the year (the bare
# column idiom of summary._LATEST_SQL: SQLite takes value and num from the row holding max(pend)).
_LATEST_VALUES_SQL = """
SELECT v.commune_id, v.indicator_id, v.value, v.num, max(v.pend)
FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
WHERE v.year = ? AND v.pend <= ? AND i.set_id = ?
GROUP BY v.commune_id, v.indicator_id
"""
# indicator type → (DHIS2 valueType, aggregationType); docs/dhis2.md says why
VALUE_TYPES = {
    "bool": ("BOOLEAN", "SUM"),
    "percent": ("NUMBER", "AVERAGE"),
    "number": ("NUMBER", "AVERAGE"),
    "text": ("TEXT", "NONE"),
}
CRITERION_TYPE = ("BOOLEAN", "SUM")  # DHIS2 counts the true values: the communes meeting it
OPENING_DATE = f"{periods.MIN_YEAR}-01-01"  # DHIS2 needs one; the program's first year when unknown


@dataclass(frozen=True)
class OrgUnit:
    code: str
    name: str
    level: str  # province, district or commune
    parent: str | None  # the parent's code
    opening: str  # ISO date
    closed: str | None  # ISO date, for a unit that has ended


@dataclass(frozen=True)
class DataElement:
    code: str
    name: str  # at most 230 characters, unique
    description: str
    value_type: str  # BOOLEAN, NUMBER or TEXT
    aggregation: str
    criterion: int
    indicator: str | None  # None for the criterion's own status


@dataclass(frozen=True)
class DataValue:
    data_element: str
    org_unit: str
    value: str  # as DHIS2 reads it: "true"/"false", "85.5", text


@dataclass(frozen=True)
class DataValueSet:
    period: Period
    set_code: str
    set_name: str
    data_set: str
    org_units: tuple[OrgUnit, ...]  # the communes assigned and their parents, parents first
    assigned: tuple[str, ...]  # the data set's communes: those in the programme in any year of the set
    in_scope: tuple[str, ...]  # the communes in the programme in the period's year (the summary's)
    sent: tuple[str, ...]  # those of them with a value: any status or indicator value up to the period's end
    data_elements: tuple[DataElement, ...]
    values: tuple[DataValue, ...]  # commune by commune, in the set's order
    demo: bool  # from the DEMO dataset (CONTRACT §6): every value carries the comment DEMO


def _name(*parts: str) -> str:
    return " ".join(p for p in parts if p)[:230]


def data_elements(cs: CriteriaSet) -> list[DataElement]:
    """The set's criteria (their status) and indicators (their value), in the set's order."""
    out: list[DataElement] = []
    for crit in cs.criteria:
        out.append(DataElement(codes.criterion_code(cs.code, crit.number),
                               _name(cs.code, f"TC{crit.number}", crit.name),
                               f"{cs.name}: tiêu chí {crit.number} ({crit.name}) đạt", *CRITERION_TYPE,
                               crit.number, None))
        for ind in crit.indicators:
            value_type, aggregation = VALUE_TYPES[ind.type]
            unit = f" ({ind.unit})" if ind.unit else ""
            out.append(DataElement(codes.indicator_code(cs.code, ind.code), _name(cs.code, f"CT{ind.code}", ind.name),
                                   f"{cs.name}: chỉ tiêu {ind.code}{unit}", value_type, aggregation, crit.number,
                                   ind.code))
    return out


def _org_unit(unit: units.Unit, parent_code: str | None) -> OrgUnit:
    return OrgUnit(codes.org_unit_code(unit.code, unit.valid_to, unit.uuid), unit.name, unit.level, parent_code,
                   unit.valid_from or OPENING_DATE, unit.valid_to)


def _with_parents(store: Store, commune_ids: list[int]) -> tuple[list[OrgUnit], dict[int, str]]:
    """Org units for the communes and every unit above them (parents first); commune id → code."""
    made: dict[int, OrgUnit] = {}
    order: list[int] = []

    def add(unit_id: int) -> str:
        if unit_id not in made:
            unit = units.get(store, unit_id)
            parent = add(unit.parent_id) if unit.parent_id is not None else None
            made[unit_id] = _org_unit(unit, parent)
            order.append(unit_id)
        return made[unit_id].code

    codes_of = {cid: add(cid) for cid in commune_ids}
    return [made[i] for i in order], codes_of


def _show(value_type: str, value: str, num: float | None) -> str:
    if value_type == "BOOLEAN":
        return "true" if (num if num is not None else float(value == "1")) == 1 else "false"
    return value


def _in_report_order(communes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Communes in the reports' order: district, then commune, Vietnamese alphabet."""
    return sorted(communes, key=lambda c: (text.sort_key(str(c["district"] or "")), text.sort_key(str(c["name"]))))


def set_years(store: Store, cs: CriteriaSet, year: int) -> list[int]:
    """The years whose results go to the set's data sets: those of the set's period that take it
    (a year given another set by a user does not), and ``year``."""
    span = range(cs.valid_from, max(cs.valid_to, year) + 1)
    return sorted({y for y in span if criteria.set_for_year(store, y) == cs.code} | {year})


def _assigned(store: Store, cs: CriteriaSet, year: int, communes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The communes of the data set: every commune in the programme in any year of the set, so
    that the metadata of each year's export assigns the data set to the same communes (a DHIS2
    metadata import replaces the assignment: docs/dhis2.md)."""
    found = {c["id"]: c for c in communes}
    for other in set_years(store, cs, year):
        if other != year:
            for commune in summary.communes_in_scope(store, other):
                found.setdefault(commune["id"], commune)
    return _in_report_order(list(found.values()))


def build(store: Store, year: int, period: Period | None = None) -> DataValueSet:
    """The data value set of ``year`` (or of ``period``, a half-year, quarter or month of it)."""
    period = period or Period(year, "Y")
    cs = criteria.get_set(store, criteria.set_for_year(store, year))
    communes = _in_report_order(summary.communes_in_scope(store, year))
    met, assessed = summary.latest_statuses(store, year, cs.id, period)
    assigned = _assigned(store, cs, year, communes)
    org_units, code_of = _with_parents(store, [c["id"] for c in assigned])
    elements = data_elements(cs)
    by_indicator = {ind.id: codes.indicator_code(cs.code, ind.code) for c in cs.criteria for ind in c.indicators}
    types = {d.code: d.value_type for d in elements}
    latest: dict[tuple[int, str], str] = {}
    for commune_id, indicator_id, value, num, _pend in store.db.conn.execute(
            _LATEST_VALUES_SQL, [year, period.ordinal, cs.id]):
        code = by_indicator.get(indicator_id)
        if code is not None and commune_id in code_of:
            latest[commune_id, code] = _show(types[code], value, num)
    assessed |= {commune_id for commune_id, _code in latest}
    values: list[DataValue] = []
    sent: list[str] = []
    for commune in communes:
        if commune["id"] not in assessed:
            continue
        org_unit = code_of[commune["id"]]
        sent.append(org_unit)
        got = met.get(commune["id"], set())
        for element in elements:
            if element.indicator is None:
                values.append(DataValue(element.code, org_unit, "true" if element.criterion in got else "false"))
            elif (commune["id"], element.code) in latest:
                values.append(DataValue(element.code, org_unit, latest[commune["id"], element.code]))
    return DataValueSet(period, cs.code, cs.name, codes.data_set_code(cs.code, period), tuple(org_units),
                        tuple(code_of[c["id"]] for c in assigned), tuple(code_of[c["id"]] for c in communes),
                        tuple(sent), tuple(elements), tuple(values), demo.is_demo(store))
