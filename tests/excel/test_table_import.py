"""Legacy criteria tables (CONTRACT §2): layouts, marks, totals, matching, and refusals."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ntm_desktop import history, summary, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.store import audit

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of shared/samples


def snapshot(store):
    """Every row of every table that an import may touch."""
    out = {}
    for table in ("units", "unit_aliases", "criterion_results", "indicator_values", "changes", "meta"):
        rows = store.query(f"SELECT * FROM {table} ORDER BY 1")
        out[table] = [tuple(r) for r in rows]
    return out


def write_table(path, rows, title="Bảng tổng hợp"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


HEADER = ["STT", "Huyện", "Tên xã", *[f"TC{n}" for n in range(1, 20)], "Tổng số tiêu chí đạt"]


def marks(met):
    return ["x" if n in met else None for n in range(1, 20)]


def test_sample_imports_with_contract_counts(store):
    preview = legacy_table.read_table(store, SAMPLES / "legacy-table-2019.xlsx", 2019)
    assert (preview.header_row, preview.commune_column, preview.district_column) == (3, "C", "B")
    assert preview.matched == len(preview.rows) == 21
    assert preview.totals_skipped == [25]
    assert any(w.key == "table.total_formula" for w in preview.warnings)
    wb = openpyxl.load_workbook(SAMPLES / "legacy-table-2019.xlsx")
    ws = wb.active
    expected = {str(n): sum(1 for r in range(4, 25) if ws.cell(r, 3 + n).value == "x") for n in range(1, 20)}
    result = legacy_table.apply(store, preview, 2019)
    assert (result.imported, result.updated, result.unchanged, result.skipped) == (21, 0, 0, 1)
    figures = summary.summary(store, 2019)
    assert figures["per_criterion"] == expected
    # the two Đăk Long communes are separate rows in the sample and stay separate
    long_ha = units.resolve_commune(store, "Đăk Long", "Đăk Hà")
    long_glei = units.resolve_commune(store, "Đăk Long", "Đăk Glei")
    counts = {
        u.id: store.query("SELECT sum(official) AS n FROM criterion_results WHERE commune_id = ?", [u.id])[0]["n"]
        for u in (long_ha, long_glei)
    }
    assert counts == {long_ha.id: 12, long_glei.id: 13}


def test_same_table_twice_changes_nothing(store):
    path = SAMPLES / "legacy-table-2019.xlsx"
    legacy_table.apply(store, legacy_table.read_table(store, path, 2019), 2019)
    before = snapshot(store)
    result = legacy_table.apply(store, legacy_table.read_table(store, path, 2019), 2019)
    assert (result.imported, result.updated, result.unchanged) == (0, 0, 21)
    after = snapshot(store)
    assert after["criterion_results"] == before["criterion_results"]
    assert after["changes"] == before["changes"]


def test_bad_mark_refused_naming_cell_and_nothing_written(store):
    before = snapshot(store)
    preview = legacy_table.read_table(store, SAMPLES / "legacy-table-2019-bad-mark.xlsx", 2019)
    with pytest.raises(InputRejected) as info:
        legacy_table.apply(store, preview, 2019)
    assert info.value.exit_code == 3
    assert "H9" in str(info.value) and "đạt?" in str(info.value)
    assert snapshot(store) == before


def test_group_rows_prefixes_nfd_and_cached_totals(store, tmp_path):
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    rows = [
        ["KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ"],
        [],
        ["STT", "Tên đơn vị", *[str(n) for n in range(1, 20)], "Tổng số tiêu chí đạt"],
        [None, "Huyện Đăk Hà", *[None] * 19],
        [1, nfd("Xã  Hà Mòn "), *marks({1, 2, 3}), 3],
        [2, "xã Đăk Long", *marks({1, 19}), 5],  # count column disagrees: warning
        [None, "Cộng huyện", *[2, 1, 1] + [0] * 15 + [2]],  # criterion 19: 2 is wrong only if... counted 1
        [None, "Thành phố Kon Tum", *[None] * 19],
        [3, "Ngọc Bay", *marks(set(range(1, 20))), 19],  # alias of Ngọk Bay
        [None, "Toàn tỉnh", *[3, 2, 2] + [1] * 15 + [2]],
    ]
    path = write_table(tmp_path / "groups.xlsx", rows)
    preview = legacy_table.read_table(store, path, 2020)
    assert preview.district_column is None
    names = [(r.district, r.commune, r.unit.name if r.unit else None) for r in preview.rows]
    assert names == [
        ("Huyện Đăk Hà", "Hà Mòn", "Hà Mòn"),
        ("Huyện Đăk Hà", "Đăk Long", "Đăk Long"),
        ("Thành phố Kon Tum", "Ngọc Bay", "Ngọk Bay"),
    ]
    assert units.get(store, preview.rows[1].unit.parent_id).name == "Đăk Hà"
    counts = [w.params for w in preview.warnings if w.key == "table.count_mismatch"]
    assert [(c["cell"], c["written"], c["counted"]) for c in counts] == [("V6", 5, 2)]
    mismatches = [w.params for w in preview.warnings if w.key == "table.total_mismatch"]
    # "Cộng huyện" claims 2 communes meet criterion 19, only Đăk Long does; "Toàn tỉnh" adds up
    assert [(m["row"], m["number"], m["written"], m["counted"]) for m in mismatches] == [(7, 19, 2, 1)]
    assert preview.totals_skipped == [7, 10]
    result = legacy_table.apply(store, preview, 2020)
    assert result.imported == 3
    full = summary.summary(store, 2020)["full_19"]
    assert [(e["district"], e["commune"]) for e in full] == [("Thành phố Kon Tum", "Ngọk Bay")]


def test_total_rows_cross_checked_by_counting(store, tmp_path):
    rows = [
        HEADER,
        [1, "Đăk Hà", "Hà Mòn", *marks({1, 2}), 2],
        [2, "Đăk Hà", "Đăk La", *marks({1}), 1],
        [None, None, "Tổng cộng", *[2, 2] + [0] * 17, None],
    ]
    preview = legacy_table.read_table(store, write_table(tmp_path / "t.xlsx", rows), 2020)
    mismatches = [(w.params["number"], w.params["written"], w.params["counted"], w.params["cell"])
                  for w in preview.warnings if w.key == "table.total_mismatch"]
    assert mismatches == [(2, 2, 1, "E4")]


def test_duplicate_commune_names_both_rows(store, tmp_path):
    rows = [HEADER, [1, "Đăk Hà", "Hà Mòn", *marks({1})], [2, "Đăk Hà", "Xã Hà Mòn", *marks({2})]]
    preview = legacy_table.read_table(store, write_table(tmp_path / "d.xlsx", rows), 2020)
    problems = legacy_table.check(preview)
    assert len(problems) == 1 and problems[0].params["first"] == 2 and problems[0].params["second"] == 3


def test_unknown_commune_suggested_or_created(store, tmp_path):
    rows = [HEADER, [1, "Đăk Hà", "Hà Mon Mới", *marks({1})], [2, "Đăk Hà", "Ngok Wan", *marks({2})]]
    path = write_table(tmp_path / "u.xlsx", rows)
    before = snapshot(store)
    preview = legacy_table.read_table(store, path, 2020)
    problems = legacy_table.check(preview)
    assert [p.params["commune"] for p in problems] == ["Hà Mon Mới", "Ngok Wan"]
    assert "Ngọk Wang" in problems[1].message
    with pytest.raises(InputRejected):
        legacy_table.apply(store, preview, 2020)
    assert snapshot(store) == before
    result = legacy_table.apply(store, legacy_table.read_table(store, path, 2020), 2020, add_units=True)
    assert sorted(result.created_units) == ["Hà Mon Mới (Đăk Hà)", "Ngok Wan (Đăk Hà)"]
    assert units.resolve_commune(store, "Hà Mon Mới", "Đăk Hà").name == "Hà Mon Mới"


def test_whole_import_undone_in_one_step(store):
    before = summary.summary(store, 2019)
    result = legacy_table.apply(store, legacy_table.read_table(store, SAMPLES / "legacy-table-2019.xlsx", 2019), 2019)
    assert summary.summary(store, 2019) != before
    history.revert_batch(store, result.batch)
    assert summary.summary(store, 2019) == before


def test_an_import_backs_up_the_database_first(tmp_path):
    from ntm_desktop import criteria
    from ntm_desktop.store import backup
    from ntm_desktop.store.database import open_store

    db = tmp_path / "district.sqlite3"
    store = open_store(db)
    criteria.load_bundled(store)
    units.load_reference(store)
    before = snapshot(store)
    preview = legacy_table.read_table(store, SAMPLES / "legacy-table-2019.xlsx", 2019)
    legacy_table.apply(store, preview, 2019)
    made = backup.list_backups(db)
    assert [b.reason for b in made] == ["import"]
    copy = open_store(made[0].path, migrate=False)
    try:
        assert snapshot(copy)["criterion_results"] == before["criterion_results"] == []
    finally:
        copy.close()
    store.close()


def test_history_of_one_criterion_shows_each_import_then_its_undo(store, tmp_path):
    """Bulk imports log one change per commune row; history still answers per criterion."""
    from ntm_desktop import assessments, criteria, periods

    sample = SAMPLES / "legacy-table-2019.xlsx"
    first = legacy_table.apply(store, legacy_table.read_table(store, sample, 2019), 2019)
    preview = legacy_table.read_table(store, sample, 2019)
    row = next(r for r in preview.rows if r.marks[2])
    set_code = criteria.set_for_year(store, 2019)
    nkey = f"cr|{row.unit.nkey}|2019|{set_code}|2"
    entries = audit.history(store, nkey)
    assert [(e.op, e.old, e.new["official"], e.source) for e in entries] == [("insert", None, 1, "imported")]
    # the same commune's criterion 2 changed by hand, then the table imported again
    assessments.set_official(store, row.unit, periods.Period(2019, "Y"), 2, False, note="kiểm tra lại")
    again = legacy_table.apply(store, legacy_table.read_table(store, sample, 2019), 2019)
    assert again.updated == 1 and again.unchanged == first.imported - 1
    entries = audit.history(store, nkey)
    assert [e.new["official"] for e in entries] == [1, 0, 1]
    assert entries[0].old["official"] == 0 and entries[0].new["note"] == "kiểm tra lại"  # the note is kept
    history.revert_batch(store, again.batch)
    card = assessments.scorecard(store, row.unit, periods.Period(2019, "Y"))
    assert next(c for c in card.rows if c.criterion.number == 2).official is False
    # a criterion the imports never touched has no history from them
    untouched = f"cr|{row.unit.nkey}|2019|{set_code}|99"
    assert audit.history(store, untouched) == []


def _bomb(path):
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.save(path)
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' \
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    with zipfile.ZipFile(path) as src:
        members = {n: src.read(n) for n in src.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    head, rest = sheet.split("?>", 1) if "?>" in sheet else ("", sheet)
    prolog = head + "?>" if head else ""
    members["xl/worksheets/sheet1.xml"] = (prolog + lol + rest.replace("<v>0</v>", "<v>&lol3;</v>", 1)).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "kind",
    ["empty", "truncated", "csv", "random", "bomb", "no_header", "not_a_workbook_zip"],
)
def test_broken_and_hostile_files_refused_untouched(store, tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        data = (SAMPLES / "legacy-table-2019.xlsx").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "csv":
        path.write_text("Huyện,Tên xã,TC1\nĐăk Hà,Hà Mòn,x\n", encoding="utf-8")
    elif kind == "random":
        path.write_bytes(bytes(range(256)) * 40)
    elif kind == "bomb":
        _bomb(path)
    elif kind == "no_header":
        write_table(path, [["Báo cáo"], ["Xã", "Ghi chú"], ["Hà Mòn", "tốt"]])
    elif kind == "not_a_workbook_zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "hello")
    before = snapshot(store)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputRejected) as info:
        legacy_table.read_table(store, path, 2020)
    assert info.value.exit_code == 3
    assert str(path) in str(info.value)
    if kind == "bomb":
        assert info.value.key == "xlsx.hostile"
    assert snapshot(store) == before
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_cli_import_table(tmp_path):
    db = tmp_path / "cli.sqlite3"
    run = [sys.executable, "-m", "ntm_desktop", "--db", str(db)]
    assert subprocess.run([*run, "init"], capture_output=True, timeout=120).returncode == 0
    sample = tmp_path / "s.xlsx"
    shutil.copy(SAMPLES / "legacy-table-2019.xlsx", sample)
    dry = subprocess.run([*run, "import-table", str(sample), "--year", "2019", "--dry-run", "--json"],
                         capture_output=True, text=True, timeout=120)
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["dry_run"] is True and report["matched"] == 21
    summary_before = json.loads(subprocess.run([*run, "summary", "--year", "2019", "--json"], capture_output=True,
                                               text=True, timeout=120).stdout)
    assert summary_before["per_criterion"]["1"] == 0
    done = subprocess.run([*run, "import-table", str(sample), "--year", "2019", "--json"], capture_output=True,
                          text=True, timeout=120)
    assert json.loads(done.stdout)["imported"] == 21
    bad = subprocess.run([*run, "import-table", str(SAMPLES / "legacy-table-2019-bad-mark.xlsx"), "--year", "2019"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 3 and bad.stderr.startswith("error:") and "H9" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_table_converted_and_matched(store, tmp_path, encoding):
    from ntm_desktop.excel.legacy_encoding import encode_legacy

    enc = lambda s: encode_legacy(s, encoding)  # noqa: E731
    rows = [
        [enc("Kết quả rà soát")],  # TCVN3 has no toned capitals (those need the H fonts)
        [],
        ["STT", enc("Huyện"), enc("Tên xã"), *[f"TC{n}" for n in range(1, 20)]],
        [1, enc("Đăk Hà"), enc("Hà Mòn"), *marks({1, 2})],
        [2, enc("Đăk Hà"), enc("Ngọk Réo"), *marks({1})],
        [3, enc("Tu Mơ Rông"), enc("Đăk Hà"), *marks({3})],
    ]
    assert rows[3][2] != "Hà Mòn"  # really garbled as a Unicode reader sees it
    preview = legacy_table.read_table(store, write_table(tmp_path / f"{encoding}.xlsx", rows), 2020)
    assert legacy_table.check(preview) == []
    assert [(r.district, r.unit.name) for r in preview.rows] == [
        ("Đăk Hà", "Hà Mòn"), ("Đăk Hà", "Ngọk Réo"), ("Tu Mơ Rông", "Đăk Hà"),
    ]
    converted = {c.cell: (c.before, c.after) for c in preview.conversions}
    assert converted["C4"] == (enc("Hà Mòn"), "Hà Mòn") and converted["B6"][1] == "Tu Mơ Rông"
    assert {c.encoding for c in preview.conversions} == {encoding}
    assert any(w.key == "table.converted" for w in preview.warnings)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_unicode_headings_over_legacy_columns_stay(store, tmp_path, encoding):
    """A table whose names were typed in a legacy font under Unicode headings."""
    from ntm_desktop.excel.legacy_encoding import encode_legacy

    wb = openpyxl.load_workbook(SAMPLES / "legacy-table-2019.xlsx")
    ws = wb.active
    for row in range(4, 25):
        for column in (2, 3):
            ws.cell(row, column).value = encode_legacy(ws.cell(row, column).value, encoding)
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    preview = legacy_table.read_table(store, path, 2019)
    assert (preview.commune_column, preview.district_column) == ("C", "B")
    assert preview.matched == 21 and legacy_table.check(preview) == []
    assert {c.cell[0] for c in preview.conversions} == {"B", "C"}
    assert all(int(c.cell[1:]) >= 4 for c in preview.conversions)


def test_unicode_sample_is_not_converted(store):
    preview = legacy_table.read_table(store, SAMPLES / "legacy-table-2019.xlsx", 2019)
    assert preview.conversions == []


def test_marks_understood_once_per_distinct_value_as_parse_mark_says():
    """The reader's cache of marks (equal keys 1, 1.0 and True; 0, 0.0, -0.0 and False) gives
    parse_mark's answer for every value, in any order, and a value that cannot be a key too."""
    import datetime

    from ntm_desktop.excel.table_preview import MarkCache, parse_mark

    values = (True, 1, 1.0, False, 0, -0.0, 0.0, None, 2, 0.5, float("nan"), "x", " X ", "đạt", "Chưa đạt", "?",
              datetime.datetime(2020, 1, 1))
    for order in (values, tuple(reversed(values))):
        cache = MarkCache()
        assert cache.of(order) == [parse_mark(v) for v in order]
        assert cache.of(order) == [parse_mark(v) for v in order]  # from the cache this time
    assert MarkCache().of(("x", ["not", "a", "key"])) == [True, None]
