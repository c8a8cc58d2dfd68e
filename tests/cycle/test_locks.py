"""Submitting, locking and unlocking periods through the core (ntm_desktop/cycle/): what a lock
covers (units under it, periods inside it), every edit of a locked period refused with the
database unchanged, unlock only with a reason, the history keeping both, undo through the log."""

from __future__ import annotations

import openpyxl
import pytest

from ntm_desktop import assessments, history, units
from ntm_desktop.cycle import locks, records, service
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import templates
from ntm_desktop.periods import Period, parse
from ntm_desktop.store import audit
from tests.cycle.conftest import dump

Y2020 = Period(2020, "Y")


def _places(store):
    dak_ha = units.resolve_district(store, "Đăk Hà")
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    dak_cam = units.resolve_commune(store, "Đăk Cấm", "Thành phố Kon Tum")
    return dak_ha, ha_mon, dak_cam


def test_a_district_lock_covers_its_communes_and_not_others(store):
    dak_ha, ha_mon, dak_cam = _places(store)
    done = service.act(store, dak_ha, Y2020, "lock")
    assert done.state["state"] == "locked" and done.state["state_by"] == store.user
    assert set(locks.locked_communes(store, Y2020, [ha_mon.id, dak_cam.id])) == {ha_mon.id}
    lock = locks.lock_over(store, ha_mon.id, Y2020)
    assert (lock.unit, lock.period, lock.by) == ("Đăk Hà", "2020", store.user)
    assert locks.lock_over(store, ha_mon.id, Period(2021, "Y")) is None  # another year stays open


def test_a_year_lock_locks_its_quarters_and_months_not_the_other_way(store):
    _dak_ha, ha_mon, _dak_cam = _places(store)
    service.act(store, ha_mon, parse("2020-H1"), "lock")
    for code in ("2020-H1", "2020-Q1", "2020-Q2", "2020-M01", "2020-M06"):
        assert locks.lock_over(store, ha_mon.id, parse(code)) is not None, code
    for code in ("2020", "2020-H2", "2020-Q3", "2020-M07"):
        assert locks.lock_over(store, ha_mon.id, parse(code)) is None, code
    service.act(store, ha_mon, Y2020, "lock")
    assert all(locks.lock_over(store, ha_mon.id, p) is not None for p in map(parse, ("2020-Q3", "2020-M12")))
    assert service.inside(parse("2020-H2")) == ["2020-H2", "2020-Q3", "2020-Q4", "2020-M07", "2020-M08",
                                                "2020-M09", "2020-M10", "2020-M11", "2020-M12"]


def test_edits_of_a_locked_period_are_refused_until_unlocked_with_a_reason(store):
    dak_ha, ha_mon, dak_cam = _places(store)
    assessments.set_official(store, ha_mon, Y2020, 1, True)
    service.act(store, dak_ha, Y2020, "submit")
    service.act(store, dak_ha, Y2020, "lock")
    before = dump(store)
    for write in (lambda: assessments.set_official(store, ha_mon, Y2020, 1, False),
                  lambda: assessments.set_indicator_value(store, ha_mon, parse("2020-Q3"), "2.1", "80"),
                  lambda: service.act(store, ha_mon, Y2020, "submit"),
                  lambda: service.act(store, dak_ha, Y2020, "unlock"),
                  lambda: service.act(store, dak_ha, Y2020, "unlock", reason="   "),
                  lambda: service.act(store, ha_mon, Y2020, "unlock", reason="ở cấp xã")):
        with pytest.raises(InputRejected) as refused:
            write()
        assert refused.value.exit_code == 3
        assert dump(store) == before
    with pytest.raises(InputRejected) as refused:
        assessments.set_official(store, ha_mon, Y2020, 1, False)
    assert refused.value.key == "cycle.locked"
    assert store.user in refused.value.message and records.when(
        records.state_of(store, nkey=records.nkey_of(dak_ha.nkey, "2020"))["state_at"]) in refused.value.message
    assert refused.value.details == ["Khóa trên: Đăk Hà, Năm 2020"]
    assert assessments.set_official(store, dak_cam, Y2020, 1, True) is not None  # another district: open
    done = service.act(store, dak_ha, Y2020, "unlock", reason="  Sửa TC1 theo biên bản  ")
    assert (done.state["state"], done.state["reason"]) == ("open", "Sửa TC1 theo biên bản")
    assert assessments.set_official(store, ha_mon, Y2020, 1, False) is not None


def test_the_history_keeps_lock_and_unlock_with_the_reason_and_undo_relocks(store):
    dak_ha, ha_mon, _dak_cam = _places(store)
    service.act(store, dak_ha, Y2020, "lock")
    unlocked = service.act(store, dak_ha, Y2020, "unlock", reason="Sai số liệu xã Hà Mòn")
    entries = audit.history(store, records.nkey_of(dak_ha.nkey, "2020"))
    assert [(e.old and e.old["state"], e.new["state"], e.new["reason"]) for e in entries] == [
        ("locked", "open", "Sai số liệu xã Hà Mòn"), (None, "locked", None)]
    shown = history.show("period_state", entries[0].new)
    assert shown.startswith("Đang mở — ") and "(lý do: Sai số liệu xã Hà Mòn)" in shown
    assert history.show("period_state", entries[1].new).startswith("Đã khóa — ")
    history.revert_batch(store, unlocked.batch.id)  # undo the unlock: locked again
    assert locks.lock_over(store, ha_mon.id, Y2020) is not None
    with pytest.raises(InputRejected):
        assessments.set_official(store, ha_mon, Y2020, 1, True)
    history.revert_batch(store, unlocked.batch.id, redo=True)
    assert locks.lock_over(store, ha_mon.id, Y2020) is None


def test_repeating_an_action_changes_nothing_and_listing_says_who(store):
    dak_ha, ha_mon, _dak_cam = _places(store)
    assert service.act(store, ha_mon, Y2020, "submit").batch is not None
    again = service.act(store, ha_mon, Y2020, "submit")
    assert again.batch is None and again.state["state"] == "submitted"
    service.act(store, dak_ha, parse("2020-Q1"), "lock")
    rows = service.listing(store, 2020)
    assert [(r["period"], r["unit"], r["state"], r["by"]) for r in rows] == [
        ("2020-Q1", "Đăk Hà", "locked", store.user), ("2020", "Hà Mòn", "submitted", store.user)]
    assert service.listing(store, 2021) == []
    view = {e["unit"].name: e for e in service.overview(store, parse("2020-M02"), [dak_ha, ha_mon])}
    assert view["Hà Mòn"]["state"] == "locked" and view["Hà Mòn"]["lock"].unit == "Đăk Hà"


def test_a_lock_counts_the_changes_made_here_no_package_sent_holds(store):
    dak_ha, ha_mon, dak_cam = _places(store)
    assessments.set_official(store, ha_mon, Y2020, 1, True)
    assessments.set_indicator_value(store, ha_mon, parse("2020-Q2"), "2.1", "80")
    assessments.set_official(store, dak_cam, Y2020, 1, True)  # another district
    assessments.set_official(store, ha_mon, Period(2021, "Y"), 1, True)  # another year
    assert service.act(store, dak_ha, Y2020, "lock").unsent == 2
    assert service.unsent(store, dak_ha, parse("2020-Q2")) == 1


def test_a_filled_template_for_a_locked_period_writes_nothing(store, tmp_path):
    dak_ha, ha_mon, _dak_cam = _places(store)
    out = templates.export_template(store, [ha_mon], parse("2020-Q2"), tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Hà Mòn"]
    row = next(r for r in range(templates.FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "3.1")
    ws.cell(row, 5, 82.5)
    wb.save(out)
    service.act(store, dak_ha, Y2020, "lock")  # the year: its quarters too
    preview = templates.read_template(store, out)
    before = dump(store)
    with pytest.raises(InputRejected) as refused:
        templates.apply_template(store, preview)
    assert refused.value.key == "cycle.template_locked" and "Hà Mòn" in str(refused.value)
    assert dump(store) == before
