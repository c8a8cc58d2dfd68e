"""Commune groups and regions as dated facts (issue 17 part 3): the writer
(ntm_desktop/units/classes.py), the threshold column a set reads (ntm_desktop/assessments
evaluator's pick_column: group, dated region, inherited region, the QĐ 318 rule), the statuses
recomputed on a change, undo/redo, and refusals that change nothing. Real SQLite files with the
Kon Tum units (the root conftest's ``test_store``)."""

from __future__ import annotations

import pytest

from ntm_desktop import assessments, clock, criteria, history, periods, units
from ntm_desktop.assessments import evaluator
from ntm_desktop.errors import InputRejected
from ntm_desktop.units import classes
from tests.conftest import WRITE_TABLES

TABLES = (*WRITE_TABLES, "unit_classes")


def small_set(code: str, years: tuple[int, int], thresholds: dict[str, float], *, columns: str = "region",
              difficult: str | None = None) -> dict:
    """A one-criterion set: indicator 1.1 (percent, ≥) with a threshold per column."""
    doc = {
        "format": 1, "code": code, "name": f"Bộ thử {code}", "name_en": None, "level": "commune", "tier": "basic",
        "valid_from": years[0], "valid_to": years[1], "requires": None, "decision": f"QĐ thử {code}",
        "columns": columns, "sources": [{"id": "T", "title": "thử", "url": "https://example.invalid"}],
        "groups": [{"code": "G", "name": "Nhóm", "name_en": "Group", "criteria": [1]}],
        "criteria": [{"number": 1, "name": "Tiêu chí thử", "group": "G", "indicators": [
            {"code": "1.1", "name": "Tỷ lệ thử", "type": "percent", "unit": "%", "certainty": "V", "source": "T",
             "thresholds": [{"region": k, "op": ">=", "value": v, "certainty": "V", "source": "T"}
                            for k, v in thresholds.items()]}]}],
    }
    if difficult:
        doc["rules"] = {"difficult_column": difficult}
    return doc


def commune(store, name="Hà Mòn", district="Đăk Hà"):
    return units.resolve_commune(store, name, district)


def computed(store, unit, period, code="1.1", set_code=None):
    """(status from the scorecard, cached criterion_results.computed) of criterion 1."""
    p = periods.parse(period)
    card = assessments.scorecard(store, unit, p, set_code)
    row = card.rows[0]
    stored = store.query("SELECT computed FROM criterion_results WHERE commune_id = ? AND period = ?"
                         " AND criterion_id = ?", [unit.id, p.code, row.criterion.id])
    return row.computed.value, (stored[0]["computed"] if stored else None), card


@pytest.fixture
def group_store(test_store):
    """Kon Tum units with a 2026-2030 set keyed by commune groups: 1.1 ≥ 90 / 70 / 50."""
    criteria.load_document(test_store, small_set("TEST-G", (2026, 2030), {"1": 90, "2": 70, "3": 50},
                                                 columns="group"))
    return test_store


def test_classify_dates_facts_and_ends_the_previous_one(group_store):
    store, unit = group_store, commune(group_store)
    assert assessments.classify(store, [unit], "group", "2", "2026-01-01", decision="QĐ 12/QĐ-UBND") is not None
    assert assessments.classify(store, [unit], "group", 3, "2027-07-01") is not None
    facts = classes.facts_of(store, unit)
    assert [(f.value, f.valid_from, f.valid_to, f.decision) for f in facts] == [
        ("2", "2026-01-01", "2027-06-30", "QĐ 12/QĐ-UBND"), ("3", "2027-07-01", None, None)]
    # a fact between two: the earlier one ends the day before, the new one the day before the later one
    assessments.classify(store, [unit], "group", "1", "2026-09-01")
    assert [(f.value, f.valid_from, f.valid_to) for f in classes.facts_of(store, unit, "group")] == [
        ("2", "2026-01-01", "2026-08-31"), ("1", "2026-09-01", "2027-06-30"), ("3", "2027-07-01", None)]
    # the same value already in force changes nothing; the same first day replaces the value
    assert assessments.classify(store, [unit], "group", "1", "2027-01-01") is None
    assessments.classify(store, [unit], "group", "2", "2026-09-01")
    assert [f.value for f in classes.facts_of(store, unit, "group")] == ["2", "2", "3"]
    other = commune(store, "Đăk Mar")
    assert classes.in_force(store, [unit.id, other.id], "group", "2025-12-31") == {}
    assert classes.in_force(store, [unit.id, other.id], "group", "2026-10-01") == {unit.id: "2"}
    assert classes.in_force(store, [unit.id, other.id], "group", "2030-01-01") == {unit.id: "3"}
    # groups and regions are separate timelines
    assessments.classify(store, [unit], "region", "ĐBSH", "2020-01-01")
    assert classes.in_force(store, [unit.id], "region", "2026-10-01") == {unit.id: "DBSH"}
    assert len(classes.facts_of(store, unit, "group")) == 3


def test_a_group_set_assesses_each_commune_by_its_group(group_store):
    store, unit = group_store, commune(group_store)
    assessments.set_indicator_value(store, unit, periods.parse("2026"), "1.1", "60", set_code="TEST-G")
    # no group: no threshold for 1.1 (chưa có ngưỡng), nothing computed
    status, stored, card = computed(store, unit, "2026")
    assert (status, stored) == ("unknown", None)
    assert card.rows[0].indicators[0].status.value == "no_threshold"
    assert card.column_text == "Chưa xếp nhóm xã (chỉ áp dụng chỉ tiêu chung)"
    batch = assessments.classify(store, [unit], "group", "3", "2026-01-01")
    status, stored, card = computed(store, unit, "2026")
    assert (status, stored, card.region, card.column_text) == ("met", 1, "3", "Xã nhóm 3")
    # group 2 from mid-year: the period's last day decides
    second = assessments.classify(store, [unit], "group", "2", "2026-07-01")
    assert computed(store, unit, "2026")[:2] == ("not_met", 0)
    assert computed(store, unit, "2026-H1")[:2] == ("unknown", None)  # no value entered for H1
    assessments.set_indicator_value(store, unit, periods.parse("2026-H1"), "1.1", "60", set_code="TEST-G")
    assert computed(store, unit, "2026-H1")[:2] == ("met", 1)  # H1 ends 30/6: group 3
    # undo the second classification: group 3 again, statuses recomputed; redo: group 2
    assert second is not None and batch is not None
    history.revert_batch(store, second.id)
    assert computed(store, unit, "2026")[:2] == ("met", 1)
    assert [(f.value, f.valid_to) for f in classes.facts_of(store, unit)] == [("3", None)]
    history.revert_batch(store, second.id, redo=True)
    assert computed(store, unit, "2026")[:2] == ("not_met", 0)
    history.revert_batch(store, batch.id)
    assert [(f.value, f.valid_from) for f in classes.facts_of(store, unit)] == [("2", "2026-07-01")]
    # the undone fact stays as a tombstone (it travels), not as a fact
    assert store.query("SELECT value, deleted FROM unit_classes WHERE valid_from = '2026-01-01'")[0]["deleted"] == 1


def test_bulk_evaluator_agrees_with_the_scorecard(group_store):
    store = group_store
    ha_mon, dak_mar = commune(store), commune(store, "Đăk Mar")
    for unit, value in ((ha_mon, "75"), (dak_mar, "75")):
        assessments.set_indicator_value(store, unit, periods.parse("2027"), "1.1", value, set_code="TEST-G")
    assessments.classify(store, [ha_mon, dak_mar], "group", "2", "2026-01-01")
    assessments.classify(store, [dak_mar], "group", "1", "2027-01-01")
    with store.transaction():
        store.db.execute("UPDATE criterion_results SET computed = NULL")  # test only: forget the cache
        evaluator.recompute_communes(store, {ha_mon.id, dak_mar.id})
    assert computed(store, ha_mon, "2027")[:2] == ("met", 1)
    assert computed(store, dak_mar, "2027")[:2] == ("not_met", 0)
    ev = evaluator.Evaluator(store)
    crit = criteria.get_set(store, "TEST-G").criteria[0]
    assert ev.column(dak_mar.id, ev.sets[crit.id], "2027") == "1"
    assert ev.column(dak_mar.id, ev.sets[crit.id], "2026") == "2"


def test_a_region_set_reads_a_dated_region_else_the_inherited_one(test_store):
    store, unit = test_store, commune(test_store)
    # TEST-1: 2.1 ≥ 70 (common), ≥ 50 in TN; Kon Tum's communes inherit TN
    for year in ("2019", "2020"):
        assessments.set_indicator_value(store, unit, periods.parse(year), "2.1", "60")
    card = assessments.scorecard(store, unit, periods.parse("2020"))
    assert (card.region, card.column_text) == ("TN", "Vùng Tây Nguyên (theo tỉnh)")
    assert card.rows[1].computed.value == "met"
    assessments.classify(store, [unit], "region", "dbsh", "2020-01-01")
    card = assessments.scorecard(store, unit, periods.parse("2020"))
    assert (card.region, card.column_text, card.rows[1].computed.value) == (
        "DBSH", "Vùng Đồng bằng sông Hồng", "not_met")
    assert assessments.scorecard(store, unit, periods.parse("2019")).rows[1].computed.value == "met"
    rows = store.query("SELECT period, computed FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
                       " WHERE r.commune_id = ? AND c.number = 2 ORDER BY period", [unit.id])
    assert [(r["period"], r["computed"]) for r in rows] == [("2019", 1), ("2020", 0)]


def _flag(store, unit, **flags):
    """Set a unit's flags through the units' own writer (test set-up)."""
    with store.transaction():
        state = {**units._snapshot(store, unit.id), **flags}
        units.store_state(store, state, hlc=store.next_hlc(), at=clock.now_iso(), unit_id=unit.id)


def test_the_qd_318_rule_is_data_of_the_set(test_store):
    store = test_store
    criteria.load_document(store, small_set("TEST-318", (2021, 2025), {"*": 80, "TN": 60, "TDMNPB": 40},
                                            difficult="TDMNPB"))
    criteria.load_document(store, small_set("TEST-NR", (2021, 2025), {"*": 80, "TN": 60, "TDMNPB": 40}))
    dbkk, atk, plain = commune(store), commune(store, "Đăk Mar"), commune(store, "Đăk Hring")
    for unit in (dbkk, atk, plain):
        for code in ("TEST-318", "TEST-NR"):
            assessments.set_indicator_value(store, unit, periods.parse("2022"), "1.1", "50", set_code=code)
    _flag(store, dbkk, dbkk=1)
    _flag(store, atk, safe_zone=1)
    assessments.recompute_all(store)
    for unit in (dbkk, atk):
        status, stored, card = computed(store, unit, "2022", set_code="TEST-318")
        assert (status, stored, card.region, card.basis) == ("met", 1, "TDMNPB", "difficult")
        assert card.column_text == "Vùng Trung du miền núi phía Bắc (xã ĐBKK/ATK, QĐ 318)"
        assert computed(store, unit, "2022", set_code="TEST-NR")[:2] == ("not_met", 0)  # no rule in that set
    assert computed(store, plain, "2022", set_code="TEST-318")[:2] == ("not_met", 0)
    # the rule also overrides a dated region (it applies from the commune's flags)
    assessments.classify(store, [dbkk], "region", "DNB", "2021-01-01")
    assert computed(store, dbkk, "2022", set_code="TEST-318")[2].region == "TDMNPB"
    ev = evaluator.Evaluator(store)
    crit = criteria.get_set(store, "TEST-318").criteria[0]
    assert [ev.status(u.id, "2022", crit.id, ev.values([u.id])[(u.id, "2022")]) for u in (dbkk, atk, plain)] == [
        1, 1, 0]


@pytest.mark.parametrize(("kind", "value", "day", "key"), [
    ("region", "Tây Bắc", "2020-01-01", "class.bad_region"),
    ("group", "4", "2026-01-01", "class.bad_group"),
    ("group", "2", "2026-13-01", "class.bad_date"),
    ("colour", "2", "2026-01-01", "class.bad_kind"),
])
def test_refusals_change_nothing(test_store, db_state, kind, value, day, key):
    store, unit = test_store, commune(test_store)
    assessments.classify(store, [unit], "group", "1", "2026-01-01")
    before = db_state(store, TABLES)
    with pytest.raises(InputRejected) as refused:
        assessments.classify(store, [unit], kind, value, day)
    assert refused.value.key == key
    assert db_state(store, TABLES) == before


def test_only_communes_in_force_are_classified(test_store, db_state):
    store, unit = test_store, commune(test_store)
    district = units.resolve_district(store, "Đăk Hà")
    before = db_state(store, TABLES)
    with pytest.raises(InputRejected) as refused:
        assessments.classify(store, [unit, district], "group", "2", "2026-01-01")
    assert refused.value.key == "class.not_commune"
    assert db_state(store, TABLES) == before  # the commune before it was not written either
    _flag(store, unit, valid_to="2025-06-30")
    before = db_state(store, TABLES)
    with pytest.raises(InputRejected) as refused:
        assessments.classify(store, [unit], "group", "2", "2026-01-01")
    assert refused.value.key == "class.unit_ended"
    assert "30/06/2025" not in str(refused.value) and "2025-06-30" in str(refused.value)
    assert db_state(store, TABLES) == before


def test_history_shows_a_fact(group_store):
    store, unit = group_store, commune(group_store)
    assessments.classify(store, [unit], "group", "2", "2026-01-01", decision="QĐ 7")
    nkey = classes.class_nkey(unit.nkey, "group", "2026-01-01")
    entries = units.audit.history(store, nkey)
    assert [history.show(e.entity, e.new) for e in entries] == ["Xã nhóm 2 · 01/01/2026 → … · QĐ 7"]
