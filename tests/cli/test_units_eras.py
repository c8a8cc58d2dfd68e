"""``ntm init --province``, ``units list --as-of``, ``units history`` and ``set --code`` end to end
(``python -m ntm_desktop`` in a subprocess, on real files): the issue 16 "Done when" for the core."""

from __future__ import annotations

import pytest

from tests.cli.conftest import as_json
from tests.cli.test_cli import REFERENCE, ROOT, assert_error, ntm

SAMPLES = ROOT / "tests" / "data" / "samples"
KONTUM_CODES = {c["code"] for d in REFERENCE["districts"] for c in d["communes"]}


@pytest.fixture
def kontum_db(kontum_eras_db):
    return kontum_eras_db


def test_init_province_kontum_2020(kontum_db):
    rows = as_json(ntm(kontum_db, "units", "list", "--as-of", "2020-12-31", "--json"))
    xa = [r for r in rows if r["kind"] == "xã"]
    assert len(xa) == 85 and len({r["district"] for r in xa}) == 10
    assert {r["code"] for r in xa} == KONTUM_CODES
    assert all(set(r) == {"province", "district", "commune", "code", "kind"} for r in rows)


def test_history_and_the_units_of_2026(kontum_db):
    events = as_json(ntm(kontum_db, "units", "history", "--json"))
    targets = set()
    for code in KONTUM_CODES:
        (event,) = [e for e in events if code in {u["code"] for u in e["from"]}]
        assert (event["date"], event["decision"]) == ("2025-07-01", "1677/NQ-UBTVQH15")
        targets |= {u["code"] for u in event["to"]}
    assert len(targets) == 38
    only = as_json(ntm(kontum_db, "units", "history", "--code", "23326", "--json"))
    assert [(e["kind"], [u["code"] for u in e["from"]], e["to"]) for e in only] == [
        ("merged", ["23326", "23327", "23329"], [{"code": "23326", "name": "Ia Chim"}])]
    text = ntm(kontum_db, "units", "history", "--code", "23326").stdout
    assert "23326 Ia Chim, 23327 Đăk Năng, 23329 Đoàn Kết → 23326 Ia Chim" in text and "1677/NQ-UBTVQH15" in text
    rows = {r["code"]: r for r in as_json(ntm(kontum_db, "units", "list", "--as-of", "2026-01-01", "--json"))}
    assert {(rows[c]["province"], rows[c]["district"]) for c in targets} == {("Quảng Ngãi", None)}


def test_set_by_code_in_2026_and_the_summary(kontum_eras_copy):
    db = kontum_eras_copy
    result = ntm(db, "set", "--year", "2026", "--code", "23326", "--criterion", "1", "--met", "yes")
    assert result.returncode == 0, result.stderr
    assert "Ia Chim" in result.stdout
    figures = as_json(ntm(db, "summary", "--year", "2026", "--json"))
    assert figures["per_criterion"]["1"] == 1 and figures["by_district"] == {}
    refused = ntm(db, "summary", "--year", "2026", "--district", "Đăk Hà", "--json", lang="en")
    assert_error(refused, 3)
    assert "no districts" in refused.stderr
    # a name without its district, unique among the units in force in 2026
    result = ntm(db, "set", "--year", "2026", "--commune", "Ia Chim", "--criterion", "2", "--met", "yes")
    assert result.returncode == 0, result.stderr
    # 2020: the same code is the old Ia Chim, under its district
    result = ntm(db, "set", "--year", "2020", "--code", "23326", "--criterion", "1", "--met", "yes")
    assert result.returncode == 0, result.stderr
    figures = as_json(ntm(db, "summary", "--year", "2020", "--json"))
    assert figures["communes"] == 85 and figures["per_criterion"]["1"] == 1
    assert figures["by_district"]["Thành phố Kon Tum"]["per_criterion"]["1"] == 1


def test_published_table_imports_onto_the_national_list(kontum_eras_copy, tmp_path):
    db = kontum_eras_copy
    report = as_json(ntm(db, "import-table", str(SAMPLES / "legacy-table-2019.xlsx"), "--year", "2019", "--json"))
    assert (report["matched"], report["imported"]) == (21, 21)
    plain = tmp_path / "plain.sqlite3"
    assert ntm(plain, "init").returncode == 0
    as_json(ntm(plain, "import-table", str(SAMPLES / "legacy-table-2019.xlsx"), "--year", "2019", "--json"))
    ours = as_json(ntm(db, "summary", "--year", "2019", "--json"))
    theirs = as_json(ntm(plain, "summary", "--year", "2019", "--json"))
    assert ours == theirs


def test_gia_lai_by_code_of_the_new_era(tmp_path):
    db = tmp_path / "gl.sqlite3"
    assert ntm(db, "init", "--units", "none", "--province", "52").returncode == 0
    rows = as_json(ntm(db, "units", "list", "--as-of", "2026-01-01", "--json"))
    new = [r for r in rows if r["province"] == "Gia Lai"]
    assert len(new) == 135 and {r["district"] for r in new} == {None}
    old = [r for r in as_json(ntm(db, "units", "list", "--as-of", "2020-12-31", "--json")) if r["kind"] == "xã"]
    assert {r["province"] for r in old} == {"Gia Lai", "Bình Định"}
    events = as_json(ntm(db, "units", "history", "--json"))
    assert {e["decision"] for e in events if len(e["to"][0]["code"]) == 5} == {"1664/NQ-UBTVQH15"}
    assert {e["decision"] for e in events if len(e["to"][0]["code"]) == 2} == {"202/2025/QH15"}
    ia_tor = next(r["code"] for r in new if r["commune"] == "Ia Tôr")
    result = ntm(db, "set", "--year", "2026", "--code", ia_tor, "--criterion", "3", "--met", "yes")
    assert result.returncode == 0, result.stderr


def test_unknown_province_refused_with_the_closest_nothing_changed(kontum_eras_copy, tmp_path, db_state):
    db = kontum_eras_copy
    before = db_state(db)
    result = ntm(db, "init", "--province", "Kon Tum", "--province", "Quang Ngay")
    assert_error(result, 3)
    assert "Quảng Ngãi" in result.stderr
    assert db_state(db) == before
    missing = tmp_path / "none.sqlite3"
    assert_error(ntm(missing, "init", "--province", "Atlantis"), 3)
    assert not missing.exists()


def test_init_without_province_stays_as_today(tmp_path):
    db = tmp_path / "plain.sqlite3"
    assert ntm(db, "init").returncode == 0
    assert as_json(ntm(db, "units", "history", "--json")) == []
    rows = as_json(ntm(db, "units", "list", "--json"))
    assert len(rows) == 85 and all(r["province"] == "Kon Tum" and r["district"] for r in rows)


def test_a_kontum_2020_database_with_results_takes_the_national_lists(tmp_path):
    db = tmp_path / "office.sqlite3"
    assert ntm(db, "init").returncode == 0
    assert ntm(db, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn", "--criterion", "2",
               "--met", "yes").returncode == 0
    before = as_json(ntm(db, "summary", "--year", "2020", "--json"))
    result = ntm(db, "init", "--province", "Kon Tum")
    assert result.returncode == 0, result.stderr
    assert as_json(ntm(db, "summary", "--year", "2020", "--json")) == before
    assert ntm(db, "init").returncode == 0  # the plain init again changes none of it
    assert as_json(ntm(db, "summary", "--year", "2020", "--json")) == before
    assert len(as_json(ntm(db, "units", "history", "--code", "23521", "--json"))) == 1


def test_units_list_defaults_to_today(kontum_db):
    """CONTRACT §1: without ``--as-of`` the units in force today, here the new units with no district."""
    today = as_json(ntm(kontum_db, "units", "list", "--json"))
    assert today and all(r["district"] is None and r["province"] == "Quảng Ngãi" for r in today)
    assert "23326" in {r["code"] for r in today} and not {r["code"] for r in today} & (KONTUM_CODES - {
        r["code"] for r in today})
    old = as_json(ntm(kontum_db, "units", "list", "--as-of", "2020-12-31", "--district", "Sa Thầy", "--json"))
    assert old and {r["district"] for r in old} == {"Sa Thầy"}
