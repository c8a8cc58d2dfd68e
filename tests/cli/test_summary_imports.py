"""Issue 22, fifth session: ``ntm summary --json`` leaves out what it never uses: the criteria
model and the engine (``criteria.sets.outline``), the targets' service and records' writer
(``targets.progress``), decimal (integer rounding), shutil (argparse's width), difflib (only
``text.similarity``); ``--period`` and ``--district`` included. Sixth session: nor the
catalog's areas but the bands' labels (no text is printed), getpass (the login name is looked
up at the first write), zlib (the damage check's mark is named by binascii's CRC-32), locale
(argparse's gettext lookups), typing, and dataclasses with inspect (a unit resolved by name is a
plain record)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ntm_desktop import assessments, units
from ntm_desktop.periods import Period

ROOT = Path(__file__).resolve().parents[2]
SPARED = ("decimal", "shutil", "difflib", "ntm_desktop.criteria.model", "ntm_desktop.engine",
          "ntm_desktop.targets.service", "ntm_desktop.targets.records", "ntm_desktop.store.record_table",
          "ntm_desktop.units.records", "ntm_desktop.catalog.cli", "ntm_desktop.catalog.sync", "getpass", "zlib",
          "locale", "typing", "dataclasses", "inspect")
PROBE = f"""
import json, sys
from ntm_desktop.cli import main
code = main(sys.argv[1:])
sys.stderr.write(json.dumps({{"code": code, "loaded": sorted(m for m in sys.modules if m in {SPARED!r})}}) + "\\n")
"""


@pytest.mark.parametrize("extra", [[], ["--period", "2020-Q3"], ["--district", "Đăk Hà"]])
def test_summary_imports_none_of_what_it_does_not_use(store, db_path, extra):
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_official(store, commune, Period(2020, "Q", 2), 4, True)
    result = subprocess.run([sys.executable, "-c", PROBE, "--db", str(db_path), "summary", "--year", "2020", *extra,
                             "--json"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    district = "--district" in extra  # resolving the name gives a Unit record
    assert report == {"code": 0, "loaded": ["ntm_desktop.units.records"] if district else []}, result.stderr
    data = json.loads(result.stdout)
    assert data["per_criterion"]["4"] == 1 and (0 < data["communes"] < 85 if district else data["communes"] == 85)


def test_the_catalog_loads_at_the_first_text_and_keeps_the_window_texts():
    """i18n loads the catalog's areas on first use (``i18n.MESSAGES``, ``t``, ``register``) in a
    fresh process: the same texts as every area merged, and what the window adds stays."""
    probe = """
import json, sys
from ntm_desktop import i18n
before = sorted(m for m in sys.modules if m.startswith("ntm_desktop.catalog."))
text = i18n.t("cli.usage", message="x")
after = sorted(m for m in sys.modules if m.startswith("ntm_desktop.catalog."))
i18n.register({"test.key": ("một", "one")})
from ntm_desktop import catalog
from importlib import import_module
areas = [import_module("ntm_desktop.catalog." + name) for name in catalog.AREAS]
merged = {k: list(v) for area in areas for k, v in area.MESSAGES.items()}
mine = {k: list(v) for k, v in i18n.MESSAGES.items() if k != "test.key"}
print(json.dumps({"before": before, "after": len(after), "text": text, "same": mine == merged,
                  "kept": i18n.t("test.key"), "areas": len(catalog.AREAS)}))
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    report = json.loads(result.stdout)
    assert report["before"] == [] and report["after"] == report["areas"] >= 16, result.stderr
    assert report["text"] == "Cách dùng không đúng: x" and report["same"] and report["kept"] == "một"


@pytest.mark.parametrize(("command", "collecting"), [("summary", False), ("units", True)])
def test_a_summary_runs_without_the_collector_and_gives_it_back(store, db_path, monkeypatch, capsys, command,
                                                                collecting):
    """The cyclic collector is off while ``ntm summary`` runs (it finds nothing there) and on again
    after, for whoever called main(); other commands run with it as they found it."""
    import gc

    from ntm_desktop import cli
    from ntm_desktop.cli import basics
    from ntm_desktop.cli import summary as cli_summary

    assert store.path == db_path  # a Kon Tum database, open beside the command's connection
    seen = []
    if command == "summary":
        real = cli_summary.build_summary
        monkeypatch.setattr(cli_summary, "build_summary",
                            lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
        argv = ["--db", str(db_path), "summary", "--year", "2020", "--json"]
    else:
        real_list = basics.cmd_units_list
        monkeypatch.setattr(basics, "cmd_units_list", lambda args: seen.append(gc.isenabled()) or real_list(args))
        argv = ["--db", str(db_path), "units", "list", "--json"]
    assert gc.isenabled()
    assert cli.main(argv) == 0
    assert seen == [collecting] and gc.isenabled()
    assert json.loads(capsys.readouterr().out)
