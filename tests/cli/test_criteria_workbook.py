"""``ntm criteria import|export`` (CONTRACT §1, §7) run as ``python -m ntm_desktop`` on a real
database file: the dry run writes nothing, the import loads the set that ``criteria list``
shows, the export reads back the same, a refusal exits 3 naming the cell and changes nothing."""

import json

import openpyxl

from tests.cli.test_cli import ntm
from tests.criteria.workbook import books


def test_import_export_and_refusals(tmp_path):
    db = tmp_path / "ntm.sqlite3"
    assert ntm(db, "init", "--units", "none").returncode == 0
    book = books.build(tmp_path / "nhom.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                       super_header="Chỉ tiêu theo nhóm xã")
    before = books.dump(db)
    args = ("criteria", "import", str(book), "--code", "T-NHOM", "--name", "Bộ nhóm thử", "--from", "2026-01-01")

    dry = ntm(db, *args, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)
    assert (preview["dry_run"], preview["criteria"], preview["indicators"]) == (True, 3, 5)
    assert preview["column_keys"] == ["1", "2", "3"] and preview["replaces"] is False
    assert [q["cell"] for q in preview["qualitative"]] == ["F7", "F12"]
    assert {"indicator": "2.1", "column": "1", "cell": "D9", "shown": "≥ 100%", "text": None, "unit": "%",
            "op": ">=", "value": 100} in preview["thresholds"]
    assert books.dump(db) == before

    done = ntm(db, *args)
    assert done.returncode == 0, done.stderr
    assert "Đã nhập bộ tiêu chí T-NHOM: 3 tiêu chí, 5 chỉ tiêu." in done.stdout
    assert "F12" in done.stdout  # the qualitative cells are listed
    listed = json.loads(ntm(db, "criteria", "list", "--set", "T-NHOM", "--json").stdout)[0]
    assert (listed["kind"], listed["from_date"], listed["to_date"]) == ("xa", "2026-01-01", "2030-12-31")
    station = listed["criteria"][2]["indicators"][1]
    assert station["thresholds"] == {
        "1": {"value": True, "unit": None, "text": "Có"}, "2": {"value": True, "unit": None, "text": "Có"},
        "3": {"value": None, "unit": None, "text": "Theo lộ trình của tỉnh"}}
    roads = listed["criteria"][1]["indicators"][0]
    assert roads["thresholds"]["2"] == {"op": ">=", "value": 90, "unit": "%", "text": None}

    out = tmp_path / "xuat.xlsx"
    exported = ntm(db, "criteria", "export", "--set", "T-NHOM", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    again = json.loads(ntm(db, "criteria", "import", str(out), "--code", "T-NHOM", "--name", "Bộ nhóm thử",
                           "--from", "2026-01-01", "--dry-run", "--json").stdout)
    assert again["replaces"] is True and again["differences"] == []

    wb = openpyxl.load_workbook(book)
    wb.active.cell(10, 3, "3.1. Sai chỗ")
    wb.save(book)
    loaded = books.dump(db)
    refused = ntm(db, *args)
    assert refused.returncode == 3
    assert "nhom.xlsx" in refused.stderr and "Phụ lục I" in refused.stderr and "C10" in refused.stderr
    as_json = ntm(db, *args, "--json")
    assert as_json.returncode == 3 and "C10" in json.loads(as_json.stdout)["error"]
    english = ntm(db, *args, lang="en")
    assert "belongs to another criterion" in english.stderr
    assert books.dump(db) == loaded
