"""Issue 22: the faster ``summary()`` (bytes of masks, a per-character sort key, no row dicts, a
light criteria-set outline and targets reader) and the faster ``--json`` writer give exactly the
JSON the previous implementation gave. ``_reference`` below is that implementation, kept here
as the oracle (the row-dict scope, a Python pass per district and criterion, Decimal rounding,
the targets through the records' states); both run on one database of both eras with random
statuses (official, computed, none; years and quarters), targets of the province and of a
district, before and after the kept masks are folded."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from ntm_desktop import criteria, targets, text, units
from ntm_desktop import summary as summary_module
from ntm_desktop.cli import jsonout
from ntm_desktop.criteria.shape import make_shape, shape_of
from ntm_desktop.periods import Period
from ntm_desktop.periods import parse as period
from ntm_desktop.store.database import open_store
from ntm_desktop.summary import communes_in_scope, met_masks, summary
from ntm_desktop.targets import records
from ntm_desktop.units.communes import add_commune
from tests.cli.test_cli import ntm


def _reference_shares(store, year, scope_unit_id, per_criterion):
    where, params = "r.kind = 'communes' AND r.year = ?", [year]
    scope = store.query("SELECT level FROM units WHERE id = ?", [scope_unit_id]) if scope_unit_id else []
    if scope_unit_id is None or (scope and scope[0]["level"] == "province"):
        where += " AND r.unit_id IS NULL"
    else:
        where += " AND r.unit_id = ?"
        params.append(scope_unit_id)
    states = {int(s["criterion"]): s for s in records.live(store, where, params)}
    out = {}
    for number, state in sorted(states.items()):
        met = int(per_criterion.get(str(number), 0))
        target = state["communes"]
        share = None if not target else float(
            (Decimal(met) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        out[str(number)] = {"communes": target, "met": met, "percent": share}
    return out


def _figures(numbers, shape, communes, masks, sort_key=None):
    wanted = sum(1 << n for n in numbers)
    band = [shape.band_key(count) for count in range(len(numbers) + 1)]
    got = [masks.get(c["id"], 0) & wanted for c in communes]
    counts = [bin(m).count("1") for m in got]
    per = {str(n): sum(1 for m in got if m >> n & 1) for n in numbers}
    by_count = {str(n): 0 for n in range(shape.count + 1)}
    bands = {key: 0 for key in shape.keys}
    for count, many in sorted(Counter(counts).items()):
        by_count[str(count)] += many
    for count, many in enumerate(by_count.values()):
        key = band[count] if count < len(band) else None
        if key is not None:
            bands[key] += many
    full_rows = [c for c, count in zip(communes, counts, strict=True) if count == len(numbers)]
    average = (float((Decimal(sum(counts)) / Decimal(len(communes))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
               if communes else 0.0)
    full: Any = len(full_rows)
    if sort_key is not None:
        full = [{"district": c["district"], "commune": c["name"], "code": c["code"]} for c in full_rows]
        full.sort(key=lambda r: (sort_key(r["district"]), sort_key(r["commune"])))
    return {"communes": len(communes), "per_criterion": per, "bands": bands, "average": average, "full": full,
            "by_count": by_count}


def _reference(store, year, district=None, set_code=None, period=None, *, unit=None, as_of=None):
    """``summary()`` as it was before issue 22's fifth session (row dicts, whole set model)."""
    cs = criteria.get_set(store, set_code or criteria.set_for_year(store, year))
    numbers = [c.number for c in cs.criteria]
    dist = units.resolve_district(store, district) if district else None
    communes = communes_in_scope(store, year, dist.id if dist else None, unit_id=unit.id if unit else None, on=as_of)
    masks = met_masks(store, year, cs.id, period)
    shape = shape_of(cs)
    result: dict[str, Any] = {"year": year, "criteria_set": cs.code, "criteria_count": shape.count}
    if period is not None and period.kind != "Y":
        result["period"] = period.code
    if dist:
        result["district"] = dist.name
    if unit is not None:
        result["unit"] = {"name": unit.name, "code": unit.code, "level": unit.level}
        if unit.level == "district":
            result["district"] = unit.name
    if as_of is not None:
        result["as_of"] = as_of
    figures = _figures(numbers, shape, communes, masks, text.sort_key)
    result.update(figures)
    if shape.classic:
        result["full_19"] = figures["full"]
    result["no_data"] = sum(1 for c in communes if c["id"] not in masks)
    by_district: dict[str, list] = defaultdict(list)
    for commune in communes:
        if commune["district"] is not None:
            by_district[commune["district"]].append(commune)
    result["by_district"] = {}
    for name in sorted(by_district, key=text.sort_key):
        part = _figures(numbers, shape, by_district[name], masks)
        result["by_district"][name] = {
            "communes": part["communes"], **({"full_19": part["full"]} if shape.classic else {}),
            "full": part["full"], "per_criterion": part["per_criterion"], "bands": part["bands"],
            "average": part["average"]}
    result["targets"] = _reference_shares(store, year, dist.id if dist else None, figures["per_criterion"])
    result["rule"] = "official-else-computed, latest period of the year"
    return result


def _statuses(store, rng, year, periods, share_met, skip=0.1):
    """Random statuses for every commune in scope that year (a share ``skip`` left without any):
    official, computed or neither, in random periods of the year; written as the generator of
    bench/ does."""
    cs = criteria.get_set(store, criteria.set_for_year(store, year))
    rows = []
    for commune in communes_in_scope(store, year):
        if rng.random() < skip:
            continue  # no data
        all_met = rng.random() < 0.25  # enough communes meeting every criterion to sort
        for crit in cs.criteria:
            for code in rng.sample(periods, rng.randint(1, len(periods))):
                met = 1 if all_met else int(rng.random() < share_met)
                official = met if all_met or rng.random() < 0.7 else (None if rng.random() < 0.5 else 1 - met)
                computed = met if official is None else rng.choice([None, 0, 1])
                if official is None and computed is None:
                    continue
                p = period(code)
                rows.append((f"u-{year}-{len(rows)}", commune["id"], code, year, p.ordinal, crit.id, official,
                             "imported", computed, "2026-01-01T00:00:00Z", f"0-{len(rows):06d}"))
    with store.transaction():
        store.db.conn.executemany(
            "INSERT OR IGNORE INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
            " source, computed, updated_at, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)


def _eras(db, skip):
    """Kon Tum of both eras (``ntm init``), random statuses for 2020, 2024 and 2026 (a share
    ``skip`` of the communes without any), targets."""
    assert ntm(db, "init", "--province", "Kon Tum").returncode == 0
    store = open_store(db)
    try:
        rng = random.Random(22)
        _statuses(store, rng, 2020, ["2020"], 0.8, skip)
        _statuses(store, rng, 2024, ["2024-Q1", "2024-Q2", "2024-Q3", "2024"], 0.7, skip)
        _statuses(store, rng, 2026, ["2026-H1", "2026"], 0.75, skip)
        district = units.resolve_district(store, "Đăk Hà")
        targets.set_counts(store, [targets.Count(2020, 1, 40), targets.Count(2020, 19, 7),
                                   targets.Count(2020, 3, 6, scope=district), targets.Count(2024, 2, 0),
                                   targets.Count(2026, 1, 30)])
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def eras_db(tmp_path_factory):
    """Kon Tum of both eras, a tenth of the communes without data each year."""
    return _eras(tmp_path_factory.mktemp("same") / "ntm.sqlite3", 0.1)


@pytest.fixture(scope="module")
def full_db(tmp_path_factory):
    """Kon Tum of both eras, every commune with data each year: the kept masks are every commune's
    in scope, in the units' order (the whole database's are then read as text, issue 22)."""
    return _eras(tmp_path_factory.mktemp("full") / "ntm.sqlite3", 0.0)


def _cases(store):
    kon_tum = units.resolve_any(store, "Kon Tum", "2020-12-31")
    dak_ha = units.resolve_any(store, "Đăk Hà", "2020-12-31")
    new_province = units.resolve_any(store, "Quảng Ngãi", "2026-12-31")
    commune = communes_in_scope(store, 2024)[3]
    return [
        dict(year=2020), dict(year=2020, district="Đăk Hà"), dict(year=2020, unit=kon_tum),
        dict(year=2020, unit=dak_ha), dict(year=2020, set_code="QG-2021-2025"),
        dict(year=2024), dict(year=2024, period=Period(2024, "Q", 2)), dict(year=2024, period=Period(2024, "Q", 3)),
        dict(year=2024, unit=units.get(store, commune["id"])), dict(year=2024, as_of="2024-06-30"),
        dict(year=2026), dict(year=2026, unit=new_province), dict(year=2026, period=Period(2026, "H", 1)),
        dict(year=2025, unit=kon_tum, as_of="2025-06-30"),
    ]


def test_summary_json_is_the_previous_implementations_byte_for_byte(eras_db):
    store = open_store(eras_db)
    try:
        cases = _cases(store)
        for marked in (False, True):
            dirty = store.db.conn.execute("SELECT count(*) FROM summary_dirty").fetchone()[0]
            assert (dirty > 0) == marked  # the fixture's close folded its statuses into the kept masks
            for case in cases:
                args = dict(case)
                year = args.pop("year")
                new, old = summary(store, year, **args), _reference(store, year, **args)
                assert jsonout.dumps(new) == json.dumps(old, ensure_ascii=False, indent=1), (case, marked)
            if not marked:  # statuses changed since the fold: their communes are marked, read from the statuses
                with store.transaction():
                    store.db.execute("UPDATE criterion_results SET official = 1 - coalesce(official, 0) WHERE id IN"
                                     " (SELECT id FROM criterion_results WHERE year = 2020 ORDER BY id LIMIT 15 * 19)"
                                     " OR id % 7 = 0 AND year = 2024")
        whole = summary(store, 2020)
        assert whole["communes"] > 50 and len(whole["full"]) >= 5 and whole["by_district"]
        assert whole["targets"]["1"]["communes"] == 40 and summary(store, 2026)["by_district"] == {}
        district = summary(store, 2020, "Đăk Hà")
        assert district["targets"]["3"]["communes"] == 6 and district["targets"]["3"]["met"] == district[
            "per_criterion"]["3"]
    finally:
        store.close()


def test_cli_json_is_the_same_as_json_dumps(eras_db):
    result = ntm(eras_db, "summary", "--year", "2024", "--period", "2024-Q2", "--json")
    assert result.returncode == 0, result.stderr
    store = open_store(eras_db)
    try:
        expected = _reference(store, 2024, period=Period(2024, "Q", 2))
    finally:
        store.close()
    assert result.stdout == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"


@pytest.fixture(scope="module")
def odd_db(eras_db, tmp_path_factory):
    """``eras_db`` with what a province's database may hold and Kon Tum's lists do not: a commune
    added to Đăk Hà after every other unit (its communes apart in the units' order), a commune of
    one of Đăk Hà's names added to Kon Plông, then Kon Plông renamed Đăk Hà behind the services'
    back (two districts of one name, as two provinces' would be), both new communes meeting
    every criterion in 2020 (ties of the full list) and one commune without a district."""
    return _odd(eras_db, tmp_path_factory.mktemp("odd") / "ntm.sqlite3")


@pytest.fixture(scope="module")
def full_odd_db(full_db, tmp_path_factory):
    """``full_db`` made odd as ``odd_db``: in 2020 every commune has data, its district's apart."""
    return _odd(full_db, tmp_path_factory.mktemp("full-odd") / "ntm.sqlite3")


def _copy(source_db, db):
    """A copy of the database ``source_db`` at ``db`` (SQLite's backup)."""
    source = sqlite3.connect(source_db)
    try:
        with sqlite3.connect(db) as copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()


def _odd(eras_db, db):
    """A copy of ``eras_db`` at ``db`` made odd (:func:`odd_db`)."""
    _copy(eras_db, db)
    store = open_store(db)
    try:
        twin = next(row["commune"] for row in summary(store, 2020)["full"] if row["district"] == "Đăk Hà")
        added = [add_commune(store, "Đăk Hà", "Xã Thêm Mới"), add_commune(store, "Kon Plông", twin)]
        cs = criteria.get_set(store, criteria.set_for_year(store, 2020))
        rows = [(f"odd-{unit.id}-{crit.id}", unit.id, "2020", 2020, period("2020").ordinal, crit.id, 1, "imported",
                 1, "2026-01-01T00:00:00Z", f"1-{unit.id:04d}{crit.id:04d}") for unit in added for crit in cs.criteria]
        with store.transaction():
            store.db.conn.executemany(
                "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
                " source, computed, updated_at, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            store.db.execute("UPDATE units SET name = 'Đăk Hà' WHERE level = 'district' AND name = 'Kon Plông'")
            store.db.execute("UPDATE units SET parent_id = NULL WHERE id = (SELECT min(id) FROM units WHERE"
                             " level = 'commune' AND parent_id IN (SELECT id FROM units WHERE name = 'Sa Thầy'))")
    finally:
        store.close()
    return db


def test_districts_apart_or_of_one_name_give_the_previous_json(odd_db):
    """``summary`` counts a district's communes as one stretch, brought together when they are apart,
    and districts of one name together (as the previous implementation did); the full list's ties
    keep the units' order."""
    store = open_store(odd_db)
    try:
        kon_tum = units.resolve_any(store, "Kon Tum", "2020-12-31")
        for args in (dict(year=2020), dict(year=2020, unit=kon_tum), dict(year=2024),
                     dict(year=2020, as_of="2020-06-30")):
            year = args.pop("year")
            new, old = summary(store, year, **args), _reference(store, year, **args)
            assert jsonout.dumps(new) == json.dumps(old, ensure_ascii=False, indent=1), args
        whole = summary(store, 2020)
        twins = [row for row in whole["full"] if row["district"] == "Đăk Hà"]
        names = [row["commune"] for row in twins]
        assert "Thêm Mới" in names and len(names) > len(set(names))  # a tie, in the units' order
        both = [c for c in communes_in_scope(store, 2020) if c["district"] == "Đăk Hà"]
        assert len({c["district_id"] for c in both}) == 2 and "Kon Plông" not in whole["by_district"]
        assert whole["by_district"]["Đăk Hà"]["communes"] == len(both)  # both districts' communes
        assert whole["communes"] == sum(d["communes"] for d in whole["by_district"].values()) + 1  # one without
    finally:
        store.close()


def _refused(*_args, **_kwargs):
    raise AssertionError("read another way than the test expects")


@pytest.mark.parametrize("which", ["full_db", "full_odd_db"])
def test_kept_masks_read_as_text_give_the_previous_json(which, request, monkeypatch):
    """Issue 22: where every commune in scope has a kept mask, in the scope's order, the whole database's
    masks are read as one text and taken as they come (brought together by district where they are
    apart), else as before; the JSON is the previous implementation's, byte for byte."""
    store = open_store(request.getfixturevalue(which))
    try:
        odd = which == "full_odd_db"  # its two communes added for 2020 have no data in 2024 and 2026
        for year, set_code, in_order in ((2020, None, True), (2024, None, not odd), (2026, None, not odd),
                                         (2020, "QG-2021-2025", False)):  # another set's masks are not kept
            old = _reference(store, year, set_code=set_code)
            with monkeypatch.context() as patched:
                if in_order:  # the text alone: neither met_masks nor a commune looked up
                    patched.setattr(summary_module, "met_masks", _refused)
                    patched.setattr(summary_module._Counter, "masks_of", _refused)
                new = summary(store, year, set_code=set_code)
            assert jsonout.dumps(new) == json.dumps(old, ensure_ascii=False, indent=1), (which, year, set_code)
            assert (new["no_data"] == 0) == in_order
        for args in (dict(as_of="2020-06-30"), dict(period=Period(2024, "Q", 3))):  # as before, on their own
            year = int(args["as_of"][:4]) if "as_of" in args else args["period"].year
            old, new = _reference(store, year, **args), summary(store, year, **args)
            assert jsonout.dumps(new) == json.dumps(old, ensure_ascii=False, indent=1), (which, args)
    finally:
        store.close()


def test_a_parent_that_is_no_integer_and_a_set_too_large_for_masks(full_db, tmp_path):
    """A damaged file: a commune's parent stored as text (holding a comma or not) or as a real number is
    read a row a commune (the same JSON as before); a set whose criterion number has no bit in a mask is
    refused, kept masks or not."""
    db = tmp_path / "odd.sqlite3"
    _copy(full_db, db)
    store = open_store(db)
    try:
        damaged = [commune["id"] for commune in communes_in_scope(store, 2020)[-3:]]
        for commune, parent in zip(damaged, ("'7,8'", "'x'", "parent_id + 0.5"), strict=True):
            with sqlite3.connect(db) as conn:  # behind the program's back (no foreign keys): damage
                conn.execute(f"UPDATE units SET parent_id = {parent} WHERE id = ?", [commune])
            conn.close()
            old, new = _reference(store, 2020), summary(store, 2020)
            assert jsonout.dumps(new) == json.dumps(old, ensure_ascii=False, indent=1), parent
            assert new["communes"] == len(communes_in_scope(store, 2020)) > 50
        kinds = [row[0] for row in store.db.execute("SELECT typeof(parent_id) FROM units WHERE level = 'commune'")]
        assert kinds.count("text") == 2 and kinds.count("real") == 1
        with sqlite3.connect(db) as conn:  # a kept commune id turned text: no mask of that commune, as before
            conn.execute("UPDATE summary_masks SET commune_id = 'x' || commune_id WHERE year = 2020 AND commune_id ="
                         " (SELECT max(commune_id) FROM summary_masks WHERE year = 2020)")
        conn.close()
        old, new = _reference(store, 2020), summary(store, 2020)
        assert jsonout.dumps(new) == json.dumps(old, ensure_ascii=False, indent=1) and new["no_data"] == 1
        with sqlite3.connect(db) as conn:  # a kept mask turned text that int() would read: read as before
            conn.execute("UPDATE summary_masks SET mask = '1_0' WHERE year = 2020 AND commune_id = ?", [damaged[0]])
        conn.close()
        with pytest.raises(TypeError):  # as before: the masks as they are, none a number
            _reference(store, 2020)
        with pytest.raises(TypeError):
            summary(store, 2020)
        set_id = store.db.execute("SELECT id FROM criteria_sets WHERE code = ?", [new["criteria_set"]]).fetchone()[0]
        with store.transaction():
            store.db.execute("INSERT INTO criteria (set_id, number, name, group_code, group_name)"
                             " VALUES (?, 63, 'Quá nhiều', 'X', 'X')", [set_id])
        for kept in (False, True):
            if kept:  # as if the masks were kept and clean (no writer leaves this: fold drops such a set)
                store.db.execute("INSERT OR IGNORE INTO summary_built (year, set_id) VALUES (2020, ?)", [set_id])
                store.db.execute("DELETE FROM summary_dirty")
            with pytest.raises(ValueError, match="63"):
                summary(store, 2020)
    finally:
        store.close()


def test_counts_of_long_and_short_stretches_are_the_plain_counts():
    """The counts ``summary`` takes from byte columns (the bits of a column read as one number for long
    stretches and the whole, a byte count for short ones) are the plain counts of the masks' bits."""
    rng = random.Random(7)
    numbers = list(range(1, 20))
    counter = summary_module._Counter(numbers, make_shape(len(numbers)))
    masks = [rng.getrandbits(22) for _ in range(3000)]
    wanted = [mask & counter.wanted for mask in masks]
    columns = counter.columns(wanted)
    assert counter.figures(columns)["per_criterion"] == {str(n): sum(m >> n & 1 for m in wanted) for n in numbers}
    assert list(columns[1]) == [bin(m).count("1") for m in wanted]
    for bounds in ([0, 3000], [0, 1000, 1001, 2500, 3000], list(range(0, 3001, 10))):  # long, long, short
        parts = counter.stretches(columns, bounds)
        assert len(parts) == len(bounds) - 1
        for start, end, part in zip(bounds, bounds[1:], parts, strict=False):
            stretch = wanted[start:end]
            assert part[0] == end - start and part[3] == sum(bin(m).count("1") for m in stretch)
            assert part[1] == tuple(sum(m >> n & 1 for m in stretch) for n in numbers)
            assert part[4] == sum(1 for m in stretch if m == counter.wanted)
