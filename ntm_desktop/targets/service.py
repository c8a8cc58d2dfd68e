"""Setting targets and measuring results against them (CONTRACT §8): one logged batch per
action, everything checked before anything is written (a refusal raises InputRejected and
changes nothing).

Two kinds of target, one table (``records``):

- a scope's count: how many communes of the province (``scope`` None) or of a district should
  meet criterion N by a year ("mục tiêu 35 xã"): :func:`set_counts`;
- a commune's own target year: đạt chuẩn NTM, nâng cao, kiểu mẫu, hiện đại, or a criterion:
  :func:`set_commune`.

:func:`~.progress.shares` gives the summary's ``targets`` (met against target, per criterion).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ntm_desktop import criteria, i18n, ids, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.targets import records
from ntm_desktop.targets.progress import scope_where
from ntm_desktop.units import Unit

FIRST_YEAR, LAST_YEAR = 2000, 2100

# CONTRACT §5, as the summary counts: the communes of the programme in force on the year's last
# day, and those that ended during the year holding results for it while their successors hold none
_IN_SCOPE = (
    "SELECT count(*) FROM units c LEFT JOIN units d ON d.id = c.parent_id AND d.level = 'district'"
    " WHERE c.level = 'commune' AND coalesce(c.programme, c.kind = 'xã') = 1"
    " AND (c.valid_from IS NULL OR c.valid_from <= ?2)"
    " AND (c.valid_to IS NULL OR c.valid_to >= ?2 OR (c.valid_to >= ?1"
    "  AND EXISTS (SELECT 1 FROM criterion_results r WHERE r.commune_id = c.id AND r.year = ?3)"
    "  AND NOT EXISTS (SELECT 1 FROM unit_events e JOIN criterion_results s ON s.commune_id = e.other_unit_id"
    "   AND s.year = ?3 WHERE e.unit_id = c.id)))"
)


@dataclass(frozen=True)
class Count:
    """A scope's target: ``communes`` communes meeting ``criterion`` by ``year``; None removes it."""

    year: int
    criterion: int
    communes: int | None
    scope: Unit | None = None  # a district; None: the province
    decision: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Done:
    """What a write did: its batch (None when nothing changed) and how many records changed."""

    batch: audit.Batch | None
    written: int


def year_of(raw: object) -> int:
    try:
        year = int(str(raw).strip()) if not isinstance(raw, float) or raw.is_integer() else -1
    except ValueError:
        year = -1
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputRejected("plan.bad_year", year=raw, first=FIRST_YEAR, last=LAST_YEAR)
    return year


def whole(raw: object, what: str) -> int:
    """A count or number: a whole number not negative, else refused naming ``what``."""
    if isinstance(raw, bool):
        raise InputRejected("target.bad_number", what=what, value=raw)
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except ArithmeticError:
        raise InputRejected("target.bad_number", what=what, value=raw) from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise InputRejected("target.bad_number", what=what, value=raw)
    return int(number)


def communes_count(store: Store, year: int, district_id: int | None = None) -> int:
    """How many communes of the programme the province (or the district) counts in ``year``."""
    sql, params = _IN_SCOPE, [f"{year}-01-01", f"{year}-12-31", year]
    if district_id is not None:
        sql += " AND d.id = ?4"
        params.append(district_id)
    return int(store.db.execute(sql, params).fetchone()[0])


def criteria_numbers(store: Store, year: int) -> list[int]:
    """The criterion numbers of the set in force in ``year``."""
    return [c.number for c in criteria.get_set(store, criteria.set_for_year(store, year)).criteria]


def _scope(unit: Unit | None) -> Unit | None:
    if unit is None or unit.level == "province":
        return None
    if unit.level != "district":
        raise InputRejected("target.bad_scope", name=unit.name)
    return unit


def check_count(store: Store, item: Count, cache: dict[Any, Any]) -> Count:
    year = year_of(item.year)
    scope = _scope(item.scope)
    if year not in cache:
        cache[year] = (criteria.set_for_year(store, year), criteria_numbers(store, year))
    code, numbers = cache[year]
    criterion = whole(item.criterion, "--criterion")
    if criterion not in numbers:
        raise InputRejected("target.no_criterion", criterion=item.criterion, year=year, set=code,
                            count=len(numbers))
    communes = None if item.communes is None else whole(item.communes, "--communes")
    if communes is not None:
        key = (year, scope.id if scope else None)
        if key not in cache:
            cache[key] = communes_count(store, year, key[1])
        if communes > cache[key]:
            raise InputRejected("target.too_many", communes=communes, criterion=criterion, year=year,
                                scope=scope.name if scope else t("target.province"), held=cache[key])
    return Count(year, criterion, communes, scope, text.clean(item.decision) or None, text.clean(item.note) or None)


def set_counts(store: Store, items: list[Count], source: str = "entered", label: str | None = None) -> Done:
    """Set (or, with ``communes`` None, remove) scope targets; all checked first, one batch.
    Refused: a year outside 2000-2100, a criterion the set in force that year does not have, a
    count larger than the communes of the scope that year, a scope that is not a district."""
    cache: dict[Any, Any] = {}
    checked = [check_count(store, item, cache) for item in items]
    keys = [records.nkey_of(c.scope.nkey if c.scope else None, "communes", c.year, c.criterion) for c in checked]
    if len(set(keys)) != len(keys):
        twice = next(c for c, k in zip(checked, keys, strict=True) if keys.count(k) > 1)
        raise InputRejected("target.twice", year=twice.year, criterion=twice.criterion)
    plan = []
    for item, nkey in zip(checked, keys, strict=True):
        held = records.state_of(store, nkey=nkey)
        if item.communes is None:
            if held is not None and not held["deleted"]:
                plan.append({**held, "deleted": 1})
            continue
        state = {"uuid": held["uuid"] if held else ids.new_uuid(), "nkey": nkey,
                 "unit": item.scope.nkey if item.scope else None, "kind": "communes", "year": item.year,
                 "criterion": item.criterion, "communes": item.communes, "decision": item.decision,
                 "note": item.note, "deleted": 0}
        if held is None or {k: held[k] for k in records.STATE_FIELDS} != {k: state[k] for k in records.STATE_FIELDS}:
            plan.append(state)
    if not plan:
        return Done(None, 0)
    batch = audit.new_batch(source, label or t("target.batch", n=len(plan)))
    with store.transaction():
        for state in plan:
            records.save(store, batch, state)
    return Done(batch, len(plan))


@dataclass(frozen=True)
class CommuneTarget:
    """A commune's target year of ``kind`` (and ``criterion`` for kind ``criterion``);
    ``remove`` takes it away."""

    commune: Unit
    kind: str
    year: int
    criterion: int | None = None
    decision: str | None = None
    note: str | None = None
    remove: bool = False


def check_commune(store: Store, item: CommuneTarget, cache: dict[Any, Any]) -> tuple[str, dict[str, Any] | None]:
    if item.kind not in records.COMMUNE_KINDS:
        raise InputRejected("target.unknown_kind", kind=item.kind, kinds=", ".join(records.COMMUNE_KINDS))
    if item.commune.level != "commune":
        raise InputRejected("target.not_commune", name=item.commune.name)
    year = year_of(item.year)
    number = None
    if item.kind == "criterion":
        if item.criterion is None:
            raise InputRejected("target.criterion_needed")
        number = whole(item.criterion, "--criterion")
        if year not in cache:
            cache[year] = (criteria.set_for_year(store, year), criteria_numbers(store, year))
        code, numbers = cache[year]
        if number not in numbers:
            raise InputRejected("target.no_criterion", criterion=item.criterion, year=year, set=code,
                                count=len(numbers))
    nkey = records.nkey_of(item.commune.nkey, item.kind, year, number)
    held = records.state_of(store, nkey=nkey)
    if item.remove:
        return nkey, ({**held, "deleted": 1} if held is not None and not held["deleted"] else None)
    state = {"uuid": held["uuid"] if held else ids.new_uuid(), "nkey": nkey, "unit": item.commune.nkey,
             "kind": item.kind, "year": year, "criterion": number, "communes": None,
             "decision": text.clean(item.decision) or None, "note": text.clean(item.note) or None, "deleted": 0}
    same = held is not None and all(held[k] == state[k] for k in records.STATE_FIELDS)
    return nkey, None if same else state


def set_communes(store: Store, items: list[CommuneTarget], source: str = "entered",
                 label: str | None = None) -> Done:
    """Set (or remove) communes' target years; all checked first, one batch. Refused: an unknown
    kind, a unit that is not a commune, a criterion the set in force that year does not have, the
    same commune and kind twice."""
    cache: dict[Any, Any] = {}
    plan: dict[str, dict[str, Any] | None] = {}
    for item in items:
        nkey, state = check_commune(store, item, cache)
        if nkey in plan:
            raise InputRejected("target.commune_twice", name=item.commune.name, kind=t(f"target.kind.{item.kind}"))
        plan[nkey] = state
    writes = [s for s in plan.values() if s is not None]
    if not writes:
        return Done(None, 0)
    batch = audit.new_batch(source, label or t("target.batch", n=len(writes)))
    with store.transaction():
        for state in writes:
            records.save(store, batch, state)
    return Done(batch, len(writes))


def set_commune(store: Store, commune: Unit, kind: str, year: object, criterion: object = None,
                decision: str | None = None, note: str | None = None, remove: bool = False) -> Done:
    """One commune's target year: đạt chuẩn (``ntm``), ``nang-cao``, ``kieu-mau``, ``hien-dai``, or
    (``criterion``) a criterion of the set in force that year. Setting it again moves the year."""
    return set_communes(store, [CommuneTarget(commune, kind, year_of(year), None if criterion is None
                                              else whole(criterion, "--criterion"), decision, note, remove)],
                        label=f"{commune.name}: {t(f'target.kind.{kind}')} {year}"
                        if kind in records.COMMUNE_KINDS else None)


def listing(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """Every live target (of ``year``), as ``ntm targets list --json`` prints them:
    ``{year, kind, criterion, communes, district, commune, code, decision, note}``; a scope
    target's ``district`` is None for the province, a commune target names its commune."""
    where, params = ("r.year = ?", [year]) if year is not None else ("", [])
    rows = records.live(store, where, params)
    units = {r["id"]: dict(r) for r in store.query(
        "SELECT u.id, u.name, u.code, u.level, p.name AS parent, p.level AS parent_level FROM units u"
        " LEFT JOIN units p ON p.id = u.parent_id WHERE u.id IN (SELECT unit_id FROM targets)")}
    out = []
    for r in rows:
        unit = units.get(r["unit_id"]) if r["unit_id"] is not None else None
        district = commune = code = None
        if unit is not None and unit["level"] == "district":
            district = unit["name"]
        elif unit is not None:
            commune, code = unit["name"], unit["code"]
            district = unit["parent"] if unit["parent_level"] == "district" else None
        out.append({"year": r["year"], "kind": r["kind"], "criterion": r["criterion"], "communes": r["communes"],
                    "district": district, "commune": commune, "code": code, "decision": r["decision"],
                    "note": r["note"]})
    return out


def due(store: Store, year: int) -> list[dict[str, Any]]:
    """The communes' own targets that fall by ``year`` (their year on or before it) of the kinds
    a year's results can judge: reaching the standard (``ntm``, every criterion met) and meeting
    one criterion: ``{unit_id, kind, criterion, year}``, the latest first."""
    return [dict(r) for r in store.query(
        "SELECT unit_id, kind, criterion, year FROM targets WHERE deleted = 0 AND unit_id IS NOT NULL"
        " AND kind IN ('ntm', 'criterion') AND year <= ? ORDER BY year DESC, kind, criterion", [year])]


def behind(store: Store, year: int, met: dict[int, set[int]], communes: list[dict[str, Any]],
           numbers: list[int]) -> list[dict[str, Any]]:
    """The communes of ``communes`` (``{id, name, district}``) behind a target of theirs that has
    fallen due by ``year``, given the criteria each meets (``met``, as the summary counts them):
    ``{commune, district, kind, criterion, year, met, total}``, in the communes' order."""
    order = {c["id"]: i for i, c in enumerate(communes)}
    found: list[tuple[int, int, dict[str, Any]]] = []
    for target in due(store, year):
        index = order.get(target["unit_id"])
        if index is None:
            continue
        commune = communes[index]
        got = met.get(commune["id"], set()) & set(numbers)
        late = (len(got) < len(numbers) if target["kind"] == "ntm"
                else target["criterion"] in numbers and target["criterion"] not in got)
        if late:
            found.append((index, target["year"], {
                "commune": commune["name"], "district": commune["district"], "kind": target["kind"],
                "criterion": target["criterion"], "year": target["year"], "met": len(got), "total": len(numbers)}))
    return [row for _i, _y, row in sorted(found, key=lambda f: (f[0], f[1]))]


def counts(store: Store, year: int, scope_unit_id: int | None = None) -> dict[int, dict[str, Any]]:
    """The scope targets of ``year``: criterion number → live state. ``scope_unit_id`` None (or
    a province's id) is the province."""
    where, params = scope_where(store, year, scope_unit_id)
    return {int(s["criterion"]): s for s in records.live(store, where, params)}


def phrase(share: dict[str, Any]) -> str:
    """A report's words for one entry of :func:`shares` (always Vietnamese):
    ``(đạt 163% so với mục tiêu 35 xã của Nghị quyết)``; empty for a target of 0."""
    if share.get("percent") is None:
        return ""
    whole_percent = int(Decimal(str(share["percent"])).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return i18n.MESSAGES["target.phrase"][0].format(percent=whole_percent, communes=share["communes"])
