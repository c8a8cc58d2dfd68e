"""The national unit lists of both eras and the reform of 1 July 2025 (db/reference/units-vn-*.json).

Reads the JSON files only (built by scripts/build_units.py); cross-checks them with the Kon Tum list
of 2020 and with the resolutions' texts (NQ 1677/NQ-UBTVQH15 for Quảng Ngãi, NQ 1664/NQ-UBTVQH15
for Gia Lai, as published in dvhcvn/20250701 input/docs/): the clauses quoted below are theirs.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "db" / "reference"
KINDS = {
    "provinces": {"tỉnh", "thành phố"},
    "districts": {"quận", "huyện", "thị xã", "thành phố"},
    "communes_before": {"xã", "phường", "thị trấn"},
    "communes_after": {"xã", "phường", "đặc khu"},
}
PREFIXES = ("tỉnh ", "thành phố ", "quận ", "huyện ", "thị xã ", "xã ", "phường ", "thị trấn ", "đặc khu ")
# Kon Tum's own spelling -> the GSO spelling in the national list, not yet among the aliases of
# kontum-units-2020.json (NQ 1677 clause 64 also writes "xã Pờ Y").
KNOWN_SPELLINGS = {"23395": ("Bờ Y", "Pờ Y")}


def load(name):
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def before():
    return load("units-vn-before-2025-07-01.json")


@pytest.fixture(scope="module")
def after():
    return load("units-vn-after-2025-07-01.json")


@pytest.fixture(scope="module")
def events():
    return load("units-vn-reform-2025-07-01.json")["events"]


@pytest.fixture(scope="module")
def old(before):
    return {u["code"]: u for section in ("provinces", "districts", "communes") for u in before[section]}


@pytest.fixture(scope="module")
def new(after):
    return {u["code"]: u for section in ("provinces", "communes") for u in after[section]}


@pytest.fixture(scope="module")
def kontum():
    return load("kontum-units-2020.json")


def commune_events(events):
    return [e for e in events if e["level"] == "commune"]


def find(units, parent, name, kind=None):
    found = [u for u in units if u["parent"] == parent and u["name"] == name and kind in (None, u["kind"])]
    assert len(found) == 1, (parent, name, found)
    return found[0]["code"]


def origin_of(events, code):
    """The merged or moved event forming a new unit."""
    found = [e for e in commune_events(events) if e["to"] == [code] and e["kind"] != "split"]
    assert len(found) == 1, (code, found)
    return found[0]


# -- the two lists ------------------------------------------------------------------------------


def test_headers_name_the_source_and_licence(before, after):
    for data in (before, after, load("units-vn-reform-2025-07-01.json")):
        source = data["header"]["source"]
        assert (source["package"], source["version"]) == ("vietnamadminunits", "1.0.4")
        assert source["licence"].startswith("MIT")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["header"]["built"])
    assert "MIT License" in (REFERENCE / "LICENSE-vietnamadminunits.txt").read_text(encoding="utf-8")
    assert "MIT License" in (REFERENCE / "LICENSE-dvhcvn-20250701.txt").read_text(encoding="utf-8")


def test_counts_before(before):
    assert len(before["provinces"]) == 63
    assert 680 <= len(before["districts"]) <= 720  # 696
    assert 10_000 <= len(before["communes"]) <= 10_100  # 10,035
    assert before["header"]["counts"] == {k: len(before[k]) for k in ("provinces", "districts", "communes")}


def test_counts_after(after):
    assert len(after["provinces"]) == 34
    assert len(after["communes"]) == 3321
    assert Counter(u["kind"] for u in after["communes"]) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert "districts" not in after


def test_codes_unique_parents_exist_kinds_and_dates(before, after):
    for era, sections, parents, stamp in (
        (before, ("provinces", "districts", "communes"), {"districts": "provinces", "communes": "districts"},
         ("valid_to", "2025-06-30")),
        (after, ("provinces", "communes"), {"communes": "provinces"}, ("valid_from", "2025-07-01")),
    ):
        units = [u for s in sections for u in era[s]]
        codes = [u["code"] for u in units]
        assert len(codes) == len(set(codes))
        for section in sections:
            lengths = {len(u["code"]) for u in era[section]}
            assert lengths == {dict(provinces=2, districts=3, communes=5)[section]}
            assert [u["code"] for u in era[section]] == sorted(u["code"] for u in era[section])
            kinds = KINDS.get(section) or KINDS[f"{section}_{'before' if era is before else 'after'}"]
            assert {u["kind"] for u in era[section]} <= kinds
            allowed = {None} if section == "provinces" else {p["code"] for p in era[parents[section]]}
            for unit in era[section]:
                assert unit[stamp[0]] == stamp[1]
                assert unit["parent"] in allowed, unit


def test_names_carry_no_kind_prefix_except_cities_towns_and_numbers(before, after, old):
    for unit in [u for era in (before, after) for s in era if s != "header" for u in era[s]]:
        name = unit["name"]
        assert name == name.strip() and "  " not in name
        if unit["kind"] in ("thành phố", "thị xã"):
            assert name.startswith(unit["kind"].capitalize() + " "), unit
        elif name.lower().startswith(PREFIXES) and unit["code"] != "19780":  # "Phường Phường Đúc" (Huế)
            assert re.fullmatch(r"(Phường|Quận) \d+", name) and name.lower().startswith(unit["kind"]), unit
    assert old["608"]["name"] == "Thành phố Kon Tum"
    assert old["23521"]["name"] == "Hà Mòn"
    assert {u["name"] for u in before["provinces"]} >= {"Kon Tum", "Thành phố Hà Nội", "Thành phố Hồ Chí Minh"}


# -- Kon Tum, 2020 ------------------------------------------------------------------------------


def test_kontum_districts_and_communes_match_the_2020_list(old, kontum):
    assert old["62"]["name"] == "Kon Tum" and old["62"]["kind"] == "tỉnh"
    district_aliases, aliases = kontum["district_aliases"], kontum["aliases"]
    assert len(kontum["districts"]) == 10
    communes = 0
    for district in kontum["districts"]:
        unit = old[district["code"]]
        assert (unit["parent"], unit["kind"]) == ("62", district["kind"])
        assert unit["name"] in [district["name"], *district_aliases.get(district["name"], [])]
        for commune in district["communes"]:
            unit = old[commune["code"]]
            assert (unit["parent"], unit["kind"]) == (district["code"], "xã"), commune
            spellings = [commune["name"], *aliases.get(commune["name"], [])]
            assert unit["name"] in spellings or KNOWN_SPELLINGS.get(commune["code"]) == (
                commune["name"], unit["name"]), (commune, unit)
            communes += 1
    assert communes == 85


# -- the reform ---------------------------------------------------------------------------------


def test_event_shapes_and_decisions(events, old, new):
    resolution_of: dict[str, set[str]] = defaultdict(set)
    for e in events:
        assert e["date"] == "2025-07-01"
        assert e["from"] == sorted(e["from"]) and e["to"] == sorted(e["to"])
        assert all(code in old for code in e["from"]) and all(code in new for code in e["to"])
        if e["level"] == "province":
            assert (e["kind"], e["decision"]) == ("merged", "202/2025/QH15")
            assert len(e["from"]) >= 2 and len(e["to"]) == 1
            continue
        assert {"merged": (len(e["from"]) >= 2, len(e["to"]) == 1), "split": (len(e["from"]) == 1, len(e["to"]) >= 2),
                "moved": (len(e["from"]) == 1, len(e["to"]) == 1)}[e["kind"]] == (True, True), e
        for code in e["to"]:
            resolution_of[new[code]["parent"]].add(e["decision"])
    assert len(resolution_of) == 34
    assert all(len(d) == 1 for d in resolution_of.values())  # one resolution per new province
    numbers = sorted(int(d.pop().removesuffix("/NQ-UBTVQH15")) for d in resolution_of.values())
    assert numbers == list(range(1654, 1688))


def test_no_old_unit_in_two_places_and_every_new_unit_has_an_origin(before, after, events):
    districts_without = {d["code"] for d in before["districts"]} - {c["parent"] for c in before["communes"]}
    assert len(districts_without) == 5  # island districts that became đặc khu
    olds = {c["code"] for c in before["communes"]} | districts_without
    goes: dict[str, list[dict]] = defaultdict(list)
    for e in commune_events(events):
        for code in e["from"]:
            goes[code].append(e)
    assert set(goes) == olds
    for code, found in goes.items():
        splits = [e for e in found if e["kind"] == "split"]
        if splits:  # divided: each part named once, the other events go into those parts
            assert len(splits) == 1
            parts = set(splits[0]["to"])
            assert all(set(e["to"]) <= parts for e in found)
        else:  # whole, into one new unit
            assert len(found) == 1 and len(found[0]["to"]) == 1, (code, found)
    formed = Counter(e["to"][0] for e in commune_events(events) if e["kind"] != "split")
    assert max(formed.values()) == 1
    parts = {code for e in commune_events(events) if e["kind"] == "split" for code in e["to"]}
    assert {c["code"] for c in after["communes"]} == set(formed) | parts


def test_every_old_province_goes_whole_into_one_new_province(before, after, events, old, new):
    into = {}
    for e in events:
        if e["level"] == "province":
            for code in e["from"]:
                assert code not in into
                into[code] = e["to"][0]
    unchanged = {p["code"] for p in before["provinces"]} - set(into)
    assert len(unchanged) == 11
    for code in unchanged:
        assert new[code]["name"] == old[code]["name"]
    assert len(set(into.values()) | unchanged) == 34
    for e in commune_events(events):  # communes follow their provinces
        for code in e["from"]:
            province = old[old[code]["parent"]]["parent"] if len(code) == 5 else old[code]["parent"]
            assert {new[t]["parent"] for t in e["to"]} == {into.get(province, province)}


def test_kontum_communes_went_whole_into_quang_ngai(events, new, kontum):
    assert {"kind": "merged", "level": "province", "date": "2025-07-01", "decision": "202/2025/QH15",
            "from": ["51", "62"], "to": ["51"]} in events
    targets = set()
    for commune in (c for d in kontum["districts"] for c in d["communes"]):
        found = [e for e in events if commune["code"] in e["from"]]
        assert len(found) == 1, commune
        (event,) = found
        assert event["kind"] in ("merged", "moved") and event["decision"] == "1677/NQ-UBTVQH15"
        assert all(new[code]["parent"] == "51" for code in event["to"])
        targets.update(event["to"])
    assert len(targets) == 38  # DOMAIN.md: 85 communes into 38 new units


def test_quang_ngai_against_nq_1677(after, events, old):
    units = [u for u in after["communes"] if u["parent"] == "51"]
    # clause 92: "96 đơn vị hành chính cấp xã, gồm 86 xã, 09 phường và 01 đặc khu"
    assert Counter(u["kind"] for u in units) == {"xã": 86, "phường": 9, "đặc khu": 1}
    # clause 56: "thị trấn Đăk Hà, xã Hà Mòn và xã Đăk La thành xã mới có tên gọi là xã Đăk Hà"
    dak_ha = origin_of(events, find(units, "51", "Đăk Hà", "xã"))
    assert dak_ha["kind"] == "merged" and set(dak_ha["from"]) == {"23500", "23521", "23524"}
    assert old["23521"]["name"] == "Hà Mòn" and old["23521"]["parent"] == "615"  # of Đăk Hà
    assert old["23500"]["kind"] == "thị trấn"
    # clause 50: "các xã Đoàn Kết, Đăk Năng và Ia Chim thành xã mới có tên gọi là xã Ia Chim": code 23326 kept
    ia_chim = origin_of(events, "23326")
    assert set(ia_chim["from"]) == {"23326", "23327", "23329"}
    assert after["communes"][[u["code"] for u in after["communes"]].index("23326")]["name"] == "Ia Chim"
    # clause 52: "xã Đăk Long (thuộc huyện Đăk Hà) và xã Đăk Pxi thành … xã Đăk Pxi"
    assert set(origin_of(events, find(units, "51", "Đăk Pxi"))["from"]) == {"23503", "23504"}
    # clause 92: "05 xã không thực hiện sắp xếp là các xã Đăk Long (huyện Đăk Glei), Ba Xa, Rờ Kơi, Mô Rai, Ia Đal"
    kept = {e["from"][0] for e in events
            if e["kind"] == "moved" and new_parent(after, e) == "51" and "changes" not in e}
    assert kept == {"23368", "21538", "23530", "23536", "23535"}
    assert old["23368"]["name"] == "Đăk Long" and old["23368"]["parent"] == "610"  # Đăk Glei
    # clause 91: "huyện Lý Sơn thành đặc khu có tên gọi là đặc khu Lý Sơn"
    ly_son = origin_of(events, find(units, "51", "Lý Sơn", "đặc khu"))
    assert ly_son["kind"] == "moved" and ly_son["from"] == ["536"] and "kind" in ly_son["changes"]


def new_parent(after, event):
    parents = {u["code"]: u["parent"] for u in after["communes"]}
    return parents[event["to"][0]]


def test_gia_lai_against_nq_1664(after, events, old):
    units = [u for u in after["communes"] if u["parent"] == "52"]
    # clause 127: "135 đơn vị hành chính cấp xã, gồm 110 xã và 25 phường; trong đó có 101 xã, 25 phường
    # hình thành sau sắp xếp … và 09 xã không thực hiện sắp xếp là các xã Ia O (huyện Ia Grai), Nhơn Châu,
    # Ia Púch, Ia Mơ, Ia Pnôn, Ia Nan, Ia Dom, Ia Chia và Krong"
    assert Counter(u["kind"] for u in units) == {"xã": 110, "phường": 25}
    kept = {new_name for e in events if e["kind"] == "moved" and new_parent(after, e) == "52"
            for new_name in [next(u["name"] for u in units if u["code"] == e["to"][0])]}
    assert kept == {"Ia O", "Nhơn Châu", "Ia Púch", "Ia Mơ", "Ia Pnôn", "Ia Nan", "Ia Dom", "Ia Chia", "Krong"}
    by_name = {(old[old[c]["parent"]]["name"], old[c]["name"]): c for c in old if len(c) == 5
               and old[old[c]["parent"]]["parent"] in ("52", "64")}
    clauses = {
        # 43: "thị trấn Ia Ly, xã Ia Mơ Nông và xã Ia Kreng thành xã mới có tên gọi là xã Ia Ly"
        "Ia Ly": {("Chư Păh", "Ia Ly"), ("Chư Păh", "Ia Mơ Nông"), ("Chư Păh", "Ia Kreng")},
        # 52: "các xã Ia Băng (huyện Chư Prông), Ia Bang và Ia Tôr thành xã mới có tên gọi là xã Ia Tôr"
        "Ia Tôr": {("Chư Prông", "Ia Băng"), ("Chư Prông", "Ia Bang"), ("Chư Prông", "Ia Tôr")},
        # 88: "các xã Ia Băng (huyện Đak Đoa), Adơk và Ia Pết thành xã mới có tên gọi là xã Ia Băng"
        "Ia Băng": {("Đak Đoa", "Ia Băng"), ("Đak Đoa", "A Dơk"), ("Đak Đoa", "Ia Pết")},
    }
    for name, froms in clauses.items():
        event = origin_of(events, find(units, "52", name, "xã"))
        assert event["kind"] == "merged" and event["decision"] == "1664/NQ-UBTVQH15"
        assert set(event["from"]) == {by_name[f] for f in froms}, name
    # 32: "Sắp xếp phần còn lại của xã Canh Liên sau khi sắp xếp theo quy định tại khoản 31 Điều này thành xã
    # mới có tên gọi là xã Canh Liên" (31: "…, một phần … của xã Canh Liên … thành … xã Canh Vinh")
    canh_lien, canh_vinh = find(units, "52", "Canh Liên"), find(units, "52", "Canh Vinh")
    (split,) = [e for e in events if e["kind"] == "split" and canh_lien in e["to"]]
    assert split["from"] == [by_name[("Vân Canh", "Canh Liên")]] and set(split["to"]) == {canh_lien, canh_vinh}
    assert not [e for e in events if e["to"] == [canh_lien] and e["kind"] != "split"]  # formed by the split only
    reached = {code for e in events if e["level"] == "commune" for code in e["to"] if new_parent(after, e) == "52"}
    assert len(reached) == 135


def test_corrected_homonyms_go_where_their_clause_says(events, old, new):
    """The package sends both Phường 4 of Tây Ninh and Phường 4 of Tân An into two wards; NQ 1682
    clause 87 ("Phường 1, Phường 2 và Phường 3 (thành phố Tây Ninh), Phường IV, …" -> phường Tân Ninh)
    and clause 84 ("… (thành phố Tân An), Phường 4, …" -> phường Long An) keep each one whole."""
    for code, district, into in (("25462", "Thành phố Tây Ninh", "Tân Ninh"), ("27691", "Thành phố Tân An", "Long An"),
                                 ("31246", "Vĩnh Thạnh", "Thạnh Quới"), ("31714", "Mỹ Xuyên", "Gia Hòa")):
        assert old[old[code]["parent"]]["name"] == district
        (event,) = [e for e in events if code in e["from"]]
        assert [new[c]["name"] for c in event["to"]] == [into]
