"""Issue 17 "Done when", end to end through ``ntm`` on real files: a province loads the 2026-2030
set's appendix (group columns) from a workbook over the shipped placeholder set, classifies a
commune into a group from a day, and the commune is assessed on its group's threshold; a second
fact from a later day changes the result; export then import gives the same set."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from tests.cli.conftest import as_json
from tests.cli.test_cli import ntm

NAMES = ["Quy hoạch", "Hạ tầng kinh tế - xã hội", "Phát triển kinh tế nông thôn", "Đào tạo nguồn nhân lực nông thôn",
         "Văn hóa, giáo dục, y tế", "Giảm nghèo và an sinh xã hội", "Khoa học công nghệ và chuyển đổi số",
         "Môi trường và cảnh quan nông thôn", "Xây dựng hệ thống chính trị và hành chính công",
         "Tiếp cận pháp luật và an ninh, quốc phòng"]
# made-up thresholds of the appendix's shape (never a real one): criterion 2 by group
ROAD = ("≥ 90%", "≥ 80%", "≥ 70%")


def appendix(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục I"
    ws.append(["PHỤ LỤC I (mẫu thử, ngưỡng không có thật)"])
    ws.append(["TT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu theo nhóm xã", None, None])
    ws.append([None, None, None, "Xã nhóm 1", "Xã nhóm 2", "Xã nhóm 3"])
    ws.merge_cells("D2:F2")
    ws.append(["I", "CÁC TIÊU CHÍ"])
    for number, name in enumerate(NAMES, start=1):
        if number == 2:
            ws.append([2, name, "2.1. Tỷ lệ km đường xã được cứng hóa", *ROAD])
        else:
            ws.append([number, name, f"{number}.1. Đạt yêu cầu của tiêu chí", "Đạt", "Đạt", "Đạt"])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def loaded(kontum_eras_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("groups")
    db = folder / "kt.sqlite3"
    shutil.copy(kontum_eras_db, db)
    result = ntm(db, "criteria", "import", str(appendix(folder / "phu-luc-1.xlsx")), "--code", "QG-2026-2030",
                 "--name", "Bộ tiêu chí xã NTM 2026-2030", "--from", "2026-02-15", "--to", "2030-12-31",
                 "--source", "Phụ lục I (mẫu thử)", "--json")
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def db(loaded, tmp_path):
    path = tmp_path / "kt.sqlite3"
    shutil.copy(loaded, path)
    return path


def road(db):
    sets = as_json(ntm(db, "criteria", "list", "--set", "QG-2026-2030", "--json"))
    (indicator,) = sets[0]["criteria"][1]["indicators"]
    return indicator


def met_2(db, code="23326"):
    card = as_json(ntm(db, "report", "commune", "--year", "2026", "--code", code, "--format", "json"))
    (row,) = [r for r in card["rows"] if r["number"] == 2]
    return row["computed"]


def test_the_appendix_loads_with_its_group_columns(db):
    indicator = road(db)
    assert {k: (v["op"], v["value"]) for k, v in indicator["thresholds"].items()} == {
        "1": (">=", 90), "2": (">=", 80), "3": (">=", 70)}
    assert as_json(ntm(db, "summary", "--year", "2026", "--json"))["criteria_count"] == 10


def test_a_commune_is_assessed_on_its_group_from_its_day(db):
    assert ntm(db, "set", "--year", "2026", "--code", "23326", "--indicator", "2.1", "--value", "75").returncode == 0
    assert met_2(db) == "unknown"  # no group yet: no threshold for 75% («chưa có ngưỡng»)
    assert ntm(db, "units", "classify", "--code", "23326", "--group", "3", "--from", "2026-01-01").returncode == 0
    assert met_2(db) == "met"  # group 3: ≥ 70%
    assert ntm(db, "units", "classify", "--code", "23326", "--group", "1", "--from", "2026-06-01").returncode == 0
    assert met_2(db) == "not_met"  # group 1 on the year's last day: ≥ 90%
    summary = as_json(ntm(db, "summary", "--year", "2026", "--json"))
    assert summary["per_criterion"]["2"] == 0


def test_export_then_import_gives_the_same_set(db, tmp_path):
    before = as_json(ntm(db, "criteria", "list", "--set", "QG-2026-2030", "--json"))
    out = tmp_path / "xuat.xlsx"
    assert ntm(db, "criteria", "export", "--set", "QG-2026-2030", "--out", str(out)).returncode == 0
    again = as_json(ntm(db, "criteria", "import", str(out), "--code", "QG-2026-2030", "--name",
                        "Bộ tiêu chí xã NTM 2026-2030", "--from", "2026-02-15", "--dry-run", "--json"))
    assert again["replaces"] is True and again["differences"] == []  # the round trip: nothing differs
    assert len(again["thresholds"]) == 30 and again["column_keys"] == ["1", "2", "3"]
    assert ntm(db, "criteria", "import", str(out), "--code", "QG-2026-2030", "--name", "Bộ tiêu chí xã NTM 2026-2030",
               "--from", "2026-02-15").returncode == 0
    after = as_json(ntm(db, "criteria", "list", "--set", "QG-2026-2030", "--json"))
    assert [c["indicators"] for c in after[0]["criteria"]] == [c["indicators"] for c in before[0]["criteria"]]
