"""The window's first paint waits for nothing it does not show (issue 22): the way main.py starts it,
in a process of its own, the feature tabs, the dialogs and the libraries of files and reports
(openpyxl, reportlab, python-docx, calamine) are not imported by the first paint, the core is
imported before PySide6 (whose import hook reads the source of every module imported after it),
and the damage check starts only after the paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from ntm_desktop.store.database import open_store  # noqa: E402
from ui import app as appmod  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, os, sys, time
import ui.app as app_module  # as main.py does
from PySide6.QtCore import QEvent, QObject, QTimer
from ntm_desktop.store import database

checks = []
real_damage = database.damage
def damage(*args, **kwargs):
    checks.append(painted[0])
    return real_damage(*args, **kwargs)
database.damage = damage

SETTINGS = os.path.join(os.environ["NTM_DATA_DIR"], "settings.ini")
painted = [False]
seen = {}
real_window = app_module.MainWindow
def main_window(store):
    window = real_window(store)
    class Probe(QObject):
        def eventFilter(self, obj, event):
            if obj is window and event.type() == QEvent.Type.Paint and not painted[0]:
                painted[0] = True
                seen["at_paint"] = list(sys.modules)
                seen["settings_at_paint"] = os.path.exists(SETTINGS)
                QTimer.singleShot(int(os.environ["WAIT_MS"]), finish)
            return False
    window._probe = Probe(window)
    window.installEventFilter(window._probe)
    return window
app_module.MainWindow = main_window

def finish():
    later = open(SETTINGS, encoding="utf-8").read() if os.path.exists(SETTINGS) else ""
    sys.stdout.write(json.dumps({**seen, "later": list(sys.modules), "checks": checks, "settings": later}) + "\\n")
    sys.stdout.flush()
    os._exit(0)

sys.exit(app_module.main(["--db", sys.argv[1]]))
"""

HEAVY = ("openpyxl", "reportlab", "docx", "python_calamine", "sqlite_utils", "ntm_desktop.excel", "ntm_desktop.reports",
         "ntm_desktop.sync", "ui.excel", "ui.reports", "ui.sync", "ui.twinning", "ui.overview", "ui.planning",
         "ui.criteria", "ui.backup", "ui.help", "ui.dialogs", "ui.scorecard.unit_changes")


def _heavy(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.fixture
def start(tmp_path):
    db = tmp_path / "office.sqlite3"
    store = open_store(db)
    appmod.prepare(store)
    appmod.save_home(store, "province:62", "district:612")
    store.close()

    def run(wait_ms: int, **env: str) -> dict:
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NTM_DATA_DIR": str(tmp_path / "data"),
                       "XDG_CONFIG_HOME": str(tmp_path / "config"), "WAIT_MS": str(wait_ms), **env}
        result = subprocess.run([sys.executable, "-c", PROBE, str(db)], capture_output=True, text=True, cwd=ROOT,
                                env=environment, timeout=120)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        assert lines, result.stderr[-3000:]
        return json.loads(lines[-1])

    return run


def test_the_first_paint_loads_no_tab_dialog_or_file_library(start):
    seen = start(appmod.CHECK_AFTER_PAINT_MS + 1500, NTM_USER_NAME="Nguyễn Văn A")
    assert _heavy(seen["at_paint"]) == []
    assert "ui.main_window" in seen["at_paint"] and "ui.scorecard.view" in seen["at_paint"]
    order = seen["at_paint"]
    assert order.index("ntm_desktop.store.database") < order.index("PySide6.QtCore")
    assert order.index("ntm_desktop.setup.prepare") < order.index("PySide6.QtCore")
    # after the paint: the damage check ran (once), the database is remembered (a file written, no
    # longer before the paint), and a kept name needs no question, nor its module
    assert seen["checks"] == [True]
    assert not seen["settings_at_paint"] and "office.sqlite3" in seen["settings"]
    assert _heavy(seen["later"]) == []


def test_the_question_for_a_name_loads_its_dialog_after_the_first_paint(start):
    seen = start(appmod.CHECK_AFTER_PAINT_MS + 1500, NTM_USER_NAME="")
    assert "ui.reports.settings_dialog" not in seen["at_paint"]
    assert "ui.reports.settings_dialog" in seen["later"]
