"""``ntm units rename|merge|split|end|programme`` and ``units add --from`` end to end (``python -m
ntm_desktop`` on real files, issue 16 parts 6 and 7): each change shown by ``units history``; bad
input refused with exit 3, a Vietnamese message and the database unchanged."""

from __future__ import annotations

import pytest

from tests.cli.conftest import as_json
from tests.cli.test_cli import assert_error, ntm

TABLES = ("units", "unit_aliases", "unit_events", "changes")


@pytest.fixture
def db(kontum_eras_copy):
    return kontum_eras_copy


def test_merge_split_rename_end_and_history(db):
    made = as_json(ntm(db, "units", "merge", "--code", "23377", "--code", "23383", "--name", "Bờ Y Mới",
                       "--new-code", "99001", "--on", "2026-03-01", "--decision", "NQ 1/2026", "--json"))
    assert (made["kind"], made["date"], made["units"]) == ("merged", "2026-03-01", [{"code": "99001",
                                                                                      "name": "Bờ Y Mới"}])
    result = ntm(db, "units", "split", "--code", "23500", "--part", "Đăk Hà Bắc=99002", "--part", "Đăk Hà Nam",
                 "--on", "2026-04-01", "--decision", "NQ 2/2026")
    assert result.returncode == 0 and "Đăk Hà Bắc" in result.stdout, result.stderr
    assert ntm(db, "units", "rename", "--code", "23302", "--name", "Đăk Bla Mới", "--on", "2026-05-01",
               "--decision", "NQ 3").returncode == 0
    assert ntm(db, "units", "end", "--code", "23284", "--on", "2026-06-01", "--decision", "NQ 4").returncode == 0
    events = [e for e in as_json(ntm(db, "units", "history", "--json")) if e["date"] >= "2026-01-01"]
    assert [(e["date"], e["kind"], e["decision"]) for e in events] == [
        ("2026-03-01", "merged", "NQ 1/2026"), ("2026-04-01", "split", "NQ 2/2026"),
        ("2026-05-01", "renamed", "NQ 3"), ("2026-06-01", "ended", "NQ 4")]
    text = ntm(db, "units", "history", "--code", "99001").stdout
    assert "23377 Bờ Y, 23383 Dục Nông → 99001 Bờ Y Mới" in text
    rows = {r["code"] for r in as_json(ntm(db, "units", "list", "--as-of", "2026-06-15", "--json"))}
    assert {"99001", "99002"} <= rows and not {"23377", "23383", "23500", "23284"} & rows
    by_name = ntm(db, "units", "end", "--commune", "Đăk Hà Nam", "--on", "2026-07-01")
    assert by_name.returncode == 0, by_name.stderr


def test_add_from_a_day(db):
    result = ntm(db, "units", "add", "--district", "Đăk Hà", "--commune", "Thử Nghiệm", "--from", "2026-01-01",
                 "--decision", "NQ 5")
    assert result.returncode == 0, result.stderr
    (event,) = [e for e in as_json(ntm(db, "units", "history", "--json")) if e["kind"] == "created"]
    assert event == {"date": "2026-01-01", "kind": "created", "from": [], "decision": "NQ 5",
                     "to": [{"code": None, "name": "Thử Nghiệm"}]}


REFUSED = [
    (("merge", "--code", "23377", "--code", "23500", "--name", "Hai", "--on", "2026-02-01"), "đã kết thúc"),
    (("split", "--code", "23377", "--part", "A", "--part", "B", "--on", "2026-06-01"), "2026-02-28"),
    (("end", "--code", "99001", "--on", "2026-03-01"), "sớm hơn"),
    (("rename", "--code", "99001", "--name", "Khác", "--on", "2025-12-01"), "sớm hơn"),
    (("split", "--code", "23500", "--part", "A=23302", "--part", "B", "--on", "2026-05-01"), "hai nơi"),
    (("merge", "--code", "23500", "--code", "23500", "--name", "Ba", "--on", "2026-05-01"), "hai lần"),
    (("end", "--code", "00000", "--on", "2026-05-01"), "00000"),
    (("programme", "--code", "00000", "--in"), "00000"),
]


@pytest.mark.parametrize("args, words", REFUSED, ids=[" ".join(r[0][:2]) + str(i) for i, r in enumerate(REFUSED)])
def test_bad_changes_exit_3_and_change_nothing(db, db_state, args, words):
    assert ntm(db, "units", "merge", "--code", "23377", "--code", "23383", "--name", "Bờ Y Mới", "--new-code",
               "99001", "--on", "2026-03-01").returncode == 0
    before = db_state(db, TABLES)
    result = ntm(db, "units", *args)
    assert_error(result, 3)
    assert words in result.stderr.splitlines()[0]
    assert db_state(db, TABLES) == before


def test_usage_errors_exit_2(db):
    assert_error(ntm(db, "units", "merge", "--code", "23377", "--code", "23383", "--on", "2026-03-01"), 2)
    assert_error(ntm(db, "units", "end", "--code", "23377", "--on", "2026-13-01"), 2)
    assert_error(ntm(db, "units", "add", "--district", "Đăk Hà", "--commune", "Thử", "--from", "2026-02-30"), 2)
    assert "Thử" not in ntm(db, "units", "list", "--district", "Đăk Hà").stdout  # nothing written


def test_english_message(db):
    result = ntm(db, "units", "end", "--code", "23377", "--on", "2025-07-01", lang="en")
    assert_error(result, 3)
    assert "Plei Kần 23377 already ended on 2025-06-30" in result.stderr


def test_programme_in_and_out(db):
    def communes():
        return as_json(ntm(db, "summary", "--year", "2026", "--json"))["communes"]

    count = communes()
    shown = as_json(ntm(db, "units", "programme", "--code", "23302", "--in", "--json"))
    assert shown == {"code": "23302", "name": "Đăk Bla", "kind": "phường", "programme": True}
    assert communes() == count + 1
    result = ntm(db, "units", "programme", "--code", "23535", "--out")
    assert result.returncode == 0 and "không thuộc" in result.stdout
    assert communes() == count
