"""Reporting-cycle tests (ntm_desktop/cycle/): the root conftest's ``store`` (the bundled criteria
sets and the Kon Tum units of 2020 in a real SQLite file under tmp_path), no mocks."""

from __future__ import annotations


def dump(store):
    """Every row of every table, to compare a database before and after a refusal."""
    conn = store.db.conn
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: sorted(map(repr, conn.execute(f"SELECT * FROM {name}").fetchall())) for name in names}
