"""``ntm twinning …`` end to end (CONTRACT §1), in subprocesses on real database files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_KEYS = {"agency", "district", "commune", "from", "to", "decision"}


def ntm(db, *args, lang=None):
    command = [sys.executable, "-m", "ntm_desktop", "--db", str(db)]
    if lang:
        command += ["--lang", lang]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*command, *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, env=env, timeout=60)


def dump(path):
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def ok(result):
    assert result.returncode == 0, result.stderr
    return result


def refused(result, code=3):
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def db(initialised_copy):
    """A private copy of the ``ntm init`` database (tests/cli/conftest.py)."""
    return initialised_copy


def test_assign_end_list_contract(db):
    ok(ntm(db, "twinning", "assign", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
           "--commune", "Xã Đăk Long", "--from", "2019-01-01", "--decision", "12/QĐ-UBND"))
    # the contract's reassignment: an end plus an assign, to the same-name commune of Đăk Glei
    ok(ntm(db, "twinning", "end", "--agency", "so tai chinh", "--district", "Đăk Hà",
           "--commune", "Đăk Long", "--on", "2021-06-15", "--decision", "512/QĐ-UBND"))
    ok(ntm(db, "twinning", "assign", "--agency", "Sở Tài chính", "--district", "Đắk Glei",
           "--commune", "Đăk Long", "--from", "2021-06-15", "--decision", "512/QĐ-UBND"))
    everything = json.loads(ok(ntm(db, "twinning", "list", "--json")).stdout)
    assert all(CONTRACT_KEYS <= set(row) for row in everything)
    assert [{k: row[k] for k in CONTRACT_KEYS} for row in everything] == [
        {"agency": "Sở Tài chính", "district": "Đăk Glei", "commune": "Đăk Long", "from": "2021-06-15",
         "to": None, "decision": "512/QĐ-UBND"},
        {"agency": "Sở Tài chính", "district": "Đăk Hà", "commune": "Đăk Long", "from": "2019-01-01",
         "to": "2021-06-15", "decision": "12/QĐ-UBND"},
    ]

    def districts_on(day):
        rows = json.loads(ok(ntm(db, "twinning", "list", "--as-of", day, "--json")).stdout)
        return [(r["district"], r["commune"], r["to"]) for r in rows]

    assert districts_on("2021-06-14") == [("Đăk Hà", "Đăk Long", "2021-06-15")]
    assert districts_on("2021-06-15") == [("Đăk Glei", "Đăk Long", None)]
    assert districts_on("2022-01-01") == [("Đăk Glei", "Đăk Long", None)]
    assert districts_on("2018-12-31") == []
    text = ok(ntm(db, "twinning", "list", "--as-of", "2020-01-01")).stdout
    assert "Sở Tài chính\tĐăk Long (Đăk Hà)" in text


def test_reassign_is_one_command(db):
    ok(ntm(db, "twinning", "assign", "--agency", "Bộ Chỉ huy Quân sự tỉnh", "--district", "Đăk Tô",
           "--commune", "Văn Lem", "--from", "2020-01-01"))
    result = json.loads(ok(ntm(db, "twinning", "reassign", "--agency", "Bộ Chỉ huy Quân sự tỉnh",
                               "--district", "Đăk Tô", "--commune", "Văn Lem", "--to-district", "Đăk Glei",
                               "--to-commune", "Đăk Long", "--on", "2021-07-01", "--decision", "7/QĐ-UBND",
                               "--json")).stdout)
    assert result["district"] == "Đăk Glei" and result["previous"]["to"] == "2021-07-01"
    assert result["previous"]["end_decision"] == "7/QĐ-UBND" and result["decision"] == "7/QĐ-UBND"
    changes = json.loads(ok(ntm(db, "twinning", "changes", "--from", "2021-01-01", "--to", "2021-12-31",
                                "--json")).stdout)
    assert changes == [{"kind": "reassigned", "agency": "Bộ Chỉ huy Quân sự tỉnh", "agency_level": "province",
                        "on": "2021-07-01", "decision": "7/QĐ-UBND", "from_district": "Đăk Tô",
                        "from_commune": "Văn Lem", "from_village": None, "to_district": "Đăk Glei",
                        "to_commune": "Đăk Long", "to_village": None}]


def test_bad_input_exit_3_and_nothing_written(db):
    ok(ntm(db, "twinning", "assign", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
           "--commune", "Đăk Long", "--from", "2019-01-01"))
    before = dump(db)
    ambiguous = refused(ntm(db, "twinning", "assign", "--agency", "Sở Y tế", "--commune", "Đăk Long",
                            "--from", "2020-01-01"))
    assert "Đăk Glei" in ambiguous and "Đăk Hà" in ambiguous and "--district" in ambiguous
    overlap = refused(ntm(db, "twinning", "assign", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
                          "--commune", "Đăk Long", "--from", "2020-05-01"))
    assert "trùng" in overlap
    early = refused(ntm(db, "twinning", "end", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
                        "--commune", "Đăk Long", "--on", "2018-12-31"))
    assert "31/12/2018" in early and "01/01/2019" in early
    unknown = refused(ntm(db, "twinning", "end", "--agency", "Sở Tài chánh", "--district", "Đăk Hà",
                          "--commune", "Đăk Long", "--on", "2021-01-01"))
    assert "Có phải là: Sở Tài chính?" in unknown
    commune = refused(ntm(db, "twinning", "assign", "--agency", "Sở Y tế", "--district", "Đăk Hà",
                          "--commune", "Dak Lon", "--from", "2020-01-01"))
    assert "Đăk Long (Đăk Hà)" in commune
    refused(ntm(db, "twinning", "assign", "--agency", "Sở Y tế", "--district", "Đăk Hà",
                "--commune", "Hà Mòn", "--from", "2020-02-30"))
    refused(ntm(db, "twinning", "contributions", "add", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
                "--commune", "Đăk Long", "--date", "2021-01-01", "--kind", "houses", "--quantity", "-2"))
    english = refused(ntm(db, "twinning", "end", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
                          "--commune", "Đăk Long", "--on", "2018-12-31", lang="en"))
    assert "must be after the start date" in english
    usage = refused(ntm(db, "twinning", "assign", "--agency", "Sở Y tế", "--commune", "Hà Mòn"), code=2)
    assert "--from" in usage
    assert dump(db) == before


def test_second_active_twinning_is_a_warning(db):
    ok(ntm(db, "twinning", "assign", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
           "--commune", "Đăk Long", "--from", "2019-01-01"))
    second = ok(ntm(db, "twinning", "assign", "--agency", "Sở Tài chính", "--district", "Đăk Glei",
                    "--commune", "Đăk Long", "--from", "2020-01-01", "--json"))
    data = json.loads(second.stdout)
    assert data["district"] == "Đăk Glei" and len(data["warnings"]) == 1
    assert "Đăk Long (Đăk Hà)" in second.stderr
    assert len(json.loads(ok(ntm(db, "twinning", "list", "--as-of", "2020-06-01", "--json")).stdout)) == 2


def test_village_agencies_contributions_and_totals(db):
    ok(ntm(db, "twinning", "assign", "--agency", "Phòng Văn hóa - Thông tin", "--district", "Đăk Hà",
           "--commune", "Hà Mòn", "--village", "Thôn 4", "--from", "2019-01-01", "--contact", "Y Bơi",
           "--phone", "0905 000 111"))
    agencies = json.loads(ok(ntm(db, "twinning", "agencies", "list", "--json")).stdout)
    assert [(a["name"], a["level"], a["district"], a["contact"], a["phone"]) for a in agencies] == [
        ("Phòng Văn hóa - Thông tin", "district", "Đăk Hà", "Y Bơi", "0905 000 111")]
    ok(ntm(db, "twinning", "agencies", "add", "--name", "Ngân hàng Chính sách xã hội chi nhánh tỉnh"))
    listed = json.loads(ok(ntm(db, "twinning", "agencies", "list", "--find", "ngan hang", "--json")).stdout)
    assert [(a["kind"], a["level"]) for a in listed] == [("bank", "province")]
    rows = json.loads(ok(ntm(db, "twinning", "list", "--json")).stdout)
    assert [(r["village"], r["commune"], r["agency_level"]) for r in rows] == [("Thôn 4", "Hà Mòn", "district")]
    place = ["--agency", "Phòng Văn hóa - Thông tin", "--district", "Đăk Hà", "--commune", "Hà Mòn",
             "--village", "thon 4"]
    ok(ntm(db, "twinning", "contributions", "add", *place, "--date", "2021-02-01", "--kind", "labour_days",
           "--quantity", "25"))
    ok(ntm(db, "twinning", "contributions", "add", *place, "--date", "2021-02-03", "--kind", "labour_days",
           "--quantity", "12,5"))
    added = json.loads(ok(ntm(db, "twinning", "contributions", "add", *place, "--date", "2021-02-05",
                              "--kind", "Quà (Tết, 27/7)", "--quantity", "40", "--amount", "12.000.000",
                              "--source", "Công đoàn", "--json")).stdout)
    assert (added["kind"], added["quantity"], added["amount"], added["village"]) == ("gifts", 40, 12_000_000, "Thôn 4")
    listed = json.loads(ok(ntm(db, "twinning", "contributions", "list", "--year", "2021", "--json")).stdout)
    assert [(c["date"], c["kind"], c["quantity"]) for c in listed] == [
        ("2021-02-01", "labour_days", 25), ("2021-02-03", "labour_days", 12.5), ("2021-02-05", "gifts", 40)]
    totals = json.loads(ok(ntm(db, "twinning", "totals", "--year", "2021", "--by", "district", "--json")).stdout)
    table_1c = [t for t in totals["tables"] if t["code"] == "1c"][0]
    assert [c["kind"] for c in table_1c["columns"]][:2] == ["staff_trips", "money_production"]
    assert [(r["name"], r["columns"]["labour_days"], r["columns"]["gifts"], r["value"]) for r in table_1c["rows"]] == [
        ("Đăk Hà", 37.5, 40, 12_000_000)]
    assert table_1c["total"]["value"] == 12_000_000
    text = ok(ntm(db, "twinning", "totals", "--year", "2021")).stdout
    assert "Biểu 1c" in text and "37,5" in text and "12.000.000" in text
    kinds = json.loads(ok(ntm(db, "twinning", "contributions", "kinds", "--json")).stdout)
    assert {k["unit_vi"] for k in kinds} == {"lượt", "đồng", "căn", "suất", "ngày công", "mô hình", "hộ", "lượt người"}
