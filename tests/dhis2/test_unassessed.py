"""Communes with no result and no indicator value in the period are not sent (issue 21 part 6,
review finding 6): ``false`` would tell DHIS2 "not met" for a commune nobody assessed, and
overwrite what it holds. The sum of ``true`` still equals the summary's count, the number left
out is reported, and a period with nothing at all is refused (exit 3, no file)."""

import json

from ntm_desktop import assessments, summary, units
from ntm_desktop.dhis2.export import export
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store
from tests.cli.test_cli import assert_error, ntm
from tests.dhis2.conftest import COMMUNES
from tests.dhis2.formats import read_json
from tests.dhis2.test_export_cli import met_counts


def test_a_quarter_sends_only_the_communes_assessed_by_its_end(dhis2_db, tmp_path):
    out = tmp_path / "q2.json"
    result = ntm(dhis2_db, "export-dhis2", "--year", "2020", "--period", "2020-Q2", "--format", "json",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = read_json(out)
    dak_long = next(code for d, c, code in COMMUNES if (d, c) == ("Đăk Glei", "Đăk Long"))
    assert {u for _e, _p, u, _v in rows} == {dak_long}  # the year's table counts from the year's end only
    assert t("dhis2.left_out", count=84, period="2020-Q2") in result.stdout
    assert "1 xã" in result.stdout
    quarter = json.loads(ntm(dhis2_db, "summary", "--year", "2020", "--period", "2020-Q2", "--json").stdout)
    assert quarter["communes"] == 85 and sum(quarter["per_criterion"].values()) > 0
    assert {n: met_counts(rows)[n] for n in quarter["per_criterion"]} == quarter["per_criterion"]


def test_a_commune_with_only_an_indicator_value_is_sent_with_its_criteria(dhis2_db, tmp_path):
    store = open_store(dhis2_db)
    try:
        unit = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
        assessments.set_indicator_value(store, unit, Period(2020, "Q", 1), "15.1", "61",
                                        batch=audit.new_batch("entered", "DHIS2 test"))
        metadata = tmp_path / "metadata.json"
        done = export(store, 2020, Period(2020, "Q", 1), "json", tmp_path / "q1.json", metadata)
        per_criterion = summary.summary(store, 2020, period=Period(2020, "Q", 1))["per_criterion"]
    finally:
        store.close()
    assert (done.communes, done.left_out) == (1, 84)
    rows = read_json(tmp_path / "q1.json")
    values = {e: v for e, _p, _u, v in rows}
    assert {u for _e, _p, u, _v in rows} == {"23521"}
    assert values["QG-2016-2020_CT15.1"] == "61"
    assert [v for e, v in values.items() if "_TC" in e] == ["false"] * 19  # assessed: what it does not meet is false
    assert per_criterion == {n: 0 for n in per_criterion}
    # the data set stays assigned to every commune in the programme: they may be assessed later
    data_set = json.loads(metadata.read_text(encoding="utf-8"))["dataSets"][0]
    assert len(data_set["organisationUnits"]) == 85


def test_a_database_without_results_is_refused_and_writes_nothing(tmp_path):
    db = tmp_path / "empty.sqlite3"
    assert ntm(db, "init", "--province", "Kon Tum").returncode == 0
    out = tmp_path / "out" / "2020.json"
    result = ntm(db, "export-dhis2", "--year", "2020", "--format", "json", "--out", str(out),
                 "--metadata", str(tmp_path / "metadata.json"))
    assert_error(result, 3)
    assert t("dhis2.no_data", period="2020", communes=85) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite3"]
