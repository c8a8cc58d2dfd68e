"""The unit tree fills a unit's children only when they are needed (issue 22): opening it in the
view, typing in the filter, selecting one of its communes. What it shows is what the whole tree
showed: the same items, in the same order, once filled."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from ntm_desktop import units  # noqa: E402
from ntm_desktop.setup.prepare import prepare, save_home  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui.scorecard.unit_tree import LEVEL, NKEY, UNIT_ID, UnitTree  # noqa: E402


@pytest.fixture
def two_eras(tmp_path):
    """Quảng Ngãi from 1 July 2025 and the two provinces that went into it; home: the new one."""
    store = open_store(tmp_path / "qn.sqlite3")
    prepare(store, "never")
    units.load_provinces(store, [("after", "51")])
    save_home(store, "province:51@2025-07-01", None)
    yield store
    store.close()


def _tree(qtbot, store, year, home_district=None):
    tree = UnitTree(store, home_district, year)
    qtbot.addWidget(tree)
    tree.show()
    qtbot.waitExposed(tree)
    return tree


def _built(tree, level):
    return [item for item in tree._items.values() if item.data(LEVEL) == level]


def _province(tree, nkey):
    for row in range(tree.proxy.rowCount()):
        index = tree.proxy.index(row, 0)
        if index.data(NKEY) == nkey:
            return index
    raise AssertionError(nkey)


def test_first_build_holds_only_what_is_open(qtbot, two_eras):
    tree = _tree(qtbot, two_eras, 2025)
    # three provinces, all open (a few, two with districts); the districts' communes wait
    assert tree.proxy.rowCount() == 3
    new = _province(tree, "province:51@2025-07-01")
    old = _province(tree, "province:62")
    assert tree.view.isExpanded(new) and tree.view.isExpanded(old)
    in_force = units.in_force_during(two_eras, 2025)
    new_communes = [u for u in in_force if u.level == "commune" and u.parent_id == new.data(UNIT_ID)]
    assert len(_built(tree, "commune")) == len(new_communes) > 0  # only the new province's
    assert len(_built(tree, "district")) == len([u for u in in_force if u.level == "district"])
    # a closed district still shows it can be opened, and opening it fills it
    district = tree.proxy.index(0, 0, old)
    assert district.data(LEVEL) == "district" and not tree.view.isExpanded(district)
    assert tree.proxy.hasChildren(district) and tree.proxy.canFetchMore(district)
    tree.view.expand(district)
    qtbot.waitUntil(lambda: tree.proxy.rowCount(district) > 0)
    assert not tree.proxy.canFetchMore(district)
    assert tree.proxy.rowCount(district) == len([u for u in in_force if u.parent_id == district.data(UNIT_ID)])


def test_home_district_opens_alone(qtbot, two_eras):
    dak_ha = units.by_nkey(two_eras, "district:615")
    tree = _tree(qtbot, two_eras, 2020, "district:615")
    built = _built(tree, "commune")
    assert built and all(tree._units[i.data(UNIT_ID)].parent_id == dak_ha.id for i in built)
    first = tree.proxy.index(0, 0, _province(tree, "province:62"))
    assert first.data(NKEY) == "district:615" and tree.view.isExpanded(first)  # the office's district first


def test_filter_and_selection_reach_communes_not_built(qtbot, two_eras):
    tree = _tree(qtbot, two_eras, 2025)
    old_commune = units.resolve_code(two_eras, "23326", "2024-12-31")  # Ia Chim of Kon Tum, before the reform
    assert old_commune.id not in tree._items
    assert not tree.select_commune(10**9)  # no such unit
    assert tree.select_commune(old_commune.id)
    assert tree.view.currentIndex().data(LEVEL) == "commune"
    assert old_commune.name in tree.view.currentIndex().data()
    tree.filter.setText("ia chim")  # the filter looks at every commune of the year
    shown = tree.visible_communes()
    assert len(shown) == 2 and all(s.startswith("Xã Ia Chim (") for s in shown)


def test_lazy_tree_shows_what_the_whole_tree_showed(qtbot, two_eras):
    """Filled, the lazy tree lists every commune in force, each under its parent, in Vietnamese order."""
    tree = _tree(qtbot, two_eras, 2020)
    shown = tree.visible_communes()
    found = units.in_force_during(two_eras, 2020)
    by_id = {u.id: u for u in found}
    communes = [u for u in found if u.level == "commune"]
    assert len(shown) == len(communes) == len(set(shown))
    assert tree.levels() == [["district", "commune"], ["district", "commune"]]
    # under each district, communes in Vietnamese alphabetical order (đ after d)
    district = tree.proxy.index(0, 0, tree.proxy.index(0, 0))
    names = [tree.proxy.index(r, 0, district).data() for r in range(tree.proxy.rowCount(district))]
    under = sorted((u for u in communes if by_id[u.parent_id].name == district.data()),
                   key=lambda u: units.tree.text.sort_key(u.name))
    assert [n.split("  ")[0] for n in names] == [f"{(u.kind or 'xã').capitalize()} {u.name}" for u in under]


def test_year_change_rebuilds_only_when_units_differ(qtbot, two_eras):
    tree = _tree(qtbot, two_eras, 2020)
    first = tree.proxy.index(0, 0)
    tree.set_year(2021)  # same units in force: nothing rebuilt
    assert tree.proxy.index(0, 0) == first and tree.levels() == [["district", "commune"], ["district", "commune"]]
    tree.set_year(2026)
    assert tree.levels() == [["commune"]]
    assert len(tree.visible_communes()) == len(units.in_force_during(two_eras, 2026)) - 1  # minus the province
