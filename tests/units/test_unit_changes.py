"""Units a user changes (ntm_desktop/units/changes.py, issue 16 parts 6 and 7): rename, merge,
split, end and the commune programme on Kon Tum's units of both eras, each one logged batch that
``history.revert_batch`` undoes; bad input refused with nothing changed. Real SQLite files."""

from __future__ import annotations

import shutil

import pytest

from ntm_desktop import history, summary, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import open_store
from tests.units.test_eras import loaded

TABLES = ("units", "unit_aliases", "unit_events", "changes")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("changes") / "kt.sqlite3"
    loaded(path, "Kon Tum").close()
    return path


@pytest.fixture
def kt(base, tmp_path):
    path = tmp_path / "kt.sqlite3"
    shutil.copy(base, path)
    st = open_store(path)
    yield st
    st.close()


def unit(st, code, on="2026-01-01"):
    return units.resolve_code(st, code, on)


def span(st, u):
    row = st.query("SELECT valid_from, valid_to FROM units WHERE id = ?", [u.id])[0]
    return row["valid_from"], row["valid_to"]


def test_merge_into_a_new_unit_and_undo(kt, db_state):
    before = db_state(kt, TABLES[:3])
    a, b = unit(kt, "23377"), unit(kt, "23383")
    change = units.merge(kt, [a, b], on="2026-03-01", decision="NQ 1/2026", name="Bờ Y Mới", code="99001")
    (new,) = change.units
    assert span(kt, a) == (a_from := span(kt, a)[0], "2026-02-28") and span(kt, b)[1] == "2026-02-28"
    assert a_from == "2025-07-01" and span(kt, new) == ("2026-03-01", None)
    assert new.parent_id == a.parent_id and new.kind == a.kind
    (event,) = units.history(kt, "99001")
    assert event == {"date": "2026-03-01", "kind": "merged", "decision": "NQ 1/2026",
                     "from": [{"code": "23377", "name": "Bờ Y"}, {"code": "23383", "name": "Dục Nông"}],
                     "to": [{"code": "99001", "name": "Bờ Y Mới"}]}
    codes = {r["code"] for r in units.in_force(kt, "2026-03-01")}
    assert "99001" in codes and not {"23377", "23383"} & codes
    assert {r["code"] for r in units.in_force(kt, "2026-02-28")} >= {"23377", "23383"}
    assert [u.id for u in units.origins(kt, new)] == [u.id for u in sorted([a, b], key=lambda u: u.name)]
    history.revert_batch(kt, change.batch.id)
    assert units.history(kt, "99001") == [] and span(kt, a) == ("2025-07-01", None)
    after = db_state(kt, TABLES[:3])
    # undo keeps the new unit (undo never deletes units), ended before it began: nothing else differs
    assert after["unit_events"] == before["unit_events"] and after["unit_aliases"] == before["unit_aliases"]
    assert len(after["units"]) == len(before["units"]) + 1 and span(kt, new) == ("2026-03-01", "2026-02-28")
    assert "99001" not in {r["code"] for r in units.in_force(kt, "2026-03-01")}
    assert new.id not in {c["id"] for c in summary.communes_in_scope(kt, 2026)}
    history.revert_batch(kt, change.batch.id, redo=True)
    assert span(kt, new) == ("2026-03-01", None) and span(kt, a)[1] == "2026-02-28"
    assert [e["kind"] for e in units.history(kt, "99001")] == ["merged"]


def test_merge_into_an_existing_unit(kt):
    a, target = unit(kt, "23377"), unit(kt, "23383")
    change = units.merge(kt, [a], on="2026-03-01", decision="NQ 2", into=target)
    assert change.units == [target] and span(kt, a)[1] == "2026-02-28" and span(kt, target)[1] is None
    assert [e["kind"] for e in units.history(kt, "23383") if e["date"] == "2026-03-01"] == ["merged"]


def test_split_and_rename_and_end(kt):
    whole = unit(kt, "23500")
    parts = units.split(kt, whole, [("Đăk Hà Bắc", "99002"), ("Đăk Hà Nam", None)], on="2026-04-01",
                        decision="NQ 3").units
    assert [p.name for p in parts] == ["Đăk Hà Bắc", "Đăk Hà Nam"] and span(kt, whole)[1] == "2026-03-31"
    (event,) = [e for e in units.history(kt, "23500") if e["kind"] == "split"]
    assert event["from"] == [{"code": "23500", "name": "Đăk Hà"}] and len(event["to"]) == 2
    ward = unit(kt, "23302")
    renamed = units.rename(kt, ward, "Đăk Bla Mới", on="2026-05-01", decision="NQ 4")
    assert renamed.units[0].name == "Đăk Bla Mới" and renamed.units[0].id == ward.id
    assert "Đăk Bla" in units.aliases_of(kt, ward.id)
    assert units.resolve_commune(kt, "Đăk Bla", on="2026-06-01").id == ward.id
    (event,) = [e for e in units.history(kt, "23302") if e["kind"] == "renamed"]
    assert event["from"] == [{"code": "23302", "name": "Đăk Bla"}]
    assert event["to"] == [{"code": "23302", "name": "Đăk Bla Mới"}]
    history.revert_batch(kt, renamed.batch.id)
    assert units.get(kt, ward.id).name == "Đăk Bla" and "Đăk Bla" not in units.aliases_of(kt, ward.id)
    gone = unit(kt, "23284")
    units.end_unit(kt, gone, on="2026-06-01", decision="NQ 5")
    assert span(kt, gone)[1] == "2026-05-31"
    (event,) = [e for e in units.history(kt, "23284") if e["kind"] == "ended"]
    assert event["to"] == [] and event["decision"] == "NQ 5"


def test_a_unit_added_from_a_day(kt):
    added = units.add_commune(kt, "Đăk Hà", "Thử Nghiệm")
    units.created(kt, added, on="2026-01-01", decision="NQ 6")
    assert span(kt, added)[0] == "2026-01-01"
    (event,) = [e for e in units.history(kt) if e["kind"] == "created"]
    assert event["from"] == [] and event["to"] == [{"code": None, "name": "Thử Nghiệm"}]


REFUSED = [
    # merged twice on overlapping dates: the second merge finds the unit ended
    ("merged twice", lambda st: units.merge(st, [unit(st, "23377"), unit(st, "23500")], on="2026-02-01",
                                            decision=None, name="Hai")),
    ("split after a merge", lambda st: units.split(st, unit(st, "23377"), [("A", None), ("B", None)],
                                                   on="2026-06-01", decision=None)),
    ("ended before it began", lambda st: units.end_unit(st, unit(st, "99001", "2026-03-01"), on="2026-03-01",
                                                        decision=None)),
    ("renamed before it existed", lambda st: units.rename(st, unit(st, "99001", "2026-03-01"), "Khác",
                                                          on="2025-12-01", decision=None)),
    ("a unit named twice", lambda st: units.merge(st, [unit(st, "23500"), unit(st, "23500")], on="2026-05-01",
                                                  decision=None, name="Ba")),
    ("a part's code in force elsewhere", lambda st: units.split(st, unit(st, "23500"), [("A", "23302"), ("B", None)],
                                                                 on="2026-05-01", decision=None)),
    ("parts named twice", lambda st: units.split(st, unit(st, "23500"), [("A", None), ("a", None)],
                                                 on="2026-05-01", decision=None)),
    ("a new name in force there", lambda st: units.merge(st, [unit(st, "23500"), unit(st, "23302")],
                                                         on="2026-05-01", decision=None, name="Bờ Y Mới")),
    ("an unknown code", lambda st: unit(st, "00000")),
]


@pytest.mark.parametrize("name, change", REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_changes_are_refused_and_change_nothing(kt, db_state, name, change):
    units.merge(kt, [unit(kt, "23377"), unit(kt, "23383")], on="2026-03-01", decision="NQ 1", name="Bờ Y Mới",
                code="99001")
    before = db_state(kt, TABLES)
    with pytest.raises(InputRejected) as refused:
        change(kt)
    assert refused.value.exit_code == 3 and refused.value.message
    assert db_state(kt, TABLES) == before


def test_the_programme_setting(kt):
    scope = {c["id"] for c in summary.communes_in_scope(kt, 2026)}
    ward, xa = unit(kt, "23302"), unit(kt, "23535")
    assert (ward.kind, xa.kind) == ("phường", "xã") and ward.id not in scope and xa.id in scope
    assert not units.in_programme(kt, ward) and units.in_programme(kt, xa)
    put_in = units.set_programme(kt, ward, True)
    units.set_programme(kt, xa, False)
    assert units.in_programme(kt, ward) and not units.in_programme(kt, xa)
    assert {c["id"] for c in summary.communes_in_scope(kt, 2026)} == (scope | {ward.id}) - {xa.id}
    history.revert_batch(kt, put_in.batch.id)
    assert not units.in_programme(kt, ward)
    with pytest.raises(InputRejected):
        units.set_programme(kt, units.resolve_district(kt, "Đăk Hà"), True)


def test_add_a_unit_under_the_province_after_the_reform_and_undo(kt):
    """From 1 July 2025 a new commune belongs to the province: one batch (the unit and its
    ``created`` event) that undo takes back whole; a parent not in force that day is refused."""
    province = units.by_nkey(kt, "province:51@2025-07-01")
    before_2026 = {u.id for u in units.in_force_on(kt, "2026-06-01")}
    change = units.add_unit(kt, province, "Xã Thử Nghiệm", on="2026-06-01", decision="NQ 9/2026", code="99020",
                            kind="đặc khu")
    (made,) = change.units
    assert (made.name, made.kind, made.valid_from, made.parent_id) == ("Thử Nghiệm", "đặc khu", "2026-06-01",
                                                                       province.id)
    assert {u.id for u in units.in_force_on(kt, "2026-06-01")} == before_2026 | {made.id}
    assert made.id not in {u.id for u in units.in_force_on(kt, "2026-05-31")}
    assert [e["kind"] for e in units.history(kt, "99020")] == ["created"]
    history.revert_batch(kt, change.batch.id)
    assert {u.id for u in units.in_force_on(kt, "2026-06-01")} == before_2026
    old_district = units.resolve_district(kt, "Đăk Hà")
    state = {t: kt.query(f"SELECT * FROM {t}") for t in TABLES}
    with pytest.raises(InputRejected) as refused:
        units.add_unit(kt, old_district, "Mới", on="2026-06-01", decision=None)
    assert "Đăk Hà" in str(refused.value)
    with pytest.raises(InputRejected):
        units.add_unit(kt, unit(kt, "23326"), "Mới", on="2026-06-01", decision=None)  # a commune is no parent
    assert {t: kt.query(f"SELECT * FROM {t}") for t in TABLES} == state
