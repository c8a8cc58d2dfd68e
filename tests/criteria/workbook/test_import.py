"""Importing appendix workbooks into real SQLite files: the round trip of export and import for
region, group and common-column sets and for the bundled sets, replacing a loaded set (values
stay attached, statuses recomputed, the change logged), and nothing written on a refusal."""

import openpyxl
import pytest

from ntm_desktop import assessments, criteria, units
from ntm_desktop.criteria import workbook
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import parse as period
from tests.criteria.workbook import books


def _shape(cs):
    """Criteria, indicators and thresholds as comparable tuples."""
    return [
        (c.number, c.name, c.group_name, [
            (i.code, i.name, i.type, sorted((t.region, t.op, t.value, t.text) for t in i.thresholds))
            for i in c.indicators])
        for c in cs.criteria
    ]


@pytest.mark.parametrize("book", ["region_book", "group_book", "common_book"])
def test_export_then_import_gives_the_same_set(book, request, empty, tmp_path):
    path = request.getfixturevalue(book)
    first = workbook.preview_import(empty, path, code="T", name="Bộ thử", from_date="2026-01-01")
    assert workbook.apply(empty, first)
    loaded = criteria.get_set(empty, "T")
    assert _shape(loaded) == _shape(first.set)
    out = workbook.export_set(empty, "T", tmp_path / "xuat.xlsx")
    again = workbook.preview_import(empty, out, code="T", name="Bộ thử", from_date="2026-01-01")
    assert again.replaces and again.differences == []
    assert _shape(again.set) == _shape(loaded)
    assert [(q["indicator"], q["column"], q["text"]) for q in again.qualitative] == [
        (q["indicator"], q["column"], q["text"]) for q in first.qualitative]
    assert first.qualitative
    assert not workbook.apply(empty, again)  # the same document: nothing changes
    # the exported file has the layout: merged names, a super-header over regions or groups
    ws = openpyxl.load_workbook(out).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    if loaded.columns == "group" or len(loaded.column_keys()) > 1:
        assert ws.cell(5, 5 if "*" in loaded.column_keys() else 4).value in ("Chỉ tiêu theo vùng",
                                                                           "Chỉ tiêu theo nhóm xã")
    names_merged_down = [r for r in merged if r.startswith("B") and r.split(":")[0][1:] != r.split(":")[1][1:]]
    assert names_merged_down or book == "common_book"


def test_bundled_sets_round_trip(store, tmp_path):
    for code in criteria.codes(store):
        out = workbook.export_set(store, code, tmp_path / f"{code}.xlsx")
        cs = criteria.get_set(store, code)
        preview = workbook.preview_import(store, out, code=code, name=cs.name, from_date=cs.from_date,
                                          to_date=cs.to_date)
        assert preview.differences == [], code
        assert preview.document["decision"] == cs.decision  # kept from the loaded set
        assert preview.set.bands == cs.bands and preview.set.kind == cs.kind


def test_replacing_a_set_keeps_values_and_recomputes(store, tmp_path):
    path = books.build(tmp_path / "vung.xlsx", books.REGION_COLUMNS, books.region_rows(), common=True)
    preview = workbook.preview_import(store, path, code="T-VUNG", name="Bộ vùng", from_date="2020-01-01")
    workbook.apply(store, preview)
    ham_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_indicator_value(store, ham_mon, period("2020"), "2.1", "92", set_code="T-VUNG")

    def computed():
        return store.query(
            "SELECT r.computed FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
            " JOIN criteria_sets s ON s.id = c.set_id WHERE s.code = 'T-VUNG' AND c.number = 2")[0][0]

    assert computed() == 1  # Tây Nguyên: ≥ 80%
    stricter = books.region_rows()
    stricter[3][3][0][1][5] = "≥ 95%"  # criterion 2, indicator 2.1, column TN
    books.build(path, books.REGION_COLUMNS, stricter, common=True)
    preview = workbook.preview_import(store, path, code="T-VUNG", name="Bộ vùng", from_date="2020-01-01")
    assert preview.differences == [
        {"change": "changed", "indicator": "2.1", "column": "TN", "old": "≥ 80%", "new": "≥ 95%"}]
    assert workbook.apply(store, preview)
    assert computed() == 0
    value = store.query("SELECT v.value FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
                        " WHERE i.code = '2.1' AND i.set_id = (SELECT id FROM criteria_sets WHERE code = 'T-VUNG')")
    assert [r[0] for r in value] == ["92"] or [float(r[0]) for r in value] == [92.0]
    logged = store.query("SELECT count(*) FROM changes WHERE entity = 'criteria_set' AND nkey = 'criteria_set:T-VUNG'")
    assert logged[0][0] == 2


def test_a_refusal_writes_nothing(store, db_path, tmp_path):
    path = books.build(tmp_path / "nhom.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                       super_header="Chỉ tiêu theo nhóm xã")
    workbook.apply(store, workbook.preview_import(store, path, code="T", name="N", from_date="2026-01-01"))
    before = books.dump(db_path)
    wb = openpyxl.load_workbook(path)
    wb.active.cell(11, 1, 7)
    wb.save(path)
    with pytest.raises(InputRejected) as info:
        workbook.preview_import(store, path, code="T", name="N", from_date="2026-01-01")
    assert info.value.key == "cwb.out_of_sequence"
    assert books.dump(db_path) == before


def test_an_imported_set_under_a_bundled_code_stands(store, tmp_path):
    """The province loads QG-2026-2030's indicators from its workbook; the next start (which
    loads the bundled files again) keeps them."""
    path = books.build(tmp_path / "qd51.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                       super_header="Chỉ tiêu theo nhóm xã")
    cs = criteria.get_set(store, "QG-2026-2030")
    preview = workbook.preview_import(store, path, code="QG-2026-2030", name=cs.name, from_date=cs.from_date)
    assert preview.replaces and preview.differences
    assert preview.set.bands == cs.bands and preview.set.kind == cs.kind  # kept from the loaded set
    assert workbook.apply(store, preview)
    assert criteria.load_bundled(store) == 0
    assert [i.code for i in criteria.get_set(store, "QG-2026-2030").criteria[1].indicators] == ["2.1", "2.2"]
