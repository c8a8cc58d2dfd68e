"""Versions of a criteria set (issue 17 part 2): every load of new content is one more version;
an edit is a draft until published; results remember the version that assessed them
(docs/criteria-format.md "Versions"). Real SQLite files (the ``test_store`` fixture: Kon Tum units
and the small test set TEST-1), no mocks."""

from __future__ import annotations

import pytest

from ntm_desktop import assessments, criteria, paths, periods, units
from ntm_desktop.criteria import editing
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import database as storage
from ntm_desktop.store.database import open_store
from tests.conftest import TEST_SET_PATH as TEST_SET
from tests.conftest import table_rows

Y2020 = periods.parse("2020")


def result(store, commune, number, set_code="TEST-1"):
    """(official, computed, set_version) of one criterion of a commune in 2020."""
    crit = criteria.get_set(store, set_code).criterion(number)
    rows = store.query("SELECT official, computed, set_version FROM criterion_results"
                       " WHERE commune_id = ? AND period = '2020' AND criterion_id = ?", [commune.id, crit.id])
    return tuple(rows[0]) if rows else None


def test_a_loaded_set_is_version_1_published(test_store):
    cs = criteria.get_set(test_store, "TEST-1")
    assert cs.version == 1
    (first,) = criteria.versions(test_store, "TEST-1")
    assert (first.version, first.source, first.published, first.current) == (1, "file", True, True)
    assert first.content_hash == test_store.query("SELECT content_hash FROM criteria_sets")[0]["content_hash"]


def test_an_edited_threshold_is_version_2_and_recomputed_statuses_carry_it(test_store):
    ha_mon = units.resolve_commune(test_store, "Hà Mòn", "Đăk Hà")
    dak_ui = units.resolve_commune(test_store, "Đăk Ui", "Đăk Hà")
    ngok_reo = units.resolve_commune(test_store, "Ngọk Réo", "Đăk Hà")
    assert units.get(test_store, ha_mon.parent_id)  # the Kon Tum communes are assessed in column TN
    assessments.set_indicator_value(test_store, ha_mon, Y2020, "2.1", "60", set_code="TEST-1")
    assessments.set_indicator_value(test_store, dak_ui, Y2020, "2.1", "90", set_code="TEST-1")
    assessments.set_official(test_store, ngok_reo, Y2020, 1, True, set_code="TEST-1")
    assert result(test_store, ha_mon, 2) == (None, 1, 1)  # 60 ≥ 50 (Tây Nguyên)
    assert result(test_store, dak_ui, 2) == (None, 1, 1)
    assert result(test_store, ngok_reo, 1) == (1, None, 1)

    doc = editing.set_threshold(editing.document(test_store, "TEST-1"), "2.1", "TN", "≥ 65%")
    assert editing.column_cell(doc, "2.1", "TN") == "≥ 65%"
    assert editing.save_edited(test_store, doc, source_note="QĐ sửa đổi") == 2

    cs = criteria.get_set(test_store, "TEST-1")
    assert cs.version == 2
    _crit, ind = cs.indicator("2.1")
    assert [(t.region, t.op, t.value, t.unit) for t in ind.thresholds if t.region == "TN"] == [("TN", ">=", 65, "%")]
    assert result(test_store, ha_mon, 2) == (None, 0, 2)  # recomputed with version 2: 60 < 65
    assert result(test_store, dak_ui, 2) == (None, 1, 2)  # re-assessed by version 2, still met
    assert result(test_store, ngok_reo, 1) == (1, None, 1)  # an official status keeps its version
    listed = criteria.versions(test_store, "TEST-1")
    assert [(v.version, v.source, v.published, v.current, v.note) for v in listed] == [
        (1, "file", True, False, None), (2, "edited", False, True, "QĐ sửa đổi")]
    # an official status recorded now remembers version 2
    assessments.set_official(test_store, ha_mon, Y2020, 2, True, set_code="TEST-1")
    assert result(test_store, ha_mon, 2) == (1, 0, 2)
    # saving the same document again makes no version
    assert editing.save_edited(test_store, editing.document(test_store, "TEST-1")) is None
    assert criteria.get_set(test_store, "TEST-1").version == 2


def test_an_invalid_edit_is_refused_naming_the_indicator_and_nothing_changes(test_store):
    before = {t: table_rows(test_store, t) for t in ("criteria_sets", "criteria_set_versions", "thresholds")}
    doc = editing.document(test_store, "TEST-1")
    with pytest.raises(InputRejected) as refused:
        editing.set_threshold(doc, "2.1", "TN", "≥ 150%")
    assert "2.1" in refused.value.message and "0..100" in refused.value.message
    with pytest.raises(InputRejected) as refused:
        editing.set_threshold(doc, "1.1", "*", "≥ 3")  # a number for a yes/no indicator
    assert refused.value.key == "ce.type_mismatch" and "1.1" in refused.value.message
    with pytest.raises(InputRejected) as refused:
        editing.set_threshold(doc, "2.1", "3", "≥ 60%")  # a group column in a set keyed by regions
    assert "2.1" in refused.value.message
    with pytest.raises(InputRejected):
        editing.set_indicator(doc, "2.1", value_type="percentage")
    with pytest.raises(InputRejected):
        editing.remove_indicator(doc, "1.1")  # criterion 1's only indicator
    assert {t: table_rows(test_store, t) for t in before} == before


def test_edits_return_changed_copies(test_store):
    doc = editing.document(test_store, "TEST-1")
    edited = editing.rename_criterion(doc, 2, "Giao thông (sửa)")
    edited = editing.set_indicator(edited, "2.1", name="Tỷ lệ đường xã nhựa hóa", unit="%")
    edited = editing.add_indicator(edited, 2, "2.2", "Tỷ lệ đường thôn cứng hóa", "percent", "%")
    edited = editing.set_threshold(edited, "2.2", "*", "Tối thiểu 70%")
    edited = editing.set_threshold(edited, "2.2", "TN", "Đạt chuẩn theo quy định của tỉnh")  # qualitative
    edited = editing.move_indicator(edited, "2.2", -1)
    edited, source = editing.add_source(edited, "Quyết định 12/QĐ-UBND tỉnh Kon Tum")
    edited = editing.set_threshold(edited, "2.1", "*", "", source=source)  # an empty cell removes it
    assert doc == editing.document(test_store, "TEST-1")  # the original is untouched
    crit2 = [c for c in edited["criteria"] if c["number"] == 2][0]
    assert crit2["name"] == "Giao thông (sửa)"
    assert [i["code"] for i in crit2["indicators"]] == ["2.2", "2.1"]
    new = crit2["indicators"][0]
    assert [(t["region"], t.get("op"), t.get("value"), t.get("text")) for t in new["thresholds"]] == [
        ("*", ">=", 70, None), ("TN", None, None, "Đạt chuẩn theo quy định của tỉnh")]
    assert [t["region"] for t in crit2["indicators"][1]["thresholds"]] == ["TN"]
    assert source == "S2" and edited["sources"][-1]["title"].startswith("Quyết định 12")
    assert editing.save_edited(test_store, edited) == 2
    cs = criteria.get_set(test_store, "TEST-1")
    assert [i.code for i in cs.criterion(2).indicators] == ["2.2", "2.1"]
    _c, ind = cs.indicator("2.2")
    assert [t.qualitative for t in ind.thresholds] == [False, True]


def test_publish_marks_the_current_version_and_an_edit_is_a_draft_again(test_store):
    with pytest.raises(InputRejected) as refused:
        criteria.publish(test_store, "TEST-1")  # version 1 was published when its file was loaded
    assert refused.value.key == "cv.already_published"
    doc = editing.set_threshold(editing.document(test_store, "TEST-1"), "2.1", "*", "≥ 75%")
    assert editing.save_edited(test_store, doc) == 2
    assert criteria.publish(test_store, "TEST-1") == 2
    current = criteria.versions(test_store, "TEST-1")[-1]
    assert current.published and current.published_by == test_store.user
    stored = editing.document(test_store, "TEST-1")
    assert stored["version"] == 2 and stored["published"]["by"] == test_store.user
    logged = test_store.query("SELECT new FROM changes WHERE entity = 'criteria_set' ORDER BY id DESC LIMIT 1")
    assert '"published": true' in logged[0]["new"]
    # the next edit starts from the published document but is a draft of version 3
    draft = editing.set_threshold(stored, "2.1", "*", "≥ 80%")
    assert editing.save_edited(test_store, draft) == 3
    assert "version" not in editing.document(test_store, "TEST-1")
    assert [(v.version, v.published) for v in criteria.versions(test_store, "TEST-1")] == [
        (1, True), (2, True), (3, False)]


def test_an_edited_bundled_set_is_not_replaced_at_start(store):
    doc = editing.set_threshold(editing.document(store, "QG-2016-2020"), "2.1", "TN", "≥ 70%")
    assert editing.save_edited(store, doc) == 2
    assert criteria.load_bundled(store) == 0
    assert criteria.get_set(store, "QG-2016-2020").version == 2
    assert editing.column_cell(editing.document(store, "QG-2016-2020"), "2.1", "TN") == "≥ 70%"


def test_unknown_set_is_refused(test_store):
    with pytest.raises(InputRejected):
        criteria.versions(test_store, "NOPE")
    with pytest.raises(InputRejected):
        criteria.publish(test_store, "NOPE")


def test_migration_0012_makes_stored_sets_their_published_version_1(db_path, tmp_path, monkeypatch):
    """A database of schema 11 holding sets and statuses: after migration 0012 each set is its
    version 1 (published, so it still travels) and every stored result remembers version 1."""
    folder = tmp_path / "migrations-11"
    folder.mkdir()
    for file in paths.migrations_dir().glob("*.sql"):
        if file.name < "0012_":
            (folder / file.name).write_bytes(file.read_bytes())
    with monkeypatch.context() as patch:
        patch.setattr(paths, "migrations_dir", lambda: folder)
        patch.setattr(storage, "MIGRATIONS", storage._build_migrations())
        patch.setattr(storage, "SCHEMA_VERSION", 11)
        old = storage.open_store(db_path)
        units.load_reference(old)
        ha_mon = units.resolve_commune(old, "Hà Mòn", "Đăk Hà")
        content = TEST_SET.read_text(encoding="utf-8")
        old.db.execute("INSERT INTO criteria_sets (code, name, level, tier, valid_from, valid_to, content,"
                       " content_hash, loaded_at) VALUES ('TEST-1', 'Thử', 'commune', 'basic', 2019, 2022, ?,"
                       " 'abc', '2026-01-02T03:04:05Z')", [content])
        old.db.execute("INSERT INTO criteria (set_id, number, name, group_code, group_name)"
                       " SELECT id, 2, 'Giao thông', 'HT', 'Hạ tầng' FROM criteria_sets")
        old.db.execute("INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
                       " source, updated_at, hlc) SELECT 'u-1', ?, '2020', 2020, 1, id, 1, 'entered', 'x', 'h'"
                       " FROM criteria", [ha_mon.id])
        old.db.conn.commit()
        assert old.query("PRAGMA user_version")[0][0] == 11
        old.close()
    store = open_store(db_path)
    try:
        (first,) = criteria.versions(store, "TEST-1")
        assert (first.version, first.source, first.published, first.current) == (1, "bundled", True, True)
        assert (first.content_hash, first.loaded_at, first.published_at) == ("abc", "2026-01-02T03:04:05Z",
                                                                            "2026-01-02T03:04:05Z")
        assert store.query("SELECT version FROM criteria_sets")[0][0] == 1
        assert [r[0] for r in store.query("SELECT set_version FROM criterion_results")] == [1]
    finally:
        store.close()
