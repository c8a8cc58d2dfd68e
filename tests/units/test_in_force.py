"""What the window's tree and scorecard ask of the core for a year: the units in force, whether
a unit existed, their aliases, a commune's last assessed year, a year's chosen set."""

from __future__ import annotations

import pytest

from ntm_desktop import assessments, criteria, summary, units
from ntm_desktop.periods import parse as period
from ntm_desktop.store.database import open_store


@pytest.fixture
def kontum(tmp_path):
    st = open_store(tmp_path / "kt.sqlite3")
    criteria.load_bundled(st)
    units.load_provinces(st, units.find_provinces("Kon Tum"))
    yield st
    st.close()


def _levels(found):
    return {level: sum(1 for u in found if u.level == level) for level in ("province", "district", "commune")}


def test_units_in_force_follow_the_year(kontum):
    in_2020 = _levels(units.in_force_during(kontum, 2020))
    in_2026 = _levels(units.in_force_during(kontum, 2026))
    in_2025 = _levels(units.in_force_during(kontum, 2025))
    assert in_2020["district"] == 10 and in_2020["commune"] >= 85
    assert in_2026["district"] == 0 and in_2026["province"] == 1
    assert 0 < in_2026["commune"] < in_2020["commune"]
    # the year of the reform holds both trees
    assert in_2025["commune"] == in_2020["commune"] + in_2026["commune"]
    assert len(units.in_force_during(kontum, None)) >= len(units.in_force_during(kontum, 2025))
    # one level only: the same units as the whole year's of that level
    for year in (2020, 2025, 2026, None):
        for level in ("province", "district", "commune"):
            every = [u for u in units.in_force_during(kontum, year) if u.level == level]
            assert units.in_force_during(kontum, year, level) == every


def test_a_new_commune_did_not_exist_before_the_reform(kontum):
    new = units.resolve_code(kontum, "23326", on="2026-01-01")
    old = units.resolve_code(kontum, "23326", on="2020-12-31")
    assert new.id != old.id
    assert units.existed_in(kontum, new.id, 2026) and not units.existed_in(kontum, new.id, 2020)
    assert units.existed_in(kontum, old.id, 2020) and not units.existed_in(kontum, old.id, 2026)


def test_aliases_by_unit_holds_the_gso_spellings(kontum):
    aliases = units.aliases_by_unit(kontum)
    assert any("Đắk" in a for names in aliases.values() for a in names)
    for unit_id, names in list(aliases.items())[:20]:
        assert sorted(names) == sorted(units.aliases_of(kontum, unit_id))


def test_last_assessed_years_and_the_chosen_set(kontum):
    old = units.resolve_code(kontum, "23326", on="2020-12-31")
    other = units.resolve_code(kontum, "23327", on="2020-12-31")
    for year in (2019, 2023):
        assessments.set_official(kontum, old, period(year), 2, True)
    assert summary.last_assessed_years(kontum, [old.id, other.id]) == {old.id: 2023}
    assert summary.last_assessed_years(kontum, []) == {}
    assert criteria.overridden_set(kontum, 2021) is None
    criteria.override_year(kontum, 2021, "QG-2016-2020")
    assert criteria.overridden_set(kontum, 2021) == "QG-2016-2020"
