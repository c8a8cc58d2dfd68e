"""Recording funding and adding it up (CONTRACT §8): one logged batch per action, everything
checked before anything is written (a refusal raises InputRejected and changes nothing).

An entry is money of one year, unit (None: the province), source, level (the counterpart's, for
``local`` only) and kind (``plan`` or ``disbursed``), in million đồng. :func:`add` records one
more entry (several add up); :func:`put` sets the figure of each key it is given, replacing the
entries held under that key (a workbook, the window), so giving the same figures twice changes
nothing. :func:`summary` adds them up over years with the counterpart check.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ntm_desktop import ids, text, values
from ntm_desktop.errors import InputRejected
from ntm_desktop.funding import records, rules, sources, words
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Entry:
    """One figure as checked: ``unit`` None is the province; ``amount`` None (:meth:`cleared`)
    takes the figures of its key away when given to :func:`put`."""

    year: int
    source: str
    amount: float | None
    kind: str = "disbursed"
    level: str | None = None
    unit: Unit | None = None
    note: str | None = None

    def cleared(self) -> Entry:
        return replace(self, amount=None)

    @property
    def stem(self) -> str:
        return records.stem_of(self.unit.nkey if self.unit else None, self.year, self.source, self.level, self.kind)


@dataclass(frozen=True)
class Done:
    """What a write did: its batch (for undo; None when nothing changed) and how many records."""

    batch: audit.Batch | None
    written: int


def amount_of(raw: object) -> float:
    """An amount in million đồng: a number or text in either style (``920.700``, ``207906,5``);
    negative or not a number is refused naming it."""
    if isinstance(raw, bool):
        raise InputRejected("fund.bad_amount", amount=raw)
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        try:
            number = values.parse_number(str(raw))
        except InputRejected:
            raise InputRejected("fund.bad_amount", amount=text.clean(str(raw))) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InputRejected("fund.bad_amount", amount=raw)
    if number < 0:
        raise InputRejected("fund.negative", amount=values.format_number(number))
    return number


def year_of(raw: object) -> int:
    try:
        year = int(str(raw).strip()) if not isinstance(raw, float) or raw.is_integer() else -1
    except ValueError:
        year = -1
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputRejected("plan.bad_year", year=raw, first=FIRST_YEAR, last=LAST_YEAR)
    return year


def entry(store: Store, *, year: object, source: object, amount: object, kind: object = "disbursed",
          level: object = None, unit: Unit | None = None, note: str | None = None) -> Entry:
    """A checked entry: known source, level only for ``local`` (default: the unit's own level),
    known kind, an amount not negative, a unit that existed that year."""
    year_n = year_of(year)
    code = sources.source(source)
    if unit is not None and unit.level == "province":
        unit = None
    if level not in (None, ""):
        if code != "local":
            raise InputRejected("fund.level_not_local", source=code, level=text.clean(str(level)))
        level_code: str | None = sources.level(level)
    else:
        level_code = (unit.level if unit is not None and unit.level in sources.LEVELS else "province") \
            if code == "local" else None
    if unit is not None:
        _existed(store, unit, year_n)
    return Entry(year_n, code, amount_of(amount), sources.kind(kind), level_code, unit, text.clean(note) or None)


def _existed(store: Store, unit: Unit, year: int) -> None:
    row = store.query("SELECT valid_from, valid_to FROM units WHERE id = ?", [unit.id])[0]
    if (row["valid_from"] and row["valid_from"] > f"{year}-12-31") or (row["valid_to"] and
                                                                       row["valid_to"] < f"{year}-01-01"):
        raise InputRejected("plan.unit_absent", name=unit.name, year=year,
                            span=f"{row['valid_from'] or '…'} – {row['valid_to'] or '…'}")


def _state(item: Entry, uuid: str, nkey: str) -> dict[str, Any]:
    return {"uuid": uuid, "nkey": nkey, "unit": item.unit.nkey if item.unit else None, "year": item.year,
            "source": item.source, "level": item.level, "kind": item.kind, "amount": item.amount,
            "note": item.note, "deleted": 0}


def _label(item: Entry) -> str:
    return words.billions(item.amount or 0, vi=False)


def add(store: Store, item: Entry) -> Done:
    """Record one more entry (``ntm funding add``): the entries of a key add up."""
    uuid = ids.new_uuid()
    batch = audit.new_batch("entered", f"{item.year} {item.source}: {_label(item)}")
    with store.transaction():
        records.save(store, batch, _state(item, uuid, item.stem + uuid))
    return Done(batch, 1)


def put(store: Store, items: list[Entry], source: str = "imported", label: str = "funding") -> Done:
    """Set each key's figure to its entry's amount, replacing the entries held under that key
    (tombstones; an amount None leaves only tombstones); one batch. Keys given twice are refused
    (the later would silently win). Returns ``Done(None, 0)`` when every figure was already so."""
    seen: dict[str, Entry] = {}
    for item in items:
        if item.stem in seen:
            raise InputRejected("fund.twice", what=key_words(item))
        seen[item.stem] = item
    plan: list[tuple[Entry, list[dict[str, Any]], dict[str, Any] | None]] = []
    for stem, item in seen.items():
        held = records.live(store, "r.nkey LIKE ? ESCAPE '\\'", [like_stem(stem)])
        keep = next((h for h in held if h["nkey"] == stem + records.SET_ENTRY), None)
        if item.amount is None:
            if held:
                plan.append((item, held, None))
            continue
        if len(held) == 1 and keep is not None and float(keep["amount"]) == item.amount and keep["note"] == item.note:
            continue
        plan.append((item, held, keep))
    if not plan:
        return Done(None, 0)
    batch = audit.new_batch(source, label)
    written = 0
    with store.transaction():
        for item, held, keep in plan:
            for old in held:
                if keep is None or old["uuid"] != keep["uuid"]:
                    records.save(store, batch, {**{k: v for k, v in old.items() if k != "unit_id"}, "deleted": 1})
                    written += 1
            if item.amount is None:
                continue
            prior = records.state_of(store, nkey=item.stem + records.SET_ENTRY)
            records.save(store, batch, _state(item, prior["uuid"] if prior else ids.new_uuid(),
                                              item.stem + records.SET_ENTRY))
            written += 1
    return Done(batch, written)


def like_stem(stem: str) -> str:
    return stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def key_words(item: Entry) -> str:
    unit = item.unit.name if item.unit else "*"
    return f"{item.year} · {unit} · {item.source}{' · ' + item.level if item.level else ''} · {item.kind}"


def _unit_where(unit: Unit | None) -> tuple[str, list[Any]]:
    if unit is None or unit.level == "province":
        return "r.unit_id IS NULL", []
    return "r.unit_id = ?", [unit.id]


def entries(store: Store, year_from: int, year_to: int, unit: Unit | None = None) -> list[dict[str, Any]]:
    """The live entries of a unit (None: the province) over the years, as states."""
    where, params = _unit_where(unit)
    return records.live(store, f"r.year BETWEEN ? AND ? AND {where}", [year_from, year_to, *params])


def number(value: Decimal) -> float | int:
    """A JSON number of million đồng: three decimals at most, whole numbers as integers."""
    rounded = value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _totals(rows: list[dict[str, Any]]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    by_source = {s: Decimal(0) for s in sources.SOURCES}
    by_level = {lv: Decimal(0) for lv in sources.LEVELS}
    for row in rows:
        amount = Decimal(str(row["amount"]))
        by_source[row["source"]] += amount
        if row["source"] == "local":
            by_level[row["level"] or "province"] += amount
    return by_source, by_level


def summary(store: Store, year_from: int, year_to: int, unit: Unit | None = None,
            kind: str = "disbursed") -> dict[str, Any]:
    """``ntm funding summary``: totals by source over ``year_from``..``year_to`` for a unit (None:
    the province; a unit's own entries, not those of the units under it), of ``kind`` at the top
    and both kinds under ``plan`` and ``disbursed``; the counterpart against the rule in force
    (never a refusal: ``met`` false and the shortfall). Amounts in million đồng."""
    y1, y2 = year_of(year_from), year_of(year_to)
    if y2 < y1:
        raise InputRejected("fund.bad_span", first=y1, last=y2)
    kind = sources.kind(kind)
    rows = entries(store, y1, y2, unit)
    out: dict[str, Any] = {"from": y1, "to": y2, "unit": None if unit is None or unit.level == "province"
                           else unit.name, "kind": kind, "unit_of_amounts": "million VND"}
    parts = {}
    for each in sources.KINDS:
        by_source, by_level = _totals([r for r in rows if r["kind"] == each])
        parts[each] = (by_source, by_level)
        out[each] = {"total": number(sum(by_source.values(), Decimal(0))),
                     "by_source": {s: number(v) for s, v in by_source.items()}}
    by_source, by_level = parts[kind]
    total = sum(by_source.values(), Decimal(0))
    out["total"] = number(total)
    out["by_source"] = {s: number(v) for s, v in by_source.items()}
    out["state_budget"] = number(sum((by_source[s] for s in sources.STATE_BUDGET), Decimal(0)))
    central, local = by_source["central"], by_source["local"]
    check = rules.check(rules.rule_for(store, y1, y2), central, by_level)
    counterpart: dict[str, Any] = {
        "central": number(central), "local": number(local),
        "ratio": float((local / central).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)) if central else None,
        "by_level": {lv: number(v) for lv, v in by_level.items()},
        "rule": check["rule"], "met": check["met"],
    }
    if check["rule"] is not None:
        counterpart["required"] = number(check["required"])
        counterpart["shortfall"] = number(check["shortfall"])
        counterpart["by_level_required"] = {k: number(v) for k, v in check["by_level_required"].items()}
        counterpart["by_level_shortfall"] = {k: number(v) for k, v in check["by_level_shortfall"].items()}
    counterpart["words"] = words.counterpart(counterpart)
    out["counterpart"] = counterpart
    out["words"] = words.sentence(out) if total else ""
    return out
