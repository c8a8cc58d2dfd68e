"""Issue 22: a unit made from a plain row of its columns (``Unit.from_values``, the table import's
bulk path) is the unit ``Unit.from_row`` makes of the whole row; and the frozen record's field
setting (``periods.Record._init``) keeps the dataclass's semantics."""

import pytest

from ntm_desktop import periods
from ntm_desktop.units import records
from ntm_desktop.units.records import Unit


def test_the_columns_are_the_record_fields_in_order():
    assert records.columns() == ", ".join(Unit.__slots__)
    assert records.columns("u") == ", ".join(f"u.{name}" for name in Unit.__slots__)


def test_from_values_equals_from_row_for_every_stored_unit(store):
    # each flag both ways over the units: both paths make booleans of them alike
    ids = [r[0] for r in store.query("SELECT id FROM units ORDER BY id")]
    for n, unit_id in enumerate(ids):
        flag = n % 2
        store.db.conn.execute("UPDATE units SET dbkk = ?, border = ?, demo = ?, valid_to = ? WHERE id = ?",
                              [flag, 1 - flag, n // 2 % 2, "2025-06-30" if n % 3 else None, unit_id])
    whole = {row["id"]: Unit.from_row(row) for row in store.query("SELECT * FROM units")}
    plain = {values[0]: Unit.from_values(values)
             for values in store.db.conn.execute(f"SELECT {records.columns()}, name_key FROM units")}
    assert len(whole) == len(ids) > 90
    assert plain == whole
    for unit_id, unit in plain.items():  # the same fields, of the same types (a flag is a bool, not 1)
        assert repr(unit) == repr(whole[unit_id]) and hash(unit) == hash(whole[unit_id])
        assert all(type(getattr(unit, f)) is type(getattr(whole[unit_id], f)) for f in Unit.__slots__)
    assert {type(u.dbkk) for u in plain.values()} == {bool}
    assert {u.dbkk for u in plain.values()} == {True, False} and {u.border for u in plain.values()} == {True, False}


def test_record_fields_are_set_once_in_order_and_counted():
    unit = Unit(7, "u", "n", "commune", "xã", "Hà Mòn", None, 2, None, True, None, False, True, "2020-01-01")
    assert (unit.id, unit.name, unit.dbkk, unit.demo, unit.valid_from, unit.valid_to) == (
        7, "Hà Mòn", True, True, "2020-01-01", None)
    assert unit == Unit.from_values((7, "u", "n", "commune", "xã", "Hà Mòn", None, 2, None, 1, None, 0, 1,
                                     "2020-01-01", None))
    band = periods.Period(2024, "H", 2)
    assert (band.year, band.kind, band.n) == (2024, "H", 2)
    with pytest.raises(ValueError):  # as zip(strict=True) refused it
        band._init(2024, "H")
    with pytest.raises(AttributeError):
        band.n = 1  # type: ignore[misc]
