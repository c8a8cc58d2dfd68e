"""Reports and table import for a year without districts (issue 16, parts 4 and 5), on a real
Kon Tum database of both eras: the 2019 table on the old communes, 2024 results on three old
communes of Kon Tum city, 2026 results on the new units (no district, under Quảng Ngãi).
PDFs read back with pdftotext and pdffonts, workbooks with openpyxl, through `ntm`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ntm_desktop import assessments, criteria, summary, units
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store
from tests.conftest import table_rows
from tests.reports.test_data import flat, pdf_fonts, pdf_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "samples" / "legacy-table-2019.xlsx"
MET_2026 = {"23326": range(1, 8), "23500": range(1, 11), "23527": range(1, 6), "23497": range(1, 4)}  # of 10 (QĐ 51)


def build(path: Path) -> Path:
    st = open_store(path)
    try:
        criteria.load_bundled(st)
        units.load_provinces(st, units.find_provinces("Kon Tum"))
        legacy_table.apply(st, legacy_table.read_table(st, SAMPLE, 2019), 2019)
        batch = audit.new_batch("entered", "results of both eras for the report tests")
        old_ia_chim = units.resolve_code(st, "23326", "2024-12-31")
        dak_nang = units.resolve_code(st, "23327", "2024-12-31")
        for number in range(1, 20):
            assessments.set_official(st, old_ia_chim, Period(2024, "Y"), number, True, batch=batch)
            assessments.set_official(st, dak_nang, Period(2023, "Y"), number, number <= 12, batch=batch)
        for code, met in MET_2026.items():
            commune = units.resolve_code(st, code, "2026-12-31")
            for number in range(1, 11):
                assessments.set_official(st, commune, Period(2026, "Y"), number, number in met, batch=batch)
    finally:
        st.close()
    return path


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    return build(tmp_path_factory.mktemp("eras-reports") / "master.sqlite3")


@pytest.fixture
def db(master, tmp_path):
    target = tmp_path / "kt.sqlite3"
    shutil.copyfile(master, target)
    return target


def ntm(db, *args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "ntm_desktop", "--db", str(db), *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120)


def report(db, out, *args):
    result = ntm(db, "report", *args, "--date", "2026-11-15", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def summary_json(db, year):
    result = ntm(db, "summary", "--year", str(year), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def criteria_names(db):
    st = open_store(db)
    try:
        return {c.number: c.name for c in criteria.get_set(st, criteria.set_for_year(st, 2026)).criteria}
    finally:
        st.close()


# -- reports ---------------------------------------------------------------------------------


def test_province_report_2026_lists_the_communes_in_force_without_districts(db, tmp_path):
    data = summary_json(db, 2026)
    st = open_store(db)
    in_force = [r for r in units.in_force(st, "2026-12-31") if r["kind"] == "xã"]
    st.close()
    assert data["communes"] == len(in_force) == 37 and data["by_district"] == {}  # part 5: the units of 2026
    pdf = report(db, tmp_path / "tinh-2026.pdf", "province", "--year", "2026", "--format", "pdf", "--annex")
    text = flat(pdf_text(pdf))
    assert "trên địa bàn tỉnh Quảng Ngãi" in text
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" in text  # the province in force now issues the report
    assert "Năm 2026, tỉnh Quảng Ngãi có 37 xã thực hiện Chương trình" in text
    for number, name in criteria_names(db).items():
        assert f"Tiêu chí số {number} về {name}: có {data['per_criterion'][str(number)]}/37 xã đạt chuẩn" in text
    assert "Toàn tỉnh có 01 xã đạt chuẩn 10/10 tiêu chí (Đăk Hà)" in text and "19/19" not in text
    # no district tables, no empty district annex: the communes are listed directly
    for gone in ("đơn vị cấp huyện", "ĐƠN VỊ CẤP HUYỆN", "Địa phương có số xã đạt chuẩn thấp", "None", "Phụ lục III"):
        assert gone not in text
    assert "Phụ lục I KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ CỦA TỪNG XÃ NĂM 2026" in text
    assert "Phụ lục II.1 PHIẾU ĐÁNH GIÁ CÁC TIÊU CHÍ NĂM 2026 – XÃ ĐĂK HÀ" in text  # no district after the name
    assert "Bảng 1. So sánh với năm 2025" not in text and "Năm 2025 chưa có số liệu" in text
    assert all(f["emb"] == "yes" for f in pdf_fonts(pdf))
    out = report(db, tmp_path / "tinh-2026.xlsx", "province", "--year", "2026", "--format", "xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Ma trận xã", "Xã đạt 10-10", "Báo cáo"]
    ws = wb["Ma trận xã"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "STT")
    assert header[:3] == ("STT", "Tên xã", "TC1")
    rows = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert sorted(r[1] for r in rows) == sorted(r["commune"] for r in in_force)
    total = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert list(total[2:12]) == [data["per_criterion"][str(n)] for n in range(1, 11)]
    assert [r[1] for r in wb["Xã đạt 10-10"].iter_rows(values_only=True) if isinstance(r[0], int)] == ["Đăk Hà"]


def test_the_2019_report_of_the_same_database_keeps_its_districts(db, tmp_path):
    pdf = report(db, tmp_path / "tinh-2019.pdf", "province", "--year", "2019", "--format", "pdf")
    text = flat(pdf_text(pdf))
    assert "trên địa bàn tỉnh Kon Tum" in text and "Năm 2019, tỉnh Kon Tum có 85 xã" in text
    assert "Bảng 1. Kết quả theo đơn vị cấp huyện năm 2019" in text and "Phụ lục II" in text
    wb = openpyxl.load_workbook(report(db, tmp_path / "tinh-2019.xlsx", "province", "--year", "2019",
                                       "--format", "xlsx"))
    assert "Theo huyện" in wb.sheetnames and "Địa phương thấp" in wb.sheetnames


def test_district_report_for_a_year_without_districts_is_refused(db, tmp_path):
    out = tmp_path / "huyen.pdf"
    result = ntm(db, "report", "district", "--year", "2026", "--district", "Đăk Hà", "--format", "pdf",
                 "--out", str(out))
    assert result.returncode == 3 and result.stderr.startswith("error:")
    assert "Năm 2026 không còn cấp huyện" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    assert ntm(db, "report", "district", "--year", "2024", "--district", "Đăk Hà", "--format", "json").returncode == 0


def test_commune_report_2026_shows_what_its_former_communes_had_reached(db, tmp_path):
    pdf = report(db, tmp_path / "xa.pdf", "commune", "--year", "2026", "--code", "23326", "--format", "pdf")
    text = flat(pdf_text(pdf))
    assert "năm 2026 của xã Ia Chim, tỉnh Quảng Ngãi" in text
    assert "Xã Ia Chim đạt 7/10 tiêu chí" in text  # its own results, on the 2026-2030 set
    assert "III. KẾT QUẢ CỦA CÁC XÃ TRƯỚC SẮP XẾP" in text
    assert ("Xã Ia Chim được thành lập ngày 01/07/2025 trên cơ sở sắp xếp các xã Đăk Năng, Đoàn Kết và Ia Chim"
            " (Nghị quyết số 1677/NQ-UBTVQH15)") in text
    assert "Đăk Năng (Thành phố Kon Tum) 2023 12/19 1–12" in text
    assert "Đoàn Kết (Thành phố Kon Tum) Chưa có số liệu" in text
    assert "Ia Chim (Thành phố Kon Tum) 2024 19/19 1–19" in text
    assert all(f["emb"] == "yes" for f in pdf_fonts(pdf))
    wb = openpyxl.load_workbook(report(db, tmp_path / "xa.xlsx", "commune", "--year", "2026", "--code", "23326",
                                       "--format", "xlsx"))
    assert wb.sheetnames == ["Phiếu đánh giá", "Xã trước sắp xếp"]
    rows = [r for r in wb["Xã trước sắp xếp"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [r[1:7] for r in rows] == [("Đăk Năng", "23327", "Thành phố Kon Tum", 2023, 12, 19),
                                      ("Đoàn Kết", "23329", "Thành phố Kon Tum", None, None, None),
                                      ("Ia Chim", "23326", "Thành phố Kon Tum", 2024, 19, 19)]
    # by name alone (unique among the units of 2026), the same figures; results stay on each unit
    by_code = json.loads(ntm(db, "report", "commune", "--year", "2026", "--code", "23326", "--format", "json").stdout)
    by_name = json.loads(ntm(db, "report", "commune", "--year", "2026", "--commune", "Ia Chim",
                             "--format", "json").stdout)
    assert by_code == by_name and by_code["met"] == 7 and by_code["district"] is None
    old = json.loads(ntm(db, "report", "commune", "--year", "2024", "--code", "23326", "--format", "json").stdout)
    assert old["commune"]["nkey"] == "commune:23326" and old["met"] == 19 and "origins" not in old
    assert old["district"]["name"] == "Thành phố Kon Tum"


# -- table import --------------------------------------------------------------------------


def write_table(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN TIÊU CHÍ NÔNG THÔN MỚI NĂM 2026"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def marks(met, count=19):
    return ["x" if n in met else None for n in range(1, count + 1)]


CRITERIA = [f"TC{n}" for n in range(1, 20)]  # the 19-criterion sets (until 2025)
CRITERIA_2026 = [f"TC{n}" for n in range(1, 11)]  # QĐ 51/2025 (from 2026)


def statuses(db, code, year=2026):
    st = open_store(db)
    try:
        unit = units.resolve_code(st, code, f"{year}-12-31")
        rows = st.query("SELECT c.number FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
                        " WHERE r.commune_id = ? AND r.year = ? AND r.official = 1", [unit.id, year])
        return sorted(r["number"] for r in rows)
    finally:
        st.close()


def test_2026_table_without_a_district_column_matches_communes_by_name(db, tmp_path):
    path = write_table(tmp_path / "2026.xlsx", ["STT", "Tên xã", *CRITERIA_2026], [
        [1, "Xã Ia Chim", *marks({1, 2}, 10)],
        [2, "Đăk Hà", *marks(set(range(1, 9)), 10)],  # the new commune, not the old district
        [3, "sa thay", *marks({5}, 10)],  # accent-insensitive
        ["", "Toàn tỉnh", *[2, 2, 1, 1, 2, 1, 1, 1, 0, 0]]])
    result = ntm(db, "import-table", str(path), "--year", "2026", "--json")
    assert result.returncode == 0, result.stderr
    report_json = json.loads(result.stdout)
    assert (report_json["matched"], report_json["rows"], report_json["updated"]) == (3, 3, 3)
    assert report_json["warnings"] == []  # the total row agrees
    assert statuses(db, "23326") == [1, 2] and statuses(db, "23500") == list(range(1, 9))
    assert statuses(db, "23527") == [5]
    assert statuses(db, "23326", 2024) == list(range(1, 20))  # the old Ia Chim keeps its results
    again = json.loads(ntm(db, "import-table", str(path), "--year", "2026", "--json").stdout)
    assert again["unchanged"] == 3


def test_2026_table_with_an_empty_district_column_and_a_code_column(db, tmp_path):
    path = write_table(tmp_path / "2026-ma.xlsx", ["STT", "Huyện", "Mã xã", "Tên xã", *CRITERIA_2026], [
        [1, None, 23326, "Ia Chim", *marks({3}, 10)],
        [2, None, "23497", "Kon Braih", *marks({4, 5}, 10)]])
    result = ntm(db, "import-table", str(path), "--year", "2026", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["code_column"] == "C"
    assert statuses(db, "23326") == [3] and statuses(db, "23497") == [4, 5]


def test_an_ambiguous_or_unknown_name_is_reported_and_nothing_is_written(db, tmp_path):
    st = open_store(db)
    province = units.by_nkey(st, "province:51@2025-07-01")
    with st.transaction():
        units.upsert_unit(st, audit.new_batch("entered", "a second Ia Chim"), level="commune", name="Ia Chim",
                          parent=province, code="99999")
    before = {t: table_rows(st, t) for t in ("criterion_results", "changes", "units")}
    st.close()
    path = write_table(tmp_path / "2026-trung.xlsx", ["STT", "Tên xã", *CRITERIA_2026], [
        [1, "Ia Chim", *marks({1}, 10)], [2, "Sa Thay Moi", *marks({1}, 10)], [3, "Kon Braih", *marks({1}, 10)]])
    result = ntm(db, "import-table", str(path), "--year", "2026")
    assert result.returncode == 3, result.stderr
    assert "Dòng 3: có nhiều xã tên «Ia Chim» có hiệu lực ngày 31/12/2026" in result.stderr
    assert "mã 23326" in result.stderr and "mã 99999" in result.stderr
    assert "Dòng 4: không tìm thấy xã «Sa Thay Moi» trong các đơn vị có hiệu lực ngày 31/12/2026" in result.stderr
    assert "Sa Thầy" in result.stderr  # suggested
    assert ntm(db, "import-table", str(path), "--year", "2026", "--add-units").returncode == 3
    st = open_store(db)
    assert {t: table_rows(st, t) for t in before} == before
    st.close()
    # the code column tells them apart
    path = write_table(tmp_path / "2026-ma.xlsx", ["STT", "Mã", "Tên xã", *CRITERIA_2026],
                       [[1, 99999, "Ia Chim", *marks({7}, 10)]])
    assert ntm(db, "import-table", str(path), "--year", "2026").returncode == 0
    assert statuses(db, "99999") == [7] and statuses(db, "23326") == list(MET_2026["23326"])


def test_a_2020_table_row_without_a_district_is_still_refused(db, tmp_path):
    path = write_table(tmp_path / "2020.xlsx", ["STT", "Tên xã", *CRITERIA], [[1, "Hà Mòn", *marks({1})]])
    result = ntm(db, "import-table", str(path), "--year", "2020")
    assert result.returncode == 3 and "không biết xã thuộc huyện nào" in result.stderr


def test_add_units_creates_a_missing_district_from_a_group_row(tmp_path):
    db = tmp_path / "empty.sqlite3"
    st = open_store(db)
    criteria.load_bundled(st)
    st.close()
    path = write_table(tmp_path / "2020.xlsx", ["STT", "Tên xã", *CRITERIA], [
        ["", "Huyện Đăk Hà", *[None] * 19], [1, "Hà Mòn", *marks({1, 2})], [2, "Đăk Mar", *marks({1})],
        ["", "Thành phố Kon Tum", *[None] * 19], [3, "Đăk Cấm", *marks({3})]])
    refused = ntm(db, "import-table", str(path), "--year", "2020")
    assert refused.returncode == 3 and "không tìm thấy huyện «Huyện Đăk Hà»" in refused.stderr
    result = ntm(db, "import-table", str(path), "--year", "2020", "--add-units", "--json")
    assert result.returncode == 0, result.stderr
    done = json.loads(result.stdout)
    assert done["created_districts"] == ["Đăk Hà", "Thành phố Kon Tum"] and len(done["created_units"]) == 3
    st = open_store(db)
    try:
        assert units.resolve_commune(st, "Hà Mòn", "Đăk Hà").name == "Hà Mòn"
        kon_tum = units.resolve_district(st, "Thành phố Kon Tum")
        assert (kon_tum.name, kon_tum.kind) == ("Thành phố Kon Tum", "thành phố")
        assert [u.name for u in units.children(st, kon_tum.id, "commune")] == ["Đăk Cấm"]
        figures = summary.summary(st, 2020)
        assert figures["communes"] == 3 and figures["per_criterion"]["1"] == 2
        assert set(figures["by_district"]) == {"Đăk Hà", "Thành phố Kon Tum"}
    finally:
        st.close()
    again = json.loads(ntm(db, "import-table", str(path), "--year", "2020", "--add-units", "--json").stdout)
    assert (again["unchanged"], again["created_units"]) == (3, [])


def test_a_2026_table_that_names_old_districts_is_refused(db, tmp_path):
    """The old communes ended on 30/06/2025: a 2026 table grouped under their districts would write
    results onto units no longer in force; it is refused row by row and nothing is written."""
    st = open_store(db)
    before = {t: table_rows(st, t) for t in ("criterion_results", "changes", "units")}
    count = len(criteria.get_set(st, criteria.set_for_year(st, 2026)).criteria)
    st.close()
    header = ["STT", "Huyện", "Tên xã", *[f"TC{n}" for n in range(1, count + 1)]]
    path = write_table(tmp_path / "2026-huyen.xlsx", header,
                       [[1, "Sa Thầy", "Sa Nhơn", *["x"] * count], [2, "Đăk Hà", "Hà Mòn", *[None] * count]])
    result = ntm(db, "import-table", str(path), "--year", "2026")
    assert result.returncode == 3, result.stderr
    assert "Dòng 3: huyện «Sa Thầy» không còn từ 30/06/2025; năm 2026 không có cấp huyện" in result.stderr
    assert "Dòng 4: huyện «Đăk Hà» không còn từ 30/06/2025" in result.stderr
    st = open_store(db)
    assert {t: table_rows(st, t) for t in before} == before
    st.close()
    # the same table for 2025 (the year of the reform, reported on the old units) imports
    path25 = write_table(tmp_path / "2025-huyen.xlsx", ["STT", "Huyện", "Tên xã", *CRITERIA],
                         [[1, "Sa Thầy", "Sa Nhơn", *marks({1})]])
    assert ntm(db, "import-table", str(path25), "--year", "2025").returncode == 0


def test_a_table_with_another_number_of_criteria_than_the_set_is_refused(db, tmp_path):
    path = write_table(tmp_path / "2020-10.xlsx", ["STT", "Huyện", "Tên xã", *[f"TC{n}" for n in range(1, 11)]],
                       [[1, "Đăk Hà", "Hà Mòn", *["x"] * 10]])
    st = open_store(db)
    before = table_rows(st, "criterion_results")
    st.close()
    result = ntm(db, "import-table", str(path), "--year", "2020")
    assert result.returncode == 3
    assert "Bảng có 10 tiêu chí (dòng tiêu đề 2, trang «Sheet»" in result.stderr
    assert "bộ tiêu chí QG-2016-2020 áp dụng năm 2020 có 19 tiêu chí" in result.stderr
    st = open_store(db)
    assert table_rows(st, "criterion_results") == before
    st.close()


def test_a_commune_report_on_a_set_without_thresholds_says_so_once(db, tmp_path):
    """Issue 21 part 7: on QG-2026-2030 before its appendix is loaded, «chưa có ngưỡng» is said once
    above the table, not in every row of four pages."""
    pdf = report(db, tmp_path / "xa.pdf", "commune", "--year", "2026", "--code", "23326", "--format", "pdf")
    text = flat(pdf_text(pdf))
    assert "Bộ tiêu chí QG-2026-2030 chưa có ngưỡng cho chỉ tiêu nào" in text
    assert text.count("Chưa có ngưỡng") == 0
    old = flat(pdf_text(report(db, tmp_path / "xa19.pdf", "commune", "--year", "2024", "--code", "23326",
                               "--format", "pdf")))
    assert "Chưa có ngưỡng" in old and "chưa có ngưỡng cho chỉ tiêu nào" not in old  # a set with some thresholds
