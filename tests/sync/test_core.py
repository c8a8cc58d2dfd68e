"""Sync packages between installations initialised separately from the same reference
data: two laptops, a district, a province; both orders; re-import; conflicts; deletions."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest

from ntm_desktop import units
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge, versions
from ntm_desktop.sync.merge import conflicts
from ntm_desktop.sync.package import export
from ntm_desktop.sync.trust import identity, ledger, peers
from tests.sync.test_support import (
    content,
    make_store,
    send,
    set_official,
    set_value,
    value_of,
    whole,
)


@pytest.fixture
def office(tmp_path, monkeypatch):
    """Named installations made on demand, closed at the end."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    made = {}

    def get(name):
        if name not in made:
            folder = tmp_path / name
            folder.mkdir()
            made[name] = make_store(folder / "ntm.sqlite3", f"Máy {name}")
        return made[name]

    yield get
    for store in made.values():
        try:
            store.close()
        except sqlite3.ProgrammingError:  # closed by the test already
            pass


@pytest.fixture
def usb(tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    return stick


def test_keys_sign_and_verify(office):
    a = office("a")
    public = identity.ensure_keys(a)
    assert identity.ensure_keys(a) == public  # made once
    signature = identity.sign(a, b"manifest")
    assert identity.verify(public, b"manifest", signature)
    assert not identity.verify(public, b"manifest!", signature)
    assert len(identity.fingerprint(public).split()) == 4


def test_new_values_travel_and_reimport_changes_nothing(office, usb):
    laptop, district = office("laptop"), office("district")
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "80", note="đo lại")
    set_official(laptop, "Đăk Hà", "Hà Mòn", 2, True)
    result = export.export_package(laptop, usb)
    dry = merge.import_package(district, result.path, dry_run=True)
    assert dry.totals.new == 2 and dry.totals.conflicts == 0
    row = next(r for r in dry.commune_rows() if r["commune"] == "Hà Mòn")
    assert (row["district"], row["new"]) == ("Đăk Hà", 2)
    assert value_of(district, "Đăk Hà", "Hà Mòn", "2.1") is None  # a dry run writes nothing
    report = merge.import_package(district, result.path)
    assert report.totals.as_json() == dry.totals.as_json()
    assert report.exit_code == 0 and report.trust == "first_use"
    assert value_of(district, "Đăk Hà", "Hà Mòn", "2.1") == "80"
    history = [h for h in district.query("SELECT user, installation, new FROM changes WHERE nkey LIKE 'iv|%'")]
    assert history and history[0]["installation"] == laptop.installation_id  # who changed it travels
    before = whole(district)
    again = merge.import_package(district, result.path)
    assert again.already and whole(district) == before
    # the same content under a new package id (the ledger forgotten) still changes nothing
    with district.transaction():
        district.db.execute("DELETE FROM sync_packages")
    before = whole(district)
    third = merge.import_package(district, result.path)
    assert third.totals.new == 0 and third.totals.updated == 0 and third.totals.conflicts == 0
    after = whole(district)
    after.pop("sync_packages"), before.pop("sync_packages"), after.pop("sync_peers"), before.pop("sync_peers")
    assert after == before


def test_two_laptops_different_communes_then_same_value(office, usb):
    a, b, district = office("a"), office("b"), office("district")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "80")
    set_value(b, "Sa Thầy", "Sa Sơn", "2.1", "55")
    # different communes: no conflict, and both end with the same content
    _, r1 = send(a, b, usb)
    _, r2 = send(b, a, usb)
    assert r1.totals.conflicts == r2.totals.conflicts == 0
    assert value_of(a, "Sa Thầy", "Sa Sơn", "2.1") == "55" and value_of(b, "Đăk Hà", "Hà Mòn", "2.1") == "80"
    assert content(a)["values"] == content(b)["values"]
    # now both change the same value; b's change is the later one
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "70")
    time.sleep(0.005)
    set_value(b, "Đăk Hà", "Hà Mòn", "2.1", "60")
    pa = export.export_package(a, usb)
    pb = export.export_package(b, usb)
    assert pa.kind == pb.kind == "changes"
    ra = merge.import_package(a, pb.path)
    rb = merge.import_package(b, pa.path)
    assert ra.exit_code == rb.exit_code == 4
    assert value_of(a, "Đăk Hà", "Hà Mòn", "2.1") == value_of(b, "Đăk Hà", "Hà Mòn", "2.1") == "60"
    for store in (a, b):
        (kept,) = conflicts.list_conflicts(store)
        assert kept.open and kept.current.value == "60" and kept.other.value == "70"
        assert kept.other.installation == a.installation_id and kept.current.installation == b.installation_id
        assert kept.other.at and kept.current.at and kept.other.by
    assert content(a)["values"] == content(b)["values"]
    # the district gets both packages: the same outcome, one conflict
    merge.import_package(district, pa.path)
    merge.import_package(district, pb.path)
    assert value_of(district, "Đăk Hà", "Hà Mòn", "2.1") == "60"
    assert content(district)["open_conflicts"] == content(a)["open_conflicts"]


def _edits(a, b):
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "70", note="A")
    set_value(a, "Đăk Hà", "Đăk Mar", "4.1", "có")
    set_official(a, "Đăk Hà", "Hà Mòn", 3, True)
    time.sleep(0.005)
    set_value(b, "Đăk Hà", "Hà Mòn", "2.1", "60", note="B")
    set_value(b, "Kon Rẫy", "Đăk Ruồng", "2.1", "91,5")
    set_official(b, "Đăk Hà", "Hà Mòn", 3, False, note="chưa đạt theo đoàn kiểm tra")


def test_order_does_not_matter(office, usb, tmp_path):
    a, b, district = office("a"), office("b"), office("district")
    _edits(a, b)
    pa = export.export_package(a, usb)
    pb = export.export_package(b, usb)
    district.close()
    first = tmp_path / "district" / "ntm.sqlite3"
    second = tmp_path / "district2.sqlite3"
    shutil.copy(first, second)
    one, two = open_store(first), open_store(second)
    try:
        merge.import_package(one, pa.path)
        merge.import_package(one, pb.path)
        merge.import_package(two, pb.path)
        merge.import_package(two, pa.path)
        assert content(one) == content(two)
        assert len(content(one)["open_conflicts"]) == 2  # value 2.1 (with its note), criterion 3
        # and both laptops, after exchanging, agree with the district
        merge.import_package(a, pb.path)
        merge.import_package(b, pa.path)
        assert content(a)["values"] == content(b)["values"] == content(one)["values"]
        assert content(a)["results"] == content(one)["results"]
    finally:
        one.close()
        two.close()


def test_three_concurrent_versions_in_every_order(office, usb, tmp_path):
    makers = [office(n) for n in ("a", "b", "c")]
    for i, store in enumerate(makers):
        set_value(store, "Đăk Hà", "Hà Mòn", "2.1", str(50 + i))
        time.sleep(0.003)
    packages = [export.export_package(s, usb).path for s in makers]
    base = office("district")
    base.close()
    dumps = []
    for index, order in enumerate(((0, 1, 2), (2, 1, 0), (1, 2, 0), (2, 0, 1))):
        path = tmp_path / f"d{index}.sqlite3"
        shutil.copy(tmp_path / "district" / "ntm.sqlite3", path)
        store = open_store(path)
        try:
            for i in order:
                merge.import_package(store, packages[i])
            dumps.append(content(store))
            assert value_of(store, "Đăk Hà", "Hà Mòn", "2.1") == "52"
        finally:
            store.close()
    assert all(d == dumps[0] for d in dumps)
    assert len(dumps[0]["open_conflicts"]) == 2


def test_resolving_other_value_travels_and_settles_elsewhere(office, usb):
    a, b = office("a"), office("b")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "70")
    time.sleep(0.005)
    set_value(b, "Đăk Hà", "Hà Mòn", "2.1", "60")
    pa, pb = export.export_package(a, usb), export.export_package(b, usb)
    merge.import_package(a, pb.path)
    merge.import_package(b, pa.path)
    (on_b,) = conflicts.list_conflicts(b)
    resolved, batch = conflicts.resolve(b, on_b.id, "other")
    assert batch is not None and not resolved.open and resolved.resolution == "other"
    assert value_of(b, "Đăk Hà", "Hà Mòn", "2.1") == "70"
    assert conflicts.open_count(b) == 0
    report = merge.import_package(a, export.export_package(b, usb).path)
    assert report.totals.conflicts == 0
    assert value_of(a, "Đăk Hà", "Hà Mòn", "2.1") == "70"
    (on_a,) = conflicts.list_conflicts(a)
    assert on_a.resolution == "superseded"  # the person's choice on b settled it on a too


def test_keep_current_closes_without_writing(office, usb):
    a, b = office("a"), office("b")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "70")
    time.sleep(0.005)
    set_value(b, "Đăk Hà", "Hà Mòn", "2.1", "60")
    merge.import_package(b, export.export_package(a, usb).path)
    (found,) = conflicts.list_conflicts(b)
    values_before = content(b)["values"]
    resolved, batch = conflicts.resolve(b, found.id, "current")
    assert batch is None and resolved.resolution == "kept"
    assert content(b)["values"] == values_before
    from ntm_desktop.errors import InputRejected

    with pytest.raises(InputRejected):
        conflicts.resolve(b, found.id, "other")


def test_deletions_travel_as_tombstones(office, usb):
    a, b = office("a"), office("b")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "80")
    set_official(a, "Đăk Hà", "Hà Mòn", 4, True, note="x")
    send(a, b, usb)
    assert value_of(b, "Đăk Hà", "Hà Mòn", "2.1") == "80"
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", None)  # cleared
    set_official(a, "Đăk Hà", "Hà Mòn", 4, None, note="")
    result, report = send(a, b, usb)
    assert result.tombstones == 2
    assert report.totals.deleted == 2
    assert value_of(b, "Đăk Hà", "Hà Mòn", "2.1") is None
    assert content(a)["values"] == content(b)["values"]
    # an older package with the value does not bring it back
    with b.transaction():
        b.db.execute("DELETE FROM sync_packages")
    first = sorted(p for p in usb.iterdir())[0]
    merge.import_package(b, first)
    assert value_of(b, "Đăk Hà", "Hà Mòn", "2.1") is None


def test_delete_against_concurrent_edit_is_a_conflict(office, usb):
    a, b = office("a"), office("b")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "80")
    send(a, b, usb)
    set_value(b, "Đăk Hà", "Hà Mòn", "2.1", "85")
    time.sleep(0.005)
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", None)
    report = merge.import_package(b, export.export_package(a, usb).path)
    assert report.totals.conflicts == 1
    assert value_of(b, "Đăk Hà", "Hà Mòn", "2.1") is None  # the later deletion wins
    (kept,) = conflicts.list_conflicts(b)
    assert kept.other.value == "85" and kept.current.state is None


def test_district_province_district_round_trip(office, usb):
    district, province = office("district"), office("province")
    set_value(district, "Đăk Hà", "Hà Mòn", "2.1", "80")
    set_official(district, "Đăk Hà", "Hà Mòn", 2, True)
    new_commune = units.add_commune(district, "Đăk Hà", "Làng Mới")
    set_value(district, "Đăk Hà", "Làng Mới", "2.1", "40")
    _, up = send(district, province, usb, district="Đăk Hà")
    assert up.totals.new == 4  # three values and the commune added locally
    assert value_of(province, "Đăk Hà", "Làng Mới", "2.1") == "40"
    # the province sends back down a renamed unit and a revised criteria set
    with province.transaction():  # a change the change log never saw (an old tool, a hand edit)
        province.db.execute("UPDATE units SET region = 'TN' WHERE nkey = ?", [new_commune.nkey])
    from ntm_desktop import criteria
    from ntm_desktop.store import audit

    batch = audit.new_batch("entered", "province edit")
    with province.transaction():
        unit = units.by_nkey(province, new_commune.nkey)
        units.upsert_unit(province, batch, level="commune", name="Làng Mới", parent=units.get(province, unit.parent_id),
                          dbkk=True)
    document = criteria.read_file(criteria.bundled_files()[0])
    document["name"] = document["name"] + " (tỉnh sửa)"
    criteria.load_document(province, document)
    down, back = send(province, district, usb)
    assert back.totals.conflicts == 0, back.conflicts
    assert units.by_nkey(district, new_commune.nkey).dbkk
    names = district.query("SELECT name FROM criteria_sets WHERE code = ?", [document["code"]])
    assert names[0]["name"].endswith("(tỉnh sửa)")
    assert value_of(district, "Đăk Hà", "Hà Mòn", "2.1") == "80"
    # and up again: only what changed since, nothing conflicting
    set_value(district, "Đăk Hà", "Hà Mòn", "2.1", "82")
    again, report = send(district, province, usb, district="Đăk Hà")
    assert again.kind == "changes" and again.counts["indicator_value"] == 1
    assert report.totals.conflicts == 0 and report.totals.updated == 1
    assert value_of(province, "Đăk Hà", "Hà Mòn", "2.1") == "82"
    assert content(province)["values"] == content(district)["values"]


def test_scope_district_and_communes(office, usb):
    a, b = office("a"), office("b")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "80")
    set_value(a, "Sa Thầy", "Sa Sơn", "2.1", "55")
    set_value(a, "Đăk Hà", "Đăk Mar", "2.1", "45")
    only = export.export_package(a, usb, district="Đăk Hà", communes=["Hà Mòn"])
    assert only.counts["indicator_value"] == 1
    unit_rows = only.counts["unit"]
    assert unit_rows == 3  # province, district, commune
    district = export.export_package(a, usb, district="Đăk Hà")
    assert district.counts["indicator_value"] == 2
    merge.import_package(b, district.path)
    assert value_of(b, "Sa Thầy", "Sa Sơn", "2.1") is None
    assert value_of(b, "Đăk Hà", "Đăk Mar", "2.1") == "45"


def test_watermark_per_peer_and_scope(office, usb):
    a, b = office("a"), office("b")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "80")
    merge.import_package(b, export.export_package(a, usb).path)
    b_peer = peers.get(b, a.installation_id)
    assert b_peer is not None
    merge.import_package(a, export.export_package(b, usb).path)  # a now knows b
    first = export.export_package(a, usb, peer="Máy b")
    assert first.kind == "full" and first.peer_name == "Máy b"
    second = export.export_package(a, usb, peer="Máy b")
    assert second.kind == "changes" and second.records == 0
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "81")
    third = export.export_package(a, usb, peer=b.installation_id[:8])
    assert third.kind == "changes" and third.counts["indicator_value"] == 1
    assert export.export_package(a, usb, peer="Máy b", full=True).kind == "full"
    sent = [p for p in ledger.history(a) if p.direction == "sent"]
    assert len(sent) == 5 and {p.peer_name for p in sent} == {None, "Máy b"}


def test_criteria_set_from_province_recomputes(office, usb):
    from ntm_desktop import criteria

    district, province = office("district"), office("province")
    set_value(district, "Đăk Hà", "Hà Mòn", "1.1", "có")
    set_value(district, "Đăk Hà", "Hà Mòn", "1.2", "có")
    merge.import_package(province, export.export_package(district, usb).path)
    document = criteria.read_file(criteria.bundled_files()[0])
    code = document["code"]
    assert code == "QG-2016-2020"
    (ind,) = [i for c in document["criteria"] for i in c["indicators"] if i["code"] == "1.1"]
    ind["thresholds"][0]["value"] = False  # the province now wants "không"
    criteria.load_document(province, document)

    def computed():
        return [r["computed"] for r in district.query(
            "SELECT r.computed FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
            " JOIN criteria_sets s ON s.id = c.set_id WHERE s.code = ? AND c.number = 1", [code])]

    assert computed() == [1]
    report = merge.import_package(district, export.export_package(province, usb).path)
    assert report.entities["criteria_set"].updated == 1
    assert computed() == [0]


def test_clock_moves_past_what_it_saw(office, usb):
    a, b = office("a"), office("b")
    future = versions.parse(a.next_hlc())[0] + 60_000  # a's clock a minute ahead
    with a.transaction():
        a.set_meta("hlc_last", f"{future:013d}-00000-{a.installation_id}")
    set_value(a, "Đăk Hà", "Hà Mòn", "2.1", "80")
    merge.import_package(b, export.export_package(a, usb).path)
    with b.transaction():
        stamp = b.next_hlc()
    assert versions.parse(stamp)[0] >= future


def test_peer_first_use_then_known(office, usb):
    a, b = office("a"), office("b")
    report = merge.import_package(b, export.export_package(a, usb).path)
    assert report.trust == "first_use"
    peer = peers.get(b, a.installation_id)
    assert peer.how == "first_use" and peer.status == "trusted" and peer.name == "Máy a"
    report = merge.import_package(b, export.export_package(a, usb).path)
    assert report.trust == "known"
    assert peers.find(b, "máy A").installation == a.installation_id
