"""Recognising communes and revoking recognitions through the core (ntm_desktop/recognition/):
what is stored and logged, every refusal leaving the database as it was, and undo/redo through
the change log restoring the record exactly."""

from __future__ import annotations

import pytest

from ntm_desktop import history, recognition, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.recognition import records
from ntm_desktop.store import audit
from tests.recognition.conftest import commune, dump

CONTENT = ("uuid", "nkey", "unit_id", "kind", "year", "decision", "decided_on", "issuer", "revoked_decision",
           "revoked_on", "note", "deleted")


def row(store, nkey):
    found = store.query(f"SELECT {', '.join(CONTENT)} FROM recognitions WHERE nkey = ?", [nkey])
    return dict(found[0]) if found else None


def test_add_stores_logs_and_lists(eras):
    dak_cam = commune(eras, "23311")
    done = recognition.add(eras, dak_cam, "ntm", decision=" 123/QĐ-UBND ", decided_on="2020-12-30", year=2020,
                           issuer="UBND tỉnh Kon Tum")
    state = done.state
    assert (state["unit"], state["kind"], state["year"], state["decision"], state["decided_on"], state["issuer"]) == (
        dak_cam.nkey, "ntm", 2020, "123/QĐ-UBND", "2020-12-30", "UBND tỉnh Kon Tum")
    assert state["nkey"] == f"recognition|{dak_cam.nkey}|ntm|123/qđ-ubnd"
    (change,) = audit.changes_of(eras, done.batch.id)
    assert change[0] == "recognition" and change[3] is None and change[4] == state
    assert eras.query("SELECT updated_by FROM recognitions")[0]["updated_by"] == eras.user
    rows = recognition.listing(eras, "2021-01-01")
    assert [(r["code"], r["commune"], r["district"], r["kind"], r["date"], r["in_force"]) for r in rows] == [
        ("23311", "Đăk Cấm", "Thành phố Kon Tum", "ntm", "2020-12-30", True)]
    assert recognition.listing(eras, "2020-12-29", as_of=True) == []  # not yet in force the day before
    assert history.show("recognition", state) == "NTM, 123/QĐ-UBND 30/12/2020"


def test_revoke_marks_the_latest_in_force_and_keeps_it_listed(eras):
    unit = commune(eras, "23327")
    recognition.add(eras, unit, "ntm", decision="45/QĐ-UBND", decided_on="2021-03-01", year=2020)
    recognition.add(eras, unit, "nang-cao", decision="46/QĐ-UBND", decided_on="2024-03-01")
    done = recognition.revoke(eras, unit, "nang-cao", decision="9/QĐ-UBND", revoked_on="2025-01-01")
    assert (done.state["decision"], done.state["revoked_decision"], done.state["revoked_on"]) == (
        "46/QĐ-UBND", "9/QĐ-UBND", "2025-01-01")
    rows = recognition.listing(eras, "2025-01-01")
    assert [(r["kind"], r["in_force"]) for r in rows] == [("ntm", True), ("nang-cao", False)]
    assert [r["kind"] for r in recognition.listing(eras, "2024-12-31", as_of=True)] == ["ntm", "nang-cao"]
    assert "✗ 9/QĐ-UBND 01/01/2025" in history.show("recognition", done.state)
    # a new recognition of the same kind after the revocation, then revoked by naming it
    recognition.add(eras, unit, "nang-cao", decision="50/QĐ-UBND", decided_on="2025-05-01")
    again = recognition.revoke(eras, unit, "nang-cao", decision="60/QĐ-UBND", revoked_on="2025-06-01",
                               of="50/qđ-ubnd")
    assert again.state["decision"] == "50/QĐ-UBND"


def _refusals(store):
    dak_cam, dak_nang = commune(store, "23311"), commune(store, "23327")
    recognition.add(store, dak_cam, "ntm", decision="123/QĐ-UBND", decided_on="2020-12-30")
    recognition.add(store, dak_nang, "ntm", decision="7/QĐ-UBND", decided_on="2021-02-01")
    recognition.revoke(store, dak_nang, "ntm", decision="8/QĐ-UBND", revoked_on="2022-02-01")
    district = store.query("SELECT id FROM units WHERE level = 'district' LIMIT 1")[0]["id"]
    return {"dak_cam": dak_cam, "dak_nang": dak_nang, "district": units.get(store, district)}


REFUSED = [
    ("add", "dak_cam", dict(kind="ntm", decision="123 / qđ-ubnd", decided_on="2020-12-30"), "đã được ghi"),
    ("add", "dak_cam", dict(kind="xuat-sac", decision="1", decided_on="2020-12-30"), "xuat-sac"),
    ("add", "dak_cam", dict(kind="ntm", decision="  ", decided_on="2020-12-30"), "Thiếu số quyết định"),
    ("add", "dak_cam", dict(kind="ntm", decision="2", decided_on="2020-13-01"), "2020-13-01"),
    ("add", "dak_cam", dict(kind="ntm", decision="2", decided_on="2020-12-30", year=2021), "2021"),
    ("add", "dak_cam", dict(kind="ntm", decision="2", decided_on="2020-12-30", year=2005), "2005"),
    ("add", "dak_nang", dict(kind="ntm", decision="2", decided_on="2026-01-05"), "05/01/2026"),
    ("add", "district", dict(kind="ntm", decision="2", decided_on="2020-12-30"), "không phải đơn vị cấp xã"),
    ("revoke", "dak_cam", dict(kind="nang-cao", decision="3", revoked_on="2021-01-01"), "không có công nhận"),
    ("revoke", "dak_cam", dict(kind="ntm", decision="3", revoked_on="2020-12-29"), "trước ngày công nhận"),
    ("revoke", "dak_cam", dict(kind="ntm", decision="3", revoked_on="2021-01-01", of="999/QĐ"), "999/QĐ"),
    ("revoke", "dak_nang", dict(kind="ntm", decision="9", revoked_on="2023-01-01"), "không có công nhận"),
    ("revoke", "dak_cam", dict(kind="ntm", decision="", revoked_on="2021-01-01"), "Thiếu số quyết định"),
]


@pytest.mark.parametrize("verb, who, args, words", REFUSED, ids=[f"{r[0]}-{i}" for i, r in enumerate(REFUSED)])
def test_refusals_change_nothing(eras, verb, who, args, words):
    named = _refusals(eras)
    before = dump(eras)
    kind = args.pop("kind")
    with pytest.raises(InputRejected) as caught:
        getattr(recognition, verb)(eras, named[who], kind, **args)
    assert caught.value.exit_code == 3
    assert words in str(caught.value)
    assert dump(eras) == before


def test_undo_and_redo_of_an_addition(eras):
    unit = commune(eras, "23311")
    before = recognition.listing(eras, "2021-01-01")
    done = recognition.add(eras, unit, "kieu-mau", decision="5/QĐ-UBND", decided_on="2023-06-01", note="thí điểm")
    made = row(eras, done.state["nkey"])
    history.revert_batch(eras, done.batch.id)
    assert recognition.listing(eras, "2021-01-01") == before == []
    assert row(eras, done.state["nkey"]) == {**made, "deleted": 1}  # a tombstone: the deletion travels
    history.revert_batch(eras, done.batch.id, redo=True)
    assert row(eras, done.state["nkey"]) == made  # the same record, uuid included
    history.revert_batch(eras, done.batch.id)
    again = recognition.add(eras, unit, "kieu-mau", decision="5/QĐ-UBND", decided_on="2023-06-01")
    assert again.state["uuid"] == done.state["uuid"]  # the tombstone comes back to life


def test_undo_of_a_revocation_restores_the_record_exactly(eras):
    unit = commune(eras, "23311")
    added = recognition.add(eras, unit, "ntm", decision="123/QĐ-UBND", decided_on="2020-12-30", issuer="UBND tỉnh")
    before = row(eras, added.state["nkey"])
    done = recognition.revoke(eras, unit, "ntm", decision="1/QĐ-UBND", revoked_on="2022-01-01")
    assert row(eras, added.state["nkey"]) != before
    history.revert_batch(eras, done.batch.id)
    assert row(eras, added.state["nkey"]) == before
    assert records.state_of(eras, nkey=added.state["nkey"]) == added.state
    history.revert_batch(eras, done.batch.id, redo=True)
    assert row(eras, added.state["nkey"])["revoked_on"] == "2022-01-01"
