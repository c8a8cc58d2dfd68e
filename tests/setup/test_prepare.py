"""prepare(): what `ntm init` and the window do to a database they open, on real files."""

from __future__ import annotations

from ntm_desktop import criteria, units
from ntm_desktop.setup.prepare import prepare, save_home
from ntm_desktop.store.database import open_store


def _counts(store):
    return (
        len(criteria.codes(store)),
        len(units.all_of_level(store, "commune")),
        store.query("SELECT count(*) AS n FROM changes")[0]["n"],
    )


def test_a_new_database_gets_every_bundled_set_and_the_85_communes(db_path):
    bundled = len(criteria.bundled_files())  # 2016-2020, 2021-2025, 2026-2030
    assert bundled >= 3
    store = open_store(db_path)
    assert prepare(store) == bundled
    assert _counts(store)[:2] == (bundled, 85)
    store.close()


def test_prepare_is_idempotent(db_path):
    """The window prepares at every opening: the second time writes nothing."""
    store = open_store(db_path)
    prepare(store, "always")
    before = _counts(store)
    total = store.db.conn.total_changes
    assert prepare(store) == 0
    assert prepare(store, "always") == 0
    assert _counts(store) == before
    assert store.db.conn.total_changes == total
    store.close()


def test_units_missing_only_fills_a_database_without_a_province(db_path):
    store = open_store(db_path)
    prepare(store, "never")
    assert units.all_of_level(store, "province") == []
    assert len(criteria.codes(store)) == len(criteria.bundled_files())
    prepare(store, "missing")
    assert len(units.all_of_level(store, "commune")) == 85
    store.close()


def test_save_home(db_path):
    store = open_store(db_path)
    save_home(store, "province:62", "district:612")
    assert (store.meta("home_province"), store.meta("home_district")) == ("province:62", "district:612")
    save_home(store, None, None)
    assert store.meta("home_district") is None
    store.close()
