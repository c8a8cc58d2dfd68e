"""``ntm import-table`` reads its file in a thread while the database opens (issue 22): the
command's results and refusals are those of a read after the opening, the database's refusal
still first, and no thread is left when the command ends, whichever way it ends."""

import json
import threading
import zipfile
from pathlib import Path

import pytest

from ntm_desktop import cli
from tests.cli.test_cli import assert_error, ntm, sha256

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "legacy-table-2019.xlsx"


@pytest.fixture
def db(initialised_copy):
    """A private copy of the ``ntm init`` database (tests/cli/conftest.py)."""
    return initialised_copy


def _hostile(tmp_path):
    path = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(SAMPLE) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/styles.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
                data = data.replace(b"?>", b"?>" + doctype, 1) if data.startswith(b"<?xml") else doctype + data
            zout.writestr(item, data)
    return path


def _threads_left():
    return [t for t in threading.enumerate() if t.name == "ntm-prefetch"]


def test_a_damaged_database_is_refused_before_a_missing_or_hostile_file(tmp_path):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes("Đây không phải cơ sở dữ liệu\n".encode() * 100)
    before = sha256(damaged)
    results = [ntm(damaged, "import-table", str(table), "--year", "2019", lang="en")
               for table in (SAMPLE, tmp_path / "nowhere.xlsx", _hostile(tmp_path))]
    for result in results:
        assert_error(result, 3)
        assert "not an NTM Desktop SQLite database" in result.stderr
    assert results[0].stderr == results[1].stderr == results[2].stderr
    assert sha256(damaged) == before


def test_the_files_refusals_come_as_before(db, tmp_path):
    before = sha256(db)
    hostile = ntm(db, "import-table", str(_hostile(tmp_path)), "--year", "2019", "--json")
    assert_error(hostile, 3)
    assert "hostile.xlsx" in json.loads(hostile.stdout)["error"]
    missing = ntm(db, "import-table", str(tmp_path / "nowhere.xlsx"), "--year", "2019", lang="en")
    assert_error(missing, 3)
    assert "nowhere.xlsx" in missing.stderr
    wrong_sheet = ntm(db, "import-table", str(SAMPLE), "--year", "2019", "--sheet", "Không có")
    assert_error(wrong_sheet, 3)
    assert "Không có" in wrong_sheet.stderr
    assert sha256(db) == before


def test_an_import_in_process_leaves_no_thread(db, tmp_path, capsys):
    assert cli.main(["--db", str(db), "import-table", str(SAMPLE), "--year", "2019", "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] > 0 and report["matched"] == report["rows"] and report["dry_run"]
    assert not _threads_left()
    assert cli.main(["--db", str(db), "import-table", str(_hostile(tmp_path)), "--year", "2019"]) == 3
    assert not _threads_left()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database" * 500)
    assert cli.main(["--db", str(damaged), "import-table", str(tmp_path / "nowhere.xlsx"), "--year", "2019"]) == 3
    assert "nowhere.xlsx" not in capsys.readouterr().err
    assert not _threads_left()
