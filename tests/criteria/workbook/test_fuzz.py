"""Fuzzing the workbook reader: a few hundred seeded mutations of appendix workbooks (random
cell texts, deleted and inserted rows, merged ranges, swapped columns). Each must load a valid
set or be refused with InputRejected, never another exception, and a refusal must leave the
database exactly as it was."""

import random

import openpyxl
from openpyxl.cell.cell import MergedCell

from ntm_desktop import criteria
from ntm_desktop.criteria import workbook
from ntm_desktop.errors import InputRejected
from tests.criteria.workbook import books

CASES = 300
TEXTS = [
    None, "", " ", "TT", "STT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu", "Chỉ tiêu chung", "Mức đạt",
    "Xã nhóm 1", "Nhóm 2", "Nhóm 4", "TN", "ĐBSH", "Tây Nguyên", "Chỉ tiêu theo vùng", "I", "II", "IV", "XX", "1",
    "2", "3", "7", "1.1", "2.1.", "2.1. Tỷ lệ", "3.1 Thu nhập", "9.9.9. x", "TC5. y", "≥ 90%", ">=90%", "100%",
    "≤ 5,5%", "≥ 41", "≥ 120%", "< -3", "Đạt", "Có", "Không", "Đạt chuẩn", "x" * 300, "=SUM(A1:A3)", "#REF!",
    "\u200b", "ｔｔ", "Ｉ", 0, 1, 2.5, -1, 10**12, float("nan"), True, False, 0.9, "1/1/2020", "%", "≥", "-",
]


def _mutate(ws, rng):
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(("text", "text", "delete", "insert", "merge", "swap", "unmerge"))
        max_row, max_col = max(ws.max_row, 2), max(ws.max_column, 2)
        if kind == "text":
            cell = ws.cell(rng.randint(1, max_row + 2), rng.randint(1, max_col + 1))
            if not isinstance(cell, MergedCell):
                cell.value = rng.choice(TEXTS)
        elif kind == "delete":
            ws.delete_rows(rng.randint(1, max_row), rng.randint(1, 2))
        elif kind == "insert":
            ws.insert_rows(rng.randint(1, max_row))
        elif kind == "merge":
            top, left = rng.randint(1, max_row), rng.randint(1, max_col)
            try:
                ws.merge_cells(start_row=top, start_column=left, end_row=top + rng.randint(0, 3),
                               end_column=left + rng.randint(0, 2))
            except ValueError:
                pass
        elif kind == "unmerge" and ws.merged_cells.ranges:
            try:  # openpyxl stumbles on a range whose rows were deleted under it
                ws.unmerge_cells(str(rng.choice(sorted(ws.merged_cells.ranges, key=str))))
            except (KeyError, ValueError):
                pass
        elif kind == "swap":
            a, b = rng.sample(range(1, max_col + 1), 2)
            for row in range(1, max_row + 1):
                ca, cb = ws.cell(row, a), ws.cell(row, b)
                if not isinstance(ca, MergedCell) and not isinstance(cb, MergedCell):
                    ca.value, cb.value = cb.value, ca.value


def test_mutated_workbooks_load_or_are_refused(empty, db_path, tmp_path):
    rng = random.Random(20261206)
    bases = [
        books.build(tmp_path / "vung.xlsx", books.REGION_COLUMNS, books.region_rows(), common=True),
        books.build(tmp_path / "nhom.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                    super_header="Chỉ tiêu theo nhóm xã"),
        books.build(tmp_path / "chung.xlsx", ["Chỉ tiêu chung"], books.common_rows(), super_header=None),
    ]
    loaded, refused = 0, {}
    before = books.dump(db_path)
    for case in range(CASES):
        wb = openpyxl.load_workbook(rng.choice(bases))
        _mutate(wb.active, rng)
        path = tmp_path / f"case-{case % 7}.xlsx"
        wb.save(path)
        try:
            preview = workbook.preview_import(empty, path, code=f"F{case % 3}", name="Bộ thử", from_date="2026-01-01")
        except InputRejected as exc:
            refused[exc.key] = refused.get(exc.key, 0) + 1
            assert exc.message and str(path.name) in exc.message or exc.key == "cwb.no_code_name", (case, exc.key)
            after = books.dump(db_path)
            assert after == before, f"case {case}: the database changed after a refusal"
            continue
        criteria.validate(preview.document, path)
        assert preview.set.criteria
        if case % 5 == 0:
            workbook.apply(empty, preview)
            before = books.dump(db_path)
        loaded += 1
    # the mutations are neither all harmless nor all fatal
    assert loaded > CASES // 10, refused
    assert sum(refused.values()) > CASES // 10
    assert len(refused) >= 3, refused
