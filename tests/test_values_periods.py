"""Parsing typed values (Vietnamese numbers, yes/no words) and reporting periods."""

import unicodedata

import pytest

from ntm_desktop import i18n, periods, values
from ntm_desktop.errors import InputRejected

# -- numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number", "stored"),
    [
        ("1.847,561", 1847.561, "1847.561"),
        ("85,5", 85.5, "85.5"),
        ("85.5", 85.5, "85.5"),
        ("1.500", 1500.0, "1500"),
        ("1.500.000", 1500000.0, "1500000"),
        ("41", 41.0, "41"),
        (" 41,0 ", 41.0, "41"),
        ("0,25", 0.25, "0.25"),
        (",5", 0.5, "0.5"),
        ("135,11", 135.11, "135.11"),
        ("1 847,561", 1847.561, "1847.561"),
        (12.5, 12.5, "12.5"),
        (7, 7.0, "7"),
    ],
)
def test_number_vietnamese_forms(raw, number, stored):
    parsed = values.parse("number", raw)
    assert parsed.number == pytest.approx(number)
    assert parsed.text == stored


@pytest.mark.parametrize(
    ("raw", "number"),
    [("85,5", 85.5), ("85.5", 85.5), ("85,5 %", 85.5), ("100", 100.0), ("0", 0.0), ("99,99%", 99.99)],
)
def test_percent_forms(raw, number):
    assert values.parse("percent", raw).number == pytest.approx(number)


@pytest.mark.parametrize("raw", ["100,5", "101", "150", "1.500", 100.01, "-1", "-0,5"])
def test_percent_outside_0_100_refused(raw):
    with pytest.raises(InputRejected) as info:
        values.parse("percent", raw)
    assert info.value.exit_code == 3
    assert info.value.key in ("value.percent_range", "value.negative")


@pytest.mark.parametrize("raw", ["-3", "-1.500", -0.5])
def test_negative_count_refused(raw):
    with pytest.raises(InputRejected) as info:
        values.parse("number", raw)
    assert info.value.key == "value.negative"
    assert info.value.exit_code == 3


@pytest.mark.parametrize(
    "raw", ["abc", "12a", "1,2,3", "1.2.3,4,5", "mười", "nan", "inf", "1e5", "", "  ", "--5", "5-", True]
)
@pytest.mark.parametrize("value_type", ["number", "percent"])
def test_text_in_number_field_refused(value_type, raw):
    with pytest.raises(InputRejected) as info:
        values.parse(value_type, raw)
    assert info.value.key == "value.not_number"


def test_non_finite_python_number_refused():
    for raw in (float("nan"), float("inf")):
        with pytest.raises(InputRejected):
            values.parse("number", raw)


def test_refusal_message_names_the_value():
    with pytest.raises(InputRejected) as info:
        values.parse("number", "12a")
    assert "12a" in info.value.message


# -- yes / no ----------------------------------------------------------------------------

TRUE_WORDS = ["Có", "có", " CÓ ", "co", "x", "X", "Đạt", "đạt", "yes", "Y", "1", "✓", "v", "true", True]
FALSE_WORDS = ["Không", "không", "khong", "no", "N", "0", "Chưa đạt", "chưa  đạt", "Không đạt", "-", "CĐ", False]


@pytest.mark.parametrize("raw", TRUE_WORDS)
def test_bool_true_words(raw):
    parsed = values.parse("bool", raw)
    assert (parsed.text, parsed.number) == ("1", 1.0)


@pytest.mark.parametrize("raw", FALSE_WORDS)
def test_bool_false_words(raw):
    parsed = values.parse("bool", raw)
    assert (parsed.text, parsed.number) == ("0", 0.0)


def test_bool_decomposed_input():
    assert values.parse("bool", unicodedata.normalize("NFD", "Có")).number == 1.0
    assert values.parse("bool", unicodedata.normalize("NFD", "Chưa đạt")).number == 0.0


@pytest.mark.parametrize("raw", ["có lẽ", "2", "maybe", "đạt?", ""])
def test_bool_other_words_refused(raw):
    with pytest.raises(InputRejected) as info:
        values.parse("bool", raw)
    assert info.value.key == "value.not_bool"


# -- text ------------------------------------------------------------------------------------


def test_text_is_cleaned_and_not_a_number():
    parsed = values.parse("text", unicodedata.normalize("NFD", "  Trạm   y tế  đạt chuẩn "))
    assert parsed.text == "Trạm y tế đạt chuẩn"
    assert parsed.number is None


def test_text_too_long_refused():
    assert values.parse("text", "a" * values.MAX_TEXT).text == "a" * values.MAX_TEXT
    with pytest.raises(InputRejected) as info:
        values.parse("text", "a" * (values.MAX_TEXT + 1))
    assert info.value.key == "value.too_long"


# -- showing numbers back ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "decimals", "shown"),
    [
        (1847.561, None, "1.847,561"),
        (1500, None, "1.500"),
        (85.5, None, "85,5"),
        (41, None, "41"),
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (1234567.25, None, "1.234.567,25"),
        (-1234.5, None, "-1.234,5"),
        (14.8, 1, "14,8"),
        (3, 2, "3,00"),
        (1135.11, 2, "1.135,11"),
    ],
)
def test_format_number(number, decimals, shown):
    assert values.format_number(number, decimals) == shown


@pytest.mark.parametrize("number", [1847.561, 1500, 85.5, 0.25, 920.7, 207.906, 1234567.0])
def test_format_then_parse_round_trips(number):
    assert values.parse("number", values.format_number(number)).number == pytest.approx(number)


def test_display_by_type():
    assert values.display("number", "1847.561") == "1.847,561"
    assert values.display("bool", "1") == "Có"
    assert values.display("bool", "0") == "Không"
    assert values.display("text", "abc") == "abc"
    assert values.display("percent", None) == ""
    i18n.set_language("en")
    assert values.display("bool", "1") == "Yes"


# -- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "n", "code"),
    [
        ("2024", "Y", 0, "2024"),
        (2024, "Y", 0, "2024"),
        ("2024-H1", "H", 1, "2024-H1"),
        ("2024-h2", "H", 2, "2024-H2"),
        ("2024-Q3", "Q", 3, "2024-Q3"),
        (" 2024-q4 ", "Q", 4, "2024-Q4"),
        ("2024-M07", "M", 7, "2024-M07"),
        ("2024-M12", "M", 12, "2024-M12"),
    ],
)
def test_period_parse(raw, kind, n, code):
    period = periods.parse(raw)
    assert (period.year, period.kind, period.n) == (2024, kind, n)
    assert period.code == code == str(period)
    assert periods.parse(period.code) == period


@pytest.mark.parametrize(
    "raw",
    ["2024-Q5", "2024-Q0", "2024-M13", "2024-M00", "2024-M7", "2024-H3", "2024-Y", "2024-",
     "24", "abcd", "", "2024 Q1", "2024-Q1-M01", "1989", "2101"],
)
def test_bad_periods_refused(raw):
    with pytest.raises(InputRejected) as info:
        periods.parse(raw)
    assert info.value.key == "period.bad"
    assert info.value.exit_code == 3


def test_period_end_month():
    assert [periods.parse(c).end_month for c in ("2024", "2024-H1", "2024-Q3", "2024-M07")] == [12, 6, 9, 7]


def test_periods_ending_together_coarser_is_later():
    m12, q4, h2, y = (periods.parse(c) for c in ("2024-M12", "2024-Q4", "2024-H2", "2024"))
    assert m12.ordinal < q4.ordinal < h2.ordinal < y.ordinal
    assert m12 < q4 < h2 < y


def test_period_order_follows_last_month():
    codes = ["2024-M03", "2024-Q1", "2024-M05", "2024-Q2", "2024-H1", "2024-M12", "2024-Q4", "2024-H2",
             "2024", "2025-M01"]
    parsed = [periods.parse(c) for c in codes]
    # the list above is already in time order; check both the ordinal and natural sorting
    assert [p.ordinal for p in parsed] == sorted(p.ordinal for p in parsed)
    assert len({p.ordinal for p in parsed}) == len(parsed)
    assert [p.code for p in sorted(reversed(parsed))] == codes
    assert max(parsed).code == "2025-M01"
    assert min(parsed).code == "2024-M03"


def test_year_ends_before_next_january():
    assert periods.parse("2024") < periods.parse("2025-M01")
    assert periods.parse("2024").ordinal < periods.parse("2025-M01").ordinal


def test_of_year_lists_every_period_once():
    listed = periods.of_year(2023)
    assert len(listed) == 1 + 2 + 4 + 12
    assert len({p.code for p in listed}) == len(listed)
    assert all(p.year == 2023 for p in listed)
    assert listed[0].code == "2023"


def test_parse_year():
    assert periods.parse_year(" 2020 ") == 2020
    assert periods.parse_year(2021) == 2021
    for bad in ("abc", "1800", "2200", "20.20", ""):
        with pytest.raises(InputRejected) as info:
            periods.parse_year(bad)
        assert info.value.key == "year.bad"


def test_period_labels_in_both_languages():
    assert periods.parse("2024-Q3").label() == "Quý III/2024"
    assert periods.parse("2024-H1").label() == "6 tháng đầu năm 2024"
    i18n.set_language("en")
    assert periods.parse("2024-M07").label() == "Month 7/2024"
    assert periods.parse("2024").label() == "Year 2024"


def test_leading_zero_group_is_a_decimal_not_thousands():
    from ntm_desktop import values as v

    assert v.parse("number", "0.500").number == 0.5
    assert v.parse("number", "1.500").number == 1500
    assert v.parse("number", "12.345.678").number == 12345678


def test_a_period_is_a_frozen_value_as_the_dataclass_was():
    """Issue 22: Period is a plain frozen record (no dataclasses import on every command); it keeps
    the dataclass's equality, hash, repr, copies, pickling and refusal of assignment, and its
    order by the period's end."""
    import copy
    import pickle

    q3 = periods.Period(2024, "Q", 3)
    assert q3 == periods.parse("2024-Q3") and hash(q3) == hash(periods.Period(2024, "Q", 3))
    assert q3 != periods.Period(2024, "M", 9) and q3 != (2024, "Q", 3)
    assert repr(q3) == "Period(year=2024, kind='Q', n=3)" and repr(periods.Period(2024, "Y")).endswith("n=0)")
    assert pickle.loads(pickle.dumps(q3)) == q3 and copy.deepcopy(q3) == q3 and copy.copy(q3) is not None
    with pytest.raises(AttributeError):
        q3.year = 2025  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del q3.kind
    with pytest.raises(AttributeError):
        q3.extra = 1  # type: ignore[attr-defined]
    found = sorted(periods.parse(c) for c in ("2024", "2024-M12", "2024-Q4", "2024-H2", "2024-Q3", "2023"))
    assert [p.code for p in found] == ["2023", "2024-Q3", "2024-M12", "2024-Q4", "2024-H2", "2024"]
    assert periods.Period(2024, "Q", 4) <= periods.Period(2024, "Y") and {q3: 1}[periods.parse("2024-q3")] == 1
