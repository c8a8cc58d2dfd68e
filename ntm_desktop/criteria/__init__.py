"""Criteria sets as data: validating the files in db/criteria/, loading them, choosing one.

A set is a JSON file (format documented in docs/criteria-format.md). Loading is
idempotent and keyed by the set's code and the indicator codes, so values already
entered stay attached when a revised file arrives.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop import clock, paths, text
from ntm_desktop.engine import Threshold
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

REGIONS = {
    "*": ("Toàn quốc", "Whole country"),
    "TDMNPB": ("Trung du miền núi phía Bắc", "Northern midlands and mountains"),
    "DBSH": ("Đồng bằng sông Hồng", "Red River Delta"),
    "BTB": ("Bắc Trung Bộ", "North Central Coast"),
    "DHNTB": ("Duyên hải Nam Trung Bộ", "South Central Coast"),
    "TN": ("Tây Nguyên", "Central Highlands"),
    "DNB": ("Đông Nam Bộ", "Southeast"),
    "DBSCL": ("Đồng bằng sông Cửu Long", "Mekong Delta"),
}
TYPES = ("bool", "percent", "number", "text")
TIERS = ("basic", "nang_cao", "kieu_mau")
SET_LEVELS = ("commune", "village")
OPS = (">=", "<=", "==")


@dataclass(frozen=True)
class Indicator:
    id: int
    code: str
    name: str
    name_en: str | None
    type: str
    unit: str | None
    certainty: str | None
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True)
class Criterion:
    id: int
    number: int
    name: str
    name_en: str | None
    group_code: str
    group_name: str
    group_name_en: str | None
    indicators: tuple[Indicator, ...]
    responsible: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriteriaSet:
    id: int
    code: str
    name: str
    name_en: str | None
    level: str
    tier: str
    valid_from: int
    valid_to: int
    requires: str | None
    decision: str | None
    criteria: tuple[Criterion, ...] = field(default=())

    def criterion(self, number: int) -> Criterion:
        for crit in self.criteria:
            if crit.number == number:
                return crit
        raise InputRejected("criteria.unknown_criterion", set=self.code, number=number)

    def indicator(self, code: str) -> tuple[Criterion, Indicator]:
        wanted = text.clean(code)
        for crit in self.criteria:
            for ind in crit.indicators:
                if ind.code == wanted:
                    return crit, ind
        raise InputRejected("criteria.unknown_indicator", set=self.code, code=code)


# -- validation of a data file --------------------------------------------------


def _fail(path: Path, detail: str) -> InputRejected:
    return InputRejected("criteria.bad_file", path=path, detail=detail)


def validate(data: Any, path: Path) -> None:
    """Raise InputRejected naming the first problem of a criteria-set document."""
    if not isinstance(data, dict) or data.get("format") != 1:
        raise _fail(path, "format must be 1")
    for key in ("code", "name", "decision"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(path, f"'{key}' must be a non-empty string")
    if data.get("level") not in SET_LEVELS:
        raise _fail(path, f"'level' must be one of {SET_LEVELS}")
    if data.get("tier") not in TIERS:
        raise _fail(path, f"'tier' must be one of {TIERS}")
    for key in ("valid_from", "valid_to"):
        if not isinstance(data.get(key), int) or isinstance(data.get(key), bool):
            raise _fail(path, f"'{key}' must be an integer year")
    if data["valid_from"] > data["valid_to"]:
        raise _fail(path, "valid_from is after valid_to")
    if data.get("requires") is not None and not isinstance(data["requires"], str):
        raise _fail(path, "'requires' must be a set code or null")
    source_ids = {s.get("id") for s in data.get("sources") or [] if isinstance(s, dict)}
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise _fail(path, "'groups' must be a non-empty list")
    group_codes = {g.get("code") for g in groups if isinstance(g, dict)}
    criteria = data.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise _fail(path, "'criteria' must be a non-empty list")
    numbers: set[int] = set()
    codes: set[str] = set()
    for crit in criteria:
        number = crit.get("number") if isinstance(crit, dict) else None
        if not isinstance(number, int) or number in numbers:
            raise _fail(path, f"criterion number {number!r} missing or repeated")
        numbers.add(number)
        if crit.get("group") not in group_codes:
            raise _fail(path, f"criterion {number}: unknown group {crit.get('group')!r}")
        if not isinstance(crit.get("name"), str):
            raise _fail(path, f"criterion {number}: no name")
        indicators = crit.get("indicators")
        if not isinstance(indicators, list) or not indicators:
            raise _fail(path, f"criterion {number}: no indicators")
        for ind in indicators:
            _validate_indicator(ind, number, codes, source_ids, path)
    grouped = [n for g in groups for n in g.get("criteria", [])]
    if sorted(grouped) != sorted(numbers):
        raise _fail(path, "groups must list every criterion exactly once")


def _validate_indicator(
    ind: Any, number: int, codes: set[str], source_ids: set[str], path: Path
) -> None:
    code = ind.get("code") if isinstance(ind, dict) else None
    if not isinstance(code, str) or code in codes:
        raise _fail(path, f"criterion {number}: indicator code {code!r} missing or repeated")
    codes.add(code)
    if ind.get("type") not in TYPES:
        raise _fail(path, f"indicator {code}: type must be one of {TYPES}")
    if not isinstance(ind.get("name"), str):
        raise _fail(path, f"indicator {code}: no name")
    for th in ind.get("thresholds") or []:
        if not isinstance(th, dict):
            raise _fail(path, f"indicator {code}: threshold is not an object")
        if th.get("region") not in REGIONS:
            raise _fail(path, f"indicator {code}: unknown region {th.get('region')!r}")
        if th.get("op") not in OPS:
            raise _fail(path, f"indicator {code}: unknown operator {th.get('op')!r}")
        value = th.get("value")
        if not isinstance(value, (int, float)):
            raise _fail(path, f"indicator {code}: threshold value must be a number or true/false")
        if ind["type"] == "percent" and not isinstance(value, bool) and not 0 <= value <= 100:
            raise _fail(path, f"indicator {code}: percent threshold out of 0..100")
        if th.get("certainty") != "V" or th.get("source") not in source_ids:
            raise _fail(path, f"indicator {code}: every threshold needs certainty 'V' and a known source")


# -- loading ------------------------------------------------------------------


def read_file(path: Path) -> dict[str, Any]:
    try:
        raw = Path(path).read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _fail(path, str(exc)) from None
    validate(data, Path(path))
    return data


def bundled_files() -> list[Path]:
    return sorted(paths.criteria_dir().glob("*.json"))


def load_file(store: Store, path: Path) -> bool:
    """Load (or update) one set from its file. Returns True if anything changed."""
    data = read_file(path)
    return load_document(store, data)


def load_document(store: Store, data: dict[str, Any]) -> bool:
    content = json.dumps(data, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    code = text.clean(data["code"])
    existing = store.query("SELECT id, content_hash FROM criteria_sets WHERE code = ?", [code])
    if existing and existing[0]["content_hash"] == digest:
        return False
    batch = audit.new_batch("reference", f"criteria set {code}")
    with store.transaction():
        row = {
            "name": text.clean(data["name"]),
            "name_en": data.get("name_en"),
            "level": data["level"],
            "tier": data["tier"],
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
            "requires": data.get("requires"),
            "decision": text.clean(data["decision"]),
            "content": content,
            "content_hash": digest,
            "loaded_at": clock.now_iso(),
        }
        if existing:
            set_id = existing[0]["id"]
            assign = ", ".join(f"{k} = ?" for k in row)
            store.db.execute(f"UPDATE criteria_sets SET {assign} WHERE id = ?", [*row.values(), set_id])
        else:
            cols = ["code", *row]
            set_id = store.db.execute(
                f"INSERT INTO criteria_sets ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [code, *row.values()],
            ).lastrowid
        _load_criteria(store, set_id, data)
        audit.record(
            store,
            batch,
            entity="criteria_set",
            entity_uuid=f"criteria_set:{code}",
            nkey=f"criteria_set:{code}",
            old={"code": code, "hash": existing[0]["content_hash"]} if existing else None,
            new={"code": code, "hash": digest, "name": row["name"]},
        )
    store.cache.clear()
    return True


def _load_criteria(store: Store, set_id: int, data: dict[str, Any]) -> None:
    groups = {g["code"]: g for g in data["groups"]}
    keep_indicators: set[str] = set()
    for crit in data["criteria"]:
        group = groups[crit["group"]]
        store.db.execute(
            "INSERT INTO criteria (set_id, number, name, name_en, group_code, group_name, group_name_en)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(set_id, number) DO UPDATE SET name = excluded.name,"
            " name_en = excluded.name_en, group_code = excluded.group_code,"
            " group_name = excluded.group_name, group_name_en = excluded.group_name_en",
            [
                set_id,
                crit["number"],
                text.clean(crit["name"]),
                crit.get("name_en"),
                group["code"],
                text.clean(group["name"]),
                group.get("name_en"),
            ],
        )
        crit_id = store.query(
            "SELECT id FROM criteria WHERE set_id = ? AND number = ?", [set_id, crit["number"]]
        )[0]["id"]
        store.db.execute("DELETE FROM responsibilities WHERE criterion_id = ?", [crit_id])
        for resp in crit.get("responsible") or []:
            store.db.execute(
                "INSERT INTO responsibilities (criterion_id, body, date_from, date_to, certainty)"
                " VALUES (?,?,?,?,?)",
                [crit_id, text.clean(resp["body"]), resp.get("from"), resp.get("to"), resp.get("certainty")],
            )
        for order, ind in enumerate(crit["indicators"]):
            code = text.clean(ind["code"])
            keep_indicators.add(code)
            store.db.execute(
                "INSERT INTO indicators (set_id, criterion_id, code, ord, name, name_en, type, unit, certainty)"
                " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(set_id, code) DO UPDATE SET"
                " criterion_id = excluded.criterion_id, ord = excluded.ord, name = excluded.name,"
                " name_en = excluded.name_en, type = excluded.type, unit = excluded.unit,"
                " certainty = excluded.certainty",
                [
                    set_id,
                    crit_id,
                    code,
                    order,
                    text.clean(ind["name"]),
                    ind.get("name_en"),
                    ind["type"],
                    ind.get("unit"),
                    ind.get("certainty"),
                ],
            )
            ind_id = store.query(
                "SELECT id FROM indicators WHERE set_id = ? AND code = ?", [set_id, code]
            )[0]["id"]
            store.db.execute("DELETE FROM thresholds WHERE indicator_id = ?", [ind_id])
            for th in ind.get("thresholds") or []:
                store.db.execute(
                    "INSERT INTO thresholds (indicator_id, region, op, value, year_from, year_to,"
                    " certainty, source, note) VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        ind_id,
                        th["region"],
                        th["op"],
                        float(th["value"]),
                        th.get("year_from"),
                        th.get("year_to"),
                        th.get("certainty"),
                        th.get("source"),
                        th.get("note"),
                    ],
                )
    # indicators dropped from the file go, unless values were entered against them
    for row in store.query("SELECT id, code FROM indicators WHERE set_id = ?", [set_id]):
        if row["code"] in keep_indicators:
            continue
        used = store.query("SELECT 1 FROM indicator_values WHERE indicator_id = ? LIMIT 1", [row["id"]])
        if not used:
            store.db.execute("DELETE FROM thresholds WHERE indicator_id = ?", [row["id"]])
            store.db.execute("DELETE FROM indicators WHERE id = ?", [row["id"]])


def load_bundled(store: Store) -> int:
    """Load every set shipped in db/criteria/. Returns how many sets changed."""
    return sum(load_file(store, path) for path in bundled_files())


# -- queries ------------------------------------------------------------------


def codes(store: Store) -> list[str]:
    return [r["code"] for r in store.query("SELECT code FROM criteria_sets ORDER BY valid_from, code")]


def get_set(store: Store, code: str) -> CriteriaSet:
    """The whole set with criteria, indicators and thresholds (cached per connection)."""
    key = f"set:{code}"
    cached = store.cache.get(key)
    if cached is not None:
        return cached
    rows = store.query("SELECT * FROM criteria_sets WHERE code = ?", [code])
    if not rows:
        raise InputRejected("criteria.unknown_set", code=code, codes=", ".join(codes(store)) or "—")
    head = rows[0]
    thresholds: dict[int, list[Threshold]] = {}
    for th in store.query(
        "SELECT t.* FROM thresholds t JOIN indicators i ON i.id = t.indicator_id WHERE i.set_id = ?",
        [head["id"]],
    ):
        thresholds.setdefault(th["indicator_id"], []).append(
            Threshold(th["region"], th["op"], th["value"], th["year_from"], th["year_to"])
        )
    indicators: dict[int, list[Indicator]] = {}
    for ind in store.query("SELECT * FROM indicators WHERE set_id = ? ORDER BY ord", [head["id"]]):
        indicators.setdefault(ind["criterion_id"], []).append(
            Indicator(
                ind["id"],
                ind["code"],
                ind["name"],
                ind["name_en"],
                ind["type"],
                ind["unit"],
                ind["certainty"],
                tuple(thresholds.get(ind["id"], ())),
            )
        )
    responsible: dict[int, list[str]] = {}
    for resp in store.query(
        "SELECT r.* FROM responsibilities r JOIN criteria c ON c.id = r.criterion_id WHERE c.set_id = ?",
        [head["id"]],
    ):
        responsible.setdefault(resp["criterion_id"], []).append(resp["body"])
    criteria = tuple(
        Criterion(
            c["id"],
            c["number"],
            c["name"],
            c["name_en"],
            c["group_code"],
            c["group_name"],
            c["group_name_en"],
            tuple(indicators.get(c["id"], ())),
            tuple(responsible.get(c["id"], ())),
        )
        for c in store.query("SELECT * FROM criteria WHERE set_id = ? ORDER BY number", [head["id"]])
    )
    result = CriteriaSet(
        head["id"],
        head["code"],
        head["name"],
        head["name_en"],
        head["level"],
        head["tier"],
        head["valid_from"],
        head["valid_to"],
        head["requires"],
        head["decision"],
        criteria,
    )
    store.cache[key] = result
    return result


def set_for_year(store: Store, year: int, level: str = "commune", tier: str = "basic") -> str:
    """The code of the set in force in ``year``: the override if one is recorded, else the
    set of that level and tier whose years include ``year``, else the latest earlier one
    (still applied after its period ends, until the province sends a newer set)."""
    override = store.query("SELECT set_code FROM year_sets WHERE year = ? AND level = ?", [year, level])
    if override:
        return override[0]["set_code"]
    rows = store.query(
        "SELECT code FROM criteria_sets WHERE level = ? AND tier = ? AND valid_from <= ?"
        " ORDER BY (valid_to >= ?) DESC, valid_from DESC LIMIT 1",
        [level, tier, year, year],
    )
    if not rows:
        if not codes(store):
            raise InputRejected("db.not_initialised")
        raise InputRejected("criteria.no_set_for_year", year=year)
    return rows[0]["code"]


def override_year(store: Store, year: int, code: str | None, level: str = "commune") -> None:
    """Record (or, with ``code=None``, remove) the set to use for a year."""
    if code is not None:
        get_set(store, code)
    batch = audit.new_batch("entered", f"criteria set for {year}")
    old = store.query("SELECT set_code FROM year_sets WHERE year = ? AND level = ?", [year, level])
    with store.transaction():
        if code is None:
            store.db.execute("DELETE FROM year_sets WHERE year = ? AND level = ?", [year, level])
        else:
            store.db.execute(
                "INSERT INTO year_sets (year, level, set_code) VALUES (?,?,?) ON CONFLICT(year, level)"
                " DO UPDATE SET set_code = excluded.set_code",
                [year, level, code],
            )
        nkey = f"year_set:{level}:{year}"
        audit.record(
            store,
            batch,
            entity="year_set",
            entity_uuid=nkey,
            nkey=nkey,
            old={"set_code": old[0]["set_code"]} if old else None,
            new={"set_code": code} if code else None,
        )


def as_json(cs: CriteriaSet) -> dict[str, Any]:
    """CONTRACT §1 ``criteria list --json`` shape for one set."""
    return {
        "code": cs.code,
        "name": cs.name,
        "valid_from": cs.valid_from,
        "valid_to": cs.valid_to,
        "level": cs.level,
        "tier": cs.tier,
        "requires": cs.requires,
        "decision": cs.decision,
        "criteria": [
            {
                "number": c.number,
                "name": c.name,
                "group": c.group_name,
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "type": i.type,
                        "unit": i.unit,
                        "threshold": [
                            {
                                "region": t.region,
                                "op": t.op,
                                "value": bool(t.value) if i.type == "bool" else t.value,
                                "year_from": t.year_from,
                                "year_to": t.year_to,
                            }
                            for t in i.thresholds
                        ]
                        or None,
                    }
                    for i in c.indicators
                ],
            }
            for c in cs.criteria
        ],
    }


def _restore_year_set(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    _, level, year = nkey.split(":")
    override_year(store, int(year), state["set_code"] if state else None, level)


def _restore_criteria_set(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    """Loading a criteria set is not undone: the file is reloaded instead."""


audit.register_restorer("year_set", _restore_year_set)
audit.register_restorer("criteria_set", _restore_criteria_set)
