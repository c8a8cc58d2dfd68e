"""``ntm period copy`` (issue 18 part 3, issue 20 part 6): a commune's quarter filled from the quarter
before, for review: values and official statuses copied where the quarter holds none, nothing
overwritten, one undoable batch; another criteria set or nothing to copy is refused (exit 3)."""

from __future__ import annotations

import pytest

from ntm_desktop import assessments, history, units
from ntm_desktop.assessments import copying
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.store.database import open_store
from tests.cli.conftest import as_json
from tests.cli.test_cli import assert_error, ntm


@pytest.fixture
def db(initialised_copy):
    """A private copy of the ``ntm init`` database (tests/cli/conftest.py)."""
    return initialised_copy


def _values(store, commune, period):
    card = assessments.scorecard(store, commune, period)
    return ({i.indicator.code: (i.value, i.note) for r in card.rows for i in r.indicators if i.value is not None},
            {r.criterion.number: r.official for r in card.rows if r.official is not None})


def test_a_quarter_filled_from_the_one_before_then_undone(db):
    for args in (["--indicator", "3.1", "--value", "82,5", "--note", "theo báo cáo"], ["--indicator", "1.1", "--value",
                 "có"], ["--criterion", "7", "--met", "yes"]):
        assert ntm(db, "set", "--year", "2020", "--period", "2020-Q1", "--district", "Đăk Hà", "--commune", "Hà Mòn",
                   *args).returncode == 0
    assert ntm(db, "set", "--year", "2020", "--period", "2020-Q2", "--district", "Đăk Hà", "--commune", "Hà Mòn",
               "--indicator", "3.1", "--value", "90").returncode == 0  # already entered: kept
    done = as_json(ntm(db, "period", "copy", "--year", "2020", "--period", "2020-Q2", "--district", "Đăk Hà",
                       "--commune", "Hà Mòn", "--json"))
    assert (done["source"], done["values"], done["statuses"]) == ("2020-Q1", 1, 1)
    store = open_store(db)
    try:
        commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
        q1_values, q1_official = _values(store, commune, Period(2020, "Q", 1))
        q2_values, q2_official = _values(store, commune, Period(2020, "Q", 2))
        assert q2_values["1.1"] == q1_values["1.1"] and q2_values["3.1"][0] == "90" and q2_official == q1_official
        again = copying.copy_previous(store, commune, Period(2020, "Q", 2))
        assert again.batch is None and (again.values, again.statuses) == (0, 0)  # nothing left to copy
        batch = store.query("SELECT batch FROM changes WHERE label LIKE '%← 2020-Q1' ORDER BY id DESC LIMIT 1")
        history.revert_batch(store, batch[0]["batch"])
        after_values, after_official = _values(store, commune, Period(2020, "Q", 2))
        assert after_values == {"3.1": ("90", None)} and after_official == {}
        try:
            copying.copy_previous(store, commune, Period(2020, "Q", 4))  # Q3 holds nothing
        except InputRejected as refused:
            assert refused.key == "copy.nothing"
        else:
            raise AssertionError("copying from an empty quarter must be refused")
    finally:
        store.close()
    assert_error(ntm(db, "period", "copy", "--year", "2020", "--period", "2020-Q4", "--code", "23521"), 3)
