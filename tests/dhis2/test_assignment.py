"""The metadata assigns the data set to the same communes whatever the year exported (review
finding 18): a DHIS2 metadata import replaces a data set's org units, so importing 2022's
metadata after 2025's must not take the communes of the new era (from 1 July 2025) off it."""

import json

from tests.cli.test_cli import ntm


def test_every_year_of_a_set_assigns_its_data_set_to_the_same_communes(tmp_path):
    db = tmp_path / "eras.sqlite3"
    assert ntm(db, "init", "--province", "Kon Tum").returncode == 0
    for year, period in (("2022", "2022"), ("2025", "2025-Q1")):
        result = ntm(db, "set", "--year", year, "--period", period, "--code", "23326", "--criterion", "1",
                     "--met", "yes")
        assert result.returncode == 0, result.stderr
    found = {}
    for year in ("2022", "2025"):
        meta = tmp_path / f"metadata-{year}.json"
        result = ntm(db, "export-dhis2", "--year", year, "--format", "json", "--out", str(tmp_path / f"{year}.json"),
                     "--metadata", str(meta))
        assert result.returncode == 0, result.stderr
        found[year] = json.loads(meta.read_text(encoding="utf-8"))
    assignments = {year: sorted(x["id"] for x in m["dataSets"][0]["organisationUnits"]) for year, m in found.items()}
    assert found["2022"]["dataSets"][0]["code"] == found["2025"]["dataSets"][0]["code"] == "NTM_QG-2021-2025_Yearly"
    assert assignments["2022"] == assignments["2025"]
    units = {u["id"]: u for u in found["2022"]["organisationUnits"]}
    codes = {units[i]["code"] for i in assignments["2022"]}
    assert {"23326", "23326-T2025"} <= codes  # the new Ia Chim and the old one, which ended on 30/06/2025
    assert len(codes) > 85  # Kon Tum's 85 communes of 2022 and those after the reform
    # two trees: the old province (ended, with its end year) and Quảng Ngãi, which took it in
    assert sorted(u["code"] for u in units.values() if "parent" not in u) == ["51", "62-T2025"]
