"""``ntm summary`` starts light (issue 22): its parser is built alone and it imports neither the
other commands' modules nor openpyxl; and its figures come from SQL, one row a commune."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ntm_desktop import assessments, units
from ntm_desktop.cli import build_parser, command_of
from ntm_desktop.periods import Period
from ntm_desktop.summary import latest_statuses, met_masks, numbers_in, summary

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from ntm_desktop.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("openpyxl", "reportlab", "docx", "PySide6")
               or m in ("ntm_desktop.cli.planning", "ntm_desktop.cli.report", "ntm_desktop.cli.sync",
                        "logging.handlers", "ntm_desktop.assessments",
                        # issue 22: what a database of the current schema, criteria and units re-exported
                        # lazily, and the damage check's mark spare it
                        "ntm_desktop.store.backup", "ntm_desktop.criteria.tables", "ntm_desktop.criteria.documents",
                        "ntm_desktop.criteria.set_versions", "ntm_desktop.units.changes", "ntm_desktop.units.national",
                        "ntm_desktop.units.classes", "secrets", "socket", "uuid", "calendar", "platformdirs",
                        "typing",  # 2.9 ms: annotations only (the TYPE_CHECKING = False blocks)
                        "ntm_desktop.catalog.core"))  # the bundled sets' bands carry their labels
sys.stderr.write(json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""


@pytest.mark.parametrize(("argv", "command"), [
    (["summary", "--year", "2020"], "summary"),
    (["--db", "summary", "summary", "--year", "2020"], "summary"),  # a database file named "summary"
    (["--lang", "en", "--db", "x.sqlite3", "summary", "--json"], "summary"),
    (["--db", "x.sqlite3", "units", "list"], "units"),
    (["--help"], None),
    (["--version", "summary"], None),
    ([], None),
])
def test_command_of_finds_the_command_word(argv, command):
    assert command_of(argv) == command


def test_summary_parser_alone_parses_what_the_full_parser_parses():
    argv = ["--db", "a.sqlite3", "--lang", "en", "summary", "--year", "2024", "--period", "2024-Q3",
            "--district", "Đăk Hà", "--set", "QG-2021-2025", "--json"]
    light, full = build_parser("summary").parse_args(argv), build_parser().parse_args(argv)
    assert {k: v for k, v in vars(light).items() if k != "func"} == {k: v for k, v in vars(full).items() if k != "func"}
    assert light.func is full.func


def test_summary_process_imports_nothing_heavy(store, db_path):
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_official(store, commune, Period(2020, "Y"), 3, True)
    result = subprocess.run([sys.executable, "-c", PROBE, "--db", str(db_path), "summary", "--year", "2020", "--json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "heavy": []}
    data = json.loads(result.stdout)
    assert data["per_criterion"]["3"] == 1 and data["communes"] == 85


def test_masks_hold_the_latest_status_of_each_criterion(store):
    """A later period's status replaces an earlier one; a status of another year does not count."""
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    long = units.resolve_commune(store, "Đăk Long", "Đăk Hà")
    assessments.set_official(store, ha_mon, Period(2020, "Q", 1), 1, True)
    assessments.set_official(store, ha_mon, Period(2020, "Q", 3), 1, False)  # the latest: not met
    assessments.set_official(store, ha_mon, Period(2020, "Q", 2), 19, True)
    assessments.set_official(store, long, Period(2019, "Y"), 5, True)  # another year
    assessments.set_official(store, long, Period(2020, "Y"), 7, False)
    set_id = store.query("SELECT id FROM criteria_sets WHERE code = 'QG-2016-2020'")[0]["id"]
    masks = met_masks(store, 2020, set_id)
    assert masks == {ha_mon.id: 1 << 19, long.id: 0}  # Đăk Long has a status (not met): with data
    assert numbers_in(masks[ha_mon.id]) == {19}
    # as known at the end of the second quarter, criterion 1 was met
    assert numbers_in(met_masks(store, 2020, set_id, Period(2020, "Q", 2))[ha_mon.id]) == {1, 19}
    met, with_data = latest_statuses(store, 2020, set_id)
    assert met == {ha_mon.id: {19}} and with_data == {ha_mon.id, long.id}
    figures = summary(store, 2020)
    assert figures["per_criterion"]["19"] == 1 and figures["per_criterion"]["1"] == 0
    assert figures["no_data"] == 85 - 2 and figures["by_count"]["1"] == 1 and figures["by_count"]["0"] == 84
