"""Sync tests (ntm_desktop/sync/): packages written and read as real zip files between real
SQLite files in tmp_path (tests/sync/test_support.py builds the stores and compares their
content by natural keys); no mocks."""

import sqlite3

import pytest

from tests.sync.test_support import make_store


@pytest.fixture
def two(tmp_path, monkeypatch):
    """A province's and an office's databases (Kon Tum), each with its own identity."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    made = []
    for name in ("province", "office"):
        (tmp_path / name).mkdir()
        made.append(make_store(tmp_path / name / "ntm.sqlite3", f"Máy {name}"))
    yield made
    for store in made:
        try:
            store.close()
        except sqlite3.ProgrammingError:
            pass
