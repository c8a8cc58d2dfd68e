"""``ntm export-dhis2`` end to end (CONTRACT §1; issue 21 part 6): the JSON, ADX and CSV files for
2020 hold the 85 communes of Kon Tum, and the number of communes with ``true`` for each criterion
equals ``ntm summary``'s count; the ADX file is valid against the ADX schema."""

import json
from collections import Counter

import pytest

from ntm_desktop.i18n import t
from tests.cli.test_cli import assert_error, ntm
from tests.dhis2.conftest import COMMUNES
from tests.dhis2.formats import HAVE_XMLLINT, read_adx, read_csv, read_json, xmllint_errors

READERS = {"json": read_json, "adx": read_adx, "csv": read_csv}


def export(db, tmp_path, fmt, *more):
    out = tmp_path / f"data.{fmt}"
    result = ntm(db, "export-dhis2", "--year", "2020", "--format", fmt, "--out", str(out), *more)
    assert result.returncode == 0, result.stderr
    return out, result


def summary(db, *more):
    result = ntm(db, "summary", "--year", "2020", *more, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def met_counts(rows):
    """criterion number → communes with true, from the rows of the criteria's data elements."""
    counts = Counter()
    for element, _period, _unit, value in rows:
        if "_TC" in element:
            assert value in ("true", "false")
            counts[str(int(element.rsplit("_TC", 1)[1]))] += value == "true"
    return counts


@pytest.mark.parametrize("fmt", ["json", "adx", "csv"])
def test_2020_holds_85_communes_whose_met_counts_equal_the_summary(dhis2_db, tmp_path, fmt):
    out, result = export(dhis2_db, tmp_path, fmt)
    assert "85 xã" in result.stdout
    assert "dhis2.left_out" not in result.stdout and t("dhis2.left_out", count=0, period="2020") not in result.stdout
    rows = READERS[fmt](out)
    assert {unit for _e, _p, unit, _v in rows} == {code for _d, _c, code in COMMUNES}  # GSO codes
    assert len(COMMUNES) == 85
    expected = summary(dhis2_db)["per_criterion"]
    assert sum(expected.values()) > 0
    assert {n: met_counts(rows)[n] for n in expected} == expected
    criteria_rows = [r for r in rows if "_TC" in r[0]]
    assert len(criteria_rows) == 85 * 19  # every commune assessed, every criterion: as the summary counts
    assert {p for _e, p, _u, _v in rows} == {"2020-01-01/P1Y" if fmt == "adx" else "2020"}


@pytest.mark.skipif(not HAVE_XMLLINT, reason="xmllint (Debian libxml2-utils) is not installed")
@pytest.mark.parametrize("period", [None, "2020-Q3"])
def test_adx_is_valid_against_the_adx_schema(dhis2_db, tmp_path, period):
    out, _ = export(dhis2_db, tmp_path, "adx", *(["--period", period] if period else []))
    assert xmllint_errors(out) is None
    broken = tmp_path / "broken.xml"  # the check is real: a DHIS2 period is not an ADX one
    broken.write_text(out.read_text(encoding="utf-8").replace("2020-07-01/P3M" if period else "2020-01-01/P1Y",
                                                              "2020Q3"), encoding="utf-8")
    assert "fails to validate" in xmllint_errors(broken)


@pytest.mark.parametrize("fmt", ["json", "adx"])
def test_a_quarter_counts_what_was_known_at_its_end(dhis2_db, tmp_path, fmt):
    out, _ = export(dhis2_db, tmp_path, fmt, "--period", "2020-Q3")
    rows = read_json(out) if fmt == "json" else read_adx(out)
    assert {p for _e, p, _u, _v in rows} == {"2020Q3" if fmt == "json" else "2020-07-01/P3M"}
    quarter = summary(dhis2_db, "--period", "2020-Q3")["per_criterion"]
    assert {n: met_counts(rows)[n] for n in quarter} == quarter
    values = {(e, u): v for e, _p, u, v in rows}
    assert values["QG-2016-2020_TC02", "23521"] == "true"  # Hà Mòn, set in 2020-Q3
    assert values["QG-2016-2020_TC03", "23521"] == "false"
    assert sum(1 for (e, _u), v in values.items() if "_TC" in e and v == "true") == sum(quarter.values())


def test_indicator_values_are_each_indicators_latest_of_the_period(dhis2_db, tmp_path):
    out, _ = export(dhis2_db, tmp_path, "json")
    values = {(e, u): v for e, _p, u, v in read_json(out)}
    assert values["QG-2016-2020_CT15.1", "23521"] == "92.5"  # entered as 92,5
    assert values["QG-2016-2020_CT1.1", "23521"] == "true"  # entered as có
    assert values["QG-2016-2020_CT17.1", "23521"] == "40"  # 2020-Q3 is the latest of the year
    dak_long = next(code for d, c, code in COMMUNES if (d, c) == ("Đăk Glei", "Đăk Long"))
    assert values["QG-2016-2020_CT15.1", dak_long] == "80"
    early, _ = export(dhis2_db, tmp_path, "csv", "--period", "2020-Q2")
    early_values = {(e, u): v for e, _p, u, v in read_csv(early)}
    assert early_values["QG-2016-2020_CT15.1", dak_long] == "70"
    assert ("QG-2016-2020_CT15.1", "23521") not in early_values  # nothing known yet at the end of Q2
    assert early_values["QG-2016-2020_TC05", dak_long] == "true"


def test_metadata_declares_every_code_the_data_uses(dhis2_db, tmp_path):
    meta_path = tmp_path / "metadata.json"
    out, result = export(dhis2_db, tmp_path, "json", "--metadata", str(meta_path))
    assert "idScheme=CODE" in result.stdout
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert set(meta) == {"dataElements", "dataSets", "organisationUnits"}
    elements = {d["code"]: d for d in meta["dataElements"]}
    units = {u["code"]: u for u in meta["organisationUnits"]}
    rows = read_json(out)
    assert {e for e, _p, _u, _v in rows} <= set(elements)
    assert {u for _e, _p, u, _v in rows} <= set(units)
    for d in meta["dataElements"]:
        assert len(d["code"]) <= 50 and len(d["shortName"]) <= 50 and len(d["name"]) <= 230
        assert d["domainType"] == "AGGREGATE" and d["valueType"] in ("BOOLEAN", "NUMBER", "TEXT")
    assert len({d["name"] for d in meta["dataElements"]}) == len(elements)  # DHIS2 wants unique names
    for element, _p, _u, value in rows:
        if elements[element]["valueType"] == "NUMBER":
            float(value)
        elif elements[element]["valueType"] == "BOOLEAN":
            assert value in ("true", "false")
    [data_set] = meta["dataSets"]
    assert data_set["periodType"] == "Yearly" and data_set["code"] == json.loads(out.read_text())["dataSet"]
    ids = {d["id"] for d in meta["dataElements"]}
    assert {x["dataElement"]["id"] for x in data_set["dataSetElements"]} == ids
    by_id = {u["id"]: u for u in meta["organisationUnits"]}
    assert len(by_id) == len(units) == 85 + 10 + 1  # communes, districts, the province
    assert {by_id[x["id"]]["code"] for x in data_set["organisationUnits"]} == {c for _d, _n, c in COMMUNES}
    for unit in meta["organisationUnits"]:
        assert "parent" not in unit or unit["parent"]["id"] in by_id
        assert len(unit["shortName"]) <= 50 and unit["openingDate"]
    assert sum(1 for u in meta["organisationUnits"] if "parent" not in u) == 1


def test_an_ended_unit_carries_its_end_year_beside_the_unit_reusing_its_code(tmp_path):
    db = tmp_path / "eras.sqlite3"
    assert ntm(db, "init", "--province", "Kon Tum").returncode == 0
    result = ntm(db, "set", "--year", "2025", "--period", "2025-Q1", "--code", "23326", "--criterion", "1",
                 "--met", "yes")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "2025.json"
    result = ntm(db, "export-dhis2", "--year", "2025", "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = read_json(out)
    values = {(e, u): v for e, _p, u, v in rows}
    assert values["QG-2021-2025_TC01", "23326-T2025"] == "true"  # the old Ia Chim, ended 30/06/2025
    assert ("QG-2021-2025_TC01", "23326") not in values  # the new Ia Chim keeps the code, has no result: not sent
    assert {u for _e, _p, u, _v in rows} == {"23326-T2025"}
    data = json.loads(ntm(db, "summary", "--year", "2025", "--json").stdout)
    assert data["communes"] > 1
    assert t("dhis2.left_out", count=data["communes"] - 1, period="2025") in result.stdout
    assert {n: met_counts(rows)[n] for n in data["per_criterion"]} == data["per_criterion"]


def test_refusals_write_nothing(dhis2_db, tmp_path):
    out = tmp_path / "x.json"
    result = ntm(dhis2_db, "export-dhis2", "--year", "2020", "--period", "2021-Q1", "--format", "json",
                 "--out", str(out))
    assert_error(result, 2)
    assert_error(ntm(dhis2_db, "export-dhis2", "--year", "2020", "--format", "xml", "--out", str(out)), 2)
    result = ntm(dhis2_db, "export-dhis2", "--year", "2020", "--format", "json", "--out", str(out),
                 "--metadata", str(out))
    assert_error(result, 3)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    result = ntm(dhis2_db, "export-dhis2", "--year", "2020", "--format", "csv", "--out", str(blocker / "x.csv"))
    assert_error(result, 3)
    result = ntm(dhis2_db, "export-dhis2", "--year", "1999", "--format", "json", "--out", str(out), lang="en")
    assert_error(result, 3)  # no criteria set assesses 1999
    empty = tmp_path / "empty.sqlite3"
    assert ntm(empty, "init", "--units", "none").returncode == 0
    result = ntm(empty, "export-dhis2", "--year", "2020", "--format", "adx", "--out", str(out))
    assert_error(result, 3)  # no commune: an ADX message needs at least one group
    assert "2020" in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite3", "not-a-folder", "ntm.sqlite3"]
