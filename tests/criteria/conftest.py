"""Criteria tests (ntm_desktop/criteria/): the bundled sets and tests/data/test-set.json,
validated as documents and loaded into real SQLite files; no mocks."""

import pytest

from ntm_desktop.store.database import open_store


@pytest.fixture
def empty(db_path):
    """A database with no criteria set and no units: loading starts from nothing."""
    st = open_store(db_path)
    yield st
    st.close()
