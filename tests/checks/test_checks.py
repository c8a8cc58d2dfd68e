"""Issue 18 part 4: plausibility rules run over a period's values and on one entered value;
warnings name the commune, the indicator, the value and the previous value, and refuse nothing."""

from __future__ import annotations

import json

import pytest

from ntm_desktop import checks, criteria, units
from ntm_desktop.assessments import set_indicator_value
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period, parse
from tests.checks.conftest import stored_as_package


def test_a_jump_from_10_to_99_percent_in_a_year_is_flagged(store, ha_mon):
    set_indicator_value(store, ha_mon, Period(2019, "Y"), "17.1", "10")
    set_indicator_value(store, ha_mon, Period(2020, "Y"), "17.1", "99")
    found = checks.findings(store, 2020)
    assert [(w.commune, w.indicator, w.rule, w.value, w.previous) for w in found] == [
        ("Hà Mòn", "17.1", "max_change", 99, 10)]
    message = found[0].message
    assert "Hà Mòn (Đăk Hà)" in message and "17.1" in message and "10%" in message and "99%" in message
    assert "89 điểm" in message and "50 điểm" in message
    assert checks.run(store, 2020, "2020") == [found[0].as_json()]
    assert checks.findings(store, 2019) == []  # 2018 holds nothing: no change to judge


def test_a_jump_from_10_to_40_is_not_flagged(store, ha_mon):
    set_indicator_value(store, ha_mon, Period(2019, "Y"), "17.1", "10")
    set_indicator_value(store, ha_mon, Period(2020, "Y"), "17.1", "40")
    assert checks.run(store, 2020) == []
    assert checks.check_value(store, ha_mon, Period(2020, "Y"), "17.1", "60") == []
    assert [w.rule for w in checks.check_value(store, ha_mon, Period(2020, "Y"), "17.1", "60,5")] == ["max_change"]


def test_a_percentage_of_120_is_flagged(store, ha_mon):
    stored_as_package(store, ha_mon, "2020", "2.1", 120)
    (warning,) = checks.findings(store, 2020, "2020")
    assert (warning.rule, warning.value, warning.previous) == ("range", 120, None)
    assert "120%" in warning.message and "100%" in warning.message
    at_entry = checks.check_value(store, ha_mon, Period(2020, "Y"), "2.1", 120)
    assert [(w.rule, w.side) for w in at_entry] == [("range", "high")]


def test_a_quarter_is_compared_with_the_last_quarter_of_the_year_before(store, ha_mon):
    set_indicator_value(store, ha_mon, parse("2019-Q4"), "17.1", "15")
    set_indicator_value(store, ha_mon, parse("2019"), "17.1", "80")  # a year: not the quarter's previous
    set_indicator_value(store, ha_mon, parse("2020-Q1"), "17.1", "90")
    (warning,) = checks.findings(store, 2020, "2020-Q1")
    assert (warning.period, warning.previous, warning.value) == ("2020-Q1", 15, 90)
    assert "từ 15% (Quý IV/2019) lên 90% (Quý I/2020)" in warning.message
    assert checks.previous(parse("2020-M01")) == parse("2019-M12")
    assert checks.previous(parse("2020-H1")) == parse("2019-H2")
    assert checks.previous(parse("2020-Q3")) == parse("2020-Q2")


def test_every_period_of_the_year_without_one_and_the_scope(store, ha_mon):
    other = units.resolve_commune(store, "Đăk Mar", "Đăk Hà")
    far = units.resolve_commune(store, "Đăk Long", "Đăk Glei")
    for commune in (ha_mon, other, far):
        set_indicator_value(store, commune, parse("2020-Q1"), "17.1", "10")
        set_indicator_value(store, commune, parse("2020-Q2"), "17.1", "70")
    found = checks.findings(store, 2020)
    assert sorted((w.commune, w.period) for w in found) == [
        ("Hà Mòn", "2020-Q2"), ("Đăk Long", "2020-Q2"), ("Đăk Mar", "2020-Q2")]
    district = units.resolve_district(store, "Đăk Hà")
    assert {w.commune for w in checks.findings(store, 2020, scope=district)} == {"Hà Mòn", "Đăk Mar"}
    assert [w.commune for w in checks.findings(store, 2020, scope=far)] == ["Đăk Long"]
    by_indicator = checks.for_commune(store, other, parse("2020-Q2"))
    assert list(by_indicator) == ["17.1"] and by_indicator["17.1"][0].previous == 10


def test_a_number_tripled_and_a_number_entered_in_english(store, ha_mon, english):
    set_indicator_value(store, ha_mon, Period(2019, "Y"), "10", "30")
    set_indicator_value(store, ha_mon, Period(2020, "Y"), "10", "95")
    (warning,) = checks.findings(store, 2020)
    assert (warning.rule, warning.side) == ("ratio", "up")
    assert warning.message.startswith("Hà Mòn (Đăk Hà): indicator 10 rose from 30 (Year 2019) to 95 (Year 2020)")
    assert checks.check_value(store, ha_mon, Period(2020, "Y"), "10", "85") == []


def _with_rules(test_store, test_set_data, tmp_path, rules):
    test_set_data["plausibility"] = rules
    path = tmp_path / "set.json"
    path.write_text(json.dumps(test_set_data, ensure_ascii=False), encoding="utf-8")
    criteria.load_file(test_store, path)
    return units.resolve_commune(test_store, "Hà Mòn", "Đăk Hà")


def test_the_rules_of_a_set_document_are_honoured(test_store, test_set_data, tmp_path):
    commune = _with_rules(test_store, test_set_data, tmp_path, [
        {"indicator": "2.1", "rule": "max_change", "points": 20},
        {"indicator": "4.1", "rule": "range", "min": 50, "max": 100},
        {"indicator": "*", "type": "number", "rule": "ratio", "off": True},
        {"rule": "sum", "parts": ["2.1", "4.1"], "total": "5.2"},
    ])
    y19, y20 = Period(2019, "Y"), Period(2020, "Y")
    for code, before, now in (("2.1", "10", "35"), ("3.1", "1", "10"), ("4.1", "60", "40")):
        set_indicator_value(test_store, commune, y19, code, before)
        set_indicator_value(test_store, commune, y20, code, now)
    set_indicator_value(test_store, commune, y20, "5.2", "80")
    found = {(w.indicator, w.rule) for w in checks.findings(test_store, 2020)}
    # 10 → 35: 25 points, above the set's 20 (not the default 50); 40 under the set's minimum;
    # 1 → 10 no ratio (switched off); 35 + 40 = 75, not 80
    assert found == {("2.1", "max_change"), ("4.1", "range"), ("5.2", "sum")}
    (total,) = [w for w in checks.findings(test_store, 2020) if w.rule == "sum"]
    assert total.parts_total == 75 and "2.1, 4.1" in total.message
    # at entry: the sum holds when 5.2 is 75, and a part changed breaks it again
    assert checks.check_value(test_store, commune, y20, "5.2", "75") == []
    assert [w.rule for w in checks.check_value(test_store, commune, y20, "4.1", "60")] == ["sum"]


def test_a_malformed_rule_list_is_reported_and_ignored(test_store, test_set_data, tmp_path):
    assert checks.problems([{"rule": "max_change"}]) == [
        "plausibility rule 1: 'max_change' needs a number in points"]
    assert checks.problems({"rule": "sum"}) == ["'plausibility' must be a list of rules"]
    assert checks.problems([{"rule": "sum", "parts": ["2.1"], "total": "5.2"}])
    assert checks.problems([{"indicator": "2.1", "rule": "range", "min": 0, "max": 100}]) == []
    with pytest.raises(InputRejected) as refused:  # the set's validation refuses it (nothing loaded)
        _with_rules(test_store, test_set_data, tmp_path, [{"rule": "max_change"}])
    assert "plausibility rule 1" in str(refused.value)
    assert checks.rules.parse([{"rule": "max_change"}]) == []  # one stored before validation knew the key: ignored
