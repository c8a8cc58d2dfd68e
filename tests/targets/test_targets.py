"""Targets (issue 18 part 1, CONTRACT §8): set for the province or a district, a commune's target
years, the summary's shares against real results, undo through the change log, and refusals
that name what is wrong and change nothing."""

from __future__ import annotations

import pytest

from ntm_desktop import assessments, history, periods, targets, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.summary import summary
from tests.targets.conftest import dump


def _meet(store, communes, number, year=2020):
    for commune in communes:
        assessments.set_official(store, commune, periods.parse(year), number, True)


def test_a_province_target_and_its_share_of_the_results(kontum):
    communes = [units.get(kontum, r["id"]) for r in kontum.query(
        "SELECT id FROM units WHERE level = 'commune' ORDER BY id LIMIT 57")]
    _meet(kontum, communes, 2)
    done = targets.set_counts(kontum, [targets.Count(2020, 2, 35, decision="05/NQ-TU")])
    assert done.written == 1
    figures = summary(kontum, 2020)
    shares = targets.shares(kontum, 2020, None, figures["per_criterion"])
    assert shares == {"2": {"communes": 35, "met": 57, "percent": 162.86}}
    assert targets.phrase(shares["2"]) == "(đạt 163% so với mục tiêu 35 xã của Nghị quyết)"
    # another year, or a district without targets, has none
    assert targets.shares(kontum, 2019, None, figures["per_criterion"]) == {}
    dak_ha = units.resolve_district(kontum, "Đăk Hà")
    assert targets.shares(kontum, 2020, dak_ha.id, figures["per_criterion"]) == {}


def test_a_district_target_is_its_own_and_setting_it_again_changes_nothing(kontum):
    dak_ha = units.resolve_district(kontum, "Đăk Hà")
    held = targets.communes_count(kontum, 2020, dak_ha.id)
    assert held == kontum.query("SELECT count(*) AS n FROM units WHERE parent_id = ? AND kind = 'xã'",
                                [dak_ha.id])[0]["n"]
    targets.set_counts(kontum, [targets.Count(2020, 5, held, dak_ha)])
    before = dump(kontum)
    again = targets.set_counts(kontum, [targets.Count(2020, 5, held, dak_ha)])
    assert (again.batch, again.written) == (None, 0)
    assert dump(kontum) == before
    assert targets.shares(kontum, 2020, dak_ha.id, {"5": 3}) == {
        "5": {"communes": held, "met": 3, "percent": round(300 / held, 2)}}
    assert targets.shares(kontum, 2020, None, {"5": 3}) == {}  # the province's targets are others
    (row,) = targets.listing(kontum, 2020)
    assert (row["district"], row["criterion"], row["communes"]) == ("Đăk Hà", 5, held)


def test_undo_and_redo_go_through_the_change_log(kontum):
    first = targets.set_counts(kontum, [targets.Count(2020, 2, 35)])
    second = targets.set_counts(kontum, [targets.Count(2020, 2, 40), targets.Count(2020, 3, 20)])
    assert {r["criterion"]: r["communes"] for r in targets.listing(kontum)} == {2: 40, 3: 20}
    history.revert_batch(kontum, second.batch.id)
    assert {r["criterion"]: r["communes"] for r in targets.listing(kontum)} == {2: 35}
    history.revert_batch(kontum, second.batch.id, redo=True)
    assert {r["criterion"]: r["communes"] for r in targets.listing(kontum)} == {2: 40, 3: 20}
    history.revert_batch(kontum, first.batch.id)  # the first batch's record goes: a tombstone
    assert {r["criterion"]: r["communes"] for r in targets.listing(kontum)} == {3: 20}
    labels = [history.show("target", r) for r in targets.records.live(kontum)]
    assert labels == ["2020 · tiêu chí 3: 20 xã"]


def test_a_commune_target_year_moves_and_can_be_removed(kontum):
    ha_mon = units.resolve_commune(kontum, "Hà Mòn", "Đăk Hà")
    targets.set_commune(kontum, ha_mon, "ntm", 2022, decision="05/NQ-TU")
    targets.set_commune(kontum, ha_mon, "ntm", 2024)
    targets.set_commune(kontum, ha_mon, "criterion", 2021, criterion=17)
    rows = targets.listing(kontum)
    assert sorted((r["kind"], r["year"], r["criterion"], r["commune"], r["district"]) for r in rows) == [
        ("criterion", 2021, 17, "Hà Mòn", "Đăk Hà"), ("ntm", 2024, None, "Hà Mòn", "Đăk Hà")]
    targets.set_commune(kontum, ha_mon, "ntm", 2024, remove=True)
    assert [r["kind"] for r in targets.listing(kontum)] == ["criterion"]


@pytest.mark.parametrize(("item", "words"), [
    (lambda s: targets.Count(2020, 2, 86), ["86", "85"]),
    (lambda s: targets.Count(2020, 20, 5), ["20", "19", "QG-2016-2020"]),
    (lambda s: targets.Count(2026, 11, 5), ["11", "2026", "10"]),
    (lambda s: targets.Count(2020, 2, 11, units.resolve_district(s, "Đăk Hà")), ["11", "Đăk Hà", "10"]),
    (lambda s: targets.Count(2020, 2, -1), ["-1"]),
    (lambda s: targets.Count(1990, 2, 3), ["1990"]),
    (lambda s: targets.Count(2020, 2, 3, units.resolve_commune(s, "Hà Mòn", "Đăk Hà")), ["Hà Mòn"]),
])
def test_refusals_name_what_is_wrong_and_change_nothing(kontum, item, words):
    targets.set_counts(kontum, [targets.Count(2020, 1, 10)])
    before = dump(kontum)
    with pytest.raises(InputRejected) as refused:
        targets.set_counts(kontum, [targets.Count(2020, 4, 30), item(kontum)])  # the good one is not kept either
    assert all(w in str(refused.value) for w in words), str(refused.value)
    assert dump(kontum) == before


def test_a_commune_target_for_a_criterion_the_set_lacks_is_refused(kontum):
    ha_mon = units.resolve_commune(kontum, "Hà Mòn", "Đăk Hà")
    before = dump(kontum)
    with pytest.raises(InputRejected, match="20"):
        targets.set_commune(kontum, ha_mon, "criterion", 2020, criterion=20)
    with pytest.raises(InputRejected, match="bogus"):
        targets.set_commune(kontum, ha_mon, "bogus", 2020)
    with pytest.raises(InputRejected, match="Đăk Hà"):
        targets.set_commune(kontum, units.resolve_district(kontum, "Đăk Hà"), "ntm", 2020)
    assert dump(kontum) == before
