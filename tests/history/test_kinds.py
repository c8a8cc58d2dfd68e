"""The explicit list of logged entity kinds: one record per kind, in order."""

from __future__ import annotations

import pytest

from ntm_desktop import assessments, history, units
from ntm_desktop.history import kinds
from ntm_desktop.periods import parse as period
from ntm_desktop.store import audit


def test_one_record_per_kind_and_the_travelling_ones_in_order():
    names = [k.name for k in kinds.KINDS]
    assert len(names) == len(set(names))
    travelling = [e.name for e in history.travelling()]
    assert travelling == ["unit", "unit_event", "unit_class", "recognition", "target", "funding", "period_state",
                          "criteria_set", "indicator_value", "criterion_result", "agency", "twinning", "contribution"]
    for kind in kinds.KINDS:
        assert kind.sync is None or kind.sync.name == kind.name
        assert history.travelling_entity(kind.name) is kind.sync


def test_every_kind_the_log_holds_is_listed(test_store):
    commune = units.resolve_commune(test_store, "Hà Mòn", "Đăk Hà")
    assessments.set_indicator_value(test_store, commune, period("2020"), "2.1", "80")
    assessments.set_official(test_store, commune, period("2020"), 1, True)
    logged = {r["entity"] for r in test_store.query("SELECT DISTINCT entity FROM changes")}
    assert logged and all(history.kind(name) is not None for name in logged)


def test_history_shows_a_state_by_its_kind():
    assert history.show("criterion_result", None) == "∅"
    assert history.show("indicator_value", {"value": "42", "note": "đo lại"}, "number") == "42 (đo lại)"
    assert history.show("twinning", {"date_from": "2019-01-01", "date_to": None, "decision": "12/QĐ"}) \
        == "01/01/2019 – …, 12/QĐ"
    assert history.show("unit", {"name": "Hà Mòn"}) == "Hà Mòn"


def test_undo_of_an_unknown_kind_is_refused(test_store):
    batch = audit.new_batch("entered", "probe")
    with test_store.transaction():
        audit.record(test_store, batch, entity="no_such_kind", entity_uuid="x", nkey="x", old=None, new={"a": 1})
    with pytest.raises(KeyError):
        history.revert_batch(test_store, batch.id)
