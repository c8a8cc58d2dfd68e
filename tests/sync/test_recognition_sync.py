"""Recognitions travel in sync packages (issue 17 part 6): the province records a commune's
recognition, then revokes it, then undoes a mistaken one; an office that imports each package
(two real databases, real zip files) holds the same recognitions, revocation and deletion."""

from __future__ import annotations

import zipfile

from ntm_desktop import history, recognition, units
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export
from tests.sync.test_support import send


def held(store):
    """Every recognition with its state, by natural keys (each laptop stamped its own units)."""
    return store.query("SELECT r.nkey, r.uuid, u.nkey AS unit, r.kind, r.year, r.decision, r.decided_on, r.issuer,"
                       " r.revoked_decision, r.revoked_on, r.note, r.deleted, r.hlc FROM recognitions r"
                       " JOIN units u ON u.id = r.unit_id ORDER BY r.nkey")


def test_a_recognition_and_its_revocation_reach_an_office(two, tmp_path):
    province, office = two
    usb = tmp_path / "usb"
    usb.mkdir()
    ha_mon = units.resolve_commune(province, "Hà Mòn", "Đăk Hà")
    recognition.add(province, ha_mon, "ntm", decision="123/QĐ-UBND", decided_on="2020-12-30", year=2020,
                    issuer="UBND tỉnh Kon Tum")
    made, report = send(province, office, usb)
    assert report.exit_code == 0
    with zipfile.ZipFile(made.path) as package:
        text = package.read("records/recognitions.csv").decode("utf-8")
    assert "123/QĐ-UBND" in text and "commune:23521" in text
    rows = recognition.listing(office, "2021-01-01")
    assert [(r["commune"], r["kind"], r["decision"], r["date"], r["issuer"], r["in_force"]) for r in rows] == [
        ("Hà Mòn", "ntm", "123/QĐ-UBND", "2020-12-30", "UBND tỉnh Kon Tum", True)]
    assert [tuple(r) for r in held(office)] == [tuple(r) for r in held(province)]  # the uuid and stamp too

    recognition.revoke(province, ha_mon, "ntm", decision="5/QĐ-UBND", revoked_on="2023-02-01")
    _, report = send(province, office, usb)
    assert report.exit_code == 0
    (row,) = recognition.listing(office, "2023-02-01")
    assert (row["revoked_decision"], row["revoked_on"], row["in_force"]) == ("5/QĐ-UBND", "2023-02-01", False)
    assert [tuple(r) for r in held(office)] == [tuple(r) for r in held(province)]
    # the office's history holds the province's change-log rows
    assert office.query("SELECT count(*) AS n FROM changes WHERE entity = 'recognition'")[0]["n"] == 2

    mistaken = recognition.add(province, ha_mon, "nang-cao", decision="7/QĐ-UBND", decided_on="2024-01-10")
    send(province, office, usb)
    assert [r["kind"] for r in recognition.listing(office, "2024-02-01")] == ["ntm", "nang-cao"]
    history.revert_batch(province, mistaken.batch.id)  # undone at the province: the deletion travels
    _, report = send(province, office, usb)
    assert report.exit_code == 0
    assert [r["kind"] for r in recognition.listing(office, "2024-02-01")] == ["ntm"]
    _, again = send(province, office, usb)  # a package again changes nothing
    assert again.exit_code == 0
    assert [tuple(r) for r in held(office)] == [tuple(r) for r in held(province)]


def test_a_dry_run_and_a_refused_package_leave_no_recognition(two, tmp_path):
    province, office = two
    usb = tmp_path / "usb"
    usb.mkdir()
    recognition.add(province, units.resolve_commune(province, "Hà Mòn", "Đăk Hà"), "ntm", decision="1/QĐ",
                    decided_on="2020-12-30")
    made = export.export_package(province, usb)
    report = merge.import_package(office, made.path, dry_run=True)
    assert report.exit_code == 0
    assert recognition.listing(office, "2021-01-01") == []
