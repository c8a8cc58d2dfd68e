"""The funding workbook (docs/planning.md): written with openpyxl as a province fills it,
imported (the published total), imported again (nothing changes), exported and imported back;
a bad cell is refused naming the file, sheet and cell; seeded random mutations either import or
are refused, never another exception, and a refusal leaves the database as it was."""

from __future__ import annotations

import random

import pytest
from openpyxl import Workbook, load_workbook

from ntm_desktop import funding, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.funding import workbook
from tests.targets.conftest import dump

HEADER = ["Năm", "Huyện", "Xã", "Mã xã", "Nguồn vốn", "Cấp", "Loại", "Số tiền (triệu đồng)", "Ghi chú"]
ROWS = [
    [2020, "", "", "", "Ngân sách trung ương", "", "Giải ngân", 920700, ""],
    [2020, "", "", "", "local", "tỉnh", "", 207906, ""],
    [2020, "", "", "", "Vốn chuyển nguồn", "", "", "6.504", ""],
    [2020, "", "", "", "Lồng ghép", "", "", 405591, ""],
    [2020, "", "", "", "Tín dụng", "", "", 167801, ""],
    [2020, "", "", "", "Doanh nghiệp", "", "", 53443, ""],
    [2020, "Toàn tỉnh", "", "", "Nhân dân, cộng đồng", "", "", 85616, "dân góp ngày công quy ra tiền"],
    [2020, "", "", "", "Ngân sách trung ương", "", "Kế hoạch", 1000000, ""],
    [2020, "Đăk Hà", "", "", "central", "", "", 12000.5, ""],
    [2020, "Đăk Hà", "Hà Mòn", "", "local", "xã", "", 300, ""],
    [2020, "", "", "23521", "people", "", "", 45, ""],
]


def make(path, rows=ROWS):
    wb = Workbook()
    ws = wb.active
    ws.title = "Nguồn vốn"
    ws.append(["NGUỒN VỐN THỰC HIỆN CHƯƠNG TRÌNH NĂM 2020 (triệu đồng)"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_import_gives_the_published_total_and_twice_changes_nothing(kontum, tmp_path):
    path = make(tmp_path / "nguon-von.xlsx")
    assert workbook.import_file(kontum, path, dry_run=True)["changed"] == len(ROWS)
    assert funding.summary(kontum, 2020, 2020)["total"] == 0
    assert workbook.import_file(kontum, path)["changed"] == len(ROWS)
    figures = funding.summary(kontum, 2020, 2020)
    assert funding.billions(figures["total"]) == "1.847,561 tỷ đồng"
    assert figures["plan"]["by_source"]["central"] == 1000000
    dak_ha = units.resolve_district(kontum, "Đăk Hà")
    ha_mon = units.resolve_commune(kontum, "Hà Mòn", "Đăk Hà")
    assert funding.summary(kontum, 2020, 2020, dak_ha)["total"] == 12000.5
    assert funding.summary(kontum, 2020, 2020, ha_mon)["by_source"] == {
        "central": 0, "local": 300, "carried": 0, "integrated": 0, "credit": 0, "enterprise": 0, "people": 45}
    before = dump(kontum)
    assert workbook.import_file(kontum, path)["changed"] == 0
    assert dump(kontum) == before
    out = workbook.write(kontum, tmp_path / "xuat.xlsx")
    assert workbook.import_file(kontum, out)["changed"] == 0
    assert dump(kontum) == before


def test_an_import_replaces_the_figures_of_its_keys_only(kontum, tmp_path):
    funding.add(kontum, funding.entry(kontum, year=2020, source="central", amount=5))
    funding.add(kontum, funding.entry(kontum, year=2020, source="central", amount=7))
    funding.add(kontum, funding.entry(kontum, year=2019, source="central", amount=11))
    workbook.import_file(kontum, make(tmp_path / "a.xlsx", ROWS[:1]))
    assert funding.summary(kontum, 2020, 2020)["total"] == 920700  # 5 and 7 replaced
    assert funding.summary(kontum, 2019, 2019)["total"] == 11  # another year stays


def test_english_labels_from_an_english_template_import_too(kontum, tmp_path, english):
    funding.put(kontum, [funding.entry(kontum, year=2020, source="credit", amount=3, level=None, kind="plan")])
    out = workbook.write(kontum, tmp_path / "en.xlsx")
    ws = load_workbook(out).active
    assert [c.value for c in ws[3]][4:8] == ["Credit", None, "plan", 3]
    assert workbook.import_file(kontum, out)["changed"] == 0


@pytest.mark.parametrize(("row", "cell", "words"), [
    ([2020, "", "", "", "Ngân sách trung ương", "", "", -5, ""], "H3", ["-5"]),
    ([2020, "", "", "", "vốn vay ngân hàng thế giới", "", "", 5, ""], "E3", ["vốn vay ngân hàng thế giới", "central"]),
    ([2020, "", "", "", "central", "huyện", "", 5, ""], "F3", ["central"]),
    ([2020, "", "", "", "local", "thôn", "", 5, ""], "F3", ["thôn"]),
    ([2020, "", "", "", "credit", "", "dự kiến", 5, ""], "G3", ["dự kiến"]),
    ([2020, "", "", "", "credit", "", "", "năm tỷ", ""], "H3", ["năm tỷ"]),
    ([2020, "Đăk Hàaa", "", "", "credit", "", "", 5, ""], "B3", ["Đăk Hàaa", "Đăk Hà"]),
    ([2020, "Đăk Hà", "Hà Mònn", "", "credit", "", "", 5, ""], "C3", ["Hà Mònn", "Hà Mòn"]),
    (["", "", "", "", "credit", "", "", 5, ""], "A3", []),
    ([2020, "", "", "", "", "", "", 5, ""], "E3", []),
])
def test_a_bad_cell_is_refused_naming_file_sheet_and_cell(kontum, tmp_path, row, cell, words):
    path = make(tmp_path / "sai.xlsx", [row, *ROWS])
    before = dump(kontum)
    with pytest.raises(InputRejected) as refused:
        workbook.import_file(kontum, path)
    message = str(refused.value)
    assert "sai.xlsx" in message and "Nguồn vốn" in message and f"ô {cell}" in message, message
    assert all(w in message for w in words), message
    assert dump(kontum) == before


def test_the_same_figure_twice_is_refused(kontum, tmp_path):
    before = dump(kontum)
    with pytest.raises(InputRejected, match="credit"):
        workbook.import_file(kontum, make(tmp_path / "hai.xlsx", [ROWS[4], ROWS[4]]))
    assert dump(kontum) == before


_VALUES = [None, "", " ", "x", -1, 0, 1, 2.5, 1e308, "2020", "Đăk Hà", "Hà Mòn", "=1+1", "local", "central", "xã",
           "huyện", "Kế hoạch", 1999, 2101, True, "23521", "\u0301", "1.234,5", "-0"]


def test_random_mutations_import_or_are_refused_never_anything_else(kontum, tmp_path):
    rng = random.Random(1847)
    outcomes = {"imported": 0, "refused": 0}
    for round_ in range(60):
        path = make(tmp_path / f"fuzz-{round_}.xlsx")
        wb = load_workbook(path)
        for _ in range(rng.randint(1, 4)):
            wb.active.cell(rng.randint(1, 14), rng.randint(1, 10)).value = rng.choice(_VALUES)
        wb.save(path)
        if rng.random() < 0.15:
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
