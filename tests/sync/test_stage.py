"""The history member of a large package read, checked and staged by a helper process
(sync.history_stage): the same change log as the in-process path, the same refusals."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile

import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.sync import merge
from ntm_desktop.sync.merge import history_stage
from ntm_desktop.sync.package import export, reader
from ntm_desktop.sync.package import format as fmt
from tests.sync.test_refusals import refused, resign
from tests.sync.test_support import bulk_values, make_store, rezip, set_official, set_value

PLACES = [("Đăk Hà", "Hà Mòn"), ("Đăk Hà", "Đăk Mar"), ("Kon Rẫy", "Đăk Ruồng")]


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The temporary folder the helper's scratch files go to, watched by the tests."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def source(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = make_store(tmp_path / "source.sqlite3", "Huyện Đăk Hà")
    for n, (district, commune) in enumerate(PLACES):
        set_value(store, district, commune, "2.1", str(60 + n))
        set_official(store, district, commune, 2, n % 2 == 0, note="ghi chú" if n else None)
    yield store
    store.close()


def _log(store, installation: str) -> list[tuple]:
    return sorted(store.db.conn.execute(
        "SELECT uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op, old, new, source, label"
        " FROM changes WHERE installation = ?", [installation]).fetchall())


def _spy_stager(monkeypatch) -> list[str]:
    started: list[str] = []
    original = history_stage.Stager.__init__

    def spy(self, *args, **kwargs):
        started.append(args[0])
        original(self, *args, **kwargs)

    monkeypatch.setattr(history_stage.Stager, "__init__", spy)
    return started


def test_staged_history_is_the_in_process_history(source, tmp_path, monkeypatch, scratch):
    first = export.export_package(source, tmp_path / "usb1", full=True).path
    stores = {}
    for way in ("staged", "in_process"):
        monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 1 if way == "staged" else 10**9)
        started = _spy_stager(monkeypatch)
        store = stores[way] = make_store(tmp_path / f"{way}.sqlite3", "Tỉnh")
        report = merge.import_package(store, first)
        assert len(started) == (1 if way == "staged" else 0)
        assert report.history > 0
        # a concurrent edit here, then the source's next package: held records, history again
        set_value(store, "Đăk Hà", "Hà Mòn", "2.1", "5")
    set_value(source, "Đăk Hà", "Hà Mòn", "2.1", "77")  # concurrent with the edit there
    set_value(source, "Đăk Hà", "Đăk Mar", "2.1", "99")
    second = export.export_package(source, tmp_path / "usb2", full=True).path
    reports = {}
    for way, store in stores.items():
        monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 1 if way == "staged" else 10**9)
        reports[way] = merge.import_package(store, second)
    assert reports["staged"].history == reports["in_process"].history > 0
    assert reports["staged"].totals.as_json() == reports["in_process"].totals.as_json()
    assert reports["staged"].totals.conflicts == 1
    origin = source.installation_id
    assert _log(stores["staged"], origin) == _log(stores["in_process"], origin) == _log(source, origin)
    for store in stores.values():
        # no version twice: the held records' rows were checked against the log
        assert store.db.conn.execute(
            "SELECT count(*) FROM (SELECT nkey, hlc FROM changes GROUP BY nkey, hlc HAVING count(*) > 1)"
        ).fetchone()[0] == 0
        assert store.db.conn.execute("PRAGMA database_list").fetchall()[-1][1] != "stage"
        store.close()
    assert list(scratch.iterdir()) == []  # the helper's scratch folders are gone


def test_a_bad_history_row_is_refused_with_its_number(source, tmp_path, monkeypatch, scratch):
    package = export.export_package(source, tmp_path / "usb", full=True).path

    def edit(name, data):
        if name != fmt.HISTORY:
            return data
        lines = data.split(b"\n")
        lines[3] = lines[3].replace(b",insert,", b",upsert,")
        return b"\n".join(lines)

    bad = resign(source, package, tmp_path / "bad.ntmpkg", change=edit)
    monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 1)
    started = _spy_stager(monkeypatch)
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    error = refused(target, bad, "pkg.bad_content")
    assert started and fmt.HISTORY in error.message and "4" in error.message
    assert list(scratch.iterdir()) == []
    target.close()


def _member(package, name: str) -> tuple[dict, bytes]:
    with zipfile.ZipFile(package) as archive:
        return json.loads(archive.read(fmt.MANIFEST))["members"][name], archive.read(name)


def test_stage_checks_what_it_reads(source, tmp_path):
    package = export.export_package(source, tmp_path / "usb", full=True).path
    entry, data = _member(package, fmt.HISTORY)
    known = ["indicator_value", "criterion_result"]

    def run(sha=entry["sha256"], size=entry["size"], columns=fmt.HISTORY_COLUMNS, name="s.sqlite3"):
        return history_stage.stage(str(package), fmt.HISTORY, sha, size, columns, known, str(tmp_path / name))

    wanted = sum(1 for line in data.decode().splitlines()[1:] if line.split(",")[6] in known)
    assert run(name="count.sqlite3") == {"rows": wanted}
    assert run(sha="0" * 64, name="sha.sqlite3") == {"error": "tampered"}  # the file changed after the check
    assert run(size=entry["size"] + 10, name="short.sqlite3") == {"error": "tampered"}
    assert run(size=entry["size"] - 10, name="long.sqlite3")["error"] == "damaged"
    assert run(columns=("a", "b"), name="head.sqlite3")["row"] == 1
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_helper_stops_when_the_import_is_gone(tmp_path, monkeypatch, scratch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = make_store(tmp_path / "big.sqlite3", "Huyện")
    assert bulk_values(store, tuple(f"2020-M{m:02d}" for m in range(1, 13))) > history_stage.BATCH_ROWS
    package = export.export_package(store, tmp_path / "usb", full=True).path
    store.close()
    entry, _data = _member(package, fmt.HISTORY)
    outcome = history_stage.stage(str(package), fmt.HISTORY, entry["sha256"], entry["size"], fmt.HISTORY_COLUMNS,
                                  ["indicator_value"], str(tmp_path / "s.sqlite3"), alive=lambda: False)
    assert outcome == {"error": "gone"}
    stager = history_stage.Stager(str(package), fmt.HISTORY, entry, fmt.HISTORY_COLUMNS, ["indicator_value"])
    assert stager.folder.parent == scratch
    stager.close()  # at once, whatever the helper was doing
    assert not stager.process.is_alive() and not stager.folder.exists()


def test_a_helper_failing_on_this_machine_falls_back_to_the_import(source, tmp_path, monkeypatch, scratch, caplog):
    """The scratch file cannot be made (here: a folder stands where it goes; in life, a
    full temporary folder): the import reads the history itself and goes on."""
    package = export.export_package(source, tmp_path / "usb", full=True).path
    expected = merge.import_package(make_store(tmp_path / "plain.sqlite3", "Tỉnh"), package).history

    def blocked_mkdtemp(prefix: str = "") -> str:
        folder = scratch / f"{prefix}blocked"
        (folder / "history.sqlite3").mkdir(parents=True)
        return str(folder)

    monkeypatch.setattr(history_stage.tempfile, "mkdtemp", blocked_mkdtemp)
    monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 1)
    started = _spy_stager(monkeypatch)
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    with caplog.at_level("WARNING", logger="ntm.sync"):
        report = merge.import_package(target, package)
    assert started and report.history == expected > 0
    assert "history helper failed" in caplog.text
    assert _log(target, source.installation_id) == _log(source, source.installation_id)
    assert list(scratch.iterdir()) == []
    target.close()


def test_the_helper_checks_each_rows_fields_as_the_import_does(source, tmp_path, monkeypatch, scratch):
    """A history row whose clock stamp is not one is refused through the helper as it is when the
    import reads the member itself (sync/package/fields.row_checker), naming its row."""
    package = export.export_package(source, tmp_path / "usb", full=True).path
    columns = list(fmt.HISTORY_COLUMNS)
    stamp = columns.index("hlc")

    def edit(name, data):
        if name != fmt.HISTORY:
            return data
        lines = data.split(b"\n")
        cells = lines[3].split(b",")
        cells[stamp] = b"not-a-stamp"
        lines[3] = b",".join(cells)
        return b"\n".join(lines)

    bad = resign(source, package, tmp_path / "bad.ntmpkg", change=edit)
    monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 1)
    started = _spy_stager(monkeypatch)
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    error = refused(target, bad, "pkg.bad_content")
    assert started and fmt.HISTORY in error.message and "4" in error.message and "not-a-stamp" in error.message
    assert list(scratch.iterdir()) == []
    target.close()


def _staged(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT nkey, hlc, uuid FROM {history_stage.TABLE} ORDER BY rowid").fetchall()
    finally:
        conn.close()


def _older(store, package, target):
    """The package with its history rows in reverse order, as no sort by (nkey, hlc) gives
    (an older program wrote them in the order they were logged)."""
    head, *body = [line for line in _member(package, fmt.HISTORY)[1].split(b"\n") if line]
    older = b"\n".join([head, *reversed(body), b""])
    return resign(store, package, target, change=lambda name, raw: older if name == fmt.HISTORY else raw)


def test_history_is_written_in_the_logs_order_and_staged_without_a_sort(source, tmp_path):
    """A package's history comes in (nkey, hlc) order, as the receiver adds it: the helper
    only checks that order; a member out of order (an older program's package) is sorted."""
    set_value(source, "Đăk Hà", "Hà Mòn", "2.1", "70")  # a second version of a record: same nkey, later stamp
    package = export.export_package(source, tmp_path / "usb", full=True).path
    entry, data = _member(package, fmt.HISTORY)
    rows = list(csv.reader(io.StringIO(data.decode())))[1:]
    keys = [(row[8], row[5]) for row in rows]
    assert len(keys) > 3 and keys == sorted(keys) and len({k[0] for k in keys}) < len(keys)
    assert history_stage.in_order(rows, ("", "")) == keys[-1]
    assert history_stage.in_order(rows[::-1], ("", "")) is None
    assert history_stage.in_order(rows[1:], keys[-1]) is None  # after a batch ending later
    known = ["indicator_value", "criterion_result"]
    kept = sorted((row[8], row[5], row[0]) for row in rows if row[6] in known)
    for name, path in (("sorted", package), ("older", _older(source, package, tmp_path / "older.ntmpkg"))):
        entry, _data = _member(path, fmt.HISTORY)
        assert history_stage.stage(str(path), fmt.HISTORY, entry["sha256"], entry["size"], fmt.HISTORY_COLUMNS,
                                   known, str(tmp_path / f"{name}.sqlite3")) == {"rows": len(kept)}
        assert _staged(tmp_path / f"{name}.sqlite3") == kept


def test_an_older_packages_history_out_of_order_imports_the_same(source, tmp_path, monkeypatch, scratch):
    package = export.export_package(source, tmp_path / "usb", full=True).path
    older = _older(source, package, tmp_path / "older.ntmpkg")
    monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 1)
    logs = []
    for name, path in (("sorted", package), ("older", older)):
        store = make_store(tmp_path / f"{name}.sqlite3", "Tỉnh")
        assert merge.import_package(store, path).history > 0
        logs.append(store.db.conn.execute(
            "SELECT id, uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op, old, new, source,"
            " label FROM changes WHERE installation = ? ORDER BY id", [source.installation_id]).fetchall())
        store.close()
    assert logs[0] and logs[0] == logs[1]


def _same_size_edit(name: str, data: bytes) -> bytes:
    """The history member with one character of a row's batch id changed: every row still
    good, the size the manifest lists, other bytes than it signed."""
    if name != fmt.HISTORY:
        return data
    lines = data.split(b"\n")
    cells = lines[2].split(b",")
    cells[1] = (b"0" if cells[1][:1] != b"0" else b"1") + cells[1][1:]
    lines[2] = b",".join(cells)
    return b"\n".join(lines)


@pytest.mark.parametrize("way", ["staged", "in_process", "helper_failed"])
def test_a_tampered_history_member_is_refused_as_it_is_read(source, tmp_path, monkeypatch, scratch, way):
    """The import checks the history member's SHA-256 once, as it reads it (the helper or the
    import itself), not at opening too: a member changed after signing is refused all the same,
    and nothing is written."""
    package = export.export_package(source, tmp_path / "usb", full=True).path
    bad = rezip(package, tmp_path / "bad.ntmpkg", change=_same_size_edit)
    assert _member(bad, fmt.HISTORY)[0] == _member(package, fmt.HISTORY)[0]  # the manifest as signed
    assert len(_member(bad, fmt.HISTORY)[1]) == _member(package, fmt.HISTORY)[0]["size"]
    with pytest.raises(InputRejected) as caught:
        reader.open_package(bad).close()  # checked whole at opening by default (the dry run, ntm verify)
    assert caught.value.key == "pkg.tampered"
    reader.open_package(bad, defer=(fmt.HISTORY,)).close()  # deferred: its size only
    monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 10**9 if way == "in_process" else 1)
    if way == "helper_failed":
        def blocked_mkdtemp(prefix: str = "") -> str:
            folder = scratch / f"{prefix}blocked"
            (folder / "history.sqlite3").mkdir(parents=True)
            return str(folder)

        monkeypatch.setattr(history_stage.tempfile, "mkdtemp", blocked_mkdtemp)
    started = _spy_stager(monkeypatch)
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    error = refused(target, bad, "pkg.tampered")
    assert fmt.HISTORY in error.message
    assert bool(started) == (way != "in_process")
    refused(target, bad, "pkg.tampered", dry_run=True)
    assert merge.import_package(target, package).history > 0  # the signed package itself goes in
    # received once: a tampered copy is refused all the same (its history member is not read then)
    refused(target, bad, "pkg.tampered")
    assert merge.import_package(target, package).already
    assert list(scratch.iterdir()) == []
    target.close()
