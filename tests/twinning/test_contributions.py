"""Contributions of twinned agencies and their totals (tables 1a, 1b, 1c), checked against
figures computed by hand from the entries below."""

from __future__ import annotations

from datetime import date

import pytest

from ntm_desktop import twinning as tw
from ntm_desktop import units
from ntm_desktop.errors import InputRejected
from ntm_desktop.history import revert_batch
from ntm_desktop.store import audit


def dump(store):
    return list(store.db.conn.iterdump())


@pytest.fixture
def scene(test_store):
    """Two province agencies and one district team, with contributions in 2020 and 2021.

    Sở Tài chính — Đăk Long (Đăk Hà) from 2019, moved to Đăk Long (Đăk Glei) on 2021-06-15
        2020-05-10 staff_trips 4
        2021-03-01 staff_trips 5
        2021-03-20 money_production 20.000.000
        2021-09-01 staff_trips 3                    (in Đăk Glei)
        2021-10-02 houses 2, value 100.000.000       (in Đăk Glei)
    Bộ Chỉ huy Quân sự tỉnh — Văn Lem (Đăk Tô) from 2020
        2021-01-25 gifts 50, value 15.000.000
        2021-08-08 medical 120
        2021-08-09 labour_days 40
    Phòng Nông nghiệp (district, Đăk Hà) — Thôn 4, Hà Mòn (Đăk Hà) from 2019
        2021-04-04 labour_days 30
        2021-04-05 money_social 5.000.000
        2020-12-31 models 2, value 16.000.000
    """
    store = test_store
    long_ha = units.resolve_commune(store, "Đăk Long", "Đăk Hà")
    long_glei = units.resolve_commune(store, "Đăk Long", "Đăk Glei")
    van_lem = units.resolve_commune(store, "Văn Lem", "Đăk Tô")
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    finance = tw.assign_by_name(store, "Sở Tài chính", long_ha, "2019-01-01").assignment
    army = tw.assign_by_name(store, "Bộ Chỉ huy Quân sự tỉnh", van_lem, "2020-01-01").assignment
    team = tw.assign_by_name(store, "Phòng Nông nghiệp", ha_mon, "2019-01-01", village="Thôn 4").assignment
    tw.add_contribution(store, finance, "2020-05-10", "staff_trips", quantity="4")
    tw.add_contribution(store, finance, "2021-03-01", "staff_trips", quantity=5)
    tw.add_contribution(store, finance, "2021-03-20", "money_production", amount="20.000.000")
    finance_glei = tw.reassign(store, finance, long_glei, "2021-06-15").assignment
    tw.add_contribution(store, finance_glei, "2021-09-01", "staff_trips", quantity="3")
    tw.add_contribution(store, finance_glei, "2021-10-02", "houses", quantity="2", amount="100.000.000")
    tw.add_contribution(store, army, "2021-01-25", "gifts", quantity="50", amount="15000000", source="Quỹ đơn vị")
    tw.add_contribution(store, army, "2021-08-08", "medical", quantity="120")
    tw.add_contribution(store, army, "2021-08-09", "labour_days", quantity="40")
    tw.add_contribution(store, team, "2021-04-04", "labour_days", quantity="30")
    tw.add_contribution(store, team, "2021-04-05", "Kinh phí an sinh xã hội", amount="5.000.000")
    tw.add_contribution(store, team, "2020-12-31", "models", quantity="2", amount="16.000.000")
    return store


def rows_of(rows, table):
    return {r.name: r for r in rows if r.table == table}


def test_totals_by_agency_2021(scene):
    rows = tw.contribution_totals(scene, 2021, "agency")
    t1a, t1b, t1c = rows_of(rows, "1a"), rows_of(rows, "1b"), rows_of(rows, "1c")
    assert list(t1a) == ["Bộ Chỉ huy Quân sự tỉnh", "Sở Tài chính"]  # Vietnamese order
    assert t1a["Sở Tài chính"].columns == {"staff_trips": 8, "money_production": 20_000_000, "models": 0,
                                           "households": 0, "labour_days": 0}
    assert t1a["Sở Tài chính"].value == 20_000_000 and t1a["Sở Tài chính"].entries == 3
    assert t1a["Sở Tài chính"].places == ("Đăk Long (Đăk Glei)", "Đăk Long (Đăk Hà)")
    assert t1a["Bộ Chỉ huy Quân sự tỉnh"].columns["labour_days"] == 40
    assert t1a["Bộ Chỉ huy Quân sự tỉnh"].value == 0
    assert t1b["Sở Tài chính"].columns == {"money_social": 0, "houses": 2, "scholarships": 0, "gifts": 0,
                                           "medical": 0}
    assert t1b["Sở Tài chính"].value == 100_000_000
    assert t1b["Bộ Chỉ huy Quân sự tỉnh"].columns == {"money_social": 0, "houses": 0, "scholarships": 0,
                                                      "gifts": 50, "medical": 120}
    assert t1b["Bộ Chỉ huy Quân sự tỉnh"].value == 15_000_000
    assert list(t1c) == ["Phòng Nông nghiệp"]
    team = t1c["Phòng Nông nghiệp"]
    assert team.district == "Đăk Hà" and team.agency_kind == "department"
    assert team.columns["labour_days"] == 30 and team.columns["money_social"] == 5_000_000
    assert team.columns["models"] == 0  # the model was logged on 31/12/2020
    assert team.value == 5_000_000 and team.entries == 2
    total_1a = tw.sum_rows(list(t1a.values()))
    assert total_1a == {"columns": {"staff_trips": 8, "money_production": 20_000_000, "models": 0,
                                    "households": 0, "labour_days": 40},
                        "value": 20_000_000, "entries": 4}
    assert tw.sum_rows(list(t1b.values()))["value"] == 115_000_000


def test_totals_by_commune_district_and_all_years(scene):
    by_commune = tw.contribution_totals(scene, 2021, "commune")
    t1a = {(r.district, r.name): r for r in by_commune if r.table == "1a"}
    # the same name in two districts stays two lines
    assert t1a[("Đăk Hà", "Đăk Long")].columns["staff_trips"] == 5
    assert t1a[("Đăk Hà", "Đăk Long")].value == 20_000_000
    assert t1a[("Đăk Glei", "Đăk Long")].columns["staff_trips"] == 3
    assert t1a[("Đăk Tô", "Văn Lem")].columns["labour_days"] == 40
    assert [key for key in t1a] == [("Đăk Glei", "Đăk Long"), ("Đăk Hà", "Đăk Long"), ("Đăk Tô", "Văn Lem")]
    t1c = [r for r in by_commune if r.table == "1c"]
    assert [(r.district, r.name, r.places) for r in t1c] == [("Đăk Hà", "Hà Mòn", ("Phòng Nông nghiệp",))]

    by_district = tw.contribution_totals(scene, 2021, "district")
    t1b = {r.name: r for r in by_district if r.table == "1b"}
    assert t1b["Đăk Glei"].columns["houses"] == 2 and t1b["Đăk Glei"].value == 100_000_000
    assert t1b["Đăk Tô"].columns["gifts"] == 50 and t1b["Đăk Tô"].value == 15_000_000
    assert t1b["Đăk Hà"].value == 0  # Đăk Long (Đăk Hà) was twinned in 2021 but gave nothing social

    every_year = rows_of(tw.contribution_totals(scene, None, "agency"), "1a")
    assert every_year["Sở Tài chính"].columns["staff_trips"] == 12
    team = rows_of(tw.contribution_totals(scene, None, "agency"), "1c")["Phòng Nông nghiệp"]
    assert team.columns["models"] == 2 and team.value == 21_000_000
    year_2020 = rows_of(tw.contribution_totals(scene, 2020, "agency"), "1a")
    assert year_2020["Sở Tài chính"].columns["staff_trips"] == 4
    with pytest.raises(InputRejected):
        tw.contribution_totals(scene, 2021, "village")


def test_running_totals_and_list(scene):
    finance = [a for a in tw.list_assignments(scene) if a.agency == "Sở Tài chính" and a.district == "Đăk Hà"][0]
    assert tw.running_totals(scene, finance) == {"staff_trips": (9.0, 0), "money_production": (0.0, 20_000_000)}
    assert tw.running_totals(scene, finance, 2021) == {"staff_trips": (5.0, 0), "money_production": (0.0, 20_000_000)}
    listed = tw.list_contributions(scene, year=2021)
    assert len(listed) == 9
    assert [r.contribution.on for r in listed] == sorted(r.contribution.on for r in listed)
    gift = [r for r in listed if r.contribution.kind == "gifts"][0].as_json()
    assert gift["agency"] == "Bộ Chỉ huy Quân sự tỉnh" and gift["commune"] == "Văn Lem"
    assert gift["quantity"] == 50 and gift["amount"] == 15_000_000 and gift["source"] == "Quỹ đơn vị"


def test_bad_contributions_write_nothing(scene):
    twin = tw.list_assignments(scene, as_of=date(2021, 7, 1), agency="quan su")[0]
    before = dump(scene)
    bad = [
        dict(kind="houses", quantity="-1"),
        dict(kind="houses", quantity="hai"),
        dict(kind="money_production", amount="1.500,5"),  # đồng are whole
        dict(kind="money_production", amount="-5"),
        dict(kind="money_social"),  # a money kind needs an amount
        dict(kind="gifts", quantity="0"),
        dict(kind="firewood", quantity="3"),
    ]
    for entry in bad:
        kind = entry.pop("kind")
        with pytest.raises(InputRejected):
            tw.add_contribution(scene, twin, "2021-07-02", kind, **entry)
    with pytest.raises(InputRejected):
        tw.add_contribution(scene, twin, "2021-02-30", "gifts", quantity="3")
    assert dump(scene) == before


def test_contribution_outside_the_twinning_warns(scene):
    old = [a for a in tw.list_assignments(scene) if a.agency == "Sở Tài chính" and a.end][0]
    result = tw.add_contribution(scene, old, "2021-07-01", "staff_trips", quantity="1")
    assert result.contribution is not None and "15/06/2021" in result.warnings[0]


def test_edit_delete_and_undo(scene):
    twin = tw.list_assignments(scene, agency="quan su")[0]
    gift = [r for r in tw.list_contributions(scene, twinning=twin) if r.contribution.kind == "gifts"][0]
    batch = tw.update_contribution(scene, gift.contribution.uuid, quantity="60", amount="18.000.000")
    assert tw.running_totals(scene, twin)["gifts"] == (60.0, 18_000_000)
    revert_batch(scene, batch.id)
    assert tw.running_totals(scene, twin)["gifts"] == (50.0, 15_000_000)
    removed = tw.delete_contribution(scene, gift.contribution.uuid)
    assert "gifts" not in tw.running_totals(scene, twin)
    revert_batch(scene, removed.id)
    assert tw.running_totals(scene, twin)["gifts"] == (50.0, 15_000_000)
    # deleting a twinning takes its contributions with it, and undo brings all back
    gone = tw.delete_assignment(scene, twin)
    assert gone.count == 4
    assert "Bộ Chỉ huy Quân sự tỉnh" not in rows_of(tw.contribution_totals(scene, 2021), "1b")
    revert_batch(scene, gone.id)
    assert rows_of(tw.contribution_totals(scene, 2021), "1b")["Bộ Chỉ huy Quân sự tỉnh"].columns["medical"] == 120
    nkey = tw.state_of(scene, "contribution", uuid=gift.contribution.uuid)["nkey"]
    assert [e.op for e in audit.history(scene, nkey)][-1] == "insert"
    # insert, edit, its undo, delete, its undo, delete with the twinning, its undo
    assert len(audit.history(scene, nkey)) == 7
