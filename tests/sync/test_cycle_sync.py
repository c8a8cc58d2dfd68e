"""Locks travel in sync packages (issue 18 part 3, CONTRACT §9): what a district locked stays locked
at the province, which then refuses edits; values are compared with the lock's clock stamp: one
stamped before the lock is accepted whatever the order of arrival, one stamped after it is kept
as a conflict for review while the rest of the package imports. Two real databases, real zips."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from ntm_desktop import units
from ntm_desktop.cycle import locks, service
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.sync import merge
from ntm_desktop.sync.merge import conflicts
from ntm_desktop.sync.package import export
from tests.sync.test_support import content, make_store, send, set_official, set_value, value_of

Y2020 = Period(2020, "Y")


@pytest.fixture
def three(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    made = []
    for name in ("district", "province", "laptop"):
        (tmp_path / name).mkdir()
        made.append(make_store(tmp_path / name / "ntm.sqlite3", f"Máy {name}"))
    (tmp_path / "usb").mkdir()
    yield made
    for store in made:
        try:
            store.close()
        except sqlite3.ProgrammingError:
            pass


def _lock(store, district="Đăk Hà", period=Y2020, action="lock", reason=None):
    return service.act(store, units.resolve_district(store, district), period, action, reason=reason)


def test_a_district_lock_reaches_the_province_which_refuses_edits(three, tmp_path):
    district, province, _laptop = three
    usb = tmp_path / "usb"
    set_official(district, "Đăk Hà", "Hà Mòn", 1, True)
    _lock(district)
    made, report = send(district, province, usb)
    assert report.exit_code == 0
    with zipfile.ZipFile(made.path) as package:
        text = package.read("records/period_states.csv").decode("utf-8")
    assert "period_state|district:" in text and ",2020,locked," in text
    with pytest.raises(InputRejected) as refused:
        set_official(province, "Đăk Hà", "Hà Mòn", 1, False)
    assert refused.value.key == "cycle.locked" and "Khóa trên: Đăk Hà, Năm 2020" in refused.value.details
    assert set_official(province, "Đăk Glei", "Đăk Long", 1, True) is not None  # another district
    # an unlock with its reason travels too, and the province may edit again
    _lock(district, action="unlock", reason="Sửa theo kết luận đoàn kiểm tra")
    _, report = send(district, province, usb)
    assert report.exit_code == 0
    ha_mon = units.resolve_commune(province, "Hà Mòn", "Đăk Hà")
    assert locks.lock_over(province, ha_mon.id, Y2020) is None
    assert [(r["unit"], r["state"], r["reason"]) for r in service.listing(province, 2020)] == [
        ("Đăk Hà", "open", "Sửa theo kết luận đoàn kiểm tra")]
    assert set_official(province, "Đăk Hà", "Hà Mòn", 1, False) is not None


def test_a_value_stamped_before_the_lock_is_accepted_in_either_order(three, tmp_path):
    district, province, laptop = three
    usb = tmp_path / "usb"
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "85")  # entered on the laptop, not yet sent
    values = export.export_package(laptop, usb)
    _lock(district)  # the district locks afterwards: the value's stamp is older than the lock's
    lock = export.export_package(district, usb)
    for first, then in ((province, (lock, values)), (laptop, (lock,)), (district, (values,))):
        for made in then:
            assert merge.import_package(first, made.path).exit_code == 0
    held = [content(s)["values"] for s in (district, province, laptop)]
    assert held[0] == held[1] == held[2] and [v[4] for v in held[0]] == ["85"]
    ha_mon = [units.resolve_commune(s, "Hà Mòn", "Đăk Hà") for s in three]
    assert all(locks.lock_over(s, c.id, Y2020) is not None for s, c in zip(three, ha_mon, strict=True))


def test_a_value_stamped_after_the_lock_is_kept_as_a_conflict(three, tmp_path):
    district, province, laptop = three
    usb = tmp_path / "usb"
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "85")
    send(laptop, district, usb)  # the district holds 85, then locks the year
    _lock(district)
    send(district, province, usb)
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "40")  # after the lock: the laptop had not seen it
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.2", "1")  # a new value after the lock, nothing held
    set_value(laptop, "Đăk Glei", "Đăk Long", "2.1", "70")  # another district: not locked
    _, report = send(laptop, province, usb)
    assert report.exit_code == 4  # imported, conflicts kept for review
    assert value_of(province, "Đăk Hà", "Hà Mòn", "2.1") == "85"
    assert value_of(province, "Đăk Hà", "Hà Mòn", "2.2") is None
    assert value_of(province, "Đăk Glei", "Đăk Long", "2.1") == "70"  # the rest of the package imports
    kept = {c.nkey.rsplit("|", 1)[1]: c for c in conflicts.list_conflicts(province)}
    assert set(kept) == {"2.1", "2.2"}
    assert (kept["2.1"].current.state["value"], kept["2.1"].other.state["value"]) == ("85", "40")
    assert kept["2.2"].current.state is None and kept["2.2"].other.state["value"] == "1"
    # choosing the laptop's value is refused while the period stays locked
    with pytest.raises(InputRejected):
        conflicts.resolve(province, kept["2.1"].id, "other")


def test_a_province_lock_travels_down_in_a_district_package(three, tmp_path):
    _district, province, laptop = three
    service.act(province, service.roots(province, Y2020)[0], Period(2020, "Q", 1), "lock")
    made = export.export_package(province, tmp_path / "usb", district="Đăk Hà")
    assert merge.import_package(laptop, made.path).exit_code == 0
    with pytest.raises(InputRejected) as refused:
        set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "85", period="2020-M02")
    assert refused.value.details == ["Khóa trên: Kon Tum, Quý I/2020"]
    assert set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "85", period="2020-M04") is not None


def test_values_stamped_after_a_lock_end_the_same_whichever_arrives_first(three, tmp_path):
    district, province, laptop = three
    (tmp_path / "office").mkdir()
    office = make_store(tmp_path / "office" / "ntm.sqlite3", "Máy office")
    usb = tmp_path / "usb"
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "85")
    first = export.export_package(laptop, usb)
    for store in (district, province, office):
        assert merge.import_package(store, first.path).exit_code == 0
    _lock(district)
    lock = export.export_package(district, usb)
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "40")  # after the lock, which the laptop has not seen
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.2", "1")
    set_official(laptop, "Đăk Hà", "Hà Mòn", 3, True)
    set_value(laptop, "Đăk Glei", "Đăk Long", "2.1", "70")  # not under the lock
    later = export.export_package(laptop, usb)
    assert merge.import_package(province, lock.path).exit_code == 0  # the lock first
    assert merge.import_package(province, later.path).exit_code == 4
    assert merge.import_package(office, later.path).exit_code == 0  # the values first: stored …
    assert value_of(office, "Đăk Hà", "Hà Mòn", "2.1") == "40"
    report = merge.import_package(office, lock.path)  # … until the lock arrives
    assert report.exit_code == 4 and len(report.conflicts) == 3
    ours, theirs = content(province), content(office)
    assert ours["values"] == theirs["values"] and ours["open_conflicts"] == theirs["open_conflicts"]
    assert [r for r in ours["results"] if r[5] is not None or r[4] is not None] == \
        [r for r in theirs["results"] if r[5] is not None or r[4] is not None]
    for store in (province, office):
        assert value_of(store, "Đăk Hà", "Hà Mòn", "2.1") == "85"
        assert value_of(store, "Đăk Hà", "Hà Mòn", "2.2") is None
        assert value_of(store, "Đăk Glei", "Đăk Long", "2.1") == "70"
        kept = sorted((c.entity, c.nkey.rsplit("|", 1)[1], c.other.state and c.other.state.get("value"))
                      for c in conflicts.list_conflicts(store))
        assert kept == [("criterion_result", "3", None), ("indicator_value", "2.1", "40"),
                        ("indicator_value", "2.2", "1")]
    office.close()
