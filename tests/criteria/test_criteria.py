"""Criteria sets: validating documents, loading them again, choosing the set for a year."""

import copy
from pathlib import Path

import pytest

from ntm_desktop import criteria
from ntm_desktop.errors import InputRejected
from ntm_desktop.history import revert_batch

FILE = Path("test-set.json")


def count(store, sql, params=()):
    return store.query(sql, params)[0][0]


# -- documents ----------------------------------------------------------------------


def test_bundled_files_are_valid_sets():
    files = criteria.bundled_files()
    assert [f.name for f in files] == ["QG-2016-2020.json", "QG-2021-2025.json", "QG-2026-2030.json"]
    for path in files:
        document = criteria.read_file(path)
        assert document["code"] == path.stem


def test_test_set_is_valid(test_set_data):
    criteria.validate(test_set_data, FILE)


def _broken(data, change):
    document = copy.deepcopy(data)
    change(document)
    return document


BROKEN = {
    "format": lambda d: d.update(format=2),
    "no name": lambda d: d.update(name=" "),
    "level": lambda d: d.update(level="district"),
    "tier": lambda d: d.update(tier="gold"),
    "year not an integer": lambda d: d.update(valid_from="2019"),
    "year a bool": lambda d: d.update(valid_to=True),
    "years reversed": lambda d: d.update(valid_from=2023),
    "requires": lambda d: d.update(requires=1),
    "no groups": lambda d: d.update(groups=[]),
    "no criteria": lambda d: d.update(criteria=[]),
    "repeated number": lambda d: d["criteria"][1].update(number=1),
    "unknown group": lambda d: d["criteria"][0].update(group="XX"),
    "no indicators": lambda d: d["criteria"][0].update(indicators=[]),
    "repeated indicator": lambda d: d["criteria"][1]["indicators"][0].update(code="1.1"),
    "unknown type": lambda d: d["criteria"][0]["indicators"][0].update(type="date"),
    "unknown region": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][0].update(region="XX"),
    "unknown operator": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][0].update(op="!="),
    "value a string": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][0].update(value="1"),
    "not certain": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][0].update(certainty="L"),
    "unknown source": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][0].update(source="T9"),
    "criterion in no group": lambda d: d["groups"][0].update(criteria=[]),
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=BROKEN.keys())
def test_broken_documents_refused(test_set_data, change):
    with pytest.raises(InputRejected) as info:
        criteria.validate(_broken(test_set_data, change), FILE)
    assert info.value.key == "criteria.bad_file"


def test_percent_threshold_outside_0_to_100_refused(test_set_data):
    document = copy.deepcopy(test_set_data)
    percent = next(i for c in document["criteria"] for i in c["indicators"] if i["type"] == "percent")
    percent["thresholds"][0]["value"] = 101
    with pytest.raises(InputRejected) as info:
        criteria.validate(document, FILE)
    assert info.value.key == "criteria.bad_file"


def test_unreadable_file_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_bytes(b"\xff{not json")
    with pytest.raises(InputRejected) as info:
        criteria.read_file(path)
    assert info.value.key == "criteria.bad_file"


# -- loading ------------------------------------------------------------------------


def test_loading_again_changes_nothing(empty):
    assert criteria.load_bundled(empty) == 3
    changes = count(empty, "SELECT count(*) FROM changes")
    assert changes == 3  # one change-log row per set
    assert criteria.load_bundled(empty) == 0
    assert count(empty, "SELECT count(*) FROM changes") == changes
    assert criteria.codes(empty) == ["QG-2016-2020", "QG-2021-2025", "QG-2026-2030"]


def test_revised_document_replaces_the_set_and_clears_the_cache(empty, test_set_data):
    assert criteria.load_document(empty, test_set_data)
    first = criteria.get_set(empty, "TEST-1")
    assert criteria.get_set(empty, "TEST-1") is first  # cached per connection
    revised = copy.deepcopy(test_set_data)
    revised["name"] = "Bộ tiêu chí thử nghiệm (sửa)"
    dropped = revised["criteria"][1]["indicators"].pop()["code"]
    assert criteria.load_document(empty, revised)
    second = criteria.get_set(empty, "TEST-1")
    assert second is not first and second.name == revised["name"]
    assert second.criteria[0].indicators[0].id == first.criteria[0].indicators[0].id  # kept by code
    with pytest.raises(InputRejected) as info:
        second.indicator(dropped)  # no values were entered against it: it went
    assert info.value.key == "criteria.unknown_indicator"
    assert count(empty, "SELECT count(*) FROM criteria_sets") == 1


def test_set_model_and_json(empty, test_set_data):
    criteria.load_document(empty, test_set_data)
    cs = criteria.get_set(empty, "TEST-1")
    assert (cs.code, cs.level, cs.tier, cs.valid_from, cs.valid_to) == ("TEST-1", "commune", "basic", 2019, 2022)
    assert [c.number for c in cs.criteria] == [1, 2, 3, 4, 5]
    crit, ind = cs.indicator("1.1")
    assert crit is cs.criterion(1) and ind.type == "bool"
    with pytest.raises(InputRejected) as info:
        cs.criterion(99)
    assert info.value.key == "criteria.unknown_criterion"
    shown = criteria.as_json(cs)
    assert shown["code"] == "TEST-1" and len(shown["criteria"]) == 5
    assert shown["criteria"][0]["indicators"][0]["threshold"][0]["value"] is True


def test_unknown_set_refused(empty):
    with pytest.raises(InputRejected) as info:
        criteria.get_set(empty, "KHONG-CO")
    assert info.value.key == "criteria.unknown_set"


# -- the set for a year -------------------------------------------------------------


def test_set_for_year_by_period_then_the_latest_earlier(store):
    assert criteria.set_for_year(store, 2018) == "QG-2016-2020"
    assert criteria.set_for_year(store, 2021) == "QG-2021-2025"
    assert criteria.set_for_year(store, 2026) == "QG-2026-2030"
    assert criteria.set_for_year(store, 2035) == "QG-2026-2030"  # until a newer set comes
    with pytest.raises(InputRejected) as info:
        criteria.set_for_year(store, 2010)
    assert info.value.key == "criteria.no_set_for_year"


def test_set_for_year_without_any_set(empty):
    with pytest.raises(InputRejected) as info:
        criteria.set_for_year(empty, 2021)
    assert info.value.key == "db.not_initialised"


def test_override_for_a_year_is_logged_and_undone(store):
    criteria.override_year(store, 2021, "QG-2016-2020")
    assert criteria.set_for_year(store, 2021) == "QG-2016-2020"
    row = store.query("SELECT batch, old, new FROM changes WHERE nkey = 'year_set:commune:2021'")[0]
    assert row["old"] is None
    revert_batch(store, row["batch"])
    assert criteria.set_for_year(store, 2021) == "QG-2021-2025"
    criteria.override_year(store, 2021, "QG-2016-2020")
    criteria.override_year(store, 2021, None)
    assert criteria.set_for_year(store, 2021) == "QG-2021-2025"


def test_override_with_an_unknown_set_refused(store):
    with pytest.raises(InputRejected) as info:
        criteria.override_year(store, 2021, "KHONG-CO")
    assert info.value.key == "criteria.unknown_set"
    assert count(store, "SELECT count(*) FROM year_sets") == 0
