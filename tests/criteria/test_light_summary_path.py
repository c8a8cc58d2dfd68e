"""Issue 22: what ``ntm summary`` reads of a criteria set without the model. ``sets.outline`` gives
the id, code, criterion numbers and bands ``get_set`` gives, refuses what it refuses, and loads
neither model.py nor the engine; ``shape.Band`` and ``shape.Shape``, plain classes now, keep
the frozen dataclasses' semantics (equality, hash, repr, no assignment, copy and pickle)."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from ntm_desktop import criteria
from ntm_desktop.criteria import sets
from ntm_desktop.criteria.shape import Band, Shape, make_shape, shape_of
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.sqlite_errors import StoredDamage

ROOT = Path(__file__).resolve().parents[2]


def test_outline_is_what_get_set_gives(store):
    for code in criteria.codes(store):
        outline = sets.outline(store, code)  # from the tables: get_set has not cached the set yet
        full = criteria.get_set(store, code)
        expected = (full.id, full.code, tuple(c.number for c in full.criteria), full.bands)
        assert tuple(outline) == expected and tuple(sets.outline(store, code)) == expected  # then from the cache
        assert make_shape(len(outline.numbers), outline.bands) == shape_of(full)
    assert len(criteria.codes(store)) >= 3


def test_outline_refuses_an_unknown_set_and_damaged_rules_or_bands(store):
    with pytest.raises(InputRejected):
        sets.outline(store, "NO-SUCH-SET")
    code = criteria.codes(store)[0]
    for column, value in (("rules", "[1]"), ("bands", '[{"min": 1, "label": "x", "label_en": "x"}]')):
        with store.transaction():
            store.db.execute(f"UPDATE criteria_sets SET {column} = ? WHERE code = ?", [value, code])
        with pytest.raises(StoredDamage):
            sets.outline(store, code)
        with pytest.raises(StoredDamage):
            criteria.get_set(store, code)
        with store.transaction():
            store.db.execute(f"UPDATE criteria_sets SET {column} = NULL WHERE code = ?", [code])


def test_outline_loads_neither_the_model_nor_the_engine(store, db_path):
    probe = ("import sys; from ntm_desktop.store.database import open_store; from ntm_desktop.criteria import sets\n"
             f"s = open_store({str(db_path)!r}, create=False); o = sets.outline(s, 'QG-2021-2025'); s.close()\n"
             "print(len(o.numbers), sorted(m for m in sys.modules if m in ('ntm_desktop.criteria.model', "
             "'ntm_desktop.engine', 'decimal')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.split() == ["19", "[]"], result.stderr


def test_band_and_shape_keep_the_frozen_dataclass_semantics():
    band = Band("15-18", 15, 18, "Đạt từ 15 đến 18 tiêu chí", "15-18 criteria met")
    same = Band("15-18", 15, 18, "Đạt từ 15 đến 18 tiêu chí", "15-18 criteria met")
    assert band == same and hash(band) == hash(same) and band != Band("15-18", 15, 17, "x", "y")
    assert band != ("15-18", 15, 18, "Đạt từ 15 đến 18 tiêu chí", "15-18 criteria met")
    assert repr(band) == ("Band(key='15-18', min=15, max=18, label='Đạt từ 15 đến 18 tiêu chí', "
                          "label_en='15-18 criteria met')")
    with pytest.raises(AttributeError):
        band.min = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del band.key
    with pytest.raises(AttributeError):
        band.other = 1  # type: ignore[attr-defined]
    shape = make_shape(19)
    assert shape == make_shape(19) and hash(shape) == hash(make_shape(19)) and shape != make_shape(10)
    assert {shape: 1}[make_shape(19)] == 1
    assert pickle.loads(pickle.dumps(shape)) == shape and copy.deepcopy(shape) == shape
    assert shape.bands[1] == band and shape.keys == ("19", "15-18", "10-14", "5-9", "<5")
    assert Shape(10, "10", shape.bands[:1]).classic is False and shape.classic
    assert Band(key="1", min=1, max=1, label="a", label_en="b").holds(1)
