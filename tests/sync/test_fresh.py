"""Records of communes a database holds nothing of come in whole chunks (registry.Fresh),
without the per-record comparison: the result must be what the comparison gives."""

from __future__ import annotations

import pytest

from ntm_desktop.sync import merge
from ntm_desktop.sync.entities.criterion_results import CriterionResults
from ntm_desktop.sync.entities.indicator_values import IndicatorValues
from ntm_desktop.sync.package import export
from tests.sync.test_refusals import refused, resign
from tests.sync.test_support import content, make_store, set_official, set_value, value_of

PLACES = [("Đăk Hà", "Hà Mòn"), ("Đăk Hà", "Đăk Mar"), ("Kon Rẫy", "Đăk Ruồng")]


@pytest.fixture
def source(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = make_store(tmp_path / "source.sqlite3", "Huyện Đăk Hà")
    for n, (district, commune) in enumerate(PLACES):
        set_value(store, district, commune, "2.1", str(60 + n), note="đo năm 2020" if n == 0 else None)
        set_value(store, district, commune, "2.1", str(70 + n), period="2019")
        set_official(store, district, commune, 2, n % 2 == 0)
        set_official(store, district, commune, 5, None, note="chờ thẩm định")
    yield store
    store.close()


def _spy_fresh(monkeypatch) -> list[int]:
    sizes: list[int] = []
    original = merge._Merge._fresh

    def spy(self, entity, chunk):
        sizes.append(len(chunk.rows))
        return original(self, entity, chunk)

    monkeypatch.setattr(merge._Merge, "_fresh", spy)
    return sizes


def _history(store) -> list[tuple]:
    return sorted(store.db.conn.execute(
        "SELECT nkey, hlc, op, old, new, installation FROM changes WHERE entity IN"
        " ('indicator_value', 'criterion_result')").fetchall())


def _stored(store) -> dict[str, list[tuple]]:
    """Every stored column of the two tables (empty CSV cells must come back as NULL on both paths)."""
    conn = store.db.conn
    return {table: sorted(conn.execute(
        f"SELECT u.nkey, x.uuid, x.period, x.year, x.pend, x.{item}, {columns}, x.updated_at, x.updated_by, x.hlc"
        f" FROM {table} x JOIN units u ON u.id = x.commune_id").fetchall())
        for table, item, columns in (
            ("indicator_values", "indicator_id", "x.value, x.num, x.note, x.source"),
            ("criterion_results", "criterion_id", "x.official, x.note, x.source, x.computed, x.set_version"))}


def test_fresh_chunks_store_what_the_comparison_stores(source, tmp_path, monkeypatch):
    package = export.export_package(source, tmp_path / "usb", full=True).path
    sizes = _spy_fresh(monkeypatch)
    fast = make_store(tmp_path / "fast.sqlite3", "Tỉnh")
    fast_report = merge.import_package(fast, package)
    assert sizes == [6, 6]  # three communes × 2 values, × 2 results: all in Fresh chunks
    sizes.clear()
    for entity in (IndicatorValues, CriterionResults):
        monkeypatch.setattr(entity, "fresh_chunks", False)
    slow = make_store(tmp_path / "slow.sqlite3", "Tỉnh")
    slow_report = merge.import_package(slow, package)
    assert sizes == []
    fast_content, slow_content = content(fast), content(slow)
    for part in ("values", "results", "open_conflicts"):  # (units: each loaded its own reference data)
        assert fast_content[part] == slow_content[part], part
    assert fast_content["values"] and fast_content["results"]
    stored = _stored(fast)
    assert stored == _stored(slow)
    assert None in {row[8] for row in stored["indicator_values"]}  # a value without a note: NULL
    assert None in {row[6] for row in stored["criterion_results"]}  # a note without an official status
    assert all(row[-3] is not None for rows in stored.values() for row in rows)  # updated_at
    assert all(row[10] is not None for row in stored["criterion_results"])  # the set's version
    assert _history(fast) == _history(slow) == _history(source)
    assert fast_report.totals.as_json() == slow_report.totals.as_json()
    assert fast_report.commune_rows() == slow_report.commune_rows()
    assert value_of(fast, "Đăk Hà", "Hà Mòn", "2.1") == value_of(source, "Đăk Hà", "Hà Mòn", "2.1")
    dry = merge.import_package(make_store(tmp_path / "dry.sqlite3", "Tỉnh"), package, dry_run=True)
    assert dry.totals.as_json() == fast_report.totals.as_json()
    for store in (fast, slow):
        store.close()


def test_a_commune_held_here_is_compared_the_others_come_fresh(source, tmp_path, monkeypatch):
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    set_value(target, "Đăk Hà", "Hà Mòn", "2.1", "5")  # concurrent with the source's value
    package = export.export_package(source, tmp_path / "usb", full=True).path
    sizes = _spy_fresh(monkeypatch)
    report = merge.import_package(target, package)
    # the values' chunk holds Hà Mòn, which has a value here: compared record by record;
    # no commune has a criterion result here, so the results' chunk came whole
    assert sizes == [6]
    assert report.totals.conflicts == 1
    assert report.totals.new == 12 - 1
    target.close()


def test_versions_without_history_get_a_change_row_in_fresh_chunks(source, tmp_path, monkeypatch):
    with source.transaction():  # as a database filled before it kept a change log
        source.db.execute("DELETE FROM changes WHERE nkey LIKE 'iv|%|2019|%'")
    package = export.export_package(source, tmp_path / "usb", full=True).path
    sizes = _spy_fresh(monkeypatch)
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    merge.import_package(target, package)
    assert sizes
    logged = target.db.conn.execute(
        "SELECT count(*), min(source), min(op) FROM changes WHERE nkey LIKE 'iv|%|2019|%'").fetchone()
    assert logged == (3, "sync", "insert")
    target.close()


def test_a_record_deleted_here_is_not_brought_back(source, tmp_path):
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    merge.import_package(target, export.export_package(source, tmp_path / "usb1", full=True).path)
    set_value(target, "Đăk Hà", "Đăk Mar", "2.1", None, period="2019")  # deleted after seeing it
    with target.transaction():  # no value is left in the table: only the logged deletion blocks
        target.db.execute("DELETE FROM indicator_values")
    again = export.export_package(source, tmp_path / "usb2", full=True).path
    merge.import_package(target, again)
    assert value_of(target, "Đăk Hà", "Đăk Mar", "2.1", period="2019") is None
    # the others were not deleted here (their rows just went): they come back
    assert value_of(target, "Đăk Hà", "Đăk Mar", "2.1") == value_of(source, "Đăk Hà", "Đăk Mar", "2.1")
    assert value_of(target, "Kon Rẫy", "Đăk Ruồng", "2.1", period="2019") is not None
    target.close()


@pytest.mark.parametrize("period", ["2020 ", "2020y", "1899", ""])
def test_a_period_not_written_as_the_program_writes_it_is_refused(source, tmp_path, period):
    package = export.export_package(source, tmp_path / "usb", full=True).path

    def edit(name, data):
        if name == "records/indicator_values.csv":
            return data.replace(b",2019,", f",{period},".encode(), 1)
        return data

    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    error = refused(target, resign(source, package, tmp_path / "bad.ntmpkg", change=edit), "pkg.bad_content")
    assert "indicator_values.csv" in error.message
    target.close()


@pytest.mark.parametrize("threshold, large", [(1, True), (None, False)])
def test_large_packages_import_with_a_rollback_journal(source, tmp_path, monkeypatch, threshold, large):
    from ntm_desktop.store.database import Store

    if threshold is not None:
        monkeypatch.setattr(merge, "LARGE_IMPORT_ROWS", threshold)
    modes: list[str] = []
    original = Store.large_transaction

    def spy(self):
        manager = original(self)

        class Watch:
            def __enter__(self_inner):
                switched = manager.__enter__()
                modes.append(self.db.conn.execute("PRAGMA journal_mode").fetchone()[0])
                return switched

            def __exit__(self_inner, *exc):
                return manager.__exit__(*exc)

        return Watch()

    monkeypatch.setattr(Store, "large_transaction", spy)
    package = export.export_package(source, tmp_path / "usb", full=True).path
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    report = merge.import_package(target, package)
    assert report.totals.new == 12
    assert modes == (["delete"] if large else [])
    assert target.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    target.close()
