"""Group rows of the change log: a legacy table logs one change per commune row, and
history, undo and sync still see one change per criterion (audit.members)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl

from ntm_desktop import assessments, criteria, history, periods
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.store import audit
from ntm_desktop.store.database import dumps, open_store
from ntm_desktop.sync import merge, versions
from ntm_desktop.sync.entities.criterion_results import CRITERION_RESULTS
from ntm_desktop.sync.package import export
from tests.sync.test_support import content, make_store, set_official

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "legacy-table-2019.xlsx"


def import_table(store, path=SAMPLE, year=2019):
    return legacy_table.apply(store, legacy_table.read_table(store, path, year), year)


def flipped(tmp_path: Path, row: int, number: int) -> Path:
    """The sample with one mark flipped (sheet row ``row``, criterion ``number``)."""
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb.active
    cell = ws.cell(row, 3 + number)
    cell.value = None if cell.value == "x" else "x"
    out = tmp_path / f"flipped-{row}-{number}.xlsx"
    wb.save(out)
    return out


def member_key(store, preview_row, number, year=2019):
    return f"cr|{preview_row.unit.nkey}|{year}|{criteria.set_for_year(store, year)}|{number}"


def test_one_group_row_per_commune_row_standing_for_each_criterion(store):
    preview = legacy_table.read_table(store, SAMPLE, 2019)
    result = legacy_table.apply(store, preview, 2019)
    rows = store.query("SELECT nkey, op, old, new, hlc FROM changes WHERE batch = ?", [result.batch])
    assert len(rows) == result.imported == len(preview.rows)
    stored = {(r["nkey"], r["hlc"]): r["official"] for r in store.query(
        "SELECT 'cr|' || u.nkey || '|' || r.period || '|' || s.code || '|' || c.number AS nkey, r.hlc, r.official"
        " FROM criterion_results r JOIN units u ON u.id = r.commune_id JOIN criteria c ON c.id = r.criterion_id"
        " JOIN criteria_sets s ON s.id = c.set_id")}
    seen = 0
    for row in rows:
        assert audit.is_group(row["nkey"]) and row["op"] == "insert" and row["old"] is None
        assert row["new"] == dumps(json.loads(row["new"]))  # canonical, as every change-log state
        parts = audit.members(row["nkey"], row["old"], row["new"])
        assert sorted(int(p[0].rsplit("|", 1)[1]) for p in parts) == list(range(1, 20))
        for nkey, op, old, new in parts:
            assert op == "insert" and old is None
            assert stored[(nkey, row["hlc"])] == new["official"]  # the member is the stored version
            seen += 1
    assert seen == len(stored) == 19 * len(preview.rows)


def test_reimport_logs_only_what_changed_with_its_old_state(store, tmp_path):
    preview = legacy_table.read_table(store, SAMPLE, 2019)
    import_table(store)
    target = preview.rows[0]
    number = next(n for n, met in target.marks.items() if met)
    again = import_table(store, flipped(tmp_path, target.row, number))
    assert (again.updated, again.unchanged) == (1, len(preview.rows) - 1)
    (row,) = store.query("SELECT nkey, op, old, new FROM changes WHERE batch = ?", [again.batch])
    assert row["op"] == "update"
    assert json.loads(row["old"]) == {str(number): {"official": 1, "note": None, "source": "imported"}}
    assert json.loads(row["new"]) == {str(number): {"official": 0, "note": None, "source": "imported"}}
    assert (row["old"], row["new"]) == (dumps(json.loads(row["old"])), dumps(json.loads(row["new"])))
    history = audit.history(store, member_key(store, target, number))
    assert [(e.op, e.old and e.old["official"], e.new["official"]) for e in history] == [
        ("update", 1, 0), ("insert", None, 1)]
    # a criterion the second import did not change has only the first import in its history
    other = next(n for n in range(1, 20) if n != number)
    assert [e.op for e in audit.history(store, member_key(store, target, other))] == ["insert"]


def test_undo_and_redo_of_a_grouped_import(store):
    before = content(store)["results"]
    result = import_table(store)
    after = content(store)["results"]
    undo = history.revert_batch(store, result.batch)
    assert [r[:6] for r in content(store)["results"]] == [(*r[:4], None, None) for r in after]
    assert before == [] or all(r[4] is None for r in content(store)["results"])
    history.revert_batch(store, undo.id)  # redo of the undo: every status back
    assert [r[:5] for r in content(store)["results"]] == [r[:5] for r in after]


def test_eventful_records_and_ancestry_count_group_rows(store, tmp_path):
    preview = legacy_table.read_table(store, SAMPLE, 2019)
    import_table(store)
    assert versions._eventful(store, "criterion_result") == set()  # one insertion each
    first, second = preview.rows[0], preview.rows[1]
    # by hand on one criterion, and a re-import flipping another commune's criterion
    assessments.set_official(store, first.unit, periods.Period(2019, "Y"), 3, not first.marks[3])
    number = next(n for n, met in second.marks.items() if met)
    import_table(store, flipped(tmp_path, second.row, number))
    eventful = versions._eventful(store, "criterion_result")
    assert eventful == {member_key(store, first, 3), member_key(store, second, number)}
    everything = versions.ancestry(store, "criterion_result", CRITERION_RESULTS.state_key)
    listed = versions.ancestry(store, "criterion_result", CRITERION_RESULTS.state_key, sorted(eventful))
    assert set(everything) == eventful
    for nkey in eventful:
        assert everything[nkey].vector == listed[nkey].vector and everything[nkey].bases == listed[nkey].bases
        # both versions' contents are known: the imported one and the one after it
        assert len(listed[nkey].bases) == 2


def test_a_package_carries_the_group_rows_and_the_receiver_logs_nothing_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    for name in ("district", "province", "usb"):
        (tmp_path / name).mkdir()
    district = make_store(tmp_path / "district" / "ntm.sqlite3", "Phòng NN")
    province = make_store(tmp_path / "province" / "ntm.sqlite3", "Sở NN")
    try:
        result = import_table(district)
        package = export.export_package(district, tmp_path / "usb")
        with zipfile.ZipFile(package.path) as archive:
            records = list(csv.DictReader(io.TextIOWrapper(archive.open("records/criterion_results.csv"), "utf-8")))
            history = list(csv.DictReader(io.TextIOWrapper(archive.open("history/changes.csv"), "utf-8")))
        assert len(records) == 19 * result.imported and {r["logged"] for r in records} == {"1"}
        groups = [h for h in history if h["batch"] == result.batch]
        assert len(groups) == result.imported and all(audit.is_group(h["nkey"]) for h in groups)
        merge.import_package(province, package.path)
        assert province.query("SELECT count(*) AS n FROM changes WHERE source = 'sync'")[0]["n"] == 0
        preview = legacy_table.read_table(district, SAMPLE, 2019)
        nkey = member_key(district, preview.rows[0], 5)
        assert audit.history(province, nkey) == audit.history(district, nkey) != []
    finally:
        district.close()
        province.close()


def test_same_value_by_hand_and_by_table_settles_everywhere(tmp_path, monkeypatch):
    """A laptop enters by hand the value a district imports from a table: the province
    gets both, in either order, with the same result; and the laptop then takes the
    province's package without a conflict (the group row counts in the record's history)."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    for name in ("laptop", "district", "province", "usb"):
        (tmp_path / name).mkdir()
    laptop = make_store(tmp_path / "laptop" / "ntm.sqlite3", "Laptop")
    district = make_store(tmp_path / "district" / "ntm.sqlite3", "Phòng NN")
    province = make_store(tmp_path / "province" / "ntm.sqlite3", "Sở NN")
    try:
        preview = legacy_table.read_table(district, SAMPLE, 2019)
        row = preview.rows[0]
        district_name = district.query("SELECT name FROM units WHERE id = ?", [row.unit.parent_id])[0]["name"]
        set_official(laptop, district_name, row.unit.name, 2, row.marks[2], period="2019")
        import_table(district)
        from_laptop = export.export_package(laptop, tmp_path / "usb")
        from_district = export.export_package(district, tmp_path / "usb")
        province.close()
        copy = tmp_path / "province2.sqlite3"
        shutil.copy(tmp_path / "province" / "ntm.sqlite3", copy)
        one, two = open_store(tmp_path / "province" / "ntm.sqlite3"), open_store(copy)
        try:
            for store, order in ((one, (from_laptop, from_district)), (two, (from_district, from_laptop))):
                for package in order:
                    assert merge.import_package(store, package.path).totals.conflicts == 0
            assert content(one) == content(two)
            assert content(one)["results"] == content(district)["results"]
            down = export.export_package(one, tmp_path / "usb", full=True)
        finally:
            one.close()
            two.close()
        report = merge.import_package(laptop, down.path)
        assert report.totals.conflicts == 0
        assert content(laptop)["results"] == content(district)["results"]
        nkey = member_key(district, row, 2)
        assert len(audit.history(laptop, nkey)) == 2  # its own entry and the district's import
    finally:
        laptop.close()
        district.close()
