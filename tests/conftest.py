"""Shared fixtures for the core tests: real SQLite files in tmp_path, no mocks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ntm_desktop import criteria, i18n, units
from ntm_desktop.store.database import open_store

TESTS_DIR = Path(__file__).resolve().parent
# the shared report database (tests/reports and tests/ui use it)
pytest_plugins = ("tests.reports.test_data",)
TEST_SET_PATH = TESTS_DIR / "data" / "test-set.json"
# Tables whose rows a write may touch; compared whole before and after a refused write.
WRITE_TABLES = ("indicator_values", "criterion_results", "changes", "units", "unit_aliases", "meta")


@pytest.fixture(scope="session", autouse=True)
def _ntm_data_dir(tmp_path_factory):
    """Logs and default data go to a temporary folder, never the home folder."""
    data_dir = tmp_path_factory.mktemp("ntm-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NTM_DATA_DIR", str(data_dir))
        mp.delenv("NTM_DB", raising=False)
        # the user's name is known, so the window never asks for it (tests that ask unset it)
        mp.setenv("NTM_USER_NAME", "Người kiểm thử")
        yield data_dir


@pytest.fixture(autouse=True)
def _reset_language():
    """Every test starts (and leaves) the message catalog in Vietnamese."""
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def english():
    i18n.set_language("en")
    return "en"


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "ntm.sqlite3"


@pytest.fixture
def store(db_path):
    """A fresh database with the bundled criteria sets and the Kon Tum units."""
    st = open_store(db_path)
    criteria.load_bundled(st)
    units.load_reference(st)
    yield st
    st.close()


@pytest.fixture
def test_set_data():
    return json.loads(TEST_SET_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def test_store(db_path):
    """A fresh database with the Kon Tum units and only the small test criteria set."""
    st = open_store(db_path)
    units.load_reference(st)
    criteria.load_file(st, TEST_SET_PATH)
    yield st
    st.close()


def table_rows(st_or_path, table):
    """Every row of a table as sorted tuples (for before/after comparisons)."""
    if isinstance(st_or_path, (str, Path)):
        conn = sqlite3.connect(st_or_path)
        try:
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
        finally:
            conn.close()
    else:
        rows = [tuple(r) for r in st_or_path.db.conn.execute(f"SELECT * FROM {table}").fetchall()]
    return sorted(rows, key=repr)


@pytest.fixture
def db_state():
    """``db_state(store_or_path)``: a snapshot of every table a write may touch."""

    def snapshot(st_or_path, tables=WRITE_TABLES):
        return {table: table_rows(st_or_path, table) for table in tables}

    return snapshot
