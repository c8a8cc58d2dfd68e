"""``ntm recognition add|revoke|list`` end to end (``python -m ntm_desktop`` on real files, issue
17 part 6): recognitions with their decision and date, revocations, a new commune listing its
former communes' recognitions, the commune report (PDF read back with pdftotext, and the
workbook) naming them; bad input refused with exit 3 (2 for usage) and the database unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import as_json
from tests.cli.test_cli import assert_error, ntm

TABLES = ("recognitions", "changes", "units", "meta")


@pytest.fixture
def db(kontum_eras_copy):
    return kontum_eras_copy


def _recognise(db):
    assert ntm(db, "recognition", "add", "--code", "23327", "--kind", "ntm", "--year", "2020", "--decision",
               "45/QĐ-UBND", "--date", "2021-03-01", "--issuer", "UBND tỉnh Kon Tum").returncode == 0
    made = as_json(ntm(db, "recognition", "add", "--district", "Thành phố Kon Tum", "--commune", "Đăk Năng",
                       "--kind", "nang-cao", "--decision", "46/QĐ-UBND", "--date", "2024-03-01", "--json"))
    assert made == {"code": "23327", "commune": "Đăk Năng", "kind": "nang-cao", "year": 2024,
                    "decision": "46/QĐ-UBND", "date": "2024-03-01", "issuer": None, "revoked_decision": None,
                    "revoked_on": None, "note": None}


def test_add_revoke_and_list(db):
    _recognise(db)
    result = ntm(db, "recognition", "revoke", "--code", "23327", "--kind", "nang-cao", "--decision", "9/QĐ-UBND",
                 "--date", "2025-01-01")
    assert result.returncode == 0, result.stderr
    assert "thu hồi" in result.stdout and "01/01/2025" in result.stdout
    rows = as_json(ntm(db, "recognition", "list", "--json"))
    assert [(r["code"], r["commune"], r["kind"], r["date"], r["revoked_on"], r["in_force"], r["former"])
            for r in rows] == [("23327", "Đăk Năng", "ntm", "2021-03-01", None, True, False),
                               ("23327", "Đăk Năng", "nang-cao", "2024-03-01", "2025-01-01", False, False)]
    during = as_json(ntm(db, "recognition", "list", "--as-of", "2024-06-01", "--json"))
    assert [r["kind"] for r in during] == ["ntm", "nang-cao"]
    text = ntm(db, "recognition", "list").stdout
    assert "23327\tThành phố Kon Tum – Đăk Năng\tNTM 2020\t45/QĐ-UBND 01/03/2021" in text
    assert "thu hồi 9/QĐ-UBND 01/01/2025" in text


def test_a_new_commune_lists_its_former_communes(db):
    _recognise(db)
    assert ntm(db, "recognition", "add", "--code", "23326", "--kind", "ntm", "--decision", "300/QĐ-UBND",
               "--date", "2026-05-20").returncode == 0  # 23326 on that day: the new xã Ia Chim
    rows = as_json(ntm(db, "recognition", "list", "--code", "23326", "--as-of", "2026-06-01", "--json"))
    assert [(r["commune"], r["province"], r["district"], r["kind"], r["former"]) for r in rows] == [
        ("Ia Chim", "Quảng Ngãi", None, "ntm", False), ("Đăk Năng", "Kon Tum", "Thành phố Kon Tum", "ntm", True),
        ("Đăk Năng", "Kon Tum", "Thành phố Kon Tum", "nang-cao", True)]
    assert "(xã cũ)" in ntm(db, "recognition", "list", "--code", "23326").stdout
    english = ntm(db, "recognition", "list", "--code", "23326", lang="en").stdout
    assert "(former commune)" in english and "Advanced NRD 2024" in english


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_commune_report_names_the_former_communes_recognitions(db, tmp_path):
    _recognise(db)
    pdf, xlsx = tmp_path / "ia-chim.pdf", tmp_path / "ia-chim.xlsx"
    for out, kind in ((pdf, "pdf"), (xlsx, "xlsx")):
        result = ntm(db, "report", "commune", "--year", "2026", "--code", "23326", "--format", kind, "--out", str(out))
        assert result.returncode == 0, result.stderr
    words = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert ("Trước sắp xếp, xã Đăk Năng được công nhận đạt chuẩn nông thôn mới năm 2020 (Quyết định số"
            " 45/QĐ-UBND ngày 01/03/2021 của UBND tỉnh Kon Tum) và đạt chuẩn nông thôn mới nâng cao năm 2024"
            " (Quyết định số 46/QĐ-UBND ngày 01/03/2024)") in words
    sheet = load_workbook(xlsx)["Xã trước sắp xếp"]
    cells = [str(c.value) for r in sheet.iter_rows() for c in r if c.value]
    assert any("đạt chuẩn nông thôn mới nâng cao năm 2024 (Quyết định số 46/QĐ-UBND" in c for c in cells)


REFUSED = [
    (("add", "--code", "23327", "--kind", "ntm", "--decision", "45/qđ-ubnd", "--date", "2021-03-01"), "đã được ghi"),
    (("add", "--code", "23327", "--kind", "ntm", "--decision", "1", "--date", "2026-03-01"), "không tồn tại"),
    (("add", "--code", "23327", "--kind", "ntm", "--year", "2022", "--decision", "1", "--date", "2021-03-01"),
     "2022"),
    (("add", "--code", "00000", "--kind", "ntm", "--decision", "1", "--date", "2021-03-01"), "00000"),
    (("add", "--district", "Sa Thầy", "--commune", "Đăk Nan", "--kind", "ntm", "--decision", "1", "--date",
      "2021-03-01"), "Đăk Nan"),
    (("revoke", "--code", "23327", "--kind", "kieu-mau", "--decision", "2", "--date", "2025-01-01"),
     "không có công nhận"),
    (("revoke", "--code", "23327", "--kind", "nang-cao", "--decision", "2", "--date", "2024-02-01"),
     "trước ngày công nhận"),
]


@pytest.mark.parametrize("args, words", REFUSED, ids=[f"{r[0][0]}-{i}" for i, r in enumerate(REFUSED)])
def test_refusals_exit_3_and_change_nothing(db, db_state, args, words):
    _recognise(db)
    before = db_state(db, TABLES)
    result = ntm(db, "recognition", *args)
    assert_error(result, 3)
    assert words in result.stderr.splitlines()[0]
    assert db_state(db, TABLES) == before
    refused = ntm(db, "recognition", *args, "--json")  # CONTRACT §1: the refusal as JSON on stdout too
    assert refused.returncode == 3
    assert words in json.loads(refused.stdout)["error"]


def test_unknown_commune_suggests_and_usage_errors_exit_2(db, db_state):
    result = ntm(db, "recognition", "add", "--district", "Sa Thầy", "--commune", "Sa Nhom", "--kind", "ntm",
                 "--decision", "1", "--date", "2021-03-01")
    assert_error(result, 3)
    assert "Sa Nhơn" in result.stderr  # the resolver's suggestion
    before = db_state(db, TABLES)
    for args in (("add", "--code", "23327", "--kind", "ntm", "--decision", "1", "--date", "01/03/2021"),
                 ("add", "--kind", "ntm", "--decision", "1", "--date", "2021-03-01"),
                 ("add", "--code", "23327", "--kind", "tot", "--decision", "1", "--date", "2021-03-01"),
                 ("revoke", "--code", "23327", "--kind", "ntm", "--date", "2021-03-01"),
                 ("list", "--as-of", "2021-02-30")):
        assert_error(ntm(db, "recognition", *args), 2)
    assert db_state(db, TABLES) == before
    english = ntm(db, "recognition", "add", "--code", "23327", "--kind", "ntm", "--year", "2030", "--decision", "1",
                  "--date", "2021-03-01", lang="en")
    assert_error(english, 3)
    assert english.stderr.startswith("error: Invalid year of recognition 2030")


def test_the_commune_report_names_its_own_recognitions(db, tmp_path):
    """The old Đăk Năng's 2024 report (with and without results) says what it was recognised for, and
    that a recognition was revoked; the workbook holds the same sentence."""
    _recognise(db)
    assert ntm(db, "recognition", "revoke", "--code", "23327", "--kind", "nang-cao", "--decision", "47/QĐ-UBND",
               "--date", "2024-06-01").returncode == 0
    pdf, xlsx = tmp_path / "dak-nang.pdf", tmp_path / "dak-nang.xlsx"
    assert ntm(db, "set", "--year", "2023", "--code", "23327", "--criterion", "1", "--met", "yes").returncode == 0
    for year in ("2023", "2024"):  # 2023 with a result, 2024 without
        for out, kind in ((pdf, "pdf"), (xlsx, "xlsx")):
            result = ntm(db, "report", "commune", "--year", year, "--code", "23327", "--format", kind,
                         "--out", str(out))
            assert result.returncode == 0, result.stderr
        words = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                        check=True).stdout.split())
        assert "đã được công nhận đạt chuẩn nông thôn mới năm 2020 (Quyết định số 45/QĐ-UBND" in words, year
        assert "47/QĐ-UBND" in words, year
        cells = [str(c.value) for r in load_workbook(xlsx).active.iter_rows() for c in r if c.value]
        assert any("đã được công nhận đạt chuẩn nông thôn mới năm 2020" in c for c in cells), year
        assert ("Công nhận" in cells) == (year == "2023"), year  # the labelled row beside the results
