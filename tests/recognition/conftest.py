"""Recognition tests (ntm_desktop/recognition/): a Kon Tum database of both eras (the national
lists with the reform of 1 July 2025, as ``ntm init --province "Kon Tum"`` makes it), made once
a session as a real SQLite file and copied for each test; no mocks."""

from __future__ import annotations

import shutil

import pytest

from ntm_desktop import units
from ntm_desktop.setup.prepare import prepare
from ntm_desktop.store.database import open_store


@pytest.fixture(scope="session")
def kontum_eras_file(tmp_path_factory):
    """The database file made once: never written by a test (copy it: :func:`eras`)."""
    path = tmp_path_factory.mktemp("recognition") / "kontum.sqlite3"
    store = open_store(path)
    prepare(store, "never")
    units.load_provinces(store, units.find_provinces("Kon Tum"))
    store.close()
    return path


@pytest.fixture
def eras(kontum_eras_file, tmp_path):
    """A store on a copy of the Kon Tum database of both eras."""
    target = tmp_path / "ntm.sqlite3"
    shutil.copy(kontum_eras_file, target)
    store = open_store(target)
    yield store
    store.close()


def commune(store, code, on="2020-12-31"):
    """The commune-level unit holding ``code`` on the day ``on``."""
    return units.resolve_code(store, code, on)


def dump(store):
    """Every row of every table, to compare a database before and after a refusal."""
    conn = store.db.conn
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: sorted(map(repr, conn.execute(f"SELECT * FROM {name}").fetchall())) for name in names}
