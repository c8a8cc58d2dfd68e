"""Loading provinces from the national lists of both eras (``ntm init --province``).

The lists are db/reference/units-vn-before-2025-07-01.json (63 provinces, their districts and
communes, in force until 30 June 2025), units-vn-after-2025-07-01.json (34 provinces and
their communes, no districts, from 1 July 2025) and units-vn-reform-2025-07-01.json (the
reform between them as ``merged``/``split``/``moved`` events). db/reference/README.md says how
they were built.

**Codes and natural keys.** A GSO code names a unit together with a date: the new xã Ia Chim
keeps 23326, the code of the old one, and the new Quảng Ngãi keeps 51. So:

- a unit of the list before the reform has the natural key ``<level>:<code>``
  (``commune:23326``), the key Kon Tum's 2020 list always gave it, so that databases loaded
  with ``--units kontum`` and their packages keep their identities; it ends on 2025-06-30
  (``valid_to``) and has no start;
- a unit of the list after has ``<level>:<code>@<valid_from>`` (``commune:23326@2025-07-01``,
  ``province:51@2025-07-01``) and starts on 2025-07-01;
- the database holds one unit per level, code and start date (migration 0005), and a code is
  looked up together with a date (:func:`ntm_desktop.units.names.resolve_code`: the unit with
  that code in force on the day, e.g. the period's last day).

**What a province brings.** A province of the list before (Kon Tum, 62) brings its tree and
the new units its communes went into; one of the list after (Quảng Ngãi, 51) brings itself,
its communes and every old unit that went into them; a name or code of both eras (Gia Lai,
Quảng Ngãi, 51) brings both. Every event touching a unit brought is loaded whole, with all
the units on both sides and their parents, and the province-level event of the provinces
brought. A province with a list of its own (Kon Tum: db/reference/kontum-units-2020.json)
loads that list first: its spellings stay the names (the GSO's become aliases), its flags
and aliases stay, so ``--province "Kon Tum"`` holds the same communes as ``--units kontum``
plus the other units, the dates and the events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ntm_desktop import paths, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units.events import Pair, record_pairs
from ntm_desktop.units.names import text_suggest
from ntm_desktop.units.reference import load_reference
from ntm_desktop.units.state import snapshots, write_many

REFORM_DATE = "2025-07-01"
LAST_DAY_BEFORE = "2025-06-30"
BEFORE, AFTER = "before", "after"
FILES = {BEFORE: "units-vn-before-2025-07-01.json", AFTER: "units-vn-after-2025-07-01.json"}
REFORM_FILE = "units-vn-reform-2025-07-01.json"
# provinces (of the list before) with a list of their own, loaded first
OWN_LISTS = {"62": "kontum-units-2020.json"}
_LEVEL_OF_CODE = {2: "province", 3: "district", 5: "commune"}
# The region of each province before the reform, for the thresholds of the 2016-2025 sets: the
# usual grouping as shared/DOMAIN.md gives it ("check against the decision before relying on
# it"). A new unit takes the region of the old provinces it came from where they agree.
REGIONS = {code: region for region, codes in {
    "TDMNPB": "02 04 06 08 10 11 12 14 15 17 19 20 24 25",
    "DBSH": "01 22 26 27 30 31 33 34 35 36 37",
    "BTB": "38 40 42 44 45 46",
    "DHNTB": "48 49 51 52 54 56 58 60",
    "TN": "62 64 66 67 68",
    "DNB": "70 72 74 75 77 79",
    "DBSCL": "80 82 83 84 86 87 89 91 92 93 94 95 96",
}.items() for code in codes.split()}
ALL = "all"


@dataclass
class Lists:
    """The three files, read once: units by era and code (codes are unique within an era
    and their length gives the level), the events, children by parent code."""

    units: dict[str, dict[str, dict[str, Any]]]
    children: dict[str, dict[str, list[str]]]
    events: list[dict[str, Any]]


@lru_cache(maxsize=1)
def lists() -> Lists:
    base = paths.reference_dir()
    units: dict[str, dict[str, dict[str, Any]]] = {}
    children: dict[str, dict[str, list[str]]] = {}
    try:
        for era, name in FILES.items():
            data = json.loads((base / name).read_text(encoding="utf-8"))
            units[era] = {}
            children[era] = {}
            for level in ("provinces", "districts", "communes"):
                for unit in data.get(level, []):
                    units[era][unit["code"]] = unit
                    if unit["parent"]:
                        children[era].setdefault(unit["parent"], []).append(unit["code"])
        events = json.loads((base / REFORM_FILE).read_text(encoding="utf-8"))["events"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputRejected("unit.bad_reference", path=base, detail=str(exc)) from None
    return Lists(units, children, events)


def nkey(era: str, code: str) -> str:
    """The natural key of the unit ``code`` of an era (the module's docstring)."""
    level = _LEVEL_OF_CODE[len(code)]
    return f"{level}:{code}" if era == BEFORE else f"{level}:{code}@{REFORM_DATE}"


def find_provinces(wanted: str) -> list[tuple[str, str]]:
    """The provinces ``wanted`` names, as (era, code): a code or a name (accent-insensitive,
    ``Tỉnh``/``Thành phố`` ignored) of either era, both eras where both have it; ``all``
    every province. An unknown name is refused with the closest names."""
    data = lists()
    provinces = [(era, code, unit) for era in (BEFORE, AFTER) for code, unit in data.units[era].items()
                 if len(code) == 2]
    key = text.clean(wanted)
    if key.casefold() == ALL:
        return [(era, code) for era, code, _ in provinces]
    if key.isdigit():
        found = [(era, code) for era, code, _ in provinces if code == key.zfill(2)]
    else:
        found = [(era, code) for era, code, unit in provinces if _province_key(unit["name"]) == _province_key(key)]
    if found:
        return found
    names = sorted({unit["name"] for _, _, unit in provinces}, key=text.sort_key)
    best = text.closest(_province_key(key), names, limit=5, cutoff=0.5)
    if len(best) < 5:  # compare without the city prefix too (Thành phố Hà Nội)
        plain = {_province_key(n): n for n in names}
        best += [plain[p] for p in text.closest(_province_key(key), list(plain), limit=5, cutoff=0.5)
                 if plain[p] not in best]
    details = [text_suggest(best[:5])] if best else []
    raise InputRejected("unit.unknown_province", details, name=wanted)


def provinces() -> list[dict[str, str]]:
    """Every province of both lists, ``{era, code, name, kind}``, the list before first, each
    sorted by name: what a chooser of ``--province`` offers (the first-run dialog)."""
    data = lists()
    return [{"era": era, "code": code, "name": unit["name"], "kind": unit["kind"]}
            for era in (BEFORE, AFTER)
            for code, unit in sorted(data.units[era].items(), key=lambda item: text.sort_key(item[1]["name"]))
            if len(code) == 2]


def _province_key(name: str) -> str:
    folded = text.search_key(name)
    return folded.removeprefix("thanh pho ").removeprefix("tp ").removeprefix("tinh ").strip()


@dataclass
class Selection:
    """The codes of each era a load brings, and the events between them."""

    codes: dict[str, set[str]] = field(default_factory=lambda: {BEFORE: set(), AFTER: set()})
    events: list[dict[str, Any]] = field(default_factory=list)


def select(chosen: list[tuple[str, str]]) -> Selection:
    data = lists()
    sel = Selection()
    for era, code in chosen:
        sel.codes[era].add(code)
        stack = list(data.children[era].get(code, []))
        while stack:
            child = stack.pop()
            sel.codes[era].add(child)
            stack += data.children[era].get(child, [])
    first = {era: set(codes) for era, codes in sel.codes.items()}
    provinces = {era: {c for c in codes if len(c) == 2} for era, codes in first.items()}
    for event in data.events:
        touched = first if event["level"] != "province" else provinces
        if touched[BEFORE].intersection(event["from"]) or touched[AFTER].intersection(event["to"]):
            sel.events.append(event)
            sel.codes[BEFORE].update(event["from"])
            sel.codes[AFTER].update(event["to"])
    for era, codes in sel.codes.items():  # every unit with its parents
        for code in list(codes):
            parent = data.units[era][code]["parent"]
            while parent and parent not in codes:
                codes.add(parent)
                parent = data.units[era][parent]["parent"]
    return sel


@dataclass(frozen=True)
class Loaded:
    provinces: int
    districts: int
    communes: int
    events: int


def load_provinces(store: Store, chosen: list[tuple[str, str]]) -> Loaded:
    """Load the provinces ``chosen`` (:func:`find_provinces`) with their units of both eras
    and the reform's events, in one transaction, logged as one batch (undo, history and
    packages see every unit and event). Idempotent: a second load writes nothing."""
    data = lists()
    sel = select(chosen)
    wanted = {nkey(era, code): (era, code) for era, codes in sel.codes.items() for code in codes}
    pairs: list[Pair] = [
        (event["kind"], nkey(BEFORE, before), nkey(AFTER, after), event["date"], event["decision"])
        for event in sel.events for before in event["from"] for after in event["to"]]
    batch = audit.new_batch("reference", "units: " + ", ".join(
        data.units[era][code]["name"] for era, code in chosen[:5]) + (" …" if len(chosen) > 5 else ""))
    with store.transaction():
        for code, name in OWN_LISTS.items():
            if code in sel.codes[BEFORE]:
                load_reference(store, paths.reference_dir() / name)
        held = snapshots(store, list(wanted))
        regions = _regions(sel)
        states = []
        for key, (era, code) in sorted(wanted.items(), key=lambda item: (len(item[1][1]), item[0])):
            unit = data.units[era][code]
            parent = nkey(era, unit["parent"]) if unit["parent"] else None
            states.append(_state(key, unit, parent, era, held.get(key), regions.get((era, code))))
        ids = write_many(store, batch, states)
        added = record_pairs(store, batch, pairs, ids)
    levels = [nkey(era, code).split(":")[0] for era, codes in sel.codes.items() for code in codes]
    return Loaded(levels.count("province"), levels.count("district"), levels.count("commune"), added)


def _regions(sel: Selection) -> dict[tuple[str, str], str]:
    """The region (:data:`REGIONS`) of each province before the reform brought, and of each
    unit after it whose origins (the old units of its events, or for a province not
    rearranged, itself) lay in provinces of one region; units in between (districts,
    communes before) inherit theirs from the province."""
    data = lists()

    def province_of(code: str) -> str:
        while data.units[BEFORE][code]["parent"]:
            code = data.units[BEFORE][code]["parent"]
        return code

    out = {(BEFORE, code): REGIONS[code] for code in sel.codes[BEFORE] if len(code) == 2 and code in REGIONS}
    origins: dict[str, set[str | None]] = {}
    for event in sel.events:
        for after in event["to"]:
            origins.setdefault(after, set()).update(REGIONS.get(province_of(b)) for b in event["from"])
    for code in sel.codes[AFTER]:
        found = origins.get(code) or ({REGIONS.get(code)} if len(code) == 2 and code in data.units[BEFORE] else set())
        regions = {region for region in found if region is not None}
        if len(found) == 1 and regions:
            out[(AFTER, code)] = regions.pop()
    return out


def _state(key: str, unit: dict[str, Any], parent: str | None, era: str,
           held: dict[str, Any] | None, region: str | None = None) -> dict[str, Any]:
    """A unit's state from the list, over what the database holds of it: a unit held keeps
    its name (the province's spelling), kind, flags and aliases; the list's name becomes an
    alias where it differs, and the era's dates are set."""
    name = text.clean(unit["name"])
    if held is not None:
        state = {**held, "aliases": list(held["aliases"])}
        spellings = {text.match_key(held["name"]), *(text.match_key(a) for a in held["aliases"])}
        if text.match_key(name) not in spellings:
            state["aliases"].append(name)
        state["code"] = state["code"] or unit["code"]
    else:
        state = {"uuid": None, "nkey": key, "level": _LEVEL_OF_CODE[len(unit["code"])], "kind": unit["kind"],
                 "name": name, "code": unit["code"], "region": region, "dbkk": 0, "area_class": None, "border": 0,
                 "safe_zone": 0, "valid_from": None, "valid_to": None, "demo": 0, "parent": parent, "aliases": []}
    if era == BEFORE:
        state["valid_to"] = LAST_DAY_BEFORE
    else:
        state["valid_from"] = REFORM_DATE
    return state

