"""DHIS2 export tests (ntm_desktop/dhis2/): one Kon Tum database with 2020 results for all 85
communes, made once a session from a legacy table (random marks, fixed seed) through the same
import the window uses, plus results of other periods and indicator values; tests copy it."""

from __future__ import annotations

import json
import random
import shutil

import openpyxl
import pytest

from ntm_desktop import assessments, criteria, paths, periods, units
from ntm_desktop.excel import table_import
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store

REFERENCE = json.loads((paths.reference_dir() / "kontum-units-2020.json").read_text(encoding="utf-8"))
COMMUNES = [(d["name"], c["name"], c["code"]) for d in REFERENCE["districts"] for c in d["communes"]]
# results beside the year's table: (district, commune, period, criterion, met)
EXTRA_STATUSES = [
    ("Đăk Hà", "Hà Mòn", "2020-Q3", 2, True),
    ("Đăk Hà", "Hà Mòn", "2020-Q3", 3, False),
    ("Đăk Glei", "Đăk Long", "2020-Q2", 5, True),
]
# indicator values: (district, commune, period, indicator, value)
EXTRA_VALUES = [
    ("Đăk Hà", "Hà Mòn", "2020", "15.1", "92,5"),
    ("Đăk Hà", "Hà Mòn", "2020", "1.1", "có"),
    ("Đăk Hà", "Hà Mòn", "2020-Q3", "17.1", "40"),
    ("Đăk Glei", "Đăk Long", "2020-Q2", "15.1", "70"),
    ("Đăk Glei", "Đăk Long", "2020", "15.1", "80"),
]


def write_table(path, rng):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN TIÊU CHÍ NÔNG THÔN MỚI NĂM 2020"])
    ws.append(["STT", "Huyện", "Tên xã", *range(1, 20)])
    for index, (district, commune, _code) in enumerate(COMMUNES, 1):
        share = rng.random()
        ws.append([index, district, commune, *("x" if rng.random() < share else None for _ in range(19))])
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def dhis2_db_master(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dhis2")
    path = folder / "master.sqlite3"
    store = open_store(path)
    try:
        criteria.load_bundled(store)
        units.load_reference(store)
        table = write_table(folder / "2020.xlsx", random.Random(2106))
        table_import.apply(store, table_import.read_table(store, table, 2020), 2020)
        batch = audit.new_batch("entered", "DHIS2 export tests")
        for district, commune, period, number, met in EXTRA_STATUSES:
            unit = units.resolve_commune(store, commune, district)
            assessments.set_official(store, unit, periods.parse(period), number, met, batch=batch)
        for district, commune, period, code, value in EXTRA_VALUES:
            unit = units.resolve_commune(store, commune, district)
            assessments.set_indicator_value(store, unit, periods.parse(period), code, value, batch=batch)
    finally:
        store.close()
    return path


@pytest.fixture
def dhis2_db(dhis2_db_master, tmp_path):
    """A private copy of the session's 2020 database."""
    target = tmp_path / "ntm.sqlite3"
    shutil.copyfile(dhis2_db_master, target)
    return target
