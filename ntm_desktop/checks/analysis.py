"""The checks run: over a period's values in one query (:func:`run`, :func:`findings`), over one
commune's scorecard (:func:`for_commune`), and on one value as it is entered (:func:`check_value`).

Each value of a percent or number indicator is compared with the value of the same indicator
(same set) of the same commune in the previous period of the same kind (:func:`ntm_desktop.periods.previous`).
Warnings are never refusals: nothing here writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ntm_desktop import periods, text, values
from ntm_desktop.assessments import resolve_set
from ntm_desktop.checks import rules as rules_mod
from ntm_desktop.checks.rules import Rule
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period, previous
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit

JSON_KEYS = ("commune", "code", "period", "indicator", "rule", "value", "previous", "message")


def _plain(number: float | None) -> float | int | None:
    if number is None:
        return None
    return int(number) if float(number).is_integer() else number


@dataclass(frozen=True)
class CheckWarning:
    """One value a person should look at again; :attr:`message` in the language in use."""

    commune_id: int
    commune: str
    district: str | None
    code: str | None  # the commune's GSO code
    period: str
    set_code: str
    indicator: str
    type: str  # "percent" or "number"
    rule: str  # "range", "max_change", "ratio" or "sum"
    side: str  # "low", "high", "up", "down" (range, change, ratio) or "sum"
    value: float
    previous: float | None
    limit: float | None = None  # the rule's bound, change, factor or tolerance
    parts: tuple[str, ...] = ()  # sum: the parts' codes
    parts_total: float | None = None  # sum: what they add up to

    def show(self, number: float | None) -> str:
        """A value as the warning shows it: ``99%``, ``1.250,5``, ``—`` for none."""
        if number is None:
            return "—"
        return values.format_number(round(number, 6)) + ("%" if self.type == "percent" else "")

    @property
    def place(self) -> str:
        return f"{self.commune} ({self.district})" if self.district else self.commune

    @property
    def message(self) -> str:
        common = {"commune": self.place, "indicator": self.indicator, "period": periods.parse(self.period).label(),
                  "value": self.show(self.value), "previous": self.show(self.previous)}
        if self.rule == "range":
            return t(f"chk.range.{self.side}", limit=self.show(self.limit), **common)
        if self.rule == "max_change":
            prev = previous(periods.parse(self.period)).label()
            assert self.previous is not None
            change = values.format_number(round(abs(self.value - self.previous), 6))
            return t(f"chk.change.{self.side}", prev=prev, change=change,
                     limit=values.format_number(self.limit or 0), **common)
        if self.rule == "ratio":
            prev = previous(periods.parse(self.period)).label()
            return t(f"chk.ratio.{self.side}", prev=prev, limit=values.format_number(self.limit or 0), **common)
        return t("chk.sum", parts=", ".join(self.parts), total=self.show(self.parts_total), **common)

    def as_json(self) -> dict[str, Any]:
        """CONTRACT §1's shape: ``{commune, code, period, indicator, rule, value, previous, message}``."""
        return {"commune": self.commune, "code": self.code, "period": self.period, "indicator": self.indicator,
                "rule": self.rule, "value": _plain(self.value), "previous": _plain(self.previous),
                "message": self.message}


def _limit(rule: Rule, side: str) -> float | None:
    if rule.kind == "range":
        return rule.low if side == "low" else rule.high
    return rule.points if rule.kind == "max_change" else rule.factor


def _judge(row: dict[str, Any], rules: list[Rule]) -> list[CheckWarning]:
    out = []
    for rule in rules:
        side = rules_mod.broken(rule, row["num"], row["previous"])
        if side is not None:
            out.append(_warning(row, rule.kind, side, row["num"], row["previous"], _limit(rule, side)))
    return out


def _warning(row: dict[str, Any], kind: str, side: str, value: float, prev: float | None, limit: float | None,
             parts: tuple[str, ...] = (), parts_total: float | None = None) -> CheckWarning:
    return CheckWarning(row["commune_id"], row["name"], row["district"], row["ucode"], row["period"],
                        row["set_code"], row["code"], row["type"], kind, side, value, prev, limit, parts, parts_total)


def _sum_warnings(rows: list[dict[str, Any]], set_rules: dict[int, list[Rule]]) -> list[CheckWarning]:
    """Sum rules over the rows already read: a total whose parts are all there and do not add up."""
    by_key = {(r["commune_id"], r["period"], r["set_id"], r["code"]): r for r in rows}
    out = []
    for row in rows:
        for rule in rules_mod.sums(set_rules.get(row["set_id"], [])):
            if rule.total != row["code"]:
                continue
            parts = [by_key.get((row["commune_id"], row["period"], row["set_id"], code)) for code in rule.parts]
            if any(p is None for p in parts):
                continue
            added = sum(p["num"] for p in parts if p is not None)
            if abs(added - row["num"]) > rule.tolerance + 1e-9:
                out.append(_warning(row, "sum", "sum", row["num"], row["previous"], rule.tolerance,
                                    rule.parts, added))
    return out


def _rows(store: Store, pairs: Iterable[tuple[Period, Period]], where: str = "", params: Iterable[Any] = ()
          ) -> list[dict[str, Any]]:
    """Every stored percent or number value of the periods, with its previous value: one query."""
    pairs = list(pairs)
    table = ", ".join("(?, ?)" for _ in pairs)
    sql = (
        f"WITH pp(period, prev) AS (VALUES {table})"
        " SELECT v.commune_id, v.period, v.pend, v.num, i.code, i.type, i.set_id, i.ord, c.number,"
        " s.code AS set_code, p.num AS previous, u.name, u.code AS ucode, d.name AS district"
        " FROM pp JOIN indicator_values v ON v.period = pp.period"
        " JOIN indicators i ON i.id = v.indicator_id JOIN criteria c ON c.id = i.criterion_id"
        " JOIN criteria_sets s ON s.id = i.set_id JOIN units u ON u.id = v.commune_id"
        " LEFT JOIN units d ON d.id = u.parent_id"
        " LEFT JOIN indicator_values p ON p.commune_id = v.commune_id AND p.period = pp.prev"
        " AND p.indicator_id = v.indicator_id"
        f" WHERE v.num IS NOT NULL AND i.type IN ('percent', 'number'){where}"
    )
    flat = [code for p, prev in pairs for code in (p.code, prev.code)]
    return [dict(r) for r in store.query(sql, [*flat, *params])]


def _analyse(store: Store, rows: list[dict[str, Any]]) -> list[CheckWarning]:
    """The warnings of the rows, ordered by district, commune, period, criterion, indicator."""
    set_rules = {set_id: rules_mod.of_set(store, set_id) for set_id in {r["set_id"] for r in rows}}
    chosen: dict[tuple[int, str, str], list[Rule]] = {}  # the rules of each indicator, found once
    out = []
    for row in rows:
        key = (row["set_id"], row["code"], row["type"])
        if key not in chosen:
            chosen[key] = rules_mod.applicable(set_rules[row["set_id"]], row["code"], row["type"])
        out += _judge(row, chosen[key])
    out += _sum_warnings(rows, set_rules)
    if not out:
        return out
    names: dict[str, tuple[Any, ...]] = {}  # a Vietnamese sort key per name, computed once

    def name_key(name: str | None) -> tuple[Any, ...]:
        if (name or "") not in names:
            names[name or ""] = text.sort_key(name or "")
        return names[name or ""]

    place = {(r["commune_id"], r["period"], r["set_code"], r["code"]): (r["pend"], r["number"], r["ord"])
             for r in rows}
    out.sort(key=lambda w: (name_key(w.district), name_key(w.commune), w.commune_id,
                            *place[(w.commune_id, w.period, w.set_code, w.indicator)]))
    return out


def _scope_sql(scope: Unit | None) -> tuple[str, list[Any]]:
    if scope is None:
        return "", []
    if scope.level == "commune":
        return " AND v.commune_id = ?", [scope.id]
    return (" AND v.commune_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION"
            " SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) SELECT id FROM sub)", [scope.id])


def findings(store: Store, year: int, period: Period | str | None = None, scope: Unit | None = None
             ) -> list[CheckWarning]:
    """The warnings of a period (every period of ``year`` when None), in a unit (a district, a
    commune, a province; everything when None), ordered by district, commune, period, indicator."""
    if isinstance(period, str):
        period = periods.parse(period)
    chosen = [period] if period is not None else periods.of_year(year)
    if any(p.year != year for p in chosen):
        raise InputRejected("period.bad", value=period)
    where, params = _scope_sql(scope)
    return _analyse(store, _rows(store, [(p, previous(p)) for p in chosen], where, params))


def run(store: Store, year: int, period: Period | str | None = None, scope: Unit | None = None
        ) -> list[dict[str, Any]]:
    """``ntm check --json``: :func:`findings` in CONTRACT §1's shape."""
    return [w.as_json() for w in findings(store, year, period, scope)]


def for_commune(store: Store, commune: Unit, period: Period, set_code: str | None = None
                ) -> dict[str, list[CheckWarning]]:
    """The warnings of one commune's scorecard (one set), by indicator code: one query."""
    cs = resolve_set(store, period, set_code)
    rows = _rows(store, [(period, previous(period))], " AND v.commune_id = ? AND i.set_id = ?", [commune.id, cs.id])
    out: dict[str, list[CheckWarning]] = {}
    for warning in _analyse(store, rows):
        out.setdefault(warning.indicator, []).append(warning)
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return values.parse_number(str(value))
    except InputRejected:
        return None


def check_value(store: Store, commune: Unit, period: Period, indicator_code: str, value: Any,
                set_code: str | None = None) -> list[CheckWarning]:
    """The warnings one value would raise (at entry, before or after it is stored): its ranges,
    its change from the previous period's stored value, and the sums it takes part in."""
    cs = resolve_set(store, period, set_code)
    _crit, ind = cs.indicator(indicator_code)
    number = _number(value)
    if ind.type not in rules_mod.TYPES or number is None:
        return []
    set_rules = rules_mod.of_set(store, cs.id)
    involved = {ind.code}
    for rule in rules_mod.sums(set_rules):
        if ind.code == rule.total or ind.code in rule.parts:
            involved.update((*rule.parts, rule.total or ""))
    marks = ", ".join("?" for _ in involved)
    stored = store.query(
        "SELECT i.code, v.period, v.num FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
        f" WHERE v.commune_id = ? AND v.period IN (?, ?) AND i.set_id = ? AND i.code IN ({marks})",
        [commune.id, period.code, previous(period).code, cs.id, *sorted(involved)])
    now = {r["code"]: r["num"] for r in stored if r["period"] == period.code and r["num"] is not None}
    before = {r["code"]: r["num"] for r in stored if r["period"] != period.code and r["num"] is not None}
    now[ind.code] = number
    parent = store.query("SELECT name FROM units WHERE id = ?", [commune.parent_id]) if commune.parent_id else []
    rows = [{"commune_id": commune.id, "period": period.code, "pend": period.ordinal, "num": num,
             "code": code, "type": cs.indicator(code)[1].type, "set_id": cs.id, "ord": 0, "number": 0,
             "set_code": cs.code, "previous": before.get(code), "name": commune.name, "ucode": commune.code,
             "district": parent[0]["name"] if parent else None} for code, num in now.items()]
    mine = [r for r in rows if r["code"] == ind.code]
    out = _judge(mine[0], rules_mod.applicable(set_rules, ind.code, ind.type))
    return out + [w for w in _sum_warnings(rows, {cs.id: set_rules}) if w.indicator in involved]
