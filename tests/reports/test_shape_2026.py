"""Issue 17 part 4: summaries and reports take their shape from the set in force. A Kon Tum
database of both eras (``ntm init --province "Kon Tum"``) with 2026 results on the QĐ 51/2025
set (10 criteria) and 2025 results on QĐ 318 (19): the 2026 summary, text, PDF and workbook say
10/10 and never 19/19; the 2025 figures keep the 19-criterion shape."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from ntm_desktop import assessments, text, units
from ntm_desktop.periods import parse as period
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store
from ntm_desktop.summary import communes_in_scope
from tests.reports.test_cli import ntm, report, summary_json
from tests.reports.test_data import flat, pdf_text

YEAR = 2026
# criteria met in 2026 by the communes in force then, by position in Vietnamese order (codes
# are read from the database); every other criterion of these communes is recorded not met
MET_2026 = {0: set(range(1, 11)), 1: set(range(1, 11)), 2: set(range(1, 10)), 3: {1, 2, 3, 5, 8, 9, 10},
            4: {4}, 5: set()}
# 2025 (QĐ 318, 19 criteria) on two communes of the old tree, by code
MET_2025 = {"23311": set(range(1, 20)), "23314": set(range(1, 16))}


def _enter(store, commune, year, met, count):
    batch = audit.new_batch("entered", f"test {commune.name} {year}")
    for number in range(1, count + 1):
        assessments.set_official(store, commune, period(str(year)), number, number in met, batch=batch)


@pytest.fixture(scope="module")
def eras_2026_master(tmp_path_factory):
    """Kon Tum of both eras with 2026 and 2025 results; criterion 10 of the first 2026 commune is
    entered with ``ntm set --code``, the rest through the core's service functions."""
    db = tmp_path_factory.mktemp("shape2026") / "ntm.sqlite3"
    assert ntm(db, "init", "--province", "Kon Tum").returncode == 0
    store = open_store(db)
    try:
        chosen = sorted(communes_in_scope(store, YEAR), key=lambda c: text.sort_key(c["name"]))
        expected = {}
        for index, met in MET_2026.items():
            commune = units.get(store, chosen[index]["id"])
            _enter(store, commune, YEAR, met - {10} if index == 0 else met, 10)
            expected[chosen[index]["code"]] = (chosen[index]["name"], len(met))
        for code, met in MET_2025.items():
            _enter(store, units.resolve_code(store, code, "2025-06-30"), 2025, met, 19)
        first = chosen[0]["code"]
        communes = len(chosen)
    finally:
        store.close()
    done = ntm(db, "set", "--year", str(YEAR), "--code", first, "--criterion", "10", "--met", "yes")
    assert done.returncode == 0, done.stderr
    return db, expected, communes


@pytest.fixture
def eras_2026(eras_2026_master, tmp_path):
    db, expected, communes = eras_2026_master
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db, copy)
    return copy, expected, communes


def test_2026_summary_json_has_the_shape_of_its_set(eras_2026):
    db, expected, communes = eras_2026
    data = summary_json(db, YEAR)
    assert data["criteria_set"] == "QG-2026-2030"
    assert data["criteria_count"] == 10
    assert list(data["per_criterion"]) == [str(n) for n in range(1, 11)]
    for n in range(1, 11):
        assert data["per_criterion"][str(n)] == sum(1 for i, met in MET_2026.items() if n in met)
    full = sorted(((name, code) for code, (name, count) in expected.items() if count == 10),
                  key=lambda r: text.sort_key(r[0]))
    assert data["bands"] == {"10": len(full)} == {"10": 2}
    assert data["full"] == [{"district": None, "commune": name, "code": code} for name, code in full]
    assert "full_19" not in data  # the old name is for the 19-criterion sets only
    by_count = {str(n): 0 for n in range(11)}
    for _name, count in expected.values():
        by_count[str(count)] += 1
    by_count["0"] += communes - len(expected)  # communes without data meet nothing
    assert data["by_count"] == by_count
    assert data["communes"] == communes and data["no_data"] == communes - len(expected)
    assert data["by_district"] == {} and data["targets"] == {}
    total = sum(count for _name, count in expected.values())
    assert data["average"] == round(total / communes + 1e-9, 1)


def test_2025_summary_keeps_the_19_criterion_shape(eras_2026):
    db, _expected, _communes = eras_2026
    data = summary_json(db, 2025)
    assert (data["criteria_set"], data["criteria_count"]) == ("QG-2021-2025", 19)
    assert list(data["bands"]) == ["19", "15-18", "10-14", "5-9", "<5"]
    assert data["bands"]["19"] == 1 and data["bands"]["15-18"] == 1
    assert [r["code"] for r in data["full_19"]] == ["23311"]
    assert data["full"] == data["full_19"]


def test_2026_summary_text_says_10_of_10(eras_2026):
    db, _expected, _communes = eras_2026
    result = ntm(db, "summary", "--year", str(YEAR))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    db_zero = _communes - sum(1 for met in MET_2026.values() if met)
    assert (f"2 xã đạt 10/10 tiêu chí; 1 xã đạt 9 tiêu chí; 1 xã đạt 7 tiêu chí; 1 xã đạt 1 tiêu chí;"
            f" {db_zero} xã đạt 0 tiêu chí.") in out
    assert "19" not in out
    assert "Tiêu chí số 10 về Tiếp cận pháp luật và an ninh, quốc phòng: có 3/" in out


def test_2026_province_pdf_says_10_of_10_never_19(eras_2026, tmp_path):
    db, expected, communes = eras_2026
    out = tmp_path / "tinh-2026.pdf"
    report(db, out, "province", YEAR, "--format", "pdf", "--date", "2026-11-15")
    body = flat(pdf_text(out))
    assert "19/19" not in body and "/19" not in body
    full = sorted((name for name, count in expected.values() if count == 10), key=text.sort_key)
    assert f"có 02 xã đạt chuẩn 10/10 tiêu chí ({full[0]} và {full[1]})" in body
    zero = communes - sum(1 for met in MET_2026.values() if met)
    assert (f"có 01 xã đạt 9 tiêu chí, 01 xã đạt 7 tiêu chí, 01 xã đạt 1 tiêu chí, {zero} xã chưa đạt tiêu chí"
            " nào.") in body
    assert "Đạt 10/10 tiêu chí" in body  # the chart of communes by criteria met
    # 2025 was assessed on the 19-criterion set: no comparison by criterion or average
    assert "hai bộ tiêu chí khác nhau về số tiêu chí nên không so sánh theo từng tiêu chí" in body
    assert f"Tiêu chí số 1 về Quy hoạch: có 4/{communes} xã đạt chuẩn" in body


def test_2026_commune_pdf_and_workbook(eras_2026, tmp_path):
    db, expected, _communes = eras_2026
    code = next(code for code, (_name, count) in expected.items() if count == 10)
    out = tmp_path / "xa.pdf"
    report(db, out, "commune", YEAR, "--code", code, "--format", "pdf", "--date", "2026-11-15")
    body = flat(pdf_text(out))
    assert "đạt 10/10 tiêu chí, đạt chuẩn nông thôn mới về số tiêu chí" in body
    assert "19" not in body.replace("2026", "")
    partial = next(code for code, (_name, count) in expected.items() if count == 7)
    out = tmp_path / "xa7.pdf"
    report(db, out, "commune", YEAR, "--code", partial, "--format", "pdf", "--date", "2026-11-15")
    assert "đạt 7/10 tiêu chí." in flat(pdf_text(out))


def test_2026_province_workbook_counts_10_of_10(eras_2026, tmp_path):
    db, expected, _communes = eras_2026
    out = tmp_path / "tinh-2026.xlsx"
    report(db, out, "province", YEAR, "--format", "xlsx")
    wb = openpyxl.load_workbook(out)
    assert "Xã đạt 10-10" in wb.sheetnames and "Xã đạt 19-19" not in wb.sheetnames
    overview = {r[0]: r[1] for r in wb["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert overview["Số xã đạt chuẩn 10/10 tiêu chí"] == 2
    assert overview["Đạt 10/10 tiêu chí"] == 2 and overview["Đạt 9 tiêu chí"] == 1
    listed = [r[1] for r in wb["Xã đạt 10-10"].iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert sorted(listed) == sorted(name for name, count in expected.values() if count == 10)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and "19/19" in v for v in row)
