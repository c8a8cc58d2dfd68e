"""DHIS2 codes and periods (ntm_desktop/dhis2/codes.py) against DHIS2's rules: codes of at most
50 characters, UIDs of 11 letters and digits starting with a letter, DHIS2 period identifiers and
ADX's ISO 8601 intervals."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_desktop import periods
from ntm_desktop.dhis2 import codes

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")  # DHIS2's CodeGenerator format


@pytest.mark.parametrize(("period", "dhis2", "adx"), [
    ("2020", "2020", "2020-01-01/P1Y"),
    ("2020-H1", "2020S1", "2020-01-01/P6M"),
    ("2020-H2", "2020S2", "2020-07-01/P6M"),
    ("2020-Q1", "2020Q1", "2020-01-01/P3M"),
    ("2020-Q4", "2020Q4", "2020-10-01/P3M"),
    ("2020-M01", "202001", "2020-01-01/P1M"),
    ("2020-M12", "202012", "2020-12-01/P1M"),
])
def test_periods_in_dhis2_and_adx_form(period, dhis2, adx):
    parsed = periods.parse(period)
    assert codes.period_id(parsed) == dhis2
    assert codes.adx_period(parsed) == adx


def test_org_unit_codes_carry_the_end_year_of_an_ended_unit():
    assert codes.org_unit_code("23326", None, "u-1") == "23326"
    assert codes.org_unit_code("23326", "2025-06-30", "u-1") == "23326-T2025"
    no_code = codes.org_unit_code(None, None, "0b7c2a4e-9f51-4c1e-8d2a-6f3e2b1a0c9d")
    assert no_code == "NTM-0b7c2a4e-9f51-4c1e-8d2a-6f3e2b1a0c9d"
    assert len(codes.org_unit_code(None, "2026-03-31", "0b7c2a4e-9f51-4c1e-8d2a-6f3e2b1a0c9d")) <= codes.MAX_CODE


def test_data_element_codes_name_the_set_and_fit_in_50_characters():
    assert codes.criterion_code("QG-2016-2020", 1) == "QG-2016-2020_TC01"
    assert codes.indicator_code("QG-2016-2020", "15.1") == "QG-2016-2020_CT15.1"
    long_set = "Bộ tiêu chí xã nông thôn mới nâng cao tỉnh Kon Tum giai đoạn 2021-2025 (sửa đổi)"
    made = {codes.criterion_code(long_set, n) for n in range(1, 20)}
    made |= {codes.indicator_code(long_set, f"{n}.{m}") for n in range(1, 20) for m in range(1, 4)}
    made.add(codes.data_set_code(long_set, periods.parse("2021-Q3")))
    assert all(len(code) <= codes.MAX_CODE and " " not in code for code in made)
    assert len(made) == 19 + 57 + 1  # still distinct once shortened
    assert codes.criterion_code(long_set, 7).endswith("_TC07")
    other = codes.criterion_code(long_set.replace("2021-2025", "2026-2030"), 7)
    assert other != codes.criterion_code(long_set, 7)  # the hash tells sets apart that share a start


def test_data_set_code_names_the_period_type():
    assert codes.data_set_code("QG-2016-2020", periods.parse("2020")) == "NTM_QG-2016-2020_Yearly"
    assert codes.data_set_code("QG-2016-2020", periods.parse("2020-M03")) == "NTM_QG-2016-2020_Monthly"


def test_uids_are_dhis2_uids_stable_and_distinct():
    made = [codes.uid("dataElement", f"QG-2016-2020_TC{n:02d}") for n in range(1, 20)]
    assert all(UID.match(u) for u in made)
    assert len(set(made)) == 19
    assert codes.uid("dataElement", "X") == codes.uid("dataElement", "X")
    assert codes.uid("dataElement", "X") != codes.uid("organisationUnit", "X")


@given(st.text(min_size=1, max_size=120).filter(lambda s: s.strip()), st.integers(1, 99),
       st.from_regex(r"\A[0-9]{1,2}\.[0-9]{1,2}[a-z]?\Z"))
def test_any_set_code_gives_codes_dhis2_and_adx_accept(set_code, number, indicator):
    for code in (codes.criterion_code(set_code, number), codes.indicator_code(set_code, indicator),
                 codes.data_set_code(set_code, periods.parse("2024-M07"))):
        assert 0 < len(code) <= codes.MAX_CODE
        assert code == " ".join(code.split())  # an xs:token: no leading, trailing or repeated whitespace
        assert not any(ch.isspace() for ch in code)
