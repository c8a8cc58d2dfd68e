"""The sets a fold takes up (store/masks.py ``_sets``) are those the join of the year's statuses
with the marks gives, plus the built ones: over generated statuses of two sets in one year and
marks of every kind (communes holding statuses of one set, of both, of none; a whole year)."""

from __future__ import annotations

import random

from ntm_desktop import criteria, units
from ntm_desktop.periods import Period
from ntm_desktop.store import masks

# the join a fold used to ask, the oracle here
_JOINED = ("SELECT DISTINCT k.set_id FROM criterion_results r JOIN criteria k ON k.id = r.criterion_id"
           " WHERE r.year = ?1{marked}")
_OF_MARKED = " AND r.commune_id IN (SELECT commune_id FROM summary_dirty WHERE year = ?1)"


def _oracle(conn, year, whole, built):
    query = _JOINED.format(marked="" if whole else _OF_MARKED)
    return built | {row[0] for row in conn.execute(query, [year])}


def test_sets_to_fold_are_those_of_the_join(store):
    rng = random.Random(6)
    conn = store.db.conn
    communes = [u.id for u in units.all_of_level(store, "commune")]
    year = 2020
    first = criteria.get_set(store, criteria.set_for_year(store, year))
    second = criteria.get_set(store, "QG-2021-2025" if first.code != "QG-2021-2025" else "QG-2016-2020")
    only_first, both, none = communes[:20], communes[20:25], communes[25:40]
    rows = []
    for commune in only_first + both:
        sets = [first, second] if commune in both else [first]
        for cs in sets:
            for crit in rng.sample(cs.criteria, 3):
                rows.append((f"u{len(rows)}", commune, str(year), year, Period(year, "Y").ordinal, crit.id,
                             rng.choice((None, 0, 1))))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
                     " source, updated_at, hlc) VALUES (?,?,?,?,?,?,?,'imported','x','x')", rows)
    built_sets = (set(), {first.id}, {second.id}, {first.id, second.id}, {99})
    cases = [only_first[:1], only_first, both[:1], none, none + only_first[:2], none + both[:1], communes[:40], []]
    compared = 0
    for marked in cases:
        for whole in (False, True):
            conn.execute("DELETE FROM summary_dirty")
            conn.executemany("INSERT INTO summary_dirty (year, commune_id) VALUES (?, ?)",
                             [(year, c) for c in marked] + ([(year, 0)] if whole else []))
            for built in built_sets:
                got = masks._sets(conn, year, whole, built)
                assert got == _oracle(conn, year, whole, built), (marked, whole, built)
                compared += 1
    for marked, expected in ((both, {first.id, second.id}), (only_first, {first.id}), (none, set())):
        conn.execute("DELETE FROM summary_dirty")
        conn.executemany("INSERT INTO summary_dirty (year, commune_id) VALUES (?, ?)", [(year, c) for c in marked])
        assert masks._sets(conn, year, False, set()) == expected  # the cases above meet every kind
    conn.execute("ROLLBACK")
    assert compared == len(cases) * 2 * len(built_sets)
