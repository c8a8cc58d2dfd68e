"""Targets tests (ntm_desktop/targets/): the Kon Tum database of 2020 (85 communes in 10
districts, the bundled criteria sets), made once a session as a real SQLite file and copied for
each test; workbooks written with openpyxl and read back; no mocks."""

from __future__ import annotations

import shutil

import pytest

from ntm_desktop import criteria, units
from ntm_desktop.store.database import open_store


@pytest.fixture(scope="session")
def kontum_file(tmp_path_factory):
    """The database file made once: never written by a test (copy it: :func:`kontum`)."""
    path = tmp_path_factory.mktemp("planning") / "kontum.sqlite3"
    store = open_store(path)
    criteria.load_bundled(store)
    units.load_reference(store)
    store.close()
    return path


@pytest.fixture
def kontum(kontum_file, tmp_path):
    """A store on a copy of the Kon Tum database."""
    target = tmp_path / "ntm.sqlite3"
    shutil.copy(kontum_file, target)
    store = open_store(target)
    yield store
    store.close()


def dump(store):
    """Every row of every table, to compare a database before and after a refusal."""
    conn = store.db.conn
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: sorted(map(repr, conn.execute(f"SELECT * FROM {name}").fetchall())) for name in names}
