"""``ntm period submit|lock|unlock|list`` end to end (``python -m ntm_desktop`` on real files, issue 18
part 3, CONTRACT §9): a locked period refuses ``ntm set`` and ``ntm import-table`` with exit 3, a
message naming who locked it and when, and the whole database unchanged, until it is unlocked
with a reason; the list says who submitted and locked what."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.cli.conftest import as_json
from tests.cli.test_cli import assert_error, ntm
from tests.cli.test_units_eras import SAMPLES

TABLE = str(SAMPLES / "legacy-table-2019.xlsx")


@pytest.fixture
def db(initialised_copy):
    """A private copy of the ``ntm init`` database (tests/cli/conftest.py)."""
    return initialised_copy


def dump(db):
    """Every row of every table of the database file."""
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(map(repr, conn.execute(f"SELECT * FROM {n}").fetchall())) for n in names}
    finally:
        conn.close()


def _set(db, *extra, year="2020"):
    return ntm(db, "set", "--year", year, "--district", "Đăk Hà", "--commune", "Hà Mòn", *extra)


def test_a_locked_year_refuses_set_until_unlocked_with_a_reason(db):
    assert _set(db, "--criterion", "1", "--met", "yes").returncode == 0
    locked = as_json(ntm(db, "period", "lock", "--year", "2020", "--district", "Đăk Hà", "--json"))
    assert [(r["unit"], r["period"], r["state"], r["changed"], r["unsent"]) for r in locked] == [
        ("Đăk Hà", "2020", "locked", True, 1)]
    at = locked[0]["at"]
    when = f"{at[8:10]}/{at[5:7]}/{at[:4]} {at[11:16]}"
    before = dump(db)
    for args in (("--criterion", "1", "--met", "no"), ("--indicator", "2.1", "--value", "70"),
                 ("--period", "2020-Q3", "--indicator", "2.1", "--value", "70")):
        refused = _set(db, *args)
        assert_error(refused, 3)
        assert f"bởi {locked[0]['by']} lúc {when}" in refused.stderr and "Khóa trên: Đăk Hà, Năm 2020" in refused.stderr
        assert dump(db) == before
    english = ntm(db, "--lang", "en", "set", "--year", "2020", "--code", "23311", "--criterion", "1", "--met", "no")
    assert english.returncode == 0  # Đăk Cấm, Thành phố Kon Tum: not under the lock
    before = dump(db)
    no_reason = ntm(db, "period", "unlock", "--year", "2020", "--district", "Đăk Hà", "--json")
    assert no_reason.returncode == 3 and "--reason" in json.loads(no_reason.stdout)["error"]
    assert dump(db) == before
    unlocked = as_json(ntm(db, "period", "unlock", "--year", "2020", "--district", "Đăk Hà", "--reason",
                           "Bổ sung minh chứng TC1", "--json"))
    assert (unlocked[0]["state"], unlocked[0]["reason"]) == ("open", "Bổ sung minh chứng TC1")
    assert _set(db, "--criterion", "1", "--met", "no").returncode == 0


def test_a_locked_year_refuses_a_table_import_naming_the_communes(db):
    assert ntm(db, "period", "lock", "--year", "2019", "--district", "Đăk Glei").returncode == 0
    before = dump(db)
    refused = ntm(db, "import-table", TABLE, "--year", "2019")
    assert_error(refused, 3)
    first, *details = refused.stderr.splitlines()
    assert first.startswith("error: Không nhập được bảng: 11 xã đã bị khóa số liệu năm 2019: Đăk Blô (Đăk Glei),")
    assert "Đăk Hring" not in first and details == ["  Khóa trên: Đăk Glei, Năm 2019"]
    assert dump(db) == before
    assert not list(db.parent.glob("backups/*import*"))  # a refused file pushes no backup out
    assert ntm(db, "import-table", TABLE, "--year", "2020", "--dry-run").returncode == 0  # another year
    unlocked = ntm(db, "period", "unlock", "--year", "2019", "--district", "Đăk Glei", "--reason", "nhập bảng")
    assert unlocked.returncode == 0
    assert as_json(ntm(db, "import-table", TABLE, "--year", "2019", "--json"))["imported"] == 21


def test_a_province_quarter_lock_covers_its_months_and_the_list_says_who(db):
    locked = as_json(ntm(db, "period", "lock", "--year", "2020", "--period", "2020-Q2", "--json"))
    assert [(r["unit"], r["level"]) for r in locked] == [("Kon Tum", "province")]
    assert_error(_set(db, "--period", "2020-M05", "--indicator", "2.1", "--value", "70"), 3)
    assert _set(db, "--period", "2020-M07", "--indicator", "2.1", "--value", "70").returncode == 0
    assert ntm(db, "period", "submit", "--year", "2020", "--code", "23311").returncode == 0
    rows = as_json(ntm(db, "period", "list", "--year", "2020", "--json"))
    assert [{k: r[k] for k in ("year", "period", "unit", "state", "reason")} for r in rows] == [
        {"year": 2020, "period": "2020-Q2", "unit": "Kon Tum", "state": "locked", "reason": None},
        {"year": 2020, "period": "2020", "unit": "Đăk Cấm", "state": "submitted", "reason": None}]
    assert all(r["by"] and r["at"].endswith("Z") for r in rows)
    assert as_json(ntm(db, "period", "list", "--year", "2021", "--json")) == []
    text = ntm(db, "period", "list").stdout
    assert "2020-Q2\tKon Tum\tĐã khóa" in text and "Thành phố Kon Tum – Đăk Cấm\tĐã gửi" in text


@pytest.mark.parametrize("args", [("--period", "2021-Q1"), ("--district", "Không Có"), ("--code", "99999")])
def test_bad_input_is_refused_with_exit_3(db, args):
    before = dump(db)
    result = ntm(db, "period", "lock", "--year", "2020", *args, "--json")
    assert_error(result, 3)
    assert set(json.loads(result.stdout)) == {"error", "details"}
    assert dump(db) == before
