"""The figures every report is built from (CONTRACT §3), from data entered through the core.

Expected figures are worked out in each test from what the test entered, independently
of ntm_desktop.summary.
"""

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from ntm_desktop import assessments, paths, text, units
from ntm_desktop.periods import parse as period
from ntm_desktop.store import audit
from ntm_desktop.summary import latest_year, summary

REFERENCE = json.loads((paths.reference_dir() / "kontum-units-2020.json").read_text(encoding="utf-8"))
ALL_COMMUNES = [(d["name"], c["name"]) for d in REFERENCE["districts"] for c in d["communes"]]
CODES = {(d["name"], c["name"]): c["code"] for d in REFERENCE["districts"] for c in d["communes"]}
CRITERIA_19 = list(range(1, 20))

# (district, commune) → criteria officially met in 2020; every other criterion is recorded
# as officially not met. Communes not listed have no data at all.
MET_2020 = {
    ("Đăk Hà", "Hà Mòn"): set(CRITERIA_19),
    ("Đăk Hà", "Đăk Long"): set(CRITERIA_19),
    ("Đăk Glei", "Đăk Long"): set(range(1, 15)),
    ("Tu Mơ Rông", "Đăk Hà"): {1, 2, 3, 4, 5},
    ("Đăk Tô", "Ngọk Tụ"): set(range(1, 16)),
    ("Đăk Tô", "Pô Kô"): {1, 3, 19},
    ("Sa Thầy", "Sa Nghĩa"): set(range(1, 19)),
    ("Ia H'Drai", "Ia Dal"): {2, 4, 6, 8, 10, 12, 14, 16, 18},
}


# -- an independent implementation of the counting, from the inputs --------------------------


def expected_band(n):
    if n == 19:
        return "19"
    for low, high, name in ((15, 18, "15-18"), (10, 14, "10-14"), (5, 9, "5-9")):
        if low <= n <= high:
            return name
    return "<5"


def half_up(total, count):
    return float((Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def expected_figures(communes, met, numbers):
    per = {str(n): sum(1 for c in communes if n in met.get(c, set())) for n in numbers}
    bands = {name: 0 for name in ("19", "15-18", "10-14", "5-9", "<5")}
    for c in communes:
        bands[expected_band(len(met.get(c, set())))] += 1
    total = sum(len(met.get(c, set())) for c in communes)
    full = [c for c in communes if len(met.get(c, set())) == len(numbers)]
    full.sort(key=lambda c: (text.sort_key(c[0]), text.sort_key(c[1])))
    return {
        "communes": len(communes),
        "per_criterion": per,
        "bands": bands,
        "average": half_up(total, len(communes)),
        "full_19": [{"district": d, "commune": c, "code": CODES[(d, c)]} for d, c in full],
    }


def enter_officials(store, year_met, per=None):
    per = per or period("2020")
    for (district, name), met in year_met.items():
        commune = units.resolve_commune(store, name, district)
        batch = audit.new_batch("entered", f"test {name}")
        for number in CRITERIA_19:
            assessments.set_official(store, commune, per, number, number in met, batch=batch)


@pytest.fixture
def entered(store):
    enter_officials(store, MET_2020)
    return store


# -- the province ---------------------------------------------------------------------------------


def test_contract_keys_and_shape(entered):
    data = summary(entered, 2020)
    assert {"year", "criteria_set", "communes", "per_criterion", "bands", "average", "full_19",
            "by_district"} <= set(data)
    assert data["year"] == 2020
    assert data["criteria_set"] == "QG-2016-2020"
    assert list(data["per_criterion"]) == [str(n) for n in CRITERIA_19]
    assert list(data["bands"]) == ["19", "15-18", "10-14", "5-9", "<5"]
    assert isinstance(data["average"], float)
    assert all(set(row) == {"district", "commune", "code"} for row in data["full_19"])
    # the set's shape (CONTRACT §3): 19 criteria, its list of full communes under both names
    assert data["criteria_count"] == 19
    assert data["full"] == data["full_19"]
    assert data["targets"] == {}
    assert list(data["by_count"]) == [str(n) for n in range(20)]
    assert sum(data["by_count"].values()) == data["communes"]
    for figures in data["by_district"].values():
        assert {"communes", "full_19", "full", "per_criterion"} <= set(figures)
        assert isinstance(figures["full_19"], int)
        assert figures["full"] == figures["full_19"]
    json.dumps(data)  # JSON-ready as it is


def test_province_figures(entered):
    data = summary(entered, 2020)
    want = expected_figures(ALL_COMMUNES, MET_2020, CRITERIA_19)
    for key, value in want.items():
        assert data[key] == value, key
    assert data["communes"] == 85
    assert sum(data["bands"].values()) == 85
    assert data["no_data"] == 85 - len(MET_2020)


def test_by_district(entered):
    data = summary(entered, 2020)
    assert list(data["by_district"]) == sorted({d for d, _ in ALL_COMMUNES}, key=text.sort_key)
    for district in data["by_district"]:
        communes = [c for c in ALL_COMMUNES if c[0] == district]
        want = expected_figures(communes, MET_2020, CRITERIA_19)
        got = data["by_district"][district]
        assert got["communes"] == want["communes"]
        assert got["full_19"] == len(want["full_19"])
        assert got["per_criterion"] == want["per_criterion"]
        assert got["bands"] == want["bands"]
        assert got["average"] == want["average"]


def test_two_dak_long_communes_counted_separately(entered):
    data = summary(entered, 2020)
    assert {"district": "Đăk Hà", "commune": "Đăk Long", "code": CODES[("Đăk Hà", "Đăk Long")]} in data["full_19"]
    assert [r for r in data["full_19"] if r["district"] == "Đăk Glei"] == []
    assert data["by_district"]["Đăk Hà"]["full_19"] == 2
    assert data["by_district"]["Đăk Glei"]["full_19"] == 0
    assert data["by_district"]["Đăk Glei"]["bands"]["10-14"] == 1  # Đăk Long (Đăk Glei): 14
    # criterion 15 is met by the Đăk Hà one only
    assert data["by_district"]["Đăk Glei"]["per_criterion"]["15"] == 0
    assert data["by_district"]["Đăk Hà"]["per_criterion"]["15"] == 2


def test_district_scope(entered):
    data = summary(entered, 2020, "Huyện Đăk Tô")
    assert data["district"] == "Đăk Tô"
    communes = [c for c in ALL_COMMUNES if c[0] == "Đăk Tô"]
    want = expected_figures(communes, MET_2020, CRITERIA_19)
    for key, value in want.items():
        assert data[key] == value, key
    assert list(data["by_district"]) == ["Đăk Tô"]


def test_average_rounds_half_up(entered):
    # Đăk Tô: the inputs give a total whose average sits exactly on a half
    communes = [c for c in ALL_COMMUNES if c[0] == "Đăk Tô"]
    total = sum(len(MET_2020.get(c, set())) for c in communes)
    exact = Decimal(total) / Decimal(len(communes))
    assert exact * 100 % 10 == 5, "the inputs must put this average on a half"
    data = summary(entered, 2020, "Đăk Tô")
    assert data["average"] == float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    assert data["average"] > float(exact)  # half up, not half to even


def test_commune_without_data_meets_nothing(store):
    data = summary(store, 2020)
    assert data["communes"] == 85
    assert data["no_data"] == 85
    assert set(data["per_criterion"].values()) == {0}
    assert data["bands"]["<5"] == 85
    assert data["average"] == 0.0
    assert data["full_19"] == []


def test_other_year_not_counted(entered):
    data = summary(entered, 2019)
    assert data["criteria_set"] == "QG-2016-2020"
    assert set(data["per_criterion"].values()) == {0}
    assert data["no_data"] == 85


def test_year_2021_uses_the_next_set(entered):
    enter_officials(entered, {("Đăk Hà", "Hà Mòn"): {1, 2}}, per=period("2021"))
    data = summary(entered, 2021)
    assert data["criteria_set"] == "QG-2021-2025"
    assert data["per_criterion"]["1"] == 1 and data["per_criterion"]["3"] == 0
    assert data["no_data"] == 84


def test_unit_added_later_is_in_scope(entered):
    units.add_commune(entered, "Đăk Hà", "Xã Thử")
    assert summary(entered, 2020)["communes"] == 86
    assert summary(entered, 2020, "Đăk Hà")["communes"] == 11


# -- which status counts: the test criteria set -------------------------------------------------------


def test_latest_period_of_the_year_wins(test_store):
    st = test_store
    # (district, commune) → [(period, official status of criterion 1)], in any order
    entries = {
        ("Đăk Hà", "Hà Mòn"): [("2020-Q2", True), ("2020", False)],
        ("Đăk Hà", "Đăk Ui"): [("2020-Q2", False), ("2020", True)],
        ("Đăk Hà", "Đăk La"): [("2020-Q2", True)],
        ("Đăk Hà", "Đăk Mar"): [("2020", False), ("2020-M12", True), ("2020-Q4", True)],
        ("Đăk Hà", "Đăk Pxi"): [("2020-M12", False), ("2020-Q4", True)],
        ("Đăk Hà", "Đăk Hring"): [("2020-H2", True), ("2020-Q4", False), ("2021-Q1", False)],
        ("Đăk Hà", "Đăk Ngọk"): [("2020-H1", False), ("2020-M07", True)],
    }
    for (district, name), rows in entries.items():
        commune = units.resolve_commune(st, name, district)
        for code, met in rows:
            assessments.set_official(st, commune, period(code), 1, met)
    expected = 0
    for rows in entries.values():
        in_2020 = [(period(code).ordinal, met) for code, met in rows if period(code).year == 2020]
        expected += max(in_2020)[1]
    data = summary(st, 2020, "Đăk Hà")
    assert data["criteria_set"] == "TEST-1"
    assert data["per_criterion"]["1"] == expected
    assert data["communes"] == 10
    assert data["no_data"] == 10 - len(entries)


def count_met_2_1(values):
    """Communes meeting criterion 2 (2.1 >= 50 in Tây Nguyên) by their latest value of 2020."""
    met = 0
    for by_period in values.values():
        latest = max(by_period, key=lambda code: period(code).ordinal)
        met += float(by_period[latest].replace(",", ".")) >= 50
    return met


def test_yearly_values_supersede_quarterly_values(test_store):
    st = test_store
    values = {
        "Hà Mòn": {"2020-Q2": "80", "2020": "20"},
        "Đăk Ui": {"2020-Q2": "20", "2020": "80"},
        "Đăk La": {"2020-Q2": "80", "2020": "90"},
        "Đăk Mar": {"2020-Q2": "80", "2020-Q3": "45,5"},
    }
    communes = {name: units.resolve_commune(st, name, "Đăk Hà") for name in values}
    for name, by_period in values.items():
        for code, value in by_period.items():
            assessments.set_indicator_value(st, communes[name], period(code), "2.1", value)
    assert summary(st, 2020, "Đăk Hà")["per_criterion"]["2"] == count_met_2_1(values) == 2
    # Hà Mòn's yearly value removed: its second-quarter value counts again
    assessments.set_indicator_value(st, communes["Hà Mòn"], period("2020"), "2.1", None)
    del values["Hà Mòn"]["2020"]
    assert summary(st, 2020, "Đăk Hà")["per_criterion"]["2"] == count_met_2_1(values) == 3


def test_undetermined_later_period_does_not_supersede(test_store):
    st = test_store
    commune = units.resolve_commune(st, "Hà Mòn", "Đăk Hà")
    assessments.set_official(st, commune, period("2020-Q2"), 5, True)
    # in the year itself criterion 5 stays undetermined (5.2 has no threshold)
    assessments.set_indicator_value(st, commune, period("2020"), "5.1", "có")
    assessments.set_indicator_value(st, commune, period("2020"), "5.2", "90")
    assert summary(st, 2020, "Đăk Hà")["per_criterion"]["5"] == 1


def test_official_status_overrides_computed(test_store):
    st = test_store
    met_by_values = units.resolve_commune(st, "Hà Mòn", "Đăk Hà")
    not_met_by_values = units.resolve_commune(st, "Đăk Ui", "Đăk Hà")
    only_values = units.resolve_commune(st, "Đăk La", "Đăk Hà")
    y = period("2020")
    assessments.set_indicator_value(st, met_by_values, y, "1.1", "có")
    assessments.set_official(st, met_by_values, y, 1, False)
    assessments.set_indicator_value(st, not_met_by_values, y, "1.1", "không")
    assessments.set_official(st, not_met_by_values, y, 1, True)
    assessments.set_indicator_value(st, only_values, y, "1.1", "có")
    data = summary(st, 2020, "Đăk Hà")
    counted = {"Hà Mòn": False, "Đăk Ui": True, "Đăk La": True}  # official where given, else computed
    assert data["per_criterion"]["1"] == sum(counted.values())
    # clearing the official status brings the computed one back
    assessments.set_official(st, met_by_values, y, 1, None)
    assessments.set_official(st, not_met_by_values, y, 1, None)
    counted = {"Hà Mòn": True, "Đăk Ui": False, "Đăk La": True}
    assert summary(st, 2020, "Đăk Hà")["per_criterion"]["1"] == sum(counted.values())


def test_computed_statuses_per_criterion(test_store):
    st = test_store
    y = period("2020")
    # (commune, indicator, value, met?) — met? worked out from the test set's Tây Nguyên thresholds
    entries = [
        ("Hà Mòn", "2.1", "50", True),  # >= 50
        ("Đăk Ui", "2.1", "49,9", False),
        ("Đăk La", "3.1", "41", True),  # >= 41 in 2020
        ("Đăk Mar", "3.1", "40", False),
        ("Đăk Pxi", "4.1", "31,4", True),  # <= 31.4 (4.2 is text, not evaluated)
        ("Đăk Hring", "4.1", "35", False),
    ]
    for name, code, value, _ in entries:
        assessments.set_indicator_value(st, units.resolve_commune(st, name, "Đăk Hà"), y, code, value)
    data = summary(st, 2020, "Đăk Hà")
    for number in ("2", "3", "4"):
        want = sum(1 for _, code, _, met in entries if met and code.split(".")[0] == number)
        assert data["per_criterion"][number] == want
    assert data["per_criterion"]["1"] == data["per_criterion"]["5"] == 0
    # a determined status, met or not, is data
    assert data["no_data"] == 10 - len(entries)


def test_latest_year_is_where_the_work_is(store):
    assert latest_year(store) is None  # nothing entered yet
    enter_officials(store, {("Đăk Hà", "Hà Mòn"): {1}}, per=period("2019"))
    enter_officials(store, {("Đăk Hà", "Hà Mòn"): {1}}, per=period("2021"))
    assert latest_year(store) == 2021
