"""``ntm criteria versions|publish`` and the version in ``criteria list`` (issue 17 part 2), run as
``python -m ntm_desktop`` on a real database file; a refusal exits 3 and changes nothing."""

import json

from ntm_desktop.criteria import editing
from ntm_desktop.store.database import open_store
from tests.cli.test_cli import ntm
from tests.conftest import table_rows

CODE = "QG-2016-2020"


def versions_of(db):
    done = ntm(db, "criteria", "versions", "--set", CODE, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_versions_list_and_publish(tmp_path):
    db = tmp_path / "ntm.sqlite3"
    assert ntm(db, "init", "--units", "none").returncode == 0
    listed = json.loads(ntm(db, "criteria", "list", "--set", CODE, "--json").stdout)[0]
    assert (listed["version"], listed["published"]) == (1, True)
    shown = versions_of(db)
    assert shown["set"] == CODE
    assert [(v["version"], v["source"], v["published"], v["current"]) for v in shown["versions"]] == [
        (1, "bundled", True, True)]

    store = open_store(db)
    try:
        doc = editing.set_threshold(editing.document(store, CODE), "2.1", "TN", "≥ 70%")
        assert editing.save_edited(store, doc, source_note="QĐ 12/QĐ-UBND") == 2
    finally:
        store.close()
    listed = json.loads(ntm(db, "criteria", "list", "--set", CODE, "--json").stdout)[0]
    assert (listed["version"], listed["published"]) == (2, False)
    text = ntm(db, "criteria", "list", "--set", CODE)
    assert "phiên bản 2, chưa công bố" in text.stdout.splitlines()[0]
    lines = ntm(db, "criteria", "versions", "--set", CODE).stdout
    assert "phiên bản 2" in lines and "bản nháp (chưa công bố)" in lines and "← đang dùng" in lines
    assert "sửa trong chương trình" in lines and "kèm chương trình" in lines
    english = ntm(db, "criteria", "versions", "--set", CODE, lang="en").stdout
    assert "draft (not published)" in english and "edited in the program" in english

    done = ntm(db, "criteria", "publish", "--set", CODE)
    assert done.returncode == 0, done.stderr
    assert "phiên bản 2" in done.stdout
    last = versions_of(db)["versions"][-1]
    assert (last["version"], last["published"], last["note"], last["current"]) == (2, True, "QĐ 12/QĐ-UBND", True)
    assert last["published_by"] and last["published_at"]

    before = {t: table_rows(db, t) for t in ("criteria_sets", "criteria_set_versions", "changes")}
    again = ntm(db, "criteria", "publish", "--set", CODE)
    assert again.returncode == 3 and "đã được công bố" in again.stderr
    as_json = ntm(db, "criteria", "publish", "--set", CODE, "--json")
    assert as_json.returncode == 3 and "đã được công bố" in json.loads(as_json.stdout)["error"]
    unknown = ntm(db, "criteria", "versions", "--set", "KHONG-CO")
    assert unknown.returncode == 3 and "KHONG-CO" in unknown.stderr
    assert {t: table_rows(db, t) for t in before} == before
