"""Appendix workbooks in the layout of CONTRACT §7, written with openpyxl for the tests.

``rows`` is a list of ``("group", "I", "QUY HOẠCH")`` and ``("criterion", number, name,
[(content, [cell per threshold column]), …])``; a criterion's TT and name are merged down over
its indicator rows, as in the decisions' appendices."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import openpyxl

REGION_COLUMNS = ["Trung du miền núi phía Bắc", "ĐBSH", "BTB", "DHNTB", "Tây Nguyên", "ĐNB", "ĐBSCL"]
GROUP_COLUMNS = ["Xã nhóm 1", "Xã nhóm 2", "Xã nhóm 3"]


def region_rows() -> list[Any]:
    """A region set with a common column first: qualitative cells, a percent, an income."""
    return [
        ("group", "I", "QUY HOẠCH"),
        ("criterion", 1, "Quy hoạch", [
            ("1.1. Có quy hoạch chung xây dựng xã được phê duyệt", ["Đạt", *["Đạt"] * 7]),
            ("1.2 Ban hành quy định quản lý quy hoạch", ["Đạt theo quy định của tỉnh", *[None] * 7]),
        ]),
        ("group", "II", "HẠ TẦNG KINH TẾ - XÃ HỘI"),
        ("criterion", 2, "Giao thông", [
            ("2.1. Tỷ lệ đường xã được nhựa hóa", ["100%", "≥ 90%", ">=95%", "≥ 90%", "≥ 90%", "≥ 80%", "100%",
                                                   "≥ 85,5%"]),
        ]),
        ("criterion", 3, "Thu nhập", [
            ("3.1. Thu nhập bình quân đầu người (triệu đồng/người/năm)", [None, "≥ 36", "≥ 50", "≥ 36", "≥ 41",
                                                                           "≥ 41", "≥ 59", "≥ 50"]),
        ]),
        ("criterion", 4, "Hộ nghèo", [
            ("4.1. Tỷ lệ hộ nghèo đa chiều", ["≤ 6%", "≤ 12%", "≤ 2%", "≤ 5,5%", "≤ 6%", "≤ 10%", "≤ 1%", "≤ 4%"]),
            ("4.2. Không có hộ nghèo thuộc diện người có công", ["Không", *["Không"] * 7]),
        ]),
    ]


def group_rows() -> list[Any]:
    return [
        ("group", "I", "QUY HOẠCH"),
        ("criterion", 1, "Quy hoạch", [
            ("1.1. Quy hoạch chung xây dựng xã", ["Đạt", "Đạt", "Đạt chuẩn theo Thông tư hướng dẫn"]),
        ]),
        ("group", "II", "HẠ TẦNG"),
        ("criterion", 2, "Giao thông", [
            ("2.1. Tỷ lệ km đường xã được cứng hóa", ["100%", "≥ 90%", "≥ 75%"]),
            ("2.2. Tỷ lệ km đường thôn được cứng hóa", ["≥ 85%", "≥ 70%", "≥ 50%"]),
        ]),
        ("criterion", 3, "Y tế", [
            ("3.1. Tỷ lệ người dân tham gia bảo hiểm y tế", ["≥ 95%", "≥ 90%", "≥ 85%"]),
            ("3.2. Trạm y tế xã đạt chuẩn", ["Có", "Có", "Theo lộ trình của tỉnh"]),
        ]),
    ]


def common_rows() -> list[Any]:
    return [
        ("criterion", 1, "Quy hoạch", [("1.1. Có quy hoạch chung", ["Đạt"])]),
        ("criterion", 2, "Điện", [("2.1. Tỷ lệ hộ sử dụng điện thường xuyên, an toàn", ["≥ 98%"])]),
        ("criterion", 3, "Môi trường", [
            ("3.1. Tỷ lệ chất thải rắn được thu gom", ["≥ 80%"]),
            ("3.2. Mai táng phù hợp với quy định", ["Phù hợp quy định và hương ước"]),
        ]),
    ]


def build(path: Path, columns: list[str], rows: list[Any], *, common: bool = False,
          super_header: str | None = "Chỉ tiêu theo vùng", title_rows: int = 2) -> Path:
    """Write the appendix; ``common`` adds a "Chỉ tiêu chung" column before ``columns``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục I"
    labels = (["Chỉ tiêu chung"] if common else []) + list(columns)
    last = 3 + len(labels)
    for row in range(1, title_rows + 1):
        ws.cell(row, 1, "PHỤ LỤC" if row == 1 else "BỘ TIÊU CHÍ THỬ (không phải ngưỡng thật)")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    head = title_rows + 2
    for col, title in enumerate(("TT", "Tên tiêu chí", "Nội dung tiêu chí"), start=1):
        ws.cell(head, col, title)
    if super_header:
        first = 4 + (1 if common else 0)
        ws.cell(head, first, super_header)
        ws.merge_cells(start_row=head, start_column=first, end_row=head, end_column=last)
        if common:
            ws.cell(head, 4, "Chỉ tiêu chung")
        for offset, title in enumerate(columns):
            ws.cell(head + 1, first + offset, title)
        for col in [1, 2, 3] + ([4] if common else []):
            ws.merge_cells(start_row=head, start_column=col, end_row=head + 1, end_column=col)
        row = head + 2
    else:
        for offset, title in enumerate(labels):
            ws.cell(head, 4 + offset, title)
        row = head + 1
    for entry in rows:
        if entry[0] == "group":
            ws.cell(row, 1, entry[1])
            ws.cell(row, 2, entry[2])
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
            row += 1
            continue
        _, number, name, indicators = entry
        first_row = row
        ws.cell(row, 1, number)
        ws.cell(row, 2, name)
        for content, cells in indicators:
            ws.cell(row, 3, content)
            for offset, value in enumerate(cells):
                if value is not None:
                    ws.cell(row, 4 + offset, value)
            row += 1
        if row - 1 > first_row:
            ws.merge_cells(start_row=first_row, start_column=1, end_row=row - 1, end_column=1)
            ws.merge_cells(start_row=first_row, start_column=2, end_row=row - 1, end_column=2)
    wb.save(path)
    return path


def dump(db: Path | str) -> list[str]:
    """The whole database as SQL text, to compare before and after a refusal."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
