"""Reading appendix workbooks (CONTRACT §7): the shared sample, region, group and common-column
layouts, what the preview lists, and each refusal naming the file, sheet and cell."""

import json
import zipfile

import openpyxl
import pytest

from ntm_desktop.criteria import workbook
from ntm_desktop.criteria.workbook.thresholds import parse
from ntm_desktop.errors import InputRejected
from tests.criteria.workbook import books

SAMPLE = "/work/shared/samples/criteria-set-sample.xlsx"


def read(path, **kw):
    return workbook.read_workbook(path, code=kw.pop("code", "T"), name="Bộ thử", from_date="2026-01-01", **kw)


@pytest.mark.parametrize(("cell", "op", "value", "unit", "text"), [
    ("≥ 90%", ">=", 90, "%", None), (">=90%", ">=", 90, "%", None), ("100%", ">=", 100, "%", None),
    ("≤ 5,5%", "<=", 5.5, "%", None), ("≥ 41", ">=", 41, None, None), ("Đạt", "==", True, None, "Đạt"),
    ("Có", "==", True, None, "Có"), ("Không", "==", False, None, "Không"),
    ("Đạt chuẩn", "==", True, None, "Đạt chuẩn"), ("< 3", "<", 3, None, None), ("> 2,25%", ">", 2.25, "%", None),
    ("Tối thiểu 85%", ">=", 85, "%", None), ("Đạt theo quy định", None, None, None, "Đạt theo quy định"),
])
def test_threshold_cells(cell, op, value, unit, text):
    parsed = parse(cell)
    assert (parsed.op, parsed.value, parsed.unit, parsed.text) == (op, value, unit, text)


def test_number_cells_and_empty_cells():
    assert parse(0.9, "0%").value == 90 and parse(0.9, "0%").unit == "%"
    assert (parse(41).op, parse(41).value) == (">=", 41)
    assert parse(None).kind == parse("-").kind == parse("  ").kind == "none"


@pytest.mark.skipif(not __import__("pathlib").Path(SAMPLE).exists(), reason="shared sample absent")
def test_the_shared_sample():
    preview = read(SAMPLE)
    doc = preview.document
    assert (doc["columns"], preview.header_row, preview.sheet) == ("group", 4, "Phụ lục")
    assert [g["name"] for g in doc["groups"]] == ["QUY HOẠCH", "HẠ TẦNG", "KINH TẾ"]
    assert [(c["number"], c["name"], [i["code"] for i in c["indicators"]]) for c in doc["criteria"]] == [
        (1, "Quy hoạch", ["1.1"]), (2, "Giao thông", ["2.1", "2.2"]), (3, "Thu nhập", ["3.1"]),
        (4, "Nghèo đa chiều", ["4.1", "4.2"])]
    income = doc["criteria"][2]["indicators"][0]
    assert (income["type"], income["unit"]) == ("number", "triệu đồng/người/năm")
    assert [(t["region"], t["op"], t["value"]) for t in doc["criteria"][1]["indicators"][0]["thresholds"]] == [
        ("1", ">=", 100), ("2", ">=", 90), ("3", ">=", 75)]
    assert preview.cells[("4.1", "1")] == "D13"
    assert preview.qualitative == [] and preview.replaces is False


def test_region_set_with_a_common_column(region_book):
    preview = read(region_book, source="Quyết định thử 1/QĐ-T")
    cs = preview.set
    assert cs.columns == "region"
    assert cs.column_keys() == ("*", "TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
    _, roads = cs.indicator("2.1")
    assert roads.type == "percent"
    assert {t.region: (t.op, t.value) for t in roads.thresholds}["DBSCL"] == (">=", 85.5)
    _, rule = cs.indicator("1.2")
    assert [(t.region, t.op, t.text) for t in rule.thresholds] == [("*", None, "Đạt theo quy định của tỉnh")]
    assert preview.qualitative == [{"sheet": "Phụ lục I", "cell": "D8", "indicator": "1.2", "column": "*",
                                    "text": "Đạt theo quy định của tỉnh"}]
    assert preview.document["decision"] == "Quyết định thử 1/QĐ-T"
    assert preview.document["sources"][0]["title"] == "Quyết định thử 1/QĐ-T"
    report = json.loads(json.dumps(preview.as_json(), ensure_ascii=False))
    assert (report["criteria"], report["indicators"]) == (4, 6)
    assert {"indicator": "4.1", "column": "BTB", "cell": "G12", "shown": "≤ 5,5%", "text": None, "unit": "%",
            "op": "<=", "value": 5.5} in report["thresholds"]


def test_group_set_keeps_qualitative_cells(group_book):
    preview = read(group_book)
    assert preview.set.columns == "group" and preview.set.column_keys() == ("1", "2", "3")
    assert [(q["cell"], q["text"]) for q in preview.qualitative] == [
        ("F7", "Đạt chuẩn theo Thông tư hướng dẫn"), ("F12", "Theo lộ trình của tỉnh")]
    _, station = preview.set.indicator("3.2")
    assert station.type == "bool"
    assert [(t.region, t.op, t.value, t.text) for t in station.thresholds] == [
        ("1", "==", 1.0, "Có"), ("2", "==", 1.0, "Có"), ("3", None, None, "Theo lộ trình của tỉnh")]


def test_common_column_set_without_group_rows(common_book):
    preview = read(common_book)
    assert preview.set.column_keys() == ("*",)
    assert [c.number for c in preview.set.criteria] == [1, 2, 3]
    assert len(preview.document["groups"]) == 1


def test_dates_default_to_the_period_and_bad_dates_are_refused(group_book):
    assert read(group_book).set.to_date == "2030-12-31"
    assert workbook.read_workbook(group_book, code="T", name="N", from_date="01/03/2021").set.from_date == "2021-03-01"
    with pytest.raises(InputRejected) as info:
        workbook.read_workbook(group_book, code="T", name="N", from_date="2026-13-01")
    assert info.value.key == "cwb.bad_date"
    with pytest.raises(InputRejected) as info:
        workbook.read_workbook(group_book, code="T", name="N", from_date="2026-01-01", to_date="2025-12-31")
    assert info.value.key == "cwb.dates_reversed"


def _edit(path, change):
    wb = openpyxl.load_workbook(path)
    change(wb.active)
    wb.save(path)
    return path


REFUSALS = {
    "no header": (lambda ws: ws.cell(4, 1, "Số"), "cwb.no_header", ["Phụ lục I"]),
    "out of sequence": (lambda ws: ws.cell(11, 1, 4), "cwb.out_of_sequence", ["A11", "4", "3"]),
    "same code twice": (lambda ws: ws.cell(10, 3, "2.1. Lặp lại"), "cwb.repeated_code", ["C10", "2.1", "C9"]),
    "code of another criterion": (lambda ws: ws.cell(10, 3, "3.1. Sai chỗ"), "cwb.foreign_code", ["C10", "3.1"]),
    "no threshold column": (lambda ws: [setattr(ws.cell(r, c), "value", None)
                                        for r, c in ((4, 4), (5, 4), (5, 5), (5, 6))],
                            "cwb.no_threshold_columns", ["Phụ lục I", "4"]),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_refusals_name_the_file_sheet_and_cell(name, group_book):
    change, key, words = REFUSALS[name]
    _edit(group_book, change)
    with pytest.raises(InputRejected) as info:
        read(group_book)
    assert info.value.key == key
    assert info.value.exit_code == 3
    message = info.value.message
    assert "nhom.xlsx" in message and "Phụ lục I" in message
    for word in words:
        assert word in message


def test_files_that_are_not_appendix_workbooks(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes(range(256)) * 8)
    other_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    keys = []
    for path in (empty, noise, other_zip, tmp_path / "missing.xlsx"):
        with pytest.raises(InputRejected) as info:
            read(path)
        keys.append(info.value.key)
        assert path.name in info.value.message
    assert keys == ["xlsx.empty", "xlsx.not_xlsx", "xlsx.not_xlsx", "xlsx.missing"]


def _with_merge(source, target, ref):
    """A copy of ``source`` whose first sheet claims one more merged range (written as XML:
    openpyxl itself would make an object per covered cell)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<mergeCells count="', b'<mergeCells count="1').replace(
                    b"</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>'.encode())
            new.writestr(item, data)
    return target


def test_huge_merged_ranges_and_far_cells_are_refused(group_book, tmp_path):
    huge = _with_merge(group_book, tmp_path / "huge.xlsx", "H1:XFD1048576")
    with pytest.raises(InputRejected) as info:
        read(huge)
    assert info.value.key == "cwb.too_large"
    far = _edit(group_book, lambda ws: ws.cell(900_000, 3, "xa"))
    with pytest.raises(InputRejected) as info:
        read(far)
    assert (info.value.key, "C900000" in info.value.message) == ("cwb.too_large", True)


def test_title_rows_and_a_single_header_row(tmp_path):
    path = books.build(tmp_path / "flat.xlsx", books.GROUP_COLUMNS, books.group_rows(), super_header=None,
                       title_rows=5)
    preview = read(path)
    assert preview.header_row == 7
    assert preview.set.column_keys() == ("1", "2", "3")
    assert len(preview.thresholds()) == 15


def test_indicator_codes_in_the_tt_column(tmp_path):
    rows = [("criterion", 1, "Giao thông", [("Tỷ lệ đường xã được nhựa hóa", ["≥ 90%"]),
                                            ("Tỷ lệ đường thôn được cứng hóa", ["≥ 70%"])])]
    path = books.build(tmp_path / "tt.xlsx", ["Chỉ tiêu chung"], rows, super_header=None)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.unmerge_cells("A5:A6")
    ws.cell(6, 1, "1.2.")
    wb.save(path)
    doc = read(path).document
    assert [(i["code"], i["name"]) for i in doc["criteria"][0]["indicators"]] == [
        ("1.1", "Tỷ lệ đường xã được nhựa hóa"), ("1.2", "Tỷ lệ đường thôn được cứng hóa")]
    ws.cell(6, 1, "2.2")
    wb.save(path)
    with pytest.raises(InputRejected) as info:
        read(path)
    assert info.value.key == "cwb.foreign_code" and "A6" in info.value.message
