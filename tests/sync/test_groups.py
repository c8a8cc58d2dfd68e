"""The groups an import touches (sync/entities/groups.py), held as bits per commune and
period, behave as the set of (commune id, period, criterion id) tuples they replace."""

from __future__ import annotations

import random

import pytest

from ntm_desktop.sync.entities.groups import Groups


def _group(rng: random.Random) -> tuple[int, str, int | None]:
    return rng.randrange(1, 60), rng.choice(["2023", "2024-Q1", "2019"]), rng.choice([*range(1, 45), None, 10_000])


@pytest.mark.parametrize("seed", range(25))
def test_groups_behave_as_a_set_of_tuples(seed):
    rng = random.Random(seed)
    due, done = Groups(), None
    done = due.sharing()
    due_set: set = set()
    done_set: set = set()
    for _ in range(rng.randrange(1, 400)):
        group = _group(rng)
        step = rng.random()
        if step < 0.3:
            due.add(group)
            due_set.add(group)
        elif step < 0.6:
            many = {_group(rng) for _ in range(rng.randrange(0, 30))}
            due |= many
            due_set |= many
        else:
            many = {_group(rng) for _ in range(rng.randrange(0, 30))}
            done.update(many)
            done_set |= many
    assert set(due) == due_set and len(due) == len(due_set)
    assert set(done) == done_set
    assert due - done == due_set - done_set
    probe = _group(rng)
    assert (probe in due) == (probe in due_set)
    assert (("x",) in due) is False
    other = Groups()  # bits of its own: the difference still holds
    other.update(done_set)
    assert due - other == due_set - done_set


def test_remembered_statuses_are_the_evaluators(tmp_path, monkeypatch):
    """criterion_results' statuses during an import (remembered by criterion, column, year and
    the values of its indicators) are those Evaluator.status computes, communes with dated
    regions and the especially difficult flag among them; a criterion of no set: None."""
    from ntm_desktop import periods
    from ntm_desktop.assessments.evaluator import Evaluator
    from ntm_desktop.sync.entities.criterion_results import _Statuses
    from tests.sync.test_support import make_store

    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = make_store(tmp_path / "ntm.sqlite3", "Tỉnh")
    communes = [r[0] for r in store.db.conn.execute("SELECT id FROM units WHERE level = 'commune' ORDER BY id")]
    with store.transaction():  # some communes assessed in the column of especially difficult communes
        store.db.conn.execute("UPDATE units SET dbkk = 1 WHERE id IN (SELECT id FROM units WHERE level = 'commune'"
                              " ORDER BY id LIMIT 5)")
    evaluator = Evaluator(store)
    remembered = _Statuses(evaluator)
    remembered.LIMIT = 500  # forgotten now and then on the way
    rng = random.Random(22)
    criteria = [*evaluator.crits, 10**9]
    seen = set()
    for _ in range(4000):
        commune, code, criterion = rng.choice(communes[:40]), rng.choice(["2019", "2020", "2023", "2024-Q1"]), \
            rng.choice(criteria)
        crit = evaluator.crits.get(criterion)
        entered = {} if crit is None else {ind.id: rng.choice([None, 0.0, 1.0, 45.0, 80.0, 100.0])
                                           for ind in crit.indicators if rng.random() < 0.9}
        got = remembered(commune, code, periods.parse(code).year, criterion, entered)
        assert got == evaluator.status(commune, code, criterion, entered)
        seen.add(got)
    assert seen == {0, 1, None} and 0 < len(remembered.known) <= 500
    store.close()
