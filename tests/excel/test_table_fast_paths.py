"""Issue 22: the table import's fast paths give what their general paths give. A column's
encoding decided from its distinct texts and their counts (``detect_counted``) is the majority
of each cell's own verdict; a Unicode column is passed over by that vote; the communes matched
by the resolver (ids and keys read as plain rows, a district's records made together) are the
units ``units.get`` and ``units.resolve_commune`` give, with and without districts."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from itertools import zip_longest

import pytest

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import legacy_encoding as legacy_text
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.excel.legacy_encoding import detection
from ntm_desktop.excel.table_matching import Resolver
from ntm_desktop.excel.table_preview import _convert_legacy_columns
from ntm_desktop.store import audit
from tests.excel.test_table_import import HEADER, marks, write_table
from tests.units.test_eras import loaded

NAMES = ["Hà Mòn", "Ngọk Réo", "Đăk Hà", "Tu Mơ Rông", "Chư", "Chử", "Hoà", "Hồ", "Ia Chim", "Sa Thầy", "Kon Braih",
         "Đắk Tô", "Ngọc Hồi", "Măng Đen"]
# texts a column may hold beside names: ASCII, Latin-1 words, unit symbols, a foreign letter, the
# Kelvin sign (NFC makes it ASCII), decomposed text, a legacy symbol glued to letters
OTHERS = ["Ghi chú", "café", "25°C", "10 µg/m³", "Müller", "\u212a", "Thôn 3", "§iÖn", "×", "", None, "x"]


def _cell_majority(cells):
    """The column's encoding as each cell's own verdict votes (the rule ``detect_column`` documents)."""
    votes: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for cell in cells:
        if cell and not cell.isascii():
            verdict = detection.judge(cell)
            (weak if verdict.ambiguous else votes)[verdict.encoding] += 1
    ranked = (votes or weak).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return legacy_text.UNICODE
    return ranked[0][0]


def _random_column(rng):
    pool = []
    for name in rng.sample(NAMES, rng.randint(1, len(NAMES))):
        form = rng.choice(["unicode", "nfd", "tcvn3", "vni", "tcvn3", "vni"])
        if form in ("tcvn3", "vni"):
            pool.append(legacy_text.encode_legacy(name, form))
        else:
            pool.append(unicodedata.normalize("NFD", name) if form == "nfd" else name)
    pool += rng.sample(OTHERS, rng.randint(0, 4))
    return [rng.choice(pool) for _ in range(rng.randint(1, 40))]


def test_a_column_decided_by_its_distinct_texts_is_the_majority_of_its_cells():
    rng = random.Random(22)
    seen = Counter()
    for _ in range(600):
        column = _random_column(rng)
        expected = _cell_majority(column)
        assert legacy_text.detect_column(column) == expected, column
        assert legacy_text.detect_counted(Counter(column)) == expected, column
        seen[expected] += 1
    assert {"unicode", "tcvn3", "vni", "unknown"} <= set(seen)  # every outcome met


def test_columns_converted_as_each_cell_column_by_column(tmp_path):
    """The data rows' conversion (a Unicode column passed over by the vote of its distinct texts)
    gives what judging every cell of every column gives, also with a cell that cannot be hashed."""
    rng = random.Random(7)
    converted = 0
    for trial in range(40):
        width = rng.randint(2, 6)
        columns = [_random_column(rng) for _ in range(width)]
        if trial % 5 == 0:
            columns[0][0] = ["not", "a", "key"]  # openpyxl never gives one; the reader still copes
        rows = [("Tiêu đề",), tuple(f"H{c}" for c in range(width)), *zip_longest(*columns)]
        original = list(rows)
        done = _convert_legacy_columns(rows, 1)  # in place
        expected = []
        for c, column in enumerate(zip(*original[2:], strict=True)):
            texts = [(i, v) for i, v in enumerate(column, start=2) if isinstance(v, str) and not v.isascii()]
            encoding = _cell_majority([v for _, v in texts])
            if encoding in legacy_text.LEGACY_ENCODINGS:
                for (i, before), (_, after) in zip(texts, legacy_text.convert_cells([v for _, v in texts], encoding),
                                                   strict=True):
                    if after != before:
                        expected.append((c, i, encoding, before, after))
        got = [(ord(d.cell[0]) - 65, int(d.cell[1:]) - 1, d.encoding, d.before, d.after) for d in done]
        assert sorted(got) == sorted(expected)
        for c, i, _encoding, _before, after in expected:
            assert rows[i][c] == after
        converted += len(expected)
    assert converted > 50


def test_every_commune_the_resolver_makes_is_the_stored_unit(store, tmp_path):
    resolver = Resolver(store, "2020-12-31")
    for row in store.query("SELECT id FROM units WHERE level = 'district'"):
        resolver._load(row["id"])
    ids = [r["id"] for r in store.query("SELECT id FROM units WHERE level = 'commune'")]
    assert len(ids) == 85 and sorted({u.id for u in resolver.communes.values() if u}) == sorted(ids)
    for unit_id in ids:  # each found by its name's key in its district (the Kon Tum names are unique there)
        stored = units.get(store, unit_id)
        made = resolver.communes[(stored.parent_id, text.match_key(stored.name))]
        assert made == stored and repr(made) == repr(stored)
    # a table over every district: each row's unit is the one resolve_commune finds by name
    rows = [["Kết quả"], [], HEADER]
    communes = store.query("SELECT c.name, d.name AS district FROM units c JOIN units d ON d.id = c.parent_id"
                           " WHERE c.level = 'commune' ORDER BY c.name_key")
    for n, row in enumerate(communes, start=1):
        rows.append([n, row["district"], row["name"], *marks({1, n % 19 + 1})])
    preview = legacy_table.read_table(store, write_table(tmp_path / "all.xlsx", rows), 2020)
    assert preview.matched == len(preview.rows) == 85 and legacy_table.check(preview) == []
    for table_row, row in zip(preview.rows, communes, strict=True):
        assert table_row.unit == units.resolve_commune(store, row["name"], row["district"])


def test_communes_in_force_without_districts_are_those_resolve_commune_finds(tmp_path):
    st = loaded(tmp_path / "kt.sqlite3", "Kon Tum")
    try:
        province = units.by_nkey(st, "province:51@2025-07-01")
        with st.transaction():
            units.upsert_unit(st, audit.new_batch("entered", "a second Ia Chim"), level="commune", name="Ia Chim",
                              parent=province, code="99999")
        resolver = Resolver(st, "2026-12-31")
        general: dict[str, list[units.Unit]] = {}
        for row in st.query("SELECT u.*, a.alias_key AS alias_key FROM units u LEFT JOIN unit_aliases a"
                            " ON a.unit_id = u.id WHERE u.level = 'commune' AND (u.valid_from IS NULL OR"
                            " u.valid_from <= ?1) AND (u.valid_to IS NULL OR u.valid_to >= ?1)", ["2026-12-31"]):
            unit = units.Unit.from_row(row)
            for key in {row["name_key"], row["alias_key"]} - {None}:
                bucket = general.setdefault(key, [])
                if unit not in bucket:
                    bucket.append(unit)
        assert resolver.in_force() == general and len(general) > 30
        names = sorted({u.name for bucket in general.values() for u in bucket} - {"Ia Chim"})
        header = ["STT", "Tên xã", *[f"TC{n}" for n in range(1, 11)]]
        table = [["Bảng 2026"], header, *([n, name, *(["x"] * 10)] for n, name in enumerate(names, start=1)),
                 [99, "Ia Chim", *(["x"] * 10)], [100, "Nơi Không Có", *(["x"] * 10)]]
        preview = legacy_table.read_table(st, write_table(tmp_path / "2026.xlsx", table), 2026)
        assert [r.unit for r in preview.rows[:-2]] == [
            units.resolve_commune(st, name, on="2026-12-31") for name in names]
        assert preview.rows[-2].unit is None and preview.rows[-1].unit is None
        assert [p.key for p in preview.errors] == ["table.ambiguous_commune"]
    finally:
        st.close()


def test_aliases_and_a_name_two_communes_hold_are_matched_as_resolve_commune_matches(store, tmp_path):
    """A district with an alias and a name two of its communes hold: its keys are worked out the
    general way (the usual district, no alias and every name its own, takes a shorter way)."""
    district = units.resolve_district(store, "Đăk Hà")
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    with store.transaction():
        batch = audit.new_batch("entered", "an alias and a second Ngọk Réo")
        units.upsert_unit(store, batch, level="commune", name="Hà Mòn", parent=district, code=ha_mon.code,
                          aliases=["Hà Mòn Cũ", "Ha Mon"])
        second = units.upsert_unit(store, batch, level="commune", name="Ngọk Réo", parent=district, code="99998")
    resolver = Resolver(store, "2020-12-31")
    resolver._load(district.id)
    mine = {key: unit for key, unit in resolver.communes.items() if key[0] == district.id}
    assert mine[(district.id, text.match_key("Hà Mòn Cũ"))] == mine[(district.id, "hà mòn")] == units.get(
        store, ha_mon.id)
    assert (district.id, "ngọk réo") not in mine and second.id not in {u.id for u in mine.values()}
    others = store.query("SELECT id, name_key FROM units WHERE parent_id = ? AND level = 'commune'"
                         " AND name_key != 'ngọk réo'", [district.id])
    assert len(others) > 5 and all(mine[(district.id, r["name_key"])] == units.get(store, r["id"]) for r in others)
    rows = [["Kết quả"], [], HEADER, [1, "Đăk Hà", "Hà Mòn Cũ", *marks({1})], [2, "Đăk Hà", "Ngọk Réo", *marks({2})],
            [3, "Đăk Hà", "Xã Hà Mòn", *marks({3})], [4, "Đăk Glei", "Đăk Long", *marks({4})]]
    preview = legacy_table.read_table(store, write_table(tmp_path / "aliases.xlsx", rows), 2020)
    assert [r.unit and r.unit.id for r in preview.rows] == [ha_mon.id, None, ha_mon.id,
                                                            units.resolve_commune(store, "Đăk Long", "Đăk Glei").id]
    with pytest.raises(InputRejected):  # what the row says: two communes hold the name
        units.resolve_commune(store, "Ngọk Réo", "Đăk Hà")
    assert [p.key for p in preview.errors] == ["table.duplicate"]
    # districts without aliases (the Kon Tum ones all have some): names each its own, and a name two hold
    province = units.get(store, district.parent_id)
    made = {}
    with store.transaction():
        batch = audit.new_batch("entered", "two new districts")
        for code, names in (("D01", ["Một", "Hai", "Ba"]), ("D02", ["Một", "Hai", "Ba", "Hai"])):
            made[code] = units.upsert_unit(store, batch, level="district", name=f"Mới {code}", parent=province,
                                           code=code)
            for n, name in enumerate(names):
                units.upsert_unit(store, batch, level="commune", name=name, parent=made[code], code=f"{code}{n}")
    for code, held in (("D01", {"một", "hai", "ba"}), ("D02", {"một", "ba"})):
        resolver._load(made[code].id)
        kept = {key: unit for key, unit in resolver.communes.items() if key[0] == made[code].id}
        assert {name for _id, name in kept} == held
        assert all(unit == units.resolve_commune(store, unit.name, made[code].name) for unit in kept.values())
