"""Twinning (issue 4) in the core: agencies, assignments over time, reassignments,
village twinnings, refusals that write nothing, undo/redo and sync-style restores."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from ntm_desktop import twinning as tw
from ntm_desktop import units
from ntm_desktop.errors import InputRejected
from ntm_desktop.history import revert_batch
from ntm_desktop.store import audit
from ntm_desktop.twinning import records

TABLES = ("agencies", "twinnings", "contributions", "changes", "units", "unit_aliases", "meta")


def dump(store):
    """Every row of every table, for before/after comparisons of refused writes."""
    return list(store.db.conn.iterdump())


def commune(store, district, name):
    return units.resolve_commune(store, name, district)


@pytest.fixture
def long_ha(test_store):
    return commune(test_store, "Đăk Hà", "Đăk Long")


@pytest.fixture
def long_glei(test_store):
    return commune(test_store, "Đăk Glei", "Đăk Long")


@pytest.fixture
def finance(test_store):
    agency, _ = tw.create_agency(test_store, "Sở Tài chính", contact="Nguyễn Văn An", phone="0260 3862 111")
    return agency


def test_same_name_communes_reassignment_and_as_of(test_store, finance, long_ha, long_glei):
    store = test_store
    first = tw.assign(store, finance, long_ha, date(2019, 1, 1), decision=tw.Decision.of("12/QĐ-UBND", "2018-12-20"))
    assert first.warnings == []
    moved = tw.reassign(store, first.assignment, long_glei, date(2021, 6, 15),
                        decision=tw.Decision.of("512/QĐ-UBND", "2021-06-10", "Phó Chủ tịch"))
    assert moved.previous.end == date(2021, 6, 15)
    assert moved.previous.end_decision == "512/QĐ-UBND"
    assert moved.assignment.decision == "512/QĐ-UBND" and moved.assignment.district == "Đăk Glei"
    assert moved.warnings == []  # the old twinning ended the day the new one started

    def where(day):
        return [(a.agency, a.district, a.commune) for a in tw.assignments_as_of(store, day)]

    assert where(date(2021, 6, 14)) == [("Sở Tài chính", "Đăk Hà", "Đăk Long")]
    assert where(date(2021, 6, 15)) == [("Sở Tài chính", "Đăk Glei", "Đăk Long")]
    assert where(date(2021, 7, 1)) == [("Sở Tài chính", "Đăk Glei", "Đăk Long")]
    assert where(date(2018, 12, 31)) == []
    assert tw.assignments_as_of(store, date(2021, 6, 14), district="Đăk Glei") == []
    assert len(tw.assignments_as_of(store, date(2021, 7, 1), district="Đăk Glei")) == 1

    # history per commune keeps the two Đăk Long apart; per agency it has both
    ha = tw.history(store, commune=long_ha)
    glei = tw.history(store, commune=long_glei)
    assert [(a.start, a.end) for a in ha] == [(date(2019, 1, 1), date(2021, 6, 15))]
    assert [(a.start, a.end) for a in glei] == [(date(2021, 6, 15), None)]
    assert [a.district for a in tw.history(store, agency="so tai chinh")] == ["Đăk Hà", "Đăk Glei"]

    changes = tw.reassignments_between(store, date(2021, 1, 1), date(2021, 12, 31))
    assert [(c.kind, c.before.district, c.after.district, c.on, c.decision) for c in changes] == [
        ("reassigned", "Đăk Hà", "Đăk Glei", date(2021, 6, 15), "512/QĐ-UBND")
    ]
    assert [c.kind for c in tw.reassignments_between(store, date(2019, 1, 1), date(2019, 12, 31))] == ["new"]
    card = tw.commune_card(store, long_ha, date(2021, 7, 1))
    assert card.current == [] and [a.agency for a in card.past] == ["Sở Tài chính"]


def test_reassignment_is_one_undoable_step(test_store, finance, long_ha, long_glei):
    store = test_store
    first = tw.assign(store, finance, long_ha, date(2019, 1, 1))
    moved = tw.reassign(store, first.assignment, long_glei, date(2021, 6, 15))
    assert moved.batch.count == 2  # the end and the new start, in one batch
    revert_batch(store, moved.batch.id)
    rows = tw.list_assignments(store)
    assert [(a.district, a.end) for a in rows] == [("Đăk Hà", None)]
    assert tw.assignments_as_of(store, date(2022, 1, 1))[0].district == "Đăk Hà"
    revert_batch(store, moved.batch.id, redo=True)
    assert [(a.district, a.end) for a in tw.list_assignments(store)] == [
        ("Đăk Glei", None), ("Đăk Hà", date(2021, 6, 15))
    ]
    # the undone twinning is a tombstone, not a deleted row: it travels in packages
    assert store.query("SELECT count(*) AS n FROM twinnings")[0]["n"] == 2


def test_end_before_start_is_refused_and_nothing_written(test_store, finance, long_ha):
    store = test_store
    twin = tw.assign(store, finance, long_ha, date(2019, 1, 1)).assignment
    before = dump(store)
    with pytest.raises(InputRejected) as refused:
        tw.end_assignment(store, twin, date(2018, 6, 30))
    assert refused.value.key == "twin.end_before_start"
    assert "30/06/2018" in str(refused.value) and "01/01/2019" in str(refused.value)
    with pytest.raises(InputRejected):
        tw.end_assignment(store, twin, date(2019, 1, 1))  # the same day: never active
    with pytest.raises(InputRejected):
        tw.assign(store, finance, long_ha, date(2015, 1, 1), end=date(2014, 1, 1))
    assert dump(store) == before


def test_overlapping_duplicate_pair_is_refused(test_store, finance, long_ha):
    store = test_store
    twin = tw.assign(store, finance, long_ha, date(2019, 1, 1)).assignment
    before = dump(store)
    for start, end in ((date(2020, 1, 1), None), (date(2018, 1, 1), date(2019, 1, 2)),
                       (date(2019, 1, 1), None), (date(2010, 1, 1), None)):
        with pytest.raises(InputRejected) as refused:
            tw.assign(store, finance, long_ha, start, end=end)
        assert refused.value.key == "twin.overlap"
    assert dump(store) == before
    # a past twinning that ended before this one began is fine, and so is a new one after the end
    tw.assign(store, finance, long_ha, date(2016, 1, 1), end=date(2019, 1, 1))
    tw.end_assignment(store, twin, date(2020, 1, 1))
    again = tw.assign(store, finance, long_ha, date(2022, 1, 1))
    assert again.warnings == []
    assert [(a.start, a.end) for a in tw.history(store, commune=long_ha)] == [
        (date(2016, 1, 1), date(2019, 1, 1)), (date(2019, 1, 1), date(2020, 1, 1)), (date(2022, 1, 1), None)
    ]


def test_second_active_twinning_warns_but_is_written(test_store, finance, long_ha, long_glei):
    store = test_store
    tw.assign(store, finance, long_ha, date(2019, 1, 1))
    second = tw.assign(store, finance, long_glei, date(2020, 3, 1))
    assert second.batch is not None and len(second.warnings) == 1
    assert "Đăk Long (Đăk Hà)" in second.warnings[0] and "Sở Tài chính" in second.warnings[0]
    assert len(tw.assignments_as_of(store, date(2020, 6, 1))) == 2


def test_unknown_and_ambiguous_names(test_store, finance, long_ha):
    store = test_store
    before = dump(store)
    with pytest.raises(InputRejected) as refused:
        tw.resolve_agency(store, "Sở Tài chánh")
    assert refused.value.key == "agency.unknown" and "Sở Tài chính" in str(refused.value)
    with pytest.raises(InputRejected) as refused:
        units.resolve_commune(store, "Đăk Long")
    assert refused.value.key == "unit.ambiguous_commune"
    assert "Đăk Glei" in str(refused.value) and "Đăk Hà" in str(refused.value)
    with pytest.raises(InputRejected) as refused:
        tw.resolve_place(store, "Dak Lon", "Đăk Hà")
    assert "Đăk Long (Đăk Hà)" in str(refused.value)
    assert dump(store) == before
    # accents and case are optional for a known agency
    assert tw.resolve_agency(store, "so tai chinh").uuid == finance.uuid
    made = tw.assign_by_name(store, "SỞ TÀI CHÍNH", long_ha, "2020-01-01")
    assert made.assignment.agency_uuid == finance.uuid and made.warnings == []


def test_a_new_name_close_to_a_known_one_is_created_with_a_warning(test_store, finance, long_ha, long_glei):
    store = test_store
    typo = tw.assign_by_name(store, "Sở Tài chín", long_ha, date(2020, 1, 1))
    assert typo.assignment.agency == "Sở Tài chín" and len(tw.list_agencies(store)) == 2
    assert "Sở Tài chính" in typo.warnings[0] and "hoàn tác" in typo.warnings[0]
    revert_batch(store, typo.batch.id)  # one step takes the typo back out
    assert [a.name for a in tw.list_agencies(store)] == ["Sở Tài chính"]
    # numbered names and different places are not typos of each other
    assert tw.near_names("Đội công tác số 2", ["Đội công tác số 1"]) == []
    assert tw.near_names("Đồn Biên phòng Đăk Blô", ["Đồn Biên phòng Đăk Long"]) == []
    assert tw.near_names("Sở Nội vụ", ["Sở Ngoại vụ"]) == []
    assert tw.near_names("So Tai chanh", ["Sở Tài chính", "Sở Y tế"]) == ["Sở Tài chính"]
    assert tw.near_names("Sở Tài chính tỉnh", ["Sở Tài chính"]) == ["Sở Tài chính"]
    made = tw.assign_by_name(store, "Đội công tác số 2", long_glei, date(2020, 1, 1))
    again = tw.assign_by_name(store, "Đội công tác số 3", long_glei, date(2020, 1, 1))
    assert made.warnings == [] and again.warnings == []


def test_assign_by_name_creates_agency_and_refuses_atomically(test_store, long_ha):
    store = test_store
    made = tw.assign_by_name(store, "Bộ Chỉ huy Quân sự tỉnh", long_ha, "2020-01-01",
                             decision=tw.Decision.of("5/QĐ-UBND"))
    agency = tw.resolve_agency(store, "bo chi huy quan su tinh")
    assert agency.kind == "armed" and agency.level == "province" and agency.owner == "Kon Tum"
    assert made.batch.count == 2  # the agency and the twinning, one undo step
    revert_batch(store, made.batch.id)
    assert tw.list_agencies(store) == [] and tw.list_assignments(store) == []
    before = dump(store)
    with pytest.raises(InputRejected):  # an agency named for the first time, with a bad end: nothing
        tw.assign_by_name(store, "Công ty Cao su Kon Tum", long_ha, "2020-01-01", end="2019-01-01")
    assert dump(store) == before


def test_village_twinning_with_a_district_agency(test_store):
    store = test_store
    ha_mon = commune(store, "Đăk Hà", "Hà Mòn")
    made = tw.assign_by_name(store, "Phòng Nông nghiệp và PTNT huyện", ha_mon, "2019-01-01", village="Thôn 4")
    a = made.assignment
    assert (a.unit_level, a.village, a.commune, a.district, a.agency_level) == (
        "village", "Thôn 4", "Hà Mòn", "Đăk Hà", "district")
    village = tw.resolve_village(store, ha_mon, "thon 4")
    assert village.level == "village" and village.nkey.startswith(ha_mon.nkey + "/")
    assert a.unit_nkey == village.nkey and a.nkey.endswith(f"|{village.nkey}|2019-01-01")
    assert a.place == "Thôn 4, xã Hà Mòn (Đăk Hà)"
    assert [x.village for x in tw.history(store, commune=ha_mon)] == ["Thôn 4"]
    assert tw.assignments_as_of(store, date(2020, 1, 1), district="Đăk Hà")[0].village == "Thôn 4"
    # a district agency of Đăk Hà cannot twin a village of another district
    xop = commune(store, "Đăk Glei", "Xốp")
    before = dump(store)
    agency = tw.resolve_agency(store, "Phòng Nông nghiệp và PTNT huyện")
    with pytest.raises(InputRejected) as refused:
        tw.assign(store, agency, xop, date(2020, 1, 1))
    assert refused.value.key == "twin.outside_district"
    assert dump(store) == before
    # a close spelling of an existing village is created with a warning; Thôn 5 is no typo
    close = tw.assign_by_name(store, "Phòng Nông nghiệp và PTNT huyện", ha_mon, "2021-01-01", village="Thôn  4.")
    assert close.assignment.village == "Thôn 4." and "Thôn 4" in close.warnings[0]
    revert_batch(store, close.batch.id)
    other = tw.assign_by_name(store, "Phòng Nông nghiệp và PTNT huyện", ha_mon, "2021-01-01", village="Thôn 5")
    assert [w for w in other.warnings if "tên rất gần" in w] == []
    assert "cũng đang kết nghĩa với Thôn 4" in other.warnings[0]  # a second active twinning
    # a province and a district agency with the same name are told apart by the place
    province_one, _ = tw.create_agency(store, "Hội Nông dân")
    district_one, _ = tw.create_agency(store, "Hội Nông dân", level="district",
                                       owner=units.resolve_district(store, "Đăk Hà"))
    assert tw.resolve_agency(store, "Hội Nông dân", unit=village).uuid == district_one.uuid
    assert tw.resolve_agency(store, "Hội Nông dân", unit=xop).uuid == province_one.uuid
    with pytest.raises(InputRejected) as refused:
        tw.resolve_agency(store, "Hội Nông dân")
    assert refused.value.key == "agency.ambiguous"


def test_agency_edit_delete_and_history(test_store, finance, long_ha):
    store = test_store
    tw.update_agency(store, finance, name="Sở Tài chính tỉnh Kon Tum", phone="0260 111 222")
    renamed = tw.get_agency(store, finance.uuid)
    assert renamed.name == "Sở Tài chính tỉnh Kon Tum" and renamed.nkey == finance.nkey
    assert tw.update_agency(store, renamed, phone="0260 111 222") is None
    entries = audit.history(store, finance.nkey)
    assert [e.op for e in entries] == ["update", "insert"]
    assert entries[0].old["name"] == "Sở Tài chính" and entries[0].new["phone"] == "0260 111 222"
    twin = tw.assign(store, renamed, long_ha, date(2020, 1, 1)).assignment
    with pytest.raises(InputRejected) as refused:
        tw.delete_agency(store, renamed)
    assert refused.value.key == "agency.in_use"
    tw.delete_assignment(store, twin)
    tw.delete_agency(store, renamed)
    assert tw.list_agencies(store) == []
    # the same name again revives the record (same natural key, same uuid)
    again, _ = tw.create_agency(store, "Sở Tài chính")
    assert again.uuid == finance.uuid and again.nkey == finance.nkey


def test_restore_matches_by_natural_key(test_store, finance, long_ha):
    """A state from another installation (other uuid, same natural key) updates the local row."""
    store = test_store
    twin = tw.assign(store, finance, long_ha, date(2020, 1, 1)).assignment
    state = tw.state_of(store, "twinning", uuid=twin.uuid)
    foreign = {**state, "uuid": "00000000-0000-4000-8000-000000000001", "date_to": "2021-01-01",
               "end_decision": "9/QĐ-UBND"}
    batch = audit.new_batch("imported", "package")
    with store.transaction():
        tw.save(store, batch, "twinning", foreign)
    rows = tw.list_assignments(store)
    assert len(rows) == 1 and rows[0].uuid == twin.uuid
    assert rows[0].end == date(2021, 1, 1) and rows[0].end_decision == "9/QĐ-UBND"
    stamp = store.query("SELECT hlc FROM twinnings WHERE uuid = ?", [twin.uuid])[0]["hlc"]
    assert stamp == store.meta("hlc_last")
    missing = {**state, "uuid": "00000000-0000-4000-8000-000000000002", "nkey": "tw|x", "agency": "agency|nope"}
    with pytest.raises(InputRejected) as refused, store.transaction():
        tw.save(store, batch, "twinning", missing)
    assert refused.value.key == "twin.missing_ref"


def test_dates_kinds_and_decisions():
    assert tw.parse_date("2021-03-15") == date(2021, 3, 15)
    assert tw.parse_date("15/03/2021") == date(2021, 3, 15)
    for bad in ("2021-13-01", "31/02/2021", "hôm qua", ""):
        with pytest.raises(InputRejected):
            tw.parse_date(bad)
    assert tw.show_date(date(2021, 3, 5)) == "05/03/2021"
    assert tw.guess_kind("Ngân hàng Nông nghiệp chi nhánh Kon Tum") == "bank"
    assert tw.guess_kind("Tỉnh đoàn") == "mass_org"
    assert tw.guess_kind("Công ty TNHH MTV Cao su Kon Tum") == "company"
    assert tw.guess_kind("Bộ Chỉ huy Bộ đội Biên phòng tỉnh") == "armed"
    assert tw.guess_kind("Sở Y tế") == "department"
    decision = tw.Decision.of(" 12/QĐ-UBND ", "2021-01-05", "Nguyễn Văn B")
    assert decision.describe() == "12/QĐ-UBND ngày 05/01/2021 (Nguyễn Văn B)"
    assert tw.Decision.of("", None, "") is None
    units_of = {k.code: k.unit_vi for k in tw.CONTRIBUTION_KINDS}
    assert set(units_of.values()) == {"lượt", "đồng", "căn", "suất", "ngày công", "mô hình", "hộ", "lượt người"}
    assert tw.contribution_kind("nha tinh nghia, nha dai doan ket").code == "houses"
    assert tw.contribution_kind("Gifts (Tết, 27 July)").code == "gifts"


def test_schema_travel_columns(test_store):
    conn: sqlite3.Connection = test_store.db.conn
    for table in ("agencies", "twinnings", "contributions"):
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        assert {"uuid", "nkey", "hlc", "updated_at", "deleted"} <= columns


def test_states_mirror_the_table_columns(test_store, finance, long_ha):
    """Change-log states are the rows as a generic sync table entity reads them: every
    column but id/uuid/nkey/hlc/updated_at, a reference ``x_id`` as ``x`` = its nkey."""
    store = test_store
    twin = tw.assign(store, finance, long_ha, date(2020, 1, 1)).assignment
    tw.add_contribution(store, twin, "2020-02-02", "houses", quantity="1", amount="40.000.000")
    conn = store.db.conn
    for entity, table in (("agency", "agencies"), ("twinning", "twinnings"), ("contribution", "contributions")):
        refs = {r[3] for r in conn.execute(f"PRAGMA foreign_key_list({table})")}
        columns = {c[1] for c in conn.execute(f"PRAGMA table_info({table})")}
        expected = {c[:-3] if c in refs else c for c in columns - {"id", "uuid", "nkey", "hlc", "updated_at"}}
        uuid = conn.execute(f"SELECT uuid FROM {table}").fetchone()[0]
        state = tw.state_of(store, entity, uuid=uuid)
        assert set(state) == expected | {"uuid", "nkey"}
        logged = audit.history(store, state["nkey"])[0].new
        assert logged == state
    # a state as a generic writer logs it (no uuid, no nkey) still restores by the arguments
    state = tw.state_of(store, "twinning", uuid=twin.uuid)
    bare = {k: v for k, v in state.items() if k not in ("uuid", "nkey")}
    batch = audit.new_batch("undo")
    with store.transaction():
        records.restore(store, "twinning", twin.uuid, {**bare, "note": "ghi chú"}, batch, twin.nkey)
    assert tw.get_assignment(store, twin.uuid).note == "ghi chú"


def test_names_freed_by_renames_in_the_same_minute_get_distinct_keys(test_store):
    """A name given up by a rename keeps its key with the renamed agency; a new agency of
    that name gets the key plus a random suffix, distinct however fast it happens again."""
    keys = []
    for n in range(3):
        agency, _ = tw.create_agency(test_store, "Sở Xây dựng")
        keys.append(records.state_of(test_store, "agency", uuid=agency.uuid)["nkey"])
        tw.update_agency(test_store, agency, name=f"Sở Xây dựng (cũ {n})")
    assert len(set(keys)) == 3
    assert all(key.startswith(keys[0]) for key in keys)
