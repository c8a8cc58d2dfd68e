"""Build the national lists of administrative units (both eras) and the reform of 1 July 2025.

Reads the data folder of the ``vietnamadminunits`` package (PyPI, MIT; its SQLite ``dataset.db``
and ``converter_2025.json``) and writes, into ``db/reference/``:

- ``units-vn-before-2025-07-01.json``: 63 provinces, their district-level and commune-level units;
- ``units-vn-after-2025-07-01.json``: 34 provinces and their commune-level units, no districts;
- ``units-vn-reform-2025-07-01.json``: the changes between them as events (merged, split, moved);
- ``LICENSE-vietnamadminunits.txt``: the package's licence notice (when its dist-info is found);
- ``LICENSE-dvhcvn-20250701.txt``: with ``--dvhcvn``, the licence of the repository checked against.

The program never imports the package: install it in a throw-away venv, without its runtime
dependencies, and point this script at it::

    python -m venv /tmp/vau && /tmp/vau/bin/pip install --no-deps vietnamadminunits==1.0.4
    python scripts/build_units.py --data /tmp/vau/lib/python3.11/site-packages/vietnamadminunits/data
    # or: /tmp/vau/bin/python scripts/build_units.py   (finds the installed copy)

``--dvhcvn GITDIR`` (a clone or bare copy of github.com/dvhcvn/20250701) checks the resolution
numbers below against the resolutions' own texts and prints a comparison of the two mappings.
See db/reference/README.md for the rules applied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import re
import sqlite3
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "vietnamadminunits"
BEFORE_FILE = "units-vn-before-2025-07-01.json"
AFTER_FILE = "units-vn-after-2025-07-01.json"
REFORM_FILE = "units-vn-reform-2025-07-01.json"
LICENSE_FILE = "LICENSE-vietnamadminunits.txt"
DVHCVN_LICENSE_FILE = "LICENSE-dvhcvn-20250701.txt"
REFORM_DATE = "2025-07-01"
LAST_DAY_BEFORE = "2025-06-30"
# The provinces' rearrangement (cited by every commune resolution: "Nghị quyết số 202/2025/QH15
# ngày 12 tháng 6 năm 2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh").
PROVINCE_DECISION = "202/2025/QH15"

# One resolution of the Standing Committee of the National Assembly per new province, on the
# rearrangement of its commune-level units, keyed by the new province's GSO code. Read from the
# number ("Số: …") and title ("… cấp xã của tỉnh X …") of each text in dvhcvn/20250701
# input/docs/<n>_NQ-UBTVQH15.md; ``--dvhcvn`` checks them again.
RESOLUTIONS = {
    "01": "1656/NQ-UBTVQH15",  # Hà Nội
    "04": "1657/NQ-UBTVQH15",  # Cao Bằng
    "08": "1684/NQ-UBTVQH15",  # Tuyên Quang
    "11": "1661/NQ-UBTVQH15",  # Điện Biên
    "12": "1670/NQ-UBTVQH15",  # Lai Châu
    "14": "1681/NQ-UBTVQH15",  # Sơn La
    "15": "1673/NQ-UBTVQH15",  # Lào Cai
    "19": "1683/NQ-UBTVQH15",  # Thái Nguyên
    "20": "1672/NQ-UBTVQH15",  # Lạng Sơn
    "22": "1679/NQ-UBTVQH15",  # Quảng Ninh
    "24": "1658/NQ-UBTVQH15",  # Bắc Ninh
    "25": "1676/NQ-UBTVQH15",  # Phú Thọ
    "31": "1669/NQ-UBTVQH15",  # Hải Phòng
    "33": "1666/NQ-UBTVQH15",  # Hưng Yên
    "37": "1674/NQ-UBTVQH15",  # Ninh Bình
    "38": "1686/NQ-UBTVQH15",  # Thanh Hóa
    "40": "1678/NQ-UBTVQH15",  # Nghệ An
    "42": "1665/NQ-UBTVQH15",  # Hà Tĩnh
    "44": "1680/NQ-UBTVQH15",  # Quảng Trị
    "46": "1675/NQ-UBTVQH15",  # Huế
    "48": "1659/NQ-UBTVQH15",  # Đà Nẵng
    "51": "1677/NQ-UBTVQH15",  # Quảng Ngãi
    "52": "1664/NQ-UBTVQH15",  # Gia Lai
    "56": "1667/NQ-UBTVQH15",  # Khánh Hòa
    "66": "1660/NQ-UBTVQH15",  # Đắk Lắk
    "68": "1671/NQ-UBTVQH15",  # Lâm Đồng
    "75": "1662/NQ-UBTVQH15",  # Đồng Nai
    "79": "1685/NQ-UBTVQH15",  # Hồ Chí Minh
    "80": "1682/NQ-UBTVQH15",  # Tây Ninh
    "82": "1663/NQ-UBTVQH15",  # Đồng Tháp
    "86": "1687/NQ-UBTVQH15",  # Vĩnh Long
    "91": "1654/NQ-UBTVQH15",  # An Giang
    "92": "1668/NQ-UBTVQH15",  # Cần Thơ
    "96": "1655/NQ-UBTVQH15",  # Cà Mau
}

# Where the package's converter is wrong, by the resolution's own text: old commune code -> the new
# units it went into, and the clauses (khoản of Điều 1) that say so. Most are homonyms in two old
# districts of one new province (Phường 4 of Tây Ninh and of Tân An, Thạnh Quới of Vĩnh Thạnh and
# of Mỹ Xuyên, …), to which the package gives the union of both destinations; 09013 lacks a part.
# Found by comparing with dvhcvn/20250701 and checked by reading each clause; ``--dvhcvn`` checks
# that each clause names its new unit.
CORRECTIONS: dict[str, tuple[tuple[str, ...], str, tuple[int, ...]]] = {
    "06079": (("06079",), "1672/NQ-UBTVQH15", (10,)),
    "09013": (("08980", "08995", "09022", "09817"), "1656/NQ-UBTVQH15", (107, 118, 119, 120)),
    "10798": (("10804", "10843"), "1669/NQ-UBTVQH15", (79, 112)),
    "11890": (("11911",), "1669/NQ-UBTVQH15", (63,)),
    "25462": (("25459",), "1682/NQ-UBTVQH15", (87,)),
    "27691": (("27694",), "1682/NQ-UBTVQH15", (84,)),
    "28036": (("28036",), "1682/NQ-UBTVQH15", (20,)),
    "28252": (("28249",), "1663/NQ-UBTVQH15", (84,)),
    "28270": (("28270",), "1663/NQ-UBTVQH15", (86,)),
    "28437": (("28435",), "1663/NQ-UBTVQH15", (99,)),
    "28439": (("28439",), "1663/NQ-UBTVQH15", (101,)),
    "28924": (("28921",), "1687/NQ-UBTVQH15", (68,)),
    "29623": (("29623",), "1687/NQ-UBTVQH15", (3,)),
    "29734": (("29734",), "1687/NQ-UBTVQH15", (20,)),
    "29902": (("29905",), "1663/NQ-UBTVQH15", (98,)),
    "29908": (("29905",), "1663/NQ-UBTVQH15", (98,)),
    "31246": (("31246",), "1668/NQ-UBTVQH15", (43,)),
    "31268": (("31288",), "1668/NQ-UBTVQH15", (36,)),
    "31378": (("31378",), "1668/NQ-UBTVQH15", (57,)),
    "31379": (("31378",), "1668/NQ-UBTVQH15", (57,)),
    "31438": (("31408",), "1668/NQ-UBTVQH15", (64,)),
    "31474": (("31473",), "1668/NQ-UBTVQH15", (18,)),
    "31480": (("31480",), "1668/NQ-UBTVQH15", (20,)),
    "31483": (("31495",), "1668/NQ-UBTVQH15", (50,)),
    "31582": (("31582",), "1668/NQ-UBTVQH15", (80,)),
    "31606": (("31591",), "1668/NQ-UBTVQH15", (84,)),
    "31657": (("31654",), "1668/NQ-UBTVQH15", (69,)),
    "31666": (("31666",), "1668/NQ-UBTVQH15", (71,)),
    "31669": (("31639",), "1668/NQ-UBTVQH15", (72,)),
    "31714": (("31726",), "1668/NQ-UBTVQH15", (66,)),
    "31741": (("31741",), "1668/NQ-UBTVQH15", (85,)),
    "31744": (("31741",), "1668/NQ-UBTVQH15", (85,)),
}

# Units kept whole whose name the resolution changes ("Đổi tên xã X thành xã Y"): old code ->
# (resolution, clause). Other name differences between the two lists of a unit kept whole are
# spellings of the same name (the texts list those units as "không thực hiện sắp xếp").
RENAMES = {
    "24235": ("1660/NQ-UBTVQH15", 96),  # Krông Na -> Buôn Đôn
    "25114": ("1671/NQ-UBTVQH15", 120),  # Bà Gia -> Đạ Huoai 3
}

# Kind prefixes of the full names, longest first; the kind is written in lower case.
PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Huyện", "Phường", "Quận", "Tỉnh", "Xã")
# Kinds whose prefix stays in the name (see README: "Thành phố Kon Tum", "Thị xã Đức Phổ").
PREFIX_KEPT = {"thành phố", "thị xã"}
LEVEL_KINDS = {
    "province": {"tỉnh", "thành phố"},
    "district": {"quận", "huyện", "thị xã", "thành phố"},
    "commune": {"xã", "phường", "thị trấn", "đặc khu"},
}


class BuildError(Exception):
    """The source data does not hold what this script expects."""


def split_name(full: str, level: str) -> tuple[str, str]:
    """``"Xã Hà Mòn"`` -> ``("xã", "Hà Mòn")``; ``"Thành Phố Kon Tum"`` -> ``("thành phố", "Thành phố Kon Tum")``.

    The prefix stays for a city or town (thành phố, thị xã) and for a name that is only a number
    (``Phường 1``, ``Quận 3``); its spelling is normalised (``Thị Trấn`` -> ``Thị trấn``).
    """
    full = re.sub(r"\s+", " ", unicodedata.normalize("NFC", full)).strip()
    for prefix in PREFIXES:
        if full.lower().startswith(prefix.lower() + " "):
            rest = full[len(prefix) + 1 :].strip()
            kind = prefix.lower()
            if kind not in LEVEL_KINDS[level]:
                raise BuildError(f"{full!r}: kind {kind!r} is not a {level} kind")
            if kind in PREFIX_KEPT or rest.isdigit():
                return kind, f"{prefix} {rest}"
            return kind, rest
    raise BuildError(f"{full!r}: no kind prefix")


def find_data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"{PACKAGE} is not installed here: pass --data")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def dist_info(data_dir: Path) -> Path | None:
    found = sorted(data_dir.resolve().parent.parent.glob(f"{PACKAGE}-*.dist-info"))
    return found[-1] if found else None


def package_version(info: Path | None) -> str | None:
    if info is None:
        return None
    for line in (info / "METADATA").read_text(encoding="utf-8").splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Source:
    """The package's two tables and its converter, read once."""

    def __init__(self, data_dir: Path) -> None:
        self.db_path = data_dir / "dataset.db"
        self.converter_path = data_dir / "converter_2025.json"
        if not self.db_path.is_file() or not self.converter_path.is_file():
            raise BuildError(f"{data_dir}: no dataset.db / converter_2025.json")
        con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        try:
            self.legacy = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy")]
            self.current = [dict(r) for r in con.execute("SELECT * FROM admin_units")]
        finally:
            con.close()
        self.converter = json.loads(self.converter_path.read_text(encoding="utf-8"))
        self.notes: list[str] = []  # disagreements found in the source, for the README


def kind_check(source: Source, full: str, kind: str, type_column: str | None, code: str) -> None:
    if type_column and type_column.lower() != kind:
        source.notes.append(f"{code} {full}: type column says {type_column!r}, the name says {kind!r} (name kept)")


def build_before(source: Source) -> dict[str, list[dict]]:
    provinces: dict[str, dict] = {}
    districts: dict[str, dict] = {}
    communes: dict[str, dict] = {}
    for row in source.legacy:
        pcode, dcode, wcode = row["provinceCode"], row["districtCode"], row["wardCode"]
        kind, name = split_name(row["province"], "province")
        provinces.setdefault(pcode, {"code": pcode, "kind": kind, "name": name, "parent": None})
        kind, name = split_name(row["district"], "district")
        kind_check(source, row["district"], kind, row["districtType"], dcode)
        unit = {"code": dcode, "kind": kind, "name": name, "parent": pcode}
        if districts.setdefault(dcode, unit) != unit:
            raise BuildError(f"district {dcode} differs between rows")
        if wcode is None:  # an island district without communes (Lý Sơn, Côn Đảo, …)
            continue
        kind, name = split_name(row["ward"], "commune")
        kind_check(source, row["ward"], kind, row["wardType"], wcode)
        if wcode in communes:
            raise BuildError(f"commune code {wcode} twice")
        communes[wcode] = {"code": wcode, "kind": kind, "name": name, "parent": dcode}
    return {
        "provinces": sorted(provinces.values(), key=lambda u: u["code"]),
        "districts": sorted(districts.values(), key=lambda u: u["code"]),
        "communes": sorted(communes.values(), key=lambda u: u["code"]),
    }


def build_after(source: Source) -> dict[str, list[dict]]:
    provinces: dict[str, dict] = {}
    communes: dict[str, dict] = {}
    for row in source.current:
        pcode, wcode = row["provinceCode"], row["wardCode"]
        kind, name = split_name(row["province"], "province")
        provinces.setdefault(pcode, {"code": pcode, "kind": kind, "name": name, "parent": None})
        kind, name = split_name(row["ward"], "commune")
        kind_check(source, row["ward"], kind, row["wardType"], wcode)
        if wcode in communes:
            raise BuildError(f"commune code {wcode} twice")
        communes[wcode] = {"code": wcode, "kind": kind, "name": name, "parent": pcode}
    return {
        "provinces": sorted(provinces.values(), key=lambda u: u["code"]),
        "communes": sorted(communes.values(), key=lambda u: u["code"]),
    }


def reform_flows(source: Source) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """Old unit -> new units, from the converter: (wholes per new code, parts per new code, new province).

    An old unit is named by its commune code, or by its district code when the district had no
    communes (the five island districts that became đặc khu).
    """
    old_by_key: dict[str, str] = {}
    for row in source.legacy:
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        old_by_key[key] = row["wardCode"] or row["districtCode"]
    new_by_key = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in source.current}
    province_of = {r["wardCode"]: r["provinceCode"] for r in source.current}

    def old_code(key: str) -> str:
        if key not in old_by_key:
            raise BuildError(f"converter names an old unit not in admin_units_legacy: {key}")
        return old_by_key[key]

    def new_code(province_key: str, ward_key: str) -> str:
        if (province_key, ward_key) not in new_by_key:
            raise BuildError(f"converter names a new unit not in admin_units: {province_key} {ward_key}")
        return new_by_key[(province_key, ward_key)]

    wholes: dict[str, set[str]] = defaultdict(set)
    parts: dict[str, set[str]] = defaultdict(set)
    for province_key, wards in source.converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, olds in wards.items():
            wholes[new_code(province_key, ward_key)].update(old_code(k) for k in olds)
    for province_key, olds in source.converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, news in olds.items():
            for new in news:
                parts[new_code(province_key, new["newWardKey"])].add(old_code(key))
    for old, (news, _decision, _clauses) in CORRECTIONS.items():
        if old not in old_by_key.values() or not set(news) <= set(province_of):
            raise BuildError(f"correction {old} -> {news}: unknown unit")
        for origins in (*wholes.values(), *parts.values()):
            origins.discard(old)
        for new in news:
            (wholes if len(news) == 1 else parts)[new].add(old)
    return wholes, parts, province_of


def build_reform(source: Source, before: dict[str, list[dict]], after: dict[str, list[dict]]) -> list[dict]:
    wholes, parts, province_of = reform_flows(source)
    # Every old unit goes either whole into one new unit, or in parts into two or more.
    goes_whole: dict[str, list[str]] = defaultdict(list)
    goes_part: dict[str, set[str]] = defaultdict(set)
    for new, olds in wholes.items():
        for old in olds:
            goes_whole[old].append(new)
    for new, olds in parts.items():
        for old in olds:
            goes_part[old].add(new)
    districts_without = {d["code"] for d in before["districts"]} - {c["parent"] for c in before["communes"]}
    old_units = {c["code"] for c in before["communes"]} | districts_without
    new_units = {c["code"] for c in after["communes"]}
    problems = []
    for old in sorted(old_units):
        whole, part = goes_whole.get(old, []), goes_part.get(old, set())
        if not (len(whole) == 1 and not part) and not (not whole and len(part) >= 2):
            problems.append(f"old {old}: whole into {whole}, parts into {sorted(part)}")
    for new in sorted(new_units):
        if not wholes.get(new) and not parts.get(new):
            problems.append(f"new {new}: no origin")
    unknown = (set(goes_whole) | set(goes_part)) - old_units
    if unknown or problems:
        raise BuildError("; ".join(problems[:20] + [f"unknown old units {sorted(unknown)[:20]}"]))

    old_units_all = before["districts"] + before["communes"]
    old_kind = {u["code"]: u["kind"] for u in old_units_all}
    old_name = {u["code"]: u["name"] for u in old_units_all}
    new_kind = {u["code"]: u["kind"] for u in after["communes"]}
    new_name = {u["code"]: u["name"] for u in after["communes"]}
    events = []

    def event(kind: str, level: str, decision: str | None, olds: set[str], news: set[str]) -> dict:
        return {"kind": kind, "level": level, "date": REFORM_DATE, "decision": decision,
                "from": sorted(olds), "to": sorted(news)}

    for new in sorted(new_units):
        olds = wholes.get(new, set()) | parts.get(new, set())
        decision = RESOLUTIONS.get(province_of[new])
        if len(olds) >= 2:
            events.append(event("merged", "commune", decision, olds, {new}))
        elif wholes.get(new):
            moved = event("moved", "commune", decision, olds, {new})
            (was,) = olds
            changes = ["kind"] if old_kind[was] != new_kind[new] else []
            if was in RENAMES:
                changes.append("name")
            elif old_name[was] != new_name[new]:
                changes.append("spelling")
            if was != new:
                changes.append("code")
            if changes:
                moved["changes"] = changes
            events.append(moved)
        # a new unit made of a part of one old unit only is named by that unit's split event
    for old in sorted(goes_part):
        news = goes_part[old]
        decisions = {RESOLUTIONS.get(province_of[n]) for n in news}
        if len(decisions) != 1:
            raise BuildError(f"old {old} is split across provinces {sorted(news)}")
        events.append(event("split", "commune", decisions.pop(), {old}, news))

    # Provinces: follow the communes; a new province formed from several old ones is a merge.
    old_province = {c["code"]: c["parent"] for c in before["communes"]}
    district_province = {d["code"]: d["parent"] for d in before["districts"]}
    flows: dict[str, set[str]] = defaultdict(set)
    for old in old_units:
        province = district_province[old_province.get(old, old)]  # an island district is its own
        for new in goes_whole.get(old, []) or goes_part[old]:
            flows[province].add(province_of[new])
    into: dict[str, set[str]] = defaultdict(set)
    for old, news in flows.items():
        if len(news) != 1:
            raise BuildError(f"old province {old} goes into {sorted(news)}")
        into[news.pop()].add(old)
    names_before = {p["code"]: p["name"] for p in before["provinces"]}
    names_after = {p["code"]: p["name"] for p in after["provinces"]}
    for new, olds in sorted(into.items()):
        if len(olds) >= 2:
            events.append(event("merged", "province", PROVINCE_DECISION, olds, {new}))
        elif olds != {new} or names_before[new] != names_after[new]:
            raise BuildError(f"province {sorted(olds)} -> {new}: renamed or recoded, not handled")
    order = {"province": 0, "commune": 1}
    events.sort(key=lambda e: (order[e["level"]], e["to"][0], e["kind"], e["from"]))
    return events


def header(source: Source, version: str, built: str, what: str, extra: dict) -> dict:
    return {
        "what": what,
        "source": {
            "package": PACKAGE,
            "version": version,
            "url": f"https://pypi.org/project/{PACKAGE}/{version}/",
            "licence": f"MIT, Copyright (c) 2025 Tran Ngoc Minh Hieu (see {LICENSE_FILE})",
            "files": {
                "dataset.db": sha256(source.db_path),
                "converter_2025.json": sha256(source.converter_path),
            },
        },
        "built": built,
        "built_by": "scripts/build_units.py",
        "readme": "db/reference/README.md",
        **extra,
    }


def dump(path: Path, head: dict, sections: dict[str, list[dict]]) -> None:
    """One object per line, sections in the given order: small, diffable, deterministic."""

    def line(obj: object) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    out = ["{", f'"header":{json.dumps(head, ensure_ascii=False, indent=1)},']
    names = list(sections)
    for i, name in enumerate(names):
        out.append(f'"{name}":[')
        out.append(",\n".join(line(item) for item in sections[name]))
        out.append("]" + ("," if i < len(names) - 1 else ""))
    out.append("}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))  # the file must read back


# -- the optional cross-check against dvhcvn/20250701 ---------------------------------------------


def git_show(git_dir: Path, path: str) -> str:
    args = ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def fold(value: str) -> str:
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(ch for ch in value if not unicodedata.combining(ch)).lower())


def resolution_text(git_dir: Path, decision: str) -> str:
    number = decision.split("/")[0]
    text = unicodedata.normalize("NFC", git_show(git_dir, f"input/docs/{number}_NQ-UBTVQH15.md"))
    return re.sub(r"\s+", " ", re.sub(r"[*\\]", "", text))


def clauses(text: str) -> dict[int, str]:
    """The numbered clauses of Điều 1 (``56. Sắp xếp toàn bộ …``), by number."""
    body = text[text.find("Điều 1") : text.find("Điều 2")]
    found: dict[int, str] = {}
    for match in re.finditer(r"(?:^|(?<=[\s.]))(\d{1,3})\. ?(?=\S)(.*?)(?=(?<=[\s.])\d{1,3}\. ?[A-ZĐ]|$)", body):
        found.setdefault(int(match.group(1)), match.group(2))
    return found


def check_dvhcvn(git_dir: Path, before: dict[str, list[dict]], after: dict[str, list[dict]],
                 events: list[dict]) -> list[str]:
    """Check RESOLUTIONS and CORRECTIONS against the texts, compare the unit counts and the units
    kept as they were with each text, and compare the mapping with dvhcvn's; returns lines to print."""
    report = []
    names = {p["code"]: p["name"] for p in after["provinces"]}
    texts = {code: resolution_text(git_dir, decision) for code, decision in RESOLUTIONS.items()}
    for code, decision in sorted(RESOLUTIONS.items()):
        text = texts[code]
        title = re.search(r"cấp xã của (?:tỉnh|thành phố) (.{2,30}?)(?: \(mới\))? năm 2025", text, re.IGNORECASE)
        if f"Số: {decision}" not in text or not title:
            raise BuildError(f"{decision}: number or title not found in its text")
        if fold(title.group(1).replace("(mới)", "")) != fold(names[code].removeprefix("Thành phố ")):
            raise BuildError(f"{decision} is about {title.group(1)!r}, not {names[code]!r}")
    report.append(f"resolutions: all {len(RESOLUTIONS)} numbers match their texts' titles")
    old_units = {u["code"]: u for u in before["districts"] + before["communes"]}
    new_units = {u["code"]: u for u in after["communes"]}
    by_decision = {decision: code for code, decision in RESOLUTIONS.items()}
    for old, (news, decision, numbers) in sorted(CORRECTIONS.items()):
        cited = clauses(texts[by_decision[decision]])
        said = " ".join(fold(cited.get(n, "")) for n in numbers)
        for new in news:
            unit = new_units[new]
            if fold(f"tên gọi là {unit['kind']} {unit['name']}") not in said:
                raise BuildError(f"correction {old}: {decision} clauses {numbers} do not form {unit['name']}")
        if not old_units[old]["name"].startswith("Phường ") and fold(old_units[old]["name"]) not in said:
            raise BuildError(f"correction {old}: {decision} clauses {numbers} do not name {old_units[old]['name']}")
    report.append(f"corrections: all {len(CORRECTIONS)} cite clauses that form their new units")
    for old, (decision, number) in sorted(RENAMES.items()):
        clause = fold(clauses(texts[by_decision[decision]]).get(number, ""))
        if not clause.startswith(fold("Đổi tên")) or fold(old_units[old]["name"]) not in clause:
            raise BuildError(f"rename {old}: {decision} clause {number} does not rename it")
    per_province: dict[str, int] = defaultdict(int)
    for unit in after["communes"]:
        per_province[unit["parent"]] += 1
    kept: dict[str, set[str]] = defaultdict(set)
    for e in events:
        if e["kind"] == "moved" and set(e.get("changes", ())) <= {"spelling"}:
            kept[new_units[e["to"][0]]["parent"]].add(fold(new_units[e["to"][0]]["name"]))
    for code, text in sorted(texts.items()):
        count = re.search(r"Sau khi sắp xếp, (?:tỉnh|thành phố) [^;.]*? có ?(\d+) ?đơn vị hành chính cấp xã",
                          text, re.IGNORECASE)
        if not count or int(count.group(1)) != per_province[code]:
            report.append(f"  {RESOLUTIONS[code]}: text counts {count and count.group(1)}, data {per_province[code]}")
        listed = re.search(r"không thực hiện sắp xếp (?:là|gồm)(?: các)? ?(.*?)(?:\.|Điều 2)", text)
        said_kept = set()
        for part in re.split(r",| và |;", re.sub(r"\([^)]*\)", "", listed.group(1)) if listed else ""):
            part = re.sub(r"^\s*(?:các )?(?:xã|phường|thị trấn|đặc khu)\s+", "", part.strip())
            if part:
                said_kept.add(fold(part))
        if said_kept != kept.get(code, set()):
            report.append(f"  {RESOLUTIONS[code]}: kept by the text {sorted(said_kept - kept.get(code, set()))}, "
                          f"by the data {sorted(kept.get(code, set()) - said_kept)}")
    report.append(f"counts and kept units compared with all {len(texts)} texts (differences listed above)")
    listed_codes = {}  # the GSO's code list of the new units (Công văn 1027/CTK-CSCL, 25/6/2025)
    for row in git_show(git_dir, "input/docs/1027_CTK-CSCL.md").splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) > 3 and re.fullmatch(r"\d{5}", cells[2]):
            listed_codes[cells[2]] = re.sub(r"\s*<br>\s*", " ", unicodedata.normalize("NFC", cells[3]))
    ours_named = {u["code"]: u["name"] if u["name"].lower().startswith(u["kind"]) else f"{u['kind']} {u['name']}"
                  for u in after["communes"]}
    report.append(f"1027/CTK-CSCL: {len(listed_codes)} codes, {len(set(listed_codes) & set(ours_named))} here too")
    for code in sorted(set(listed_codes) ^ set(ours_named)):
        report.append(f"  code {code}: list {listed_codes.get(code)!r}, here {ours_named.get(code)!r}")
    for code in sorted(set(listed_codes) & set(ours_named)):
        if fold(listed_codes[code]) != fold(ours_named[code]):
            report.append(f"  name {code}: list {listed_codes[code]!r}, here {ours_named[code]!r}")
    splits = json.loads(git_show(git_dir, "mapping/splits.json"))["data"]
    theirs = {u["level3_id"]: {s["new_id"] for s in u["splits"]} for p in splits for u in p["level3s"]}
    ours: dict[str, set[str]] = defaultdict(set)
    for e in events:
        if e["level"] == "commune":
            for old in e["from"]:
                ours[old].update(e["to"])
    ours = {old: news for old, news in ours.items() if len(old) == 5}
    same = sum(1 for old in ours if theirs.get(old) == ours[old])
    only_ours = sorted(set(ours) - set(theirs))
    only_theirs = sorted(set(theirs) - set(ours))
    differ = sorted(old for old in set(ours) & set(theirs) if ours[old] != theirs[old])
    report.append(f"dvhcvn splits.json: {len(theirs)} old communes, {same} mapped alike, {len(differ)} differ, "
                  f"{len(only_ours)} only here, {len(only_theirs)} only in dvhcvn")
    for old in differ:
        report.append(f"  differ {old}: package {sorted(ours[old])}, dvhcvn {sorted(theirs[old])}")
    for old in only_ours[:50] + only_theirs[:50]:
        report.append(f"  one side only {old}: package {sorted(ours.get(old, ()))}, "
                      f"dvhcvn {sorted(theirs.get(old, ()))}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="the package's data folder (default: the installed copy)")
    parser.add_argument("--version", help="the package's version (default: read from its dist-info)")
    parser.add_argument("--out", type=Path, default=ROOT / "db" / "reference", help="output folder")
    parser.add_argument("--built", default=dt.date.today().isoformat(), help="the date recorded as built")
    parser.add_argument("--dvhcvn", type=Path, help="git dir of dvhcvn/20250701, to cross-check")
    args = parser.parse_args(argv)
    try:
        data_dir = args.data or find_data_dir()
        info = dist_info(data_dir)
        version = args.version or package_version(info)
        if not version:
            raise BuildError("the package's version is unknown: pass --version")
        source = Source(data_dir)
        before = build_before(source)
        after = build_after(source)
        events = build_reform(source, before, after)
        if args.dvhcvn:
            for line in check_dvhcvn(args.dvhcvn, before, after, events):
                print(line)
            dvhcvn_licence = git_show(args.dvhcvn, "LICENSE")
    except BuildError as exc:
        print(f"build_units: {exc}", file=sys.stderr)
        return 1
    for era in (before, after):
        for units in era.values():
            for unit in units:
                if era is before:
                    unit["valid_to"] = LAST_DAY_BEFORE
                else:
                    unit["valid_from"] = REFORM_DATE
    counts_before = {k: len(v) for k, v in before.items()}
    counts_after = {k: len(v) for k, v in after.items()}
    kinds: dict[str, int] = defaultdict(int)
    for e in events:
        kinds[f"{e['level']} {e['kind']}"] += 1
    args.out.mkdir(parents=True, exist_ok=True)
    dump(args.out / BEFORE_FILE, header(source, version, args.built, "units in force until 2025-06-30", {
        "valid_to": LAST_DAY_BEFORE, "counts": counts_before}), before)
    dump(args.out / AFTER_FILE, header(source, version, args.built, "units in force from 2025-07-01", {
        "valid_from": REFORM_DATE, "counts": counts_after}), after)
    dump(args.out / REFORM_FILE, header(source, version, args.built, "the rearrangement of 2025-07-01", {
        "date": REFORM_DATE,
        "decisions": "commune level: the resolution of the new province (NQ 1654 to 1687/NQ-UBTVQH15, "
                     "numbers checked against the texts in github.com/dvhcvn/20250701, MIT, see "
                     f"{DVHCVN_LICENSE_FILE}); province level: " + PROVINCE_DECISION,
        "counts": dict(sorted(kinds.items())),
        "corrections": {old: {"to": list(news), "decision": decision, "clauses": list(clauses)}
                        for old, (news, decision, clauses) in sorted(CORRECTIONS.items())},
    }), {"events": events})
    if args.dvhcvn:
        (args.out / DVHCVN_LICENSE_FILE).write_text(dvhcvn_licence, encoding="utf-8")
    if info is not None:
        licence = next(iter(sorted(info.rglob("LICENSE*"))), None)
        if licence is not None:
            (args.out / LICENSE_FILE).write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"before: {counts_before}; after: {counts_after}; events: {dict(sorted(kinds.items()))}")
    for note in sorted(set(source.notes)):
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
