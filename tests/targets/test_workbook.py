"""The targets workbook (docs/planning.md): written with openpyxl as a person would fill it,
imported, imported again (nothing changes), exported and imported back; a bad cell is refused
naming the file, sheet and cell; seeded random mutations either import or are refused, never
another exception, and a refusal leaves the database as it was."""

from __future__ import annotations

import random

import pytest
from openpyxl import Workbook, load_workbook

from ntm_desktop import targets
from ntm_desktop.errors import InputRejected
from ntm_desktop.targets import workbook
from tests.targets.conftest import dump

ROWS = [[2020, "", 2, 35, "05/NQ-TU", ""], [2020, "Toàn tỉnh", 17, 40, "05/NQ-TU", ""],
        [2020, "Đăk Hà", 2, 8, "", "huyện tự đặt"], [2019, "Huyện Sa Thầy", 3, 5, "", ""]]
COMMUNE_ROWS = [[2022, "Đăk Hà", "Hà Mòn", "", "Đạt chuẩn", "", "05/NQ-TU", ""],
                [2025, "", "", "23521", "nâng cao", "", "", ""],
                [2021, "Đăk Hà", "Xã Hà Mòn", "", "Tiêu chí", 17, "", ""]]


def make(path, rows=ROWS, commune_rows=COMMUNE_ROWS):
    wb = Workbook()
    ws = wb.active
    ws.title = "Mục tiêu"
    ws.append(["MỤC TIÊU THEO NGHỊ QUYẾT 05/NQ-TU"])
    ws.append([])
    ws.append(["Năm", "Huyện", "Tiêu chí", "Số xã", "Nghị quyết", "Ghi chú"])
    for row in rows:
        ws.append(row)
    ws2 = wb.create_sheet("Mục tiêu của xã")
    ws2.append(["Năm", "Huyện", "Xã", "Mã xã", "Mục tiêu", "Tiêu chí", "Nghị quyết", "Ghi chú"])
    for row in commune_rows:
        ws2.append(row)
    wb.save(path)
    return path


def test_import_twice_export_and_back(kontum, tmp_path):
    path = make(tmp_path / "muc-tieu.xlsx")
    dry = workbook.import_file(kontum, path, dry_run=True)
    assert (dry["targets"], dry["commune_targets"], dry["changed"]) == (4, 3, 7)
    assert targets.listing(kontum) == []
    result = workbook.import_file(kontum, path)
    assert result["changed"] == 7
    rows = targets.listing(kontum)
    counts = [(r["year"], r["district"] or "", r["criterion"], r["communes"]) for r in rows if r["kind"] == "communes"]
    assert sorted(counts) == [(2019, "Sa Thầy", 3, 5), (2020, "", 2, 35), (2020, "", 17, 40), (2020, "Đăk Hà", 2, 8)]
    assert sorted((r["kind"], r["year"], r["commune"]) for r in rows if r["kind"] != "communes") == [
        ("criterion", 2021, "Hà Mòn"), ("nang-cao", 2025, "Hà Mòn"), ("ntm", 2022, "Hà Mòn")]
    before = dump(kontum)
    assert workbook.import_file(kontum, path)["changed"] == 0
    assert dump(kontum) == before
    out = workbook.write(kontum, tmp_path / "xuat.xlsx")
    assert load_workbook(out).sheetnames == ["Mục tiêu", "Mục tiêu của xã"]
    assert workbook.import_file(kontum, out)["changed"] == 0
    assert dump(kontum) == before


def test_an_empty_template_is_written_and_reads_as_nothing(kontum, tmp_path):
    out = workbook.write(kontum, tmp_path / "mau.xlsx")
    assert workbook.import_file(kontum, out) == {"file": str(out), "targets": 0, "commune_targets": 0,
                                                 "changed": 0, "dry_run": False}


@pytest.mark.parametrize(("rows", "commune_rows", "cell", "words"), [
    ([[2020, "", 2, 86, "", ""]], [], "D5", ["86", "85"]),
    ([[2020, "", 20, 5, "", ""]], [], "D5", ["20", "19"]),
    ([[2020, "", 2, "ba mươi", "", ""]], [], "D5", ["ba mươi"]),
    ([[2020, "", 2, -3, "", ""]], [], "D5", ["-3"]),
    ([[2020, "Đăk Hàa", 2, 3, "", ""]], [], "B5", ["Đăk Hàa", "Đăk Hà"]),
    ([["năm nay", "", 2, 3, "", ""]], [], "A5", ["năm nay"]),
    ([[2020, "", None, 3, "", ""]], [], "C5", []),
    ([], [[2022, "Đăk Hà", "Hà Mònn", "", "Đạt chuẩn", "", "", ""]], "C2", ["Hà Mònn", "Hà Mòn"]),
    ([], [[2022, "", "", "99999", "Đạt chuẩn", "", "", ""]], "D2", ["99999"]),
    ([], [[2022, "Đăk Hà", "Hà Mòn", "", "xuất sắc", "", "", ""]], "E2", ["xuất sắc"]),
])
def test_a_bad_cell_is_refused_naming_file_sheet_and_cell(kontum, tmp_path, rows, commune_rows, cell, words):
    path = make(tmp_path / "sai.xlsx", ROWS[:1] + rows, commune_rows)
    before = dump(kontum)
    with pytest.raises(InputRejected) as refused:
        workbook.import_file(kontum, path)
    message = str(refused.value)
    assert "sai.xlsx" in message and f"ô {cell}" in message, message
    assert all(w in message for w in words), message
    assert dump(kontum) == before
    assert not (tmp_path / "backups").exists()  # a refused file makes no backup


def test_not_a_workbook_is_refused(kontum, tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    before = dump(kontum)
    with pytest.raises(InputRejected):
        workbook.import_file(kontum, path)
    assert dump(kontum) == before


_VALUES = [None, "", " ", "x", -1, 0, 1, 2.5, 10**9, "2020", "Đăk Hà", "Hà Mòn", "=1+1", "nâng cao", "tiêu chí",
           19, 20, 85, 86, 1999, 2101, True, "23521", "\u0301", "Toàn tỉnh"]


def test_random_mutations_import_or_are_refused_never_anything_else(kontum, tmp_path):
    rng = random.Random(18)
    outcomes = {"imported": 0, "refused": 0}
    for round_ in range(60):
        path = make(tmp_path / f"fuzz-{round_}.xlsx")
        wb = load_workbook(path)
        for _ in range(rng.randint(1, 4)):
            ws = wb.worksheets[rng.randrange(2)]
            ws.cell(rng.randint(1, 7), rng.randint(1, 9)).value = rng.choice(_VALUES)
        wb.save(path)
        if rng.random() < 0.15:  # sometimes a damaged file
            data = path.read_bytes()
            path.write_bytes(data[: rng.randrange(len(data))])
        before = dump(kontum)
        try:
            workbook.import_file(kontum, path)
            outcomes["imported"] += 1
        except InputRejected:
            assert dump(kontum) == before
            outcomes["refused"] += 1
    assert outcomes["imported"] and outcomes["refused"], outcomes
