"""Units a user changes travel in sync packages (issue 16 part 6): the province merges, splits,
renames and ends units, and an office that imports its package holds the same units and history."""

from __future__ import annotations

import pytest

from ntm_desktop import units
from tests.sync.test_support import content, send


def without_stamps(store):
    """The units by natural key, name, code, parent, flags, end and aliases (each laptop stamped its own
    reference units)."""
    return [row[:6] + row[7:] for row in content(store)["units"]]


def commune(store, district, name):
    return units.resolve_commune(store, name, district)


def test_a_merge_made_on_one_database_reaches_another(two, tmp_path):
    province, office = two
    usb = tmp_path / "usb"
    usb.mkdir()
    merged = units.merge(province, [commune(province, "Đăk Hà", "Đăk Hring"), commune(province, "Đăk Hà", "Đăk La")],
                         on="2026-03-01", decision="NQ 10/2026", name="Đăk Hring Mới", code="99001").units[0]
    units.split(province, commune(province, "Đăk Hà", "Đăk Mar"), [("Đăk Mar Bắc", None), ("Đăk Mar Nam", None)],
                on="2026-03-01", decision="NQ 10/2026")
    units.rename(province, commune(province, "Đăk Tô", "Diên Bình"), "Diên Bình Mới", on="2026-03-01",
                 decision="NQ 11/2026")
    units.end_unit(province, commune(province, "Đăk Tô", "Kon Đào"), on="2026-03-01", decision="NQ 12/2026")
    _, report = send(province, office, usb)
    assert report.exit_code == 0
    assert units.history(office) == units.history(province)
    assert units.in_force(office, "2026-03-01") == units.in_force(province, "2026-03-01")
    assert without_stamps(office) == without_stamps(province)
    got = units.resolve_code(office, "99001", "2026-03-01")
    assert (got.name, got.uuid) == (merged.name, merged.uuid)
    assert [u.name for u in units.origins(office, got)] == ["Đăk Hring", "Đăk La"]
    assert units.resolve_commune(office, "Diên Bình", "Đăk Tô").name == "Diên Bình Mới"
    _, again = send(province, office, usb)  # a second import changes nothing
    assert units.history(office) == units.history(province)
    assert again.exit_code == 0


def test_the_programme_setting_travels(two, tmp_path):
    """Issue 16 part 6: the province takes two xã out of the commune programme, then puts one back;
    the office that imports its packages holds the same settings."""
    province, office = two
    usb = tmp_path / "usb"
    usb.mkdir()
    first, second = commune(province, "Đăk Hà", "Đăk La"), commune(province, "Đăk Hà", "Đăk Mar")
    units.set_programme(province, first, False)
    units.set_programme(province, second, False)
    _, report = send(province, office, usb)
    assert report.exit_code == 0
    assert [units.in_programme(office, commune(office, "Đăk Hà", n)) for n in ("Đăk La", "Đăk Mar")] == [False, False]
    units.set_programme(province, second, True)  # a later change travels too
    send(province, office, usb)
    assert [units.in_programme(office, commune(office, "Đăk Hà", n)) for n in ("Đăk La", "Đăk Mar")] == [False, True]
    assert units.in_programme(office, commune(office, "Đăk Hà", "Hà Mòn")) is True  # untouched: by kind


def test_a_package_from_before_the_programme_column_still_reads(two, tmp_path):
    """Rows one column short (a package made by the previous version) leave the office's own setting;
    a bad programme cell is refused naming the member and row."""
    from ntm_desktop.errors import InputRejected
    from ntm_desktop.sync.entities.base import Context, Scope, Selection
    from ntm_desktop.sync.entities.units import UNITS

    province, _ = two
    rows = [["" if c is None else str(c) for c in row] for row in UNITS.export(province, Selection(Scope()))][:3]
    ctx = Context(province, tmp_path / "old.ntmpkg", "p", "o", "b", "l")
    items = [item for chunk in UNITS.parse(iter([row[:-1] for row in rows]), ctx) for item in chunk]
    assert len(items) == 3 and all("programme" not in item.data for item in items)
    bad = [*rows[0][:-1], "7"]
    with pytest.raises(InputRejected) as refused:
        list(UNITS.parse(iter([bad]), ctx))
    assert "records/units.csv" in str(refused.value)
