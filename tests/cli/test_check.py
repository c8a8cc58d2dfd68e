"""``ntm check`` (CONTRACT §1, issue 18 part 4) run as a subprocess on a database made by
``ntm init``: the JSON list and its keys, the text lines, the scope, exit 0 whatever it finds."""

from __future__ import annotations

import json

from tests.cli.conftest import as_json
from tests.cli.test_cli import ntm

KEYS = {"commune", "code", "period", "indicator", "rule", "value", "previous", "message"}


def _enter(db, year, value, *, period=None, commune=("Đăk Hà", "Hà Mòn"), indicator="17.1"):
    extra = ["--period", period] if period else []
    result = ntm(db, "set", "--year", str(year), *extra, "--district", commune[0], "--commune", commune[1],
                 "--indicator", indicator, "--value", value)
    assert result.returncode == 0, result.stderr


def test_check_flags_a_jump_from_10_to_99_percent(db_path):
    assert ntm(db_path, "init").returncode == 0
    assert as_json(ntm(db_path, "check", "--year", "2020", "--json")) == []  # nothing: an empty list, exit 0
    _enter(db_path, 2019, "10")
    _enter(db_path, 2020, "99")
    _enter(db_path, 2019, "10", commune=("Đăk Hà", "Đăk Mar"))
    _enter(db_path, 2020, "40", commune=("Đăk Hà", "Đăk Mar"))  # 30 points: plausible
    found = as_json(ntm(db_path, "check", "--year", "2020", "--json"))
    assert len(found) == 1 and set(found[0]) == KEYS
    warning = found[0]
    assert {k: warning[k] for k in KEYS - {"message"}} == {
        "commune": "Hà Mòn", "code": "23521", "period": "2020", "indicator": "17.1", "rule": "max_change",
        "value": 99, "previous": 10}
    assert "Hà Mòn" in warning["message"] and "10%" in warning["message"] and "99%" in warning["message"]
    english = as_json(ntm(db_path, "check", "--year", "2020", "--period", "2020", "--json", lang="en"))
    assert english[0]["message"].startswith("Hà Mòn (Đăk Hà): indicator 17.1 rose from 10% (Year 2019)")

    text = ntm(db_path, "check", "--year", "2020")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert lines[0].startswith("2020\t23521\t17.1\tmax_change\tHà Mòn (Đăk Hà): chỉ tiêu 17.1 tăng từ 10%")
    assert lines[1:] == ["1 cảnh báo."]

    assert as_json(ntm(db_path, "check", "--year", "2020", "--district", "Đăk Glei", "--json")) == []
    assert len(as_json(ntm(db_path, "check", "--year", "2020", "--district", "Đăk Hà", "--json"))) == 1
    assert as_json(ntm(db_path, "check", "--year", "2020", "--code", "23521", "--json"))[0]["code"] == "23521"
    assert as_json(ntm(db_path, "check", "--year", "2020", "--period", "2020-Q1", "--json")) == []


def test_check_compares_a_quarter_with_the_last_quarter_before(db_path):
    assert ntm(db_path, "init").returncode == 0
    _enter(db_path, 2019, "20", period="2019-Q4")
    _enter(db_path, 2020, "95", period="2020-Q1")
    (warning,) = as_json(ntm(db_path, "check", "--year", "2020", "--period", "2020-Q1", "--json"))
    assert (warning["period"], warning["previous"], warning["value"]) == ("2020-Q1", 20, 95)
    empty = ntm(db_path, "check", "--year", "2019", "--json")
    assert empty.returncode == 0 and json.loads(empty.stdout) == []


def test_check_refuses_a_period_of_another_year_and_both_scopes(db_path):
    assert ntm(db_path, "init").returncode == 0
    wrong = ntm(db_path, "check", "--year", "2020", "--period", "2021-Q1", "--json")
    assert wrong.returncode == 3 and json.loads(wrong.stdout)["error"]
    both = ntm(db_path, "check", "--year", "2020", "--district", "Đăk Hà", "--code", "23521")
    assert both.returncode == 2 and both.stderr.startswith("error:")
