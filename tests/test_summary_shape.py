"""The shape of the summary (ntm_desktop.criteria.shape) comes from the set: 19 criteria keep
the bands of the province's reports, QĐ 51/2025 (10 criteria, no bands in its data) gets only
its full band, and bands a set's data defines are used as they are."""

import pytest

from ntm_desktop import criteria
from ntm_desktop.criteria.shape import band_key, make_shape, shape_of

CLASSIC_KEYS = ("19", "15-18", "10-14", "5-9", "<5")


def test_the_19_criterion_sets_keep_the_reports_bands(store):
    for code in ("QG-2016-2020", "QG-2021-2025"):
        shape = shape_of(criteria.get_set(store, code))
        assert (shape.count, shape.full_key, shape.keys, shape.classic) == (19, "19", CLASSIC_KEYS, True)
        # every count from 0 to 19 falls in exactly one band, the same as the reports' rule
        for met in range(20):
            expected = ("19" if met == 19 else "15-18" if met >= 15 else "10-14" if met >= 10
                        else "5-9" if met >= 5 else "<5")
            assert shape.band_key(met) == expected, met
        assert shape.label("15-18") == "Đạt từ 15 đến 18 tiêu chí"
        assert shape.full_text == "19/19"


def test_the_2026_2030_set_has_10_criteria_and_only_its_full_band(store):
    cs = criteria.get_set(store, "QG-2026-2030")
    shape = shape_of(cs)
    assert (shape.count, shape.full_key, shape.keys, shape.classic) == (10, "10", ("10",), False)
    assert shape.full_text == "10/10"
    assert shape.band_key(10) == "10"
    assert [shape.band_of(n) for n in range(10)] == [None] * 10  # no band the set's data does not define
    assert shape.label("10") == "Đạt 10/10 tiêu chí"


def test_bands_a_set_defines_are_its_own():
    shape = make_shape(10, [{"min": 0, "max": 5, "label": "Dưới 6", "label_en": "Under 6"},
                            {"min": 6, "max": 9, "label": "Đạt 6-9", "label_en": "6-9 met"}])
    # the full band always comes first, then the set's own, highest first
    assert shape.keys == ("10", "6-9", "<6")
    assert [shape.band_key(n) for n in (10, 9, 6, 5, 0)] == ["10", "6-9", "6-9", "<6", "<6"]
    assert shape.label("6-9") == "Đạt 6-9"


def test_a_set_of_another_size_without_bands():
    shape = make_shape(5)
    assert (shape.count, shape.keys, shape.classic) == (5, ("5",), False)
    assert shape.band_key(5) == "5" and shape.band_key(4) is None


@pytest.mark.parametrize(("low", "high", "key"), [(19, 19, "19"), (15, 18, "15-18"), (0, 4, "<5"), (10, 10, "10")])
def test_band_keys_follow_the_summary_json(low, high, key):
    assert band_key(low, high) == key


def test_labels_in_the_window_follow_the_language(store, english):
    shape = shape_of(criteria.get_set(store, "QG-2016-2020"))
    assert shape.band_of(16).text() == "15-18 criteria met"
    assert shape.band_of(16).label == "Đạt từ 15 đến 18 tiêu chí"  # reports stay Vietnamese


def test_the_2026_set_file_is_honest(store):
    """QĐ 51/2025: 10 criteria in the press order, one placeholder each (unverified, no
    threshold) until a province loads Phụ lục I, valid from 15/02/2026 with commune groups."""
    cs = criteria.get_set(store, "QG-2026-2030")
    assert [c.number for c in cs.criteria] == list(range(1, 11))
    assert cs.criteria[0].name == "Quy hoạch" and cs.criteria[9].name == "Tiếp cận pháp luật và an ninh, quốc phòng"
    for crit in cs.criteria:
        assert [(i.code, i.certainty, i.thresholds) for i in crit.indicators] == [(f"TC{crit.number}", "U", ())]
    assert (cs.valid_from, cs.valid_to, cs.level, cs.tier) == (2026, 2030, "commune", "basic")
    assert (getattr(cs, "from_date", None), getattr(cs, "columns", None), getattr(cs, "kind", None)) == (
        "2026-02-15", "group", "xa")
    assert tuple(getattr(cs, "bands", ())) == ()
    assert criteria.set_for_year(store, 2026) == "QG-2026-2030"


def test_the_2016_2020_set_has_the_tay_nguyen_education_thresholds(store):
    cs = criteria.get_set(store, "QG-2016-2020")
    found = {ind.code: [(t.region, t.op, t.value) for t in ind.thresholds]
             for crit in cs.criteria for ind in crit.indicators}
    assert found["14.1"] == [("TN", "==", 1)]
    assert found["14.2"] == [("TN", ">=", 70)]
    assert found["14.3"] == [("TN", ">=", 25)]
    assert found["15.3"] == []  # the comparator is not read yet (criteria-sources.md)
