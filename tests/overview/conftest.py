"""Overview tests (ntm_desktop/overview/): a real Kon Tum database of both eras, made once a
module and copied for each test: the 2019 legacy table on the old communes (85 communes, 19
criteria), a few first-half statuses of 2019, one official status (criterion 1) that differs from the
computed one, and 2026 results on four new communes (10 criteria, no districts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ntm_desktop import assessments, criteria, units
from ntm_desktop.excel import table_import
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "samples" / "legacy-table-2019.xlsx"
MET_2026 = {"23326": range(1, 8), "23500": range(1, 11), "23527": range(1, 10), "23497": range(1, 4)}
H1 = Period(2019, "H", 1)


def first_commune(st):
    """The first commune of the 2019 table's scope, by id (the one the fixture marks)."""
    return units.get(st, st.query("SELECT min(commune_id) AS c FROM criterion_results WHERE year = 2019")[0]["c"])


def build(path: Path) -> Path:
    st = open_store(path)
    try:
        criteria.load_bundled(st)
        units.load_provinces(st, units.find_provinces("Kon Tum"))
        table_import.apply(st, table_import.read_table(st, SAMPLE, 2019), 2019)
        batch = audit.new_batch("entered", "overview test data")
        commune = first_commune(st)
        # first half of 2019: two statuses, criterion 3 met then (the year's table may say otherwise)
        assessments.set_official(st, commune, H1, 3, True, batch=batch)
        assessments.set_official(st, commune, H1, 4, False, batch=batch)
        # criterion 1 computed met from its two indicators, but officially not met: they differ
        for code in ("1.1", "1.2"):
            assessments.set_indicator_value(st, commune, Period(2019, "Y"), code, "có", batch=batch)
        assessments.set_official(st, commune, Period(2019, "Y"), 1, False, batch=batch)
        for code, met in MET_2026.items():
            new = units.resolve_code(st, code, "2026-12-31")
            for number in range(1, 11):
                assessments.set_official(st, new, Period(2026, "Y"), number, number in met, batch=batch)
    finally:
        st.close()
    return path


@pytest.fixture(scope="session")
def master(tmp_path_factory):
    """The database file made once: never written by a test (copy it: :func:`kt`)."""
    return build(tmp_path_factory.mktemp("overview") / "master.sqlite3")


@pytest.fixture
def kt(master, tmp_path):
    """A store on a copy of the database."""
    target = tmp_path / "kt.sqlite3"
    shutil.copyfile(master, target)
    st = open_store(target)
    yield st
    st.close()
