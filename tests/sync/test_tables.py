"""Tables registered as travelling entities: twinning (agencies, assignments, contributions),
and any table with uuid, nkey and hlc by one registration."""

from __future__ import annotations

import json

import pytest

from ntm_desktop import cli, clock, units
from ntm_desktop.history import kinds, labels
from ntm_desktop.store import audit
from ntm_desktop.sync import merge
from ntm_desktop.sync.entities.tables import TableEntity
from ntm_desktop.sync.package import export
from tests.sync.test_support import make_store


@pytest.fixture
def paths(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    made = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.sqlite3"
        make_store(path, f"Máy {name}").close()
        made.append(path)
    (tmp_path / "usb").mkdir()
    return made[0], made[1], tmp_path / "usb"


def ntm(capsys, *args):
    capsys.readouterr()
    code = cli.main([str(a) for a in args])
    return code, capsys.readouterr().out


def test_twinning_is_registered():
    names = [e.name for e in kinds.travelling()]
    assert names.index("unit") < names.index("agency") < names.index("twinning") < names.index("contribution")
    assert all(isinstance(kinds.travelling_entity(n), TableEntity) for n in ("agency", "twinning", "contribution"))


def test_twinning_travels(paths, capsys):
    a, b, usb = paths
    assert ntm(capsys, "--db", a, "twinning", "assign", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
               "--commune", "Hà Mòn", "--from", "2021-03-01", "--decision", "123/QĐ-UBND")[0] == 0
    assert ntm(capsys, "--db", a, "twinning", "contributions", "add", "--agency", "Sở Tài chính",
               "--district", "Đăk Hà", "--commune", "Hà Mòn", "--date", "2021-06-01", "--kind", "houses",
               "--quantity", "2")[0] == 0
    code, out = ntm(capsys, "--db", a, "export", "--out", usb, "--json")
    exported = json.loads(out)
    assert exported["records"]["agency"] == 1 and exported["records"]["twinning"] == 1
    assert exported["records"]["contribution"] == 1
    code, out = ntm(capsys, "--db", b, "import", exported["path"], "--json")
    report = json.loads(out)
    assert code == 0 and report["entities"]["twinning"]["new"] == 1 and report["entities"]["contribution"]["new"] == 1
    _, listed_a = ntm(capsys, "--db", a, "twinning", "list", "--json")
    _, listed_b = ntm(capsys, "--db", b, "twinning", "list", "--json")
    assert json.loads(listed_a) == json.loads(listed_b)
    assert json.loads(listed_b)[0]["decision"] == "123/QĐ-UBND"
    _, contrib_b = ntm(capsys, "--db", b, "twinning", "contributions", "list", "--json")
    assert "houses" in contrib_b
    # the end of the twinning travels as a changes package
    assert ntm(capsys, "--db", a, "twinning", "end", "--agency", "Sở Tài chính", "--district", "Đăk Hà",
               "--commune", "Hà Mòn", "--on", "2023-01-01")[0] == 0
    code, out = ntm(capsys, "--db", a, "export", "--out", usb, "--json")
    second = json.loads(out)
    assert second["kind"] == "changes" and second["records"]["twinning"] == 1
    code, out = ntm(capsys, "--db", b, "import", second["path"], "--json")
    assert json.loads(out)["entities"]["twinning"]["updated"] == 1
    _, listed_b = ntm(capsys, "--db", b, "twinning", "list", "--json")
    assert json.loads(listed_b)[0]["to"] == "2023-01-01"
    # scoped to another district: no twinning of Đăk Hà goes
    code, out = ntm(capsys, "--db", a, "export", "--out", usb, "--district", "Sa Thầy", "--full", "--json")
    other = json.loads(out)
    assert other["records"]["twinning"] == 0 and other["records"]["contribution"] == 0


def test_any_table_travels_by_one_registration(paths, monkeypatch):
    a_path, b_path, usb = paths
    from ntm_desktop.store.database import open_store

    a, b = open_store(a_path), open_store(b_path)
    for store in (a, b):
        with store.transaction():
            store.db.execute(
                "CREATE TABLE probe_targets (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
                " nkey TEXT NOT NULL UNIQUE, commune_id INTEGER NOT NULL REFERENCES units(id),"
                " year INTEGER NOT NULL, criteria INTEGER NOT NULL, note TEXT, deleted INTEGER NOT NULL DEFAULT 0,"
                " updated_at TEXT NOT NULL, hlc TEXT NOT NULL)")
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, kinds.Kind(
        "probe_target", _not_undone, TableEntity("probe_target", "probe_targets", rows=_ProbeRows()),
        labels.name)))
    try:
        commune = units.resolve_commune(a, "Hà Mòn", "Đăk Hà")
        batch = audit.new_batch("entered", "target")
        nkey = f"target|{commune.nkey}|2025"
        with a.transaction():
            hlc = a.next_hlc()
            a.db.execute("INSERT INTO probe_targets (uuid, nkey, commune_id, year, criteria, note, updated_at, hlc)"
                         " VALUES ('t-1', ?, ?, 2025, 19, 'mục tiêu', ?, ?)", [nkey, commune.id, clock.now_iso(), hlc])
            audit.record(a, batch, entity="probe_target", entity_uuid="t-1", nkey=nkey, old=None,
                         new={"commune": commune.nkey, "year": 2025, "criteria": 19, "note": "mục tiêu",
                              "deleted": 0}, hlc=hlc)
        result = export.export_package(a, usb)
        assert result.counts["probe_target"] == 1
        report = merge.import_package(b, result.path)
        assert report.entities["probe_target"].new == 1
        row = b.query("SELECT t.year, t.criteria, t.note, u.nkey FROM probe_targets t"
                      " JOIN units u ON u.id = t.commune_id")
        assert [tuple(r) for r in row] == [(2025, 19, "mục tiêu", commune.nkey)]
        # a soft deletion is a newer version like any other
        with a.transaction():
            hlc = a.next_hlc()
            a.db.execute("UPDATE probe_targets SET deleted = 1, hlc = ? WHERE nkey = ?", [hlc, nkey])
            audit.record(a, batch, entity="probe_target", entity_uuid="t-1", nkey=nkey,
                         old={"deleted": 0}, new={"deleted": 1}, hlc=hlc)
        report = merge.import_package(b, export.export_package(a, usb).path)
        assert report.entities["probe_target"].updated == 1
        assert b.query("SELECT deleted FROM probe_targets")[0]["deleted"] == 1
    finally:
        a.close()
        b.close()


class _ProbeRows:
    """The probe table's owner (this test): its writer, as a table's owner offers one
    (ntm_desktop.twinning.records.SyncRows for the twinning tables)."""

    def store(self, store, nkey, uuid, values, *, exists):
        if exists:
            assign = ", ".join(f"{k} = ?" for k in values)
            store.db.execute(f"UPDATE probe_targets SET {assign} WHERE nkey = ?", [*values.values(), nkey])
            return
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO probe_targets ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [uuid, nkey, *values.values()])

    def remove_many(self, store, nkeys):
        store.db.conn.executemany("DELETE FROM probe_targets WHERE nkey = ?", [(nkey,) for nkey in nkeys])

    def restamp_many(self, store, stamps):
        store.db.conn.executemany("UPDATE probe_targets SET hlc = ?, updated_at = ? WHERE nkey = ?", stamps)


def _not_undone(*_args):
    raise AssertionError("the probe is never undone")
