"""The optional document keys of issue 17 (docs/criteria-format.md): kind, dates, group columns,
the QĐ 318 rule, bands, qualitative thresholds and strict operators, loaded into real SQLite
files and read back; older files keep loading with the defaults."""

import copy
import shutil
from pathlib import Path

import pytest

from ntm_desktop import criteria, engine, paths
from ntm_desktop.engine import Status, Threshold
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import database

FILE = Path("group-set.json")


def group_set(base):
    """The test set turned into a 2026-2030-like set keyed by commune group."""
    doc = copy.deepcopy(base)
    doc.update(
        code="GROUP-1",
        tier="hien_dai",
        valid_from=2026,
        valid_to=2030,
        from_date="2026-03-01",
        to_date="2030-12-31",
        columns="group",
        rules={"difficult_column": "3"},
        bands=[
            {"min": 10, "max": 10, "label": "Đạt 10 tiêu chí", "label_en": "All 10"},
            {"min": 0, "max": 9, "label": "Dưới 10", "label_en": "Under 10"},
        ],
    )
    doc["criteria"][0]["indicators"][0]["thresholds"] = [
        {"region": "1", "op": "==", "value": True, "text": "Có", "certainty": "V", "source": "T1"},
        {"region": "2", "text": "Đạt chuẩn theo quy định", "certainty": "V", "source": "T1"},
    ]
    doc["criteria"][1]["indicators"][0]["thresholds"] = [
        {"region": "1", "op": ">", "value": 90, "unit": "%", "certainty": "V", "source": "T1"},
        {"region": "2", "op": ">=", "value": 75, "unit": "%", "certainty": "V", "source": "T1"},
        {"region": "3", "op": "<", "value": 50.5, "unit": "%", "certainty": "V", "source": "T1"},
    ]
    doc["criteria"][2]["indicators"][0]["thresholds"] = [
        {"region": "*", "op": ">=", "value": 60, "certainty": "V", "source": "T1"},
        {"region": "*", "op": ">=", "value": 55, "year_from": 2026, "year_to": 2027, "certainty": "V", "source": "T1"},
    ]
    doc["criteria"][3]["indicators"][0]["thresholds"] = []
    return doc


def test_old_files_load_with_the_defaults(test_store, store):
    plain = criteria.get_set(test_store, "TEST-1")
    assert (plain.kind, plain.from_date, plain.to_date, plain.columns) == ("xa", "2019-01-01", "2022-12-31", "region")
    assert plain.difficult_column is None and plain.bands == ()
    assert plain.column_keys() == ("*", "TN")
    cs = criteria.get_set(store, "QG-2016-2020")
    listed = criteria.as_json(cs)
    assert (listed["kind"], listed["from_date"], listed["to_date"]) == ("xa", "2016-01-01", "2020-12-31")
    income = next(i for c in listed["criteria"] for i in c["indicators"] if i["code"] == "10")
    # the old list stays, the new map keys by column; income 2016-2020 is known for 2020 only
    assert income["threshold"][0]["region"] == "TDMNPB"
    assert income["thresholds"]["TDMNPB"] == {
        "op": ">=", "value": 36, "unit": None, "text": None, "by_year": {"2020": 36}
    }
    planning = next(i for c in listed["criteria"] for i in c["indicators"] if i["code"] == "1.1")
    assert planning["thresholds"] == {"*": {"value": True, "unit": None, "text": "Đạt"}}


def test_group_set_round_trips_through_the_tables(empty, test_set_data):
    doc = group_set(test_set_data)
    criteria.validate(doc, FILE)
    assert criteria.load_document(empty, doc)
    cs = criteria.get_set(empty, "GROUP-1")
    assert (cs.kind, cs.tier, cs.from_date, cs.to_date) == ("hien-dai", "hien_dai", "2026-03-01", "2030-12-31")
    assert (cs.columns, cs.difficult_column) == ("group", "3")
    assert [b["label"] for b in cs.bands] == ["Đạt 10 tiêu chí", "Dưới 10"]
    assert cs.column_keys() == ("*", "1", "2", "3")
    _, planning = cs.indicator("1.1")
    qualitative = [t for t in planning.thresholds if t.qualitative]
    assert [(t.region, t.op, t.value, t.text) for t in qualitative] == [("2", None, None, "Đạt chuẩn theo quy định")]
    assert qualitative[0].describe("bool") == "Đạt chuẩn theo quy định"
    listed = criteria.as_json(cs)
    roads = next(i for c in listed["criteria"] for i in c["indicators"] if i["code"] == "2.1")
    assert roads["thresholds"] == {
        "1": {"op": ">", "value": 90, "unit": "%", "text": None},
        "2": {"op": ">=", "value": 75, "unit": "%", "text": None},
        "3": {"op": "<", "value": 50.5, "unit": "%", "text": None},
    }
    plan = next(i for c in listed["criteria"] for i in c["indicators"] if i["code"] == "1.1")
    assert plan["thresholds"] == {
        "1": {"value": True, "unit": None, "text": "Có"},
        "2": {"value": None, "unit": None, "text": "Đạt chuẩn theo quy định"},
    }
    income = next(i for c in listed["criteria"] for i in c["indicators"] if i["code"] == "3.1")
    assert income["thresholds"]["*"] == {
        "op": ">=", "value": 60, "unit": None, "text": None, "by_year": {"2026": 55, "2027": 55}
    }
    # the stored rows hold the new columns as written
    rows = empty.query(
        "SELECT t.region, t.op, t.value, t.text, t.unit FROM thresholds t JOIN indicators i ON i.id = t.indicator_id"
        " WHERE i.code = '1.1' ORDER BY t.region"
    )
    assert [tuple(r) for r in rows] == [
        ("1", "==", 1.0, "Có", None), ("2", None, None, "Đạt chuẩn theo quy định", None)]


def test_kind_defaults_follow_tier_and_level(test_set_data):
    for tier, level, kind in (("basic", "commune", "xa"), ("nang_cao", "commune", "nang-cao"),
                              ("kieu_mau", "commune", "kieu-mau"), ("hien_dai", "commune", "hien-dai"),
                              ("basic", "village", "thon")):
        doc = dict(test_set_data, tier=tier, level=level)
        criteria.validate(doc, FILE)
        assert criteria.derived(doc)["kind"] == kind


BROKEN = {
    "kind": lambda d: d.update(kind="tinh"),
    "from_date not ISO": lambda d: d.update(from_date="1/3/2026"),
    "to_date impossible": lambda d: d.update(to_date="2030-02-30"),
    "dates reversed": lambda d: d.update(from_date="2031-01-01"),
    "columns": lambda d: d.update(columns="province"),
    "region in a group set": lambda d: d["criteria"][1]["indicators"][0]["thresholds"][0].update(region="TN"),
    "rules unknown key": lambda d: d.update(rules={"poor": True}),
    "difficult column not a group": lambda d: d.update(rules={"difficult_column": "TDMNPB"}),
    "bands not a list": lambda d: d.update(bands={"min": 1}),
    "band without label_en": lambda d: d["bands"][0].pop("label_en"),
    "band min over max": lambda d: d["bands"][0].update(min=11),
    "qualitative without text": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][1].update(text=" "),
    "qualitative with a value": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][1].update(value=1),
    "true/false with >": lambda d: d["criteria"][0]["indicators"][0]["thresholds"][0].update(op=">"),
    "unit not text": lambda d: d["criteria"][1]["indicators"][0]["thresholds"][0].update(unit=5),
    "year a string": lambda d: d["criteria"][2]["indicators"][0]["thresholds"][1].update(year_from="2026"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_optional_keys_are_refused(name, test_set_data):
    doc = group_set(test_set_data)
    BROKEN[name](doc)
    with pytest.raises(InputRejected) as info:
        criteria.validate(doc, FILE)
    assert info.value.key == "criteria.bad_file"


def test_engine_strict_operators_and_qualitative_thresholds():
    above = Threshold("1", ">", 90.0, unit="%")
    below = Threshold("1", "<", 5.0)
    assert engine.evaluate_indicator("percent", 90.0, above) is Status.NOT_MET
    assert engine.evaluate_indicator("percent", 90.5, above) is Status.MET
    assert engine.evaluate_indicator("number", 5.0, below) is Status.NOT_MET
    assert engine.evaluate_indicator("number", 4.9, below) is Status.MET
    assert above.describe("percent") == ">90" and below.describe("number") == "<5"
    person = Threshold("2", None, None, text="Đạt chuẩn")
    assert engine.evaluate_indicator("bool", 1.0, person) is Status.UNKNOWN
    assert engine.evaluate_indicator("bool", None, person) is Status.NO_VALUE
    # a criterion with a qualitative indicator is never met by guess
    assert engine.evaluate_criterion([Status.MET, Status.UNKNOWN]) is Status.UNKNOWN
    assert Threshold("*", "==", 1.0, text="Có").describe("bool") == "Có"
    with pytest.raises(ValueError):
        engine.compare("!=", 1.0, 0.0)


def test_migration_0007_keeps_the_thresholds_of_an_older_file(tmp_path, monkeypatch):
    """A database made before migration 0007 keeps its thresholds; its sets get kind and dates."""
    old = tmp_path / "migrations"
    old.mkdir()
    for script in sorted(paths.migrations_dir().glob("000[1-6]_*.sql")):
        shutil.copy(script, old)
    real = paths.migrations_dir
    with monkeypatch.context() as patched:
        patched.setattr(paths, "migrations_dir", lambda: old)
        patched.setattr(database, "MIGRATIONS", None)
        st = database.open_store(tmp_path / "old.sqlite3")
        for sql in (
            "INSERT INTO criteria_sets (code, name, level, tier, valid_from, valid_to, content, content_hash,"
            " loaded_at) VALUES ('X', 'x', 'commune', 'nang_cao', 2021, 2025, '{}', 'h', 'now')",
            "INSERT INTO criteria (set_id, number, name, group_code, group_name) VALUES (1, 1, 'a', 'g', 'g')",
            "INSERT INTO indicators (set_id, criterion_id, code, ord, name, type)"
            " VALUES (1, 1, '1.1', 0, 'a', 'percent')",
            "INSERT INTO thresholds (indicator_id, region, op, value, certainty, source)"
            " VALUES (1, 'TN', '>=', 85, 'V', 'S1')",
        ):
            st.db.execute(sql)
        st.db.conn.commit()
        st.close()
    assert paths.migrations_dir is real
    monkeypatch.setattr(database, "MIGRATIONS", None)
    st = database.open_store(tmp_path / "old.sqlite3")
    try:
        assert [tuple(r) for r in st.db.execute("SELECT region, op, value, text, unit FROM thresholds")] == [
            ("TN", ">=", 85.0, None, None)]
        cs = criteria.get_set(st, "X")
        assert (cs.kind, cs.from_date, cs.to_date, cs.columns) == ("nang-cao", "2021-01-01", "2025-12-31", "region")
        assert st.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        st.close()


def test_a_sets_plausibility_rules_are_validated_with_the_set(tmp_path):
    """docs/checks.md: a set document's own plausibility rules are checked where the set is: a bad
    rule refuses the file naming it; good ones load."""
    import json as _json

    from ntm_desktop.criteria import documents
    from ntm_desktop.errors import InputRejected

    data = _json.loads(documents.bundled_files()[0].read_text(encoding="utf-8"))
    data["plausibility"] = [{"rule": "max_change", "indicator": "2.1", "points": 30}]
    documents.validate(data, tmp_path / "good.json")
    data["plausibility"] = [{"rule": "jump", "points": 30}]
    try:
        documents.validate(data, tmp_path / "bad.json")
    except InputRejected as refused:
        assert "plausibility rule 1" in str(refused) and "bad.json" in str(refused)
    else:
        raise AssertionError("an unknown plausibility rule must be refused")
