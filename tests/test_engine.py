"""The criteria engine as a pure function: thresholds, statuses, aggregation, bands."""

import pytest

from ntm_desktop.criteria.shape import make_shape
from ntm_desktop.engine import (
    Status,
    Threshold,
    evaluate_criterion,
    evaluate_indicator,
    pick_threshold,
)

AT_LEAST_41 = Threshold("TN", ">=", 41.0)
AT_MOST_31_4 = Threshold("TN", "<=", 31.4)
IS_TRUE = Threshold("*", "==", 1.0)


# -- single indicator, edge cases ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (41.0, Status.MET),  # exactly at the limit
        (41.000001, Status.MET),
        (40.99999999999, Status.MET),  # float noise from arithmetic counts as the limit
        (40.9999, Status.NOT_MET),  # really below
        (40.99, Status.NOT_MET),
        (0.0, Status.NOT_MET),
        (1e6, Status.MET),
    ],
)
def test_at_least(value, expected):
    assert evaluate_indicator("number", value, AT_LEAST_41) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (31.4, Status.MET),
        (31.400000000001, Status.MET),
        (31.39, Status.MET),
        (31.41, Status.NOT_MET),
        (31.5, Status.NOT_MET),
        (0.0, Status.MET),
        (100.0, Status.NOT_MET),
    ],
)
def test_at_most(value, expected):
    assert evaluate_indicator("percent", value, AT_MOST_31_4) is expected


def test_noise_from_arithmetic():
    total = 0.1 + 0.2  # 0.30000000000000004
    assert evaluate_indicator("percent", total, Threshold("*", "<=", 0.3)) is Status.MET
    assert evaluate_indicator("percent", total, Threshold("*", "==", 0.3)) is Status.MET
    assert evaluate_indicator("percent", 0.3 - 1e-12, Threshold("*", ">=", 0.3)) is Status.MET


def test_bool_threshold():
    assert evaluate_indicator("bool", 1.0, IS_TRUE) is Status.MET
    assert evaluate_indicator("bool", 0.0, IS_TRUE) is Status.NOT_MET


def test_no_value_no_threshold_text():
    assert evaluate_indicator("number", None, AT_LEAST_41) is Status.NO_VALUE
    assert evaluate_indicator("number", 50.0, None) is Status.NO_THRESHOLD
    assert evaluate_indicator("number", None, None) is Status.NO_VALUE
    assert evaluate_indicator("text", None, None) is Status.NOT_EVALUATED
    assert evaluate_indicator("text", 5.0, AT_LEAST_41) is Status.NOT_EVALUATED


def test_unknown_operator_is_an_error():
    with pytest.raises(ValueError):
        evaluate_indicator("number", 1.0, Threshold("*", "!=", 0.0))


def test_strict_operators_of_the_appendices():
    """``>`` and ``<`` (CONTRACT §1): the limit itself does not meet them."""
    assert evaluate_indicator("number", 1.0, Threshold("*", ">", 0.0)).as_bool() is True
    assert evaluate_indicator("number", 0.0, Threshold("*", ">", 0.0)).as_bool() is False
    assert evaluate_indicator("percent", 5.0, Threshold("*", "<", 5.5)).as_bool() is True
    assert evaluate_indicator("percent", 5.5, Threshold("*", "<", 5.5)).as_bool() is False


# -- choosing the threshold --------------------------------------------------------

NATIONAL = Threshold("*", ">=", 45.0)
HIGHLANDS = Threshold("TN", ">=", 36.0)
HIGHLANDS_2020 = Threshold("TN", ">=", 41.0, 2020, 2020)
DELTA = Threshold("DBSH", ">=", 50.0)


def test_region_threshold_beats_national():
    assert pick_threshold([NATIONAL, HIGHLANDS], "TN", 2021) is HIGHLANDS
    assert pick_threshold([HIGHLANDS, NATIONAL], "TN", 2021) is HIGHLANDS


def test_national_threshold_for_other_regions():
    assert pick_threshold([NATIONAL, HIGHLANDS], "DBSCL", 2021) is NATIONAL
    assert pick_threshold([NATIONAL, HIGHLANDS], None, 2021) is NATIONAL
    assert pick_threshold([NATIONAL, HIGHLANDS, DELTA], "DBSH", 2021) is DELTA


def test_year_bounded_beats_open_within_its_years():
    assert pick_threshold([NATIONAL, HIGHLANDS, HIGHLANDS_2020], "TN", 2020) is HIGHLANDS_2020
    assert pick_threshold([HIGHLANDS_2020, HIGHLANDS, NATIONAL], "TN", 2020) is HIGHLANDS_2020


@pytest.mark.parametrize("year", [2019, 2021])
def test_year_bounded_does_not_apply_outside_its_years(year):
    assert not HIGHLANDS_2020.applies("TN", year)
    assert pick_threshold([NATIONAL, HIGHLANDS, HIGHLANDS_2020], "TN", year) is HIGHLANDS
    assert pick_threshold([HIGHLANDS_2020], "TN", year) is None


def test_open_ended_year_bounds():
    from_2021 = Threshold("*", ">=", 1.0, 2021, None)
    until_2020 = Threshold("*", ">=", 1.0, None, 2020)
    assert not from_2021.applies("TN", 2020) and from_2021.applies("TN", 2030)
    assert until_2020.applies("TN", 1990) and not until_2020.applies("TN", 2021)


def test_region_threshold_beats_year_bounded_national():
    national_2020 = Threshold("*", ">=", 45.0, 2020, 2020)
    assert pick_threshold([national_2020, HIGHLANDS], "TN", 2020) is HIGHLANDS


def test_no_applicable_threshold():
    assert pick_threshold([], "TN", 2020) is None
    assert pick_threshold([DELTA], "TN", 2020) is None


def test_picked_threshold_decides_the_status():
    thresholds = [NATIONAL, HIGHLANDS, HIGHLANDS_2020]
    value = 38.0  # meets the open Highlands 36, not the 2020 Highlands 41, not the national 45
    assert evaluate_indicator("number", value, pick_threshold(thresholds, "TN", 2021)) is Status.MET
    assert evaluate_indicator("number", value, pick_threshold(thresholds, "TN", 2020)) is Status.NOT_MET
    assert evaluate_indicator("number", value, pick_threshold(thresholds, "DBSCL", 2021)) is Status.NOT_MET


def test_threshold_describe():
    assert Threshold("TN", "<=", 31.4).describe("percent") == "≤31,4"
    assert Threshold("*", ">=", 85.0).describe("percent") == "≥85"
    assert IS_TRUE.describe("bool") == "Đạt"


# -- criterion aggregation ----------------------------------------------------------

S = Status


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([S.MET, S.MET], S.MET),
        ([S.MET], S.MET),
        ([S.MET, S.NOT_EVALUATED], S.MET),
        ([S.NOT_MET, S.MET], S.NOT_MET),
        ([S.NOT_MET, S.NO_VALUE, S.NO_THRESHOLD], S.NOT_MET),  # one not met decides, unknowns or not
        ([S.NO_VALUE, S.NOT_MET], S.NOT_MET),
        ([S.MET, S.NO_THRESHOLD], S.UNKNOWN),
        ([S.MET, S.NO_VALUE], S.UNKNOWN),
        ([S.NO_VALUE, S.NO_VALUE], S.UNKNOWN),
        ([S.NOT_EVALUATED], S.UNKNOWN),  # only text: nothing to decide on
        ([], S.UNKNOWN),
    ],
)
def test_evaluate_criterion(statuses, expected):
    assert evaluate_criterion(statuses) is expected


def test_status_as_bool():
    assert S.MET.as_bool() is True
    assert S.NOT_MET.as_bool() is False
    for status in (S.UNKNOWN, S.NO_THRESHOLD, S.NO_VALUE, S.NOT_EVALUATED):
        assert status.as_bool() is None


# -- bands (the set's: ntm_desktop/criteria/shape.py) ----------------------------------------

NINETEEN = make_shape(19)  # a 19-criterion set whose data names no bands: the classic five


@pytest.mark.parametrize(
    ("met", "expected"),
    [(0, "<5"), (4, "<5"), (5, "5-9"), (9, "5-9"), (10, "10-14"), (14, "10-14"),
     (15, "15-18"), (18, "15-18"), (19, "19")],
)
def test_band_edges(met, expected):
    assert NINETEEN.band_key(met) == expected


def test_every_count_has_one_known_band():
    assert [NINETEEN.band_key(n) for n in range(20)].count("19") == 1
    assert NINETEEN.keys == ("19", "15-18", "10-14", "5-9", "<5")
    ten = make_shape(10)  # a set whose data defines no bands: its full band only
    assert ten.keys == ("10",) and ten.band_key(10) == "10" and ten.band_key(9) is None
