"""``ntm units classify`` and ``ntm units classes`` (CONTRACT §1, issue 17 part 3), run as
``python -m ntm_desktop`` on real database files: a commune's dated region changes its 2020
income criterion (QĐ 1980: ≥41 in Tây Nguyên, ≥50 in Đồng bằng sông Hồng), refusals exit 3
with the database unchanged, usage errors exit 2."""

from __future__ import annotations

import pytest

from tests.cli.conftest import as_json
from tests.cli.test_cli import ntm
from tests.conftest import WRITE_TABLES

TABLES = (*WRITE_TABLES, "unit_classes")


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """Kon Tum 2020 with Hà Mòn's income (criterion 10) at 45 million: met in Tây Nguyên."""
    db = tmp_path_factory.mktemp("classify") / "ntm.sqlite3"
    assert ntm(db, "init").returncode == 0
    result = ntm(db, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn",
                 "--indicator", "10", "--value", "45")
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def db(base_db, tmp_path):
    target = tmp_path / "ntm.sqlite3"
    target.write_bytes(base_db.read_bytes())
    return target


def met_10(db):
    return as_json(ntm(db, "summary", "--year", "2020", "--district", "Đăk Hà", "--json"))["per_criterion"]["10"]


def test_classify_a_region_from_a_day_changes_the_assessment(db):
    before = met_10(db)
    out = as_json(ntm(db, "units", "classify", "--district", "Đăk Hà", "--commune", "Hà Mòn", "--region", "DBSH",
                      "--from", "2020-01-01", "--decision", "QĐ 5/QĐ-UBND", "--json"))
    assert out == {"code": "23521", "commune": "Hà Mòn", "kind": "region", "value": "DBSH", "from": "2020-01-01",
                   "decision": "QĐ 5/QĐ-UBND", "changed": True, "batch": out["batch"]}
    assert met_10(db) == before - 1
    facts = as_json(ntm(db, "units", "classes", "--code", "23521", "--json"))
    assert facts == [{"district": "Đăk Hà", "commune": "Hà Mòn", "code": "23521", "kind": "region", "value": "DBSH",
                      "from": "2020-01-01", "to": None, "decision": "QĐ 5/QĐ-UBND", "note": None}]
    # Tây Nguyên again from 2021: DBSH ends on 2020-12-31 and still assesses 2020
    result = ntm(db, "units", "classify", "--code", "23521", "--region", "TN", "--from", "2021-01-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Đã ghi: Hà Mòn — Vùng Tây Nguyên từ ngày 2021-01-01."
    assert met_10(db) == before - 1
    facts = as_json(ntm(db, "units", "classes", "--json"))
    assert [(f["value"], f["from"], f["to"]) for f in facts] == [
        ("DBSH", "2020-01-01", "2020-12-31"), ("TN", "2021-01-01", None)]
    assert [f["value"] for f in as_json(ntm(db, "units", "classes", "--as-of", "2021-03-01", "--json"))] == ["TN"]
    # the same again changes nothing, and says so
    again = ntm(db, "units", "classify", "--code", "23521", "--region", "TN", "--from", "2022-01-01",
                lang="en")
    assert again.returncode == 0
    assert again.stdout.strip() == "Nothing changed: Hà Mòn already is Region: Central Highlands on 2022-01-01."


def test_groups_are_dated_too(db):
    out = as_json(ntm(db, "units", "classify", "--code", "23521", "--group", "3", "--from", "2026-02-15", "--json"))
    assert (out["kind"], out["value"], out["changed"]) == ("group", "3", True)
    text = ntm(db, "units", "classes")
    assert text.returncode == 0
    assert "Hà Mòn (Đăk Hà)\t23521\tXã nhóm 3\t2026-02-15 → …" in text.stdout


@pytest.mark.parametrize(("args", "words"), [
    (("--code", "23521", "--region", "Tây Bắc", "--from", "2020-01-01"), "Vùng không hợp lệ"),
    (("--district", "Đăk Hà", "--commune", "Không Có", "--group", "1", "--from", "2026-01-01"), "Không Có"),
    (("--code", "99999", "--group", "1", "--from", "2026-01-01"), "99999"),
])
def test_refusals_exit_3_and_change_nothing(db, db_state, args, words):
    before = db_state(db, TABLES)
    result = ntm(db, "units", "classify", *args)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("error:") and words in result.stderr
    assert db_state(db, TABLES) == before


def test_refusal_under_json_and_in_english(db, db_state):
    before = db_state(db, TABLES)
    result = ntm(db, "units", "classify", "--code", "23521", "--region", "XX", "--from", "2020-01-01", "--json",
                 lang="en")
    assert result.returncode == 3
    assert "Unknown region «XX»" in result.stderr
    assert db_state(db, TABLES) == before


@pytest.mark.parametrize("args", [
    ("--code", "23521", "--group", "4", "--from", "2026-01-01"),
    ("--code", "23521", "--group", "1", "--region", "TN", "--from", "2026-01-01"),
    ("--code", "23521", "--from", "2026-01-01"),
    ("--code", "23521", "--group", "1"),
    ("--code", "23521", "--group", "1", "--from", "01/01/2026"),
    ("--group", "1", "--from", "2026-01-01"),
])
def test_usage_errors_exit_2(db, db_state, args):
    before = db_state(db, TABLES)
    result = ntm(db, "units", "classify", *args)
    assert result.returncode == 2, result.stderr
    assert db_state(db, TABLES) == before
