"""A province's published criteria set reaches an office with its version number; its drafts do not
(issue 17 part 2, docs/criteria-format.md "Versions"). Two real databases, real packages."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest

from ntm_desktop import criteria, units
from ntm_desktop.criteria import editing
from tests.sync.test_support import make_store, send, set_value

CODE = "QG-2016-2020"


@pytest.fixture
def two(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    made = []
    for name in ("province", "office"):
        (tmp_path / name).mkdir()
        made.append(make_store(tmp_path / name / "ntm.sqlite3", f"Máy {name}"))
    yield made
    for store in made:
        try:
            store.close()
        except sqlite3.ProgrammingError:
            pass


def carried(path):
    """The set document the package carries for CODE, or None."""
    with zipfile.ZipFile(path) as package:
        rows = package.read("records/criteria_sets.csv").decode("utf-8").splitlines()[1:]
        files = [r.split(",")[-1] for r in rows if r.split(",")[7] == CODE]
        return json.loads(package.read(files[0])) if files else None


def status(store, commune, number=2):
    crit = criteria.get_set(store, CODE).criterion(number)
    rows = store.query("SELECT computed, set_version FROM criterion_results WHERE commune_id = ? AND period = '2020'"
                       " AND criterion_id = ?", [commune.id, crit.id])
    return tuple(rows[0]) if rows else None


def test_a_published_version_reaches_the_office_and_a_draft_does_not(two, tmp_path):
    province, office = two
    usb = tmp_path / "usb"
    usb.mkdir()
    for code in ("2.1", "2.2", "2.3", "2.4"):
        set_value(office, "Đăk Hà", "Hà Mòn", code, "80")
    ha_mon = units.resolve_commune(office, "Hà Mòn", "Đăk Hà")
    assert status(office, ha_mon) is None  # the bundled set has no threshold for criterion 2 yet

    # the province edits: a draft, version 2, that stays home
    doc = editing.document(province, CODE)
    for code in ("2.1", "2.2", "2.3", "2.4"):
        doc = editing.set_threshold(doc, code, "TN", "≥ 70%")
    assert editing.save_edited(province, doc, source_note="QĐ 12/QĐ-UBND") == 2
    made, report = send(province, office, usb)
    assert report.exit_code == 0
    sent = carried(made.path)
    assert sent is None or ("version" not in sent and editing.column_cell(sent, "2.1", "TN") == "")
    assert criteria.get_set(office, CODE).version == 1
    assert editing.column_cell(editing.document(office, CODE), "2.1", "TN") == ""

    # published: the next package carries version 2 and the office shows the same number
    assert criteria.publish(province, CODE) == 2
    made, report = send(province, office, usb)
    assert report.exit_code == 0
    sent = carried(made.path)
    assert sent["version"] == 2 and sent["published"]["by"] == province.user
    assert criteria.get_set(office, CODE).version == 2
    listed = criteria.versions(office, CODE)
    assert [(v.version, v.source, v.published, v.current) for v in listed] == [
        (1, "bundled", True, False), (2, "package", True, True)]
    assert listed[-1].published_by == province.user
    assert listed[-1].content_hash == criteria.versions(province, CODE)[-1].content_hash
    assert editing.column_cell(editing.document(office, CODE), "2.1", "TN") == "≥ 70%"
    assert status(office, ha_mon) == (1, 2)  # recomputed with the province's version 2

    # a newer draft at the province stays home again; the office keeps version 2
    draft = editing.set_threshold(editing.document(province, CODE), "2.1", "TN", "≥ 90%")
    assert editing.save_edited(province, draft) == 3
    made, report = send(province, office, usb)
    assert report.exit_code == 0 and report.totals.conflicts == 0
    assert criteria.get_set(office, CODE).version == 2
    assert editing.column_cell(editing.document(office, CODE), "2.1", "TN") == "≥ 70%"
    # and the office's package back up leaves the province's draft in place
    _made, report = send(office, province, usb)
    assert report.exit_code == 0 and report.totals.conflicts == 0
    assert criteria.get_set(province, CODE).version == 3
    assert editing.column_cell(editing.document(province, CODE), "2.1", "TN") == "≥ 90%"

    # the office passes the published version on unchanged (same number, same content)
    third = tmp_path / "third"
    third.mkdir()
    commune_office = make_store(third / "ntm.sqlite3", "Máy xã")
    try:
        _made, report = send(office, commune_office, usb, full=True)
        assert report.exit_code == 0
        assert criteria.get_set(commune_office, CODE).version == 2
        assert criteria.versions(commune_office, CODE)[-1].content_hash == listed[-1].content_hash
    finally:
        commune_office.close()
