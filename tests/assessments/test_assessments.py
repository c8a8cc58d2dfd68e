"""Writing assessments through the service functions, against the small test criteria set."""

import sqlite3
from datetime import datetime

import pytest

from ntm_desktop import assessments, history, units
from ntm_desktop.engine import Status
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import parse as period
from ntm_desktop.store import audit

Y2020 = period("2020")
Y2021 = period("2021")


@pytest.fixture
def ham_mon(test_store):
    return units.resolve_commune(test_store, "Hà Mòn", "Đăk Hà")


@pytest.fixture
def delta_commune(test_store):
    """A commune in a province of another region (Red River Delta)."""
    batch = audit.new_batch("entered", "test units")
    with test_store.transaction():
        province = units.upsert_unit(
            test_store, batch, level="province", name="Tỉnh Thử", parent=None, code="99", region="DBSH"
        )
        district = units.upsert_unit(
            test_store, batch, level="district", name="Huyện Thử", parent=province, code="999"
        )
        return units.upsert_unit(
            test_store, batch, level="commune", name="Xã Đồng Bằng", parent=district, code="99999"
        )


def row_for(card, number):
    return next(r for r in card.rows if r.criterion.number == number)


def ind_for(card, code):
    for row in card.rows:
        for irow in row.indicators:
            if irow.indicator.code == code:
                return irow
    raise KeyError(code)


def computed(store, commune, per, number):
    return row_for(assessments.scorecard(store, commune, per), number).computed


def stored_computed(store, commune, per, number):
    rows = store.query(
        "SELECT r.computed FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
        " WHERE r.commune_id = ? AND r.period = ? AND c.number = ?",
        [commune.id, per.code, number],
    )
    return rows[0][0] if rows else None


def count(store, table):
    return store.query(f"SELECT count(*) FROM {table}")[0][0]


# -- computed status ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("49", Status.NOT_MET), ("49,99", Status.NOT_MET), ("50", Status.MET), ("50,0", Status.MET),
     ("85.5", Status.MET), ("0", Status.NOT_MET), ("100", Status.MET)],
)
def test_computed_status_at_the_regional_limit(test_store, ham_mon, raw, expected):
    # 2.1: national >= 70, Tây Nguyên >= 50; Kon Tum is in Tây Nguyên
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", raw)
    assert computed(test_store, ham_mon, Y2020, 2) is expected
    assert stored_computed(test_store, ham_mon, Y2020, 2) == int(expected is Status.MET)


def test_computed_status_updates_with_each_write(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "40")
    assert stored_computed(test_store, ham_mon, Y2020, 2) == 0
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "60")
    assert stored_computed(test_store, ham_mon, Y2020, 2) == 1
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", None)
    assert stored_computed(test_store, ham_mon, Y2020, 2) is None
    assert computed(test_store, ham_mon, Y2020, 2) is Status.UNKNOWN


def test_national_threshold_outside_the_region(test_store, ham_mon, delta_commune):
    assert units.region_of(test_store, delta_commune) == "DBSH"
    for commune in (ham_mon, delta_commune):
        assessments.set_indicator_value(test_store, commune, Y2020, "2.1", "60")
    assert computed(test_store, ham_mon, Y2020, 2) is Status.MET  # TN >= 50
    assert computed(test_store, delta_commune, Y2020, 2) is Status.NOT_MET  # * >= 70
    card = assessments.scorecard(test_store, delta_commune, Y2020)
    assert ind_for(card, "2.1").threshold.region == "*"
    assert ind_for(assessments.scorecard(test_store, ham_mon, Y2020), "2.1").threshold.region == "TN"


def test_year_bounded_threshold(test_store, ham_mon):
    # 3.1 in Tây Nguyên: >= 41 in 2020 only, >= 36 otherwise
    for per in (Y2020, Y2021):
        assessments.set_indicator_value(test_store, ham_mon, per, "3.1", "38")
    assert computed(test_store, ham_mon, Y2020, 3) is Status.NOT_MET
    assert computed(test_store, ham_mon, Y2021, 3) is Status.MET
    card = assessments.scorecard(test_store, ham_mon, Y2020)
    assert ind_for(card, "3.1").threshold.value == 41
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "3.1", "41")
    assert computed(test_store, ham_mon, Y2020, 3) is Status.MET


def test_at_most_threshold(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "4.1", "31,4")
    assert computed(test_store, ham_mon, Y2020, 4) is Status.MET
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "4.1", "31,5")
    assert computed(test_store, ham_mon, Y2020, 4) is Status.NOT_MET


def test_text_indicator_is_not_evaluated(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "4.2", "  Trạm y tế   mới xây ")
    card = assessments.scorecard(test_store, ham_mon, Y2020)
    assert ind_for(card, "4.2").status is Status.NOT_EVALUATED
    assert ind_for(card, "4.2").value == "Trạm y tế mới xây"
    assert row_for(card, 4).computed is Status.UNKNOWN  # 4.1 still has no value
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "4.1", "20")
    assert computed(test_store, ham_mon, Y2020, 4) is Status.MET


def test_indicator_without_threshold(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "5.1", "Có")
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "5.2", "95")
    card = assessments.scorecard(test_store, ham_mon, Y2020)
    assert ind_for(card, "5.1").status is Status.MET
    assert ind_for(card, "5.2").status is Status.NO_THRESHOLD
    assert row_for(card, 5).computed is Status.UNKNOWN
    assert stored_computed(test_store, ham_mon, Y2020, 5) is None
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "5.1", "không")
    assert computed(test_store, ham_mon, Y2020, 5) is Status.NOT_MET  # one not met decides


def test_no_value(test_store, ham_mon):
    card = assessments.scorecard(test_store, ham_mon, Y2020)
    assert all(i.status in (Status.NO_VALUE, Status.NOT_EVALUATED) for r in card.rows for i in r.indicators)
    assert all(r.computed is Status.UNKNOWN for r in card.rows)
    assert (card.met_count, card.band, card.has_data, card.total) == (0, None, False, 5)  # a 5-criterion set: no bands


# -- official status ---------------------------------------------------------------------------


def test_official_overrides_and_disagreement_is_flagged(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "1.1", "có")
    card = assessments.scorecard(test_store, ham_mon, Y2020)
    assert (row_for(card, 1).computed, row_for(card, 1).effective, row_for(card, 1).disagreement) == (
        Status.MET, True, False)

    assessments.set_official(test_store, ham_mon, Y2020, 1, False, note="Chưa có quyết định")
    row = row_for(assessments.scorecard(test_store, ham_mon, Y2020), 1)
    assert row.computed is Status.MET
    assert row.official is False and row.effective is False
    assert row.disagreement
    assert row.note == "Chưa có quyết định"
    assert assessments.scorecard(test_store, ham_mon, Y2020).disagreements == 1

    assessments.set_official(test_store, ham_mon, Y2020, 1, True)
    row = row_for(assessments.scorecard(test_store, ham_mon, Y2020), 1)
    assert (row.official, row.effective, row.disagreement) == (True, True, False)
    assert row.note == "Chưa có quyết định"  # note=None keeps the note


def test_official_without_values_is_not_a_disagreement(test_store, ham_mon):
    assessments.set_official(test_store, ham_mon, Y2020, 2, True)
    row = row_for(assessments.scorecard(test_store, ham_mon, Y2020), 2)
    assert (row.computed, row.official, row.effective, row.disagreement) == (Status.UNKNOWN, True, True, False)


def test_official_computed_after_values_exist(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "10")
    assessments.set_official(test_store, ham_mon, Y2020, 2, True)
    assert stored_computed(test_store, ham_mon, Y2020, 2) == 0
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "90")
    assert stored_computed(test_store, ham_mon, Y2020, 2) == 1
    assert not row_for(assessments.scorecard(test_store, ham_mon, Y2020), 2).disagreement


def test_clearing_official_with_none(test_store, ham_mon):
    assessments.set_official(test_store, ham_mon, Y2020, 3, False, note="x")
    assessments.set_official(test_store, ham_mon, Y2020, 3, None, note="")
    row = row_for(assessments.scorecard(test_store, ham_mon, Y2020), 3)
    assert (row.official, row.note, row.effective) == (None, None, None)


# -- refused input leaves the database as it was ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "raw"),
    [("2.1", "150"), ("2.1", "-1"), ("2.1", "abc"), ("3.1", "-2"), ("3.1", "12a"), ("1.1", "có lẽ"),
     ("1.1", "2"), ("4.2", "x" * 2001), ("9.9", "1"), ("2", "50")],
)
def test_invalid_value_refused_and_nothing_written(test_store, ham_mon, db_state, code, raw):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "60", note="có sẵn")
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "3.1", "45")
    assessments.set_official(test_store, ham_mon, Y2020, 1, True)
    before = db_state(test_store)
    assert before["indicator_values"] and before["criterion_results"] and before["changes"]
    with pytest.raises(InputRejected) as info:
        assessments.set_indicator_value(test_store, ham_mon, Y2020, code, raw)
    assert info.value.exit_code == 3
    assert db_state(test_store) == before


def test_unknown_criterion_refused_and_nothing_written(test_store, ham_mon, db_state):
    before = db_state(test_store)
    with pytest.raises(InputRejected) as info:
        assessments.set_official(test_store, ham_mon, Y2020, 6, True)
    assert info.value.key == "criteria.unknown_criterion"
    assert db_state(test_store) == before


def test_failed_change_log_write_rolls_back_the_value(test_store, ham_mon, db_state):
    """The value and its change-log row are one transaction: no log row, no value."""
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "60")
    before = db_state(test_store)
    test_store.db.execute(
        "CREATE TEMP TRIGGER refuse_log BEFORE INSERT ON changes BEGIN SELECT RAISE(ABORT, 'no log'); END"
    )
    try:
        with pytest.raises(sqlite3.DatabaseError):
            assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "40")
        with pytest.raises(sqlite3.DatabaseError):
            assessments.set_official(test_store, ham_mon, Y2020, 2, False)
    finally:
        test_store.db.execute("DROP TRIGGER refuse_log")
    assert db_state(test_store) == before
    assert not test_store.db.conn.in_transaction
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "40")
    assert stored_computed(test_store, ham_mon, Y2020, 2) == 0


# -- no-op writes ---------------------------------------------------------------------------------


def test_no_op_writes_return_none_and_log_nothing(test_store, ham_mon, db_state):
    assert assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "85,5", note="n") is not None
    assert assessments.set_official(test_store, ham_mon, Y2020, 2, True, note="QĐ 1") is not None
    before = db_state(test_store)
    assert assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "85,5") is None
    assert assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "85.5", note=" n ") is None
    assert assessments.set_official(test_store, ham_mon, Y2020, 2, True) is None
    assert assessments.set_official(test_store, ham_mon, Y2020, 2, True, note="QĐ  1") is None
    assert assessments.set_indicator_value(test_store, ham_mon, Y2020, "3.1", None) is None
    assert assessments.set_indicator_value(test_store, ham_mon, Y2020, "3.1", "  ") is None
    assert assessments.set_official(test_store, ham_mon, Y2020, 3, None) is None
    assert db_state(test_store) == before


# -- change log -------------------------------------------------------------------------------------


def test_every_write_is_logged(test_store, ham_mon):
    changes = count(test_store, "changes")
    writes = [
        lambda: assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "40"),
        lambda: assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "60"),
        lambda: assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "60", note="ghi chú"),
        lambda: assessments.set_official(test_store, ham_mon, Y2020, 2, False),
        lambda: assessments.set_official(test_store, ham_mon, Y2020, 2, None),
        lambda: assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", None),
    ]
    for n, write in enumerate(writes, start=1):
        batch = write()
        assert batch is not None and batch.count == 1
        assert count(test_store, "changes") == changes + n
        logged = test_store.query("SELECT batch FROM changes ORDER BY id DESC LIMIT 1")[0][0]
        assert logged == batch.id
    ops = [r[0] for r in test_store.query(
        "SELECT op FROM changes WHERE entity = 'indicator_value' ORDER BY id")]
    assert ops == ["insert", "update", "update", "delete"]


def test_history_shows_old_and_new_with_user_and_time(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "40")
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "62,5", note="đo lại")
    card = assessments.scorecard(test_store, ham_mon, Y2020)
    nkey = ind_for(card, "2.1").nkey
    assert nkey == assessments.iv_nkey(ham_mon, Y2020, "TEST-1", "2.1")
    entries = audit.history(test_store, nkey)
    assert [e.op for e in entries] == ["update", "insert"]  # newest first
    latest, first = entries
    assert (latest.old["value"], latest.new["value"]) == ("40", "62.5")
    assert (latest.old["note"], latest.new["note"]) == (None, "đo lại")
    assert first.old is None and first.new["value"] == "40"
    for entry in entries:
        assert entry.user == test_store.user
        assert entry.installation == test_store.installation_id
        assert entry.source == "entered"
        assert datetime.strptime(entry.at, "%Y-%m-%dT%H:%M:%SZ")


def test_history_of_official_status(test_store, ham_mon):
    assessments.set_official(test_store, ham_mon, Y2020, 1, True, note="QĐ 12")
    assessments.set_official(test_store, ham_mon, Y2020, 1, False)
    nkey = row_for(assessments.scorecard(test_store, ham_mon, Y2020), 1).nkey
    latest, first = audit.history(test_store, nkey)
    assert first.old is None and (first.new["official"], first.new["note"]) == (1, "QĐ 12")
    assert (latest.old["official"], latest.new["official"]) == (1, 0)
    assert latest.new["note"] == "QĐ 12"


# -- undo / redo -----------------------------------------------------------------------------------------


def state_of(store, commune, per, number=2, code="2.1"):
    card = assessments.scorecard(store, commune, per)
    row = row_for(card, number)
    irow = ind_for(card, code)
    return {
        "value": irow.value,
        "value_note": irow.note,
        "indicator": irow.status,
        "computed": row.computed,
        "stored_computed": stored_computed(store, commune, per, number),
        "official": row.official,
        "official_note": row.note,
        "effective": row.effective,
    }


def test_undo_and_redo_restore_exact_state(test_store, ham_mon):
    st, c, p = test_store, ham_mon, Y2020
    # each write, and what it should leave, written out from its inputs
    writes = [
        (lambda: assessments.set_indicator_value(st, c, p, "2.1", "40"),
         {"value": "40", "value_note": None, "computed": Status.NOT_MET, "official": None}),
        (lambda: assessments.set_indicator_value(st, c, p, "2.1", "55", note="đo lần 2"),
         {"value": "55", "value_note": "đo lần 2", "computed": Status.MET, "official": None}),
        (lambda: assessments.set_indicator_value(st, c, p, "2.1", "55", note="đo lần 2, đã kiểm tra"),
         {"value": "55", "value_note": "đo lần 2, đã kiểm tra", "computed": Status.MET}),
        (lambda: assessments.set_official(st, c, p, 2, False, note="chưa công nhận"),
         {"official": False, "official_note": "chưa công nhận", "effective": False, "computed": Status.MET}),
        (lambda: assessments.set_official(st, c, p, 2, True),
         {"official": True, "official_note": "chưa công nhận", "effective": True}),
        (lambda: assessments.set_indicator_value(st, c, p, "2.1", "12,5"),
         {"value": "12.5", "value_note": "đo lần 2, đã kiểm tra", "computed": Status.NOT_MET,
          "stored_computed": 0, "official": True}),
    ]
    states = [state_of(st, c, p)]
    assert states[0]["value"] is None and states[0]["official"] is None
    batches = []
    for write, want in writes:
        batches.append(write())
        states.append(state_of(st, c, p))
        assert {key: states[-1][key] for key in want} == want
    # undo, newest first: each undo gives back exactly the state before that write
    for i in reversed(range(len(batches))):
        history.revert_batch(st, batches[i].id)
        assert state_of(st, c, p) == states[i]
    assert count(st, "indicator_values") == 0
    # redo, oldest first: each redo gives back exactly the state after that write
    for i, batch in enumerate(batches):
        history.revert_batch(st, batch.id, redo=True)
        assert state_of(st, c, p) == states[i + 1]


def test_undo_redo_undo_round_trips(test_store, ham_mon):
    """What the window's undo stack does: undo, redo, undo the same batch again."""
    st, c, p = test_store, ham_mon, Y2020
    empty = state_of(st, c, p)
    first = assessments.set_indicator_value(st, c, p, "2.1", "60", note="lần đầu")
    after_first = state_of(st, c, p)
    second = assessments.set_indicator_value(st, c, p, "2.1", "30")
    after_second = state_of(st, c, p)
    assert after_second["value_note"] == "lần đầu"

    for _ in range(2):
        history.revert_batch(st, second.id)
        assert state_of(st, c, p) == after_first
        history.revert_batch(st, first.id)
        assert state_of(st, c, p) == empty
        assert count(st, "indicator_values") == 0
        history.revert_batch(st, first.id, redo=True)
        assert state_of(st, c, p) == after_first
        history.revert_batch(st, second.id, redo=True)
        assert state_of(st, c, p) == after_second


def test_undo_of_a_note_removes_the_note(test_store, ham_mon):
    st, c, p = test_store, ham_mon, Y2020
    assessments.set_indicator_value(st, c, p, "2.1", "60")
    add_note = assessments.set_indicator_value(st, c, p, "2.1", "60", note="ghi chú mới")
    assert state_of(st, c, p)["value_note"] == "ghi chú mới"
    history.revert_batch(st, add_note.id)
    assert state_of(st, c, p)["value_note"] is None
    history.revert_batch(st, add_note.id, redo=True)
    assert state_of(st, c, p)["value_note"] == "ghi chú mới"

    assessments.set_official(st, c, p, 2, True)
    official_note = assessments.set_official(st, c, p, 2, True, note="QĐ 5")
    history.revert_batch(st, official_note.id)
    assert state_of(st, c, p)["official_note"] is None
    assert state_of(st, c, p)["official"] is True


def test_empty_note_clears_a_note(test_store, ham_mon):
    st, c, p = test_store, ham_mon, Y2020
    assessments.set_indicator_value(st, c, p, "2.1", "60", note="tạm")
    assert assessments.set_indicator_value(st, c, p, "2.1", "60", note="") is not None
    assert state_of(st, c, p)["value_note"] is None
    assessments.set_official(st, c, p, 2, False, note="tạm")
    assert assessments.set_official(st, c, p, 2, False, note="") is not None
    assert state_of(st, c, p)["official_note"] is None


def test_undo_is_itself_logged(test_store, ham_mon):
    batch = assessments.set_indicator_value(test_store, ham_mon, Y2020, "2.1", "60")
    before = count(test_store, "changes")
    undo = history.revert_batch(test_store, batch.id)
    assert undo.count == 1
    assert count(test_store, "changes") == before + 1
    rows = test_store.query("SELECT source, op FROM changes WHERE batch = ?", [undo.id])
    assert [tuple(r) for r in rows] == [("undo", "delete")]


def test_undo_of_a_batch_of_several_writes(test_store, ham_mon):
    st, c, p = test_store, ham_mon, Y2020
    assessments.set_indicator_value(st, c, p, "4.1", "25")
    before = {code: ind_for(assessments.scorecard(st, c, p), code).value for code in ("4.1", "4.2", "5.1")}
    batch = audit.new_batch("entered", "several")
    assessments.set_indicator_value(st, c, p, "4.1", "35", batch=batch)
    assessments.set_indicator_value(st, c, p, "4.2", "mới", batch=batch)
    assessments.set_indicator_value(st, c, p, "5.1", "có", batch=batch)
    assessments.set_official(st, c, p, 4, True, batch=batch)
    assert batch.count == 4
    history.revert_batch(st, batch.id)
    card = assessments.scorecard(st, c, p)
    assert {code: ind_for(card, code).value for code in before} == before
    assert row_for(card, 4).official is None
    assert row_for(card, 4).computed is Status.MET  # 25 <= 31.4; the text indicator is not evaluated
    assert ind_for(card, "4.1").status is Status.MET


# -- the scorecard -----------------------------------------------------------------------------------------


def test_scorecard_counts(test_store, ham_mon):
    st, c, p = test_store, ham_mon, Y2020
    assessments.set_indicator_value(st, c, p, "1.1", "có")  # criterion 1 met
    assessments.set_indicator_value(st, c, p, "2.1", "30")  # criterion 2 not met (TN >= 50)
    assessments.set_official(st, c, p, 2, True)  # … but officially met
    assessments.set_indicator_value(st, c, p, "3.1", "45")  # criterion 3 met (TN 2020 >= 41)
    assessments.set_official(st, c, p, 4, False)  # criterion 4 officially not met
    assessments.set_indicator_value(st, c, p, "5.2", "99")  # criterion 5 unknown
    card = assessments.scorecard(st, c, p)
    effective = {r.criterion.number: r.effective for r in card.rows}
    assert effective == {1: True, 2: True, 3: True, 4: False, 5: None}
    assert card.met_count == sum(1 for v in effective.values() if v is True)
    assert card.band is None  # the test set has 5 criteria and defines no bands: only its full band, "5"
    assert card.has_data
    assert card.disagreements == 1
    assert card.region == "TN"
    assert card.criteria_set.code == "TEST-1"


def test_scorecard_is_per_period(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, period("2020-Q2"), "1.1", "có")
    assert assessments.scorecard(test_store, ham_mon, period("2020-Q2")).has_data
    assert not assessments.scorecard(test_store, ham_mon, Y2020).has_data


def test_values_stored_in_canonical_form(test_store, ham_mon):
    assessments.set_indicator_value(test_store, ham_mon, Y2020, "3.1", "1.847,561")
    row = test_store.query("SELECT value, num, year, pend FROM indicator_values")[0]
    assert (row["value"], row["num"], row["year"], row["pend"]) == ("1847.561", 1847.561, 2020, Y2020.ordinal)
    assert ind_for(assessments.scorecard(test_store, ham_mon, Y2020), "3.1").display == "1.847,561"
