"""A database made from the DEMO dataset (CONTRACT §6) says so in what it sends to DHIS2: every
value carries the comment DEMO, and the counts are still the summary's."""

import csv

from ntm_desktop import summary
from ntm_desktop.dhis2.export import export
from ntm_desktop.periods import Period
from ntm_desktop.setup import demo
from tests.dhis2.formats import read_csv


def test_demo_values_carry_the_comment_demo(tmp_path):
    store = demo.create(tmp_path / "demo.sqlite3")
    try:
        year = demo.DEMO_YEARS[-1]
        done = export(store, year, None, "csv", tmp_path / "demo.csv")
        expected = summary.summary(store, year)
    finally:
        store.close()
    assert done.period == Period(year, "Y") and done.communes == expected["communes"]
    with (tmp_path / "demo.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {r["comment"] for r in rows} == {"DEMO"}
    values = read_csv(tmp_path / "demo.csv")
    met = {n: sum(1 for e, _p, _u, v in values if e.endswith(f"_TC{int(n):02d}") and v == "true")
           for n in expected["per_criterion"]}
    assert met == expected["per_criterion"] and sum(met.values()) > 0
