"""Targets and funding travel in sync packages (issue 18; CONTRACT §4 "back down (criteria sets,
units, targets)"): the province sets its targets and figures, a district office imports the
package (two real databases, real zip files) and holds the same records; a change, a replaced
figure and an undone target travel as newer versions; a district package carries the province's
targets (they name no unit) and that district's own, not another district's."""

from __future__ import annotations

import zipfile

from ntm_desktop import funding, history, targets, units
from ntm_desktop.sync.package import export
from tests.sync.test_support import send


def held(store):
    """Every target and funding record with its state and stamp, by natural keys."""
    rows = store.query("SELECT t.nkey, t.uuid, u.nkey AS unit, t.kind, t.year, t.criterion, t.communes, t.decision,"
                       " t.deleted, t.hlc FROM targets t LEFT JOIN units u ON u.id = t.unit_id ORDER BY t.nkey")
    rows += store.query("SELECT f.nkey, f.uuid, u.nkey AS unit, f.source, f.level, f.kind, f.amount, f.deleted,"
                        " f.hlc FROM funding f LEFT JOIN units u ON u.id = f.unit_id ORDER BY f.nkey")
    return [tuple(r) for r in rows]


def test_targets_and_funding_reach_an_office(two, tmp_path):
    province, office = two
    usb = tmp_path / "usb"
    usb.mkdir()
    dak_ha = units.resolve_district(province, "Đăk Hà")
    targets.set_counts(province, [targets.Count(2020, 2, 35, decision="05/NQ-TU"), targets.Count(2020, 2, 8, dak_ha)])
    targets.set_commune(province, units.resolve_commune(province, "Hà Mòn", "Đăk Hà"), "ntm", 2022)
    funding.add(province, funding.entry(province, year=2020, source="central", amount=920700))
    funding.put(province, [funding.entry(province, year=2020, source="local", level="district", amount=120,
                                         unit=dak_ha)])
    made, report = send(province, office, usb)
    assert report.exit_code == 0
    with zipfile.ZipFile(made.path) as package:
        members = package.namelist()
        targets_csv = package.read("records/targets.csv").decode("utf-8")
    assert "records/funding.csv" in members
    assert "05/NQ-TU" in targets_csv and "district:615" in targets_csv and "commune:23521" in targets_csv
    assert held(office) == held(province)  # the uuids and stamps too
    assert targets.listing(office) == targets.listing(province)
    assert funding.summary(office, 2020, 2020)["total"] == 920700
    office_dak_ha = units.resolve_district(office, "Đăk Hà")
    assert funding.summary(office, 2020, 2020, office_dak_ha)["counterpart"]["by_level"]["district"] == 120
    # the office's history holds the province's change-log rows
    assert office.query("SELECT count(*) AS n FROM changes WHERE entity IN ('target', 'funding')")[0]["n"] == 5

    changed = targets.set_counts(province, [targets.Count(2020, 2, 40)])
    funding.put(province, [funding.entry(province, year=2020, source="central", amount=900000)])
    _, report = send(province, office, usb)
    assert report.exit_code == 0
    assert {r["communes"] for r in targets.listing(office) if r["district"] is None and r["kind"] == "communes"} \
        == {40}
    assert funding.summary(office, 2020, 2020)["total"] == 900000  # the added entry replaced: a tombstone
    history.revert_batch(province, changed.batch.id)
    history.revert_batch(province, targets.set_counts(province, [targets.Count(2020, 2, None, dak_ha)]).batch.id)
    _, report = send(province, office, usb)
    assert report.exit_code == 0
    assert held(office) == held(province)
    _, again = send(province, office, usb)  # a package again changes nothing
    assert again.exit_code == 0
    assert held(office) == held(province)


def test_a_district_package_carries_the_provinces_targets_and_its_own(two, tmp_path):
    province, office = two
    dak_ha, sa_thay = (units.resolve_district(province, n) for n in ("Đăk Hà", "Sa Thầy"))
    targets.set_counts(province, [targets.Count(2020, 2, 35), targets.Count(2020, 2, 8, dak_ha),
                                  targets.Count(2020, 2, 4, sa_thay)])
    made = export.export_package(province, tmp_path, district="Đăk Hà")
    with zipfile.ZipFile(made.path) as package:
        text = package.read("records/targets.csv").decode("utf-8")
    lines = text.splitlines()[1:]
    assert len(lines) == 2 and any("target|*|communes|2020|2" in line for line in lines)
    assert "district:615" in text and "district:616" not in text
