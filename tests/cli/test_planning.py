"""``ntm targets …`` and ``ntm funding …`` run as a separate process (CONTRACT §1, §8): JSON
output, the published 2016-2020 total, workbook import and template, and refusals that exit 3,
name what is wrong (also as ``{"error", "details"}`` under ``--json``) and change nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from openpyxl import Workbook

from tests.cli.conftest import as_json
from tests.cli.test_cli import ntm

PUBLISHED = [("2016", "central", "920700", None), ("2017", "local", "207906", "province"),
             ("2018", "carried", "6504", None), ("2018", "integrated", "405591", None),
             ("2019", "credit", "167801", None), ("2020", "enterprise", "53443", None),
             ("2020", "people", "85616", None)]


@pytest.fixture
def db(initialised_copy):
    """A private copy of the ``ntm init`` database (tests/cli/conftest.py)."""
    return initialised_copy


def dump(path):
    """The whole database as SQL text, to compare before and after a refusal."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_targets_set_and_list(db):
    made = as_json(ntm(db, "targets", "set", "--year", "2020", "--criterion", "2", "--communes", "35",
                       "--decision", "05/NQ-TU", "--json"))
    assert made["changed"] == 1
    as_json(ntm(db, "targets", "set", "--year", "2020", "--criterion", "2", "--communes", "8", "--district", "Đăk Hà",
                "--json"))
    as_json(ntm(db, "targets", "set", "--year", "2024", "--code", "23521", "--kind", "nang-cao", "--json"))
    rows = as_json(ntm(db, "targets", "list", "--json"))
    assert [(r["year"], r["kind"], r["criterion"], r["communes"], r["district"], r["commune"]) for r in rows] == [
        (2020, "communes", 2, 35, None, None), (2020, "communes", 2, 8, "Đăk Hà", None),
        (2024, "nang-cao", None, None, "Đăk Hà", "Hà Mòn")]
    assert as_json(ntm(db, "targets", "list", "--year", "2024", "--json"))[0]["code"] == "23521"
    text = ntm(db, "targets", "list")
    assert "toàn tỉnh\t2020 · tiêu chí 2: 35 xã\t05/NQ-TU" in text.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["targets", "set", "--year", "2020", "--criterion", "2", "--communes", "86"], ["86", "85"]),
    (["targets", "set", "--year", "2020", "--criterion", "2", "--communes", "11", "--district", "Đăk Hà"],
     ["11", "Đăk Hà", "10"]),
    (["targets", "set", "--year", "2020", "--criterion", "20", "--communes", "3"], ["20", "19"]),
    (["targets", "set", "--year", "2020", "--criterion", "2", "--communes", "3", "--district", "Đăk Hàx"],
     ["Đăk Hàx", "Đăk Hà"]),
    (["funding", "add", "--year", "2020", "--source", "central", "--amount", "-5"], ["-5"]),
    (["funding", "add", "--year", "2020", "--source", "aid", "--amount", "5"],
     ["aid", "central", "local", "carried", "integrated", "credit", "enterprise", "people"]),
    (["funding", "add", "--year", "2020", "--source", "credit", "--level", "district", "--amount", "5"],
     ["--level district", "credit"]),
    (["funding", "add", "--year", "2020", "--source", "credit", "--amount", "5", "--district", "Đăk Hà",
      "--commune", "Hà Mònn"], ["Hà Mònn", "Hà Mòn"]),
])
def test_refusals_exit_3_name_what_is_wrong_and_change_nothing(db, args, words):
    before = dump(db)
    result = ntm(db, *args)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("error:") and all(w in result.stderr for w in words), result.stderr
    refused = ntm(db, *args, "--json")
    assert refused.returncode == 3
    shown = json.loads(refused.stdout)
    assert set(shown) == {"error", "details"} and all(w in shown["error"] + " ".join(shown["details"])
                                                      for w in words)
    assert dump(db) == before


def test_funding_add_and_summary_give_the_published_total(db):
    for year, source, amount, level in PUBLISHED:
        args = ["funding", "add", "--year", year, "--source", source, "--amount", amount]
        assert ntm(db, *args, *(["--level", level] if level else [])).returncode == 0
    ntm(db, "funding", "add", "--year", "2020", "--source", "central", "--amount", "1000000", "--kind", "plan")
    figures = as_json(ntm(db, "funding", "summary", "--from", "2016", "--to", "2020", "--json"))
    assert figures["total"] == sum(int(a) for _y, _s, a, _lv in PUBLISHED)
    assert figures["by_source"]["central"] == 920700 and figures["by_source"]["people"] == 85616
    assert figures["counterpart"]["central"] == 920700 and figures["counterpart"]["local"] == 207906
    assert figures["counterpart"]["by_level"] == {"province": 207906, "district": 0, "commune": 0}
    assert figures["counterpart"]["met"] is False
    assert figures["plan"]["total"] == 1000000
    plan = as_json(ntm(db, "funding", "summary", "--from", "2016", "--to", "2020", "--kind", "plan", "--json"))
    assert plan["total"] == 1000000 and plan["disbursed"]["total"] == figures["total"]
    words = ntm(db, "funding", "summary", "--from", "2016", "--to", "2020")
    assert "Tổng nguồn vốn 1.847,561 tỷ đồng" in words.stdout and "còn thiếu 712,794 tỷ đồng" in words.stdout
    english = ntm(db, "funding", "summary", "--from", "2016", "--to", "2020", lang="en")
    assert "Total funding 1.847,561 billion VND" in english.stdout
    listed = as_json(ntm(db, "funding", "list", "--year", "2018", "--json"))
    assert sorted((r["source"], r["amount"]) for r in listed) == [("carried", 6504), ("integrated", 405591)]


def test_workbooks_import_dry_run_twice_and_template(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Mục tiêu"
    ws.append(["Năm", "Huyện", "Tiêu chí", "Số xã", "Nghị quyết", "Ghi chú"])
    ws.append([2020, "", 2, 35, "05/NQ-TU", ""])
    ws.append([2020, "Đăk Tô", 2, 5, "", ""])
    path = tmp_path / "muc-tieu.xlsx"
    wb.save(path)
    before = dump(db)
    dry = as_json(ntm(db, "targets", "import", str(path), "--dry-run", "--json"))
    assert (dry["targets"], dry["changed"], dry["dry_run"]) == (2, 2, True)
    assert dump(db) == before
    assert as_json(ntm(db, "targets", "import", str(path), "--json"))["changed"] == 2
    after = dump(db)
    assert as_json(ntm(db, "targets", "import", str(path), "--json"))["changed"] == 0
    assert dump(db) == after
    template = tmp_path / "mau.xlsx"
    assert ntm(db, "targets", "template", "--out", str(template)).returncode == 0
    assert as_json(ntm(db, "targets", "import", str(template), "--json"))["changed"] == 0

    wb = Workbook()
    ws = wb.active
    ws.append(["Năm", "Huyện", "Xã", "Mã xã", "Nguồn vốn", "Cấp", "Loại", "Số tiền (triệu đồng)", "Ghi chú"])
    ws.append([2020, "", "", "", "Ngân sách trung ương", "", "", 920700, ""])
    ws.append([2020, "", "", "", "Ngân sách trung ương", "", "", -1, ""])
    bad = tmp_path / "nguon-von.xlsx"
    wb.save(bad)
    before = dump(db)
    refused = ntm(db, "funding", "import", str(bad), "--json")
    assert refused.returncode == 3
    assert "nguon-von.xlsx" in json.loads(refused.stdout)["error"] and "H3" in json.loads(refused.stdout)["error"]
    assert dump(db) == before
    ws.delete_rows(3)
    wb.save(bad)
    assert as_json(ntm(db, "funding", "import", str(bad), "--json"))["changed"] == 1
    out = tmp_path / "von.xlsx"
    assert ntm(db, "funding", "template", "--out", str(out)).returncode == 0
    assert as_json(ntm(db, "funding", "import", str(out), "--json"))["changed"] == 0
    assert as_json(ntm(db, "funding", "summary", "--from", "2020", "--to", "2020", "--json"))["total"] == 920700


def test_usage_errors_exit_2(db):
    assert ntm(db, "targets", "set", "--year", "2020", "--criterion", "2").returncode == 2
    assert ntm(db, "funding", "add", "--year", "2020", "--source", "central", "--amount", "5",
               "--kind", "soon").returncode == 2
