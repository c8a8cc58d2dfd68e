"""The window's first paint waits for nothing it does not show (issue 22): the way main.py starts it,
in a process of its own, the feature tabs, the dialogs and the libraries of files and reports
(openpyxl, reportlab, python-docx, calamine) are not imported by the first paint, nor the
scorecard's service, the checks, the recognitions, the backups and the log file's handler (the
first three are imported on the turn after it); PySide6's ``Qt`` namespace and ``QStyle`` are not
built (their Python enums); the core is imported before PySide6 (whose import hook reads the source
of every module imported after it), and the damage check starts only after the paint. An edit made
before anything is imported after the paint is saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from ntm_desktop import assessments, catalog, units  # noqa: E402
from ntm_desktop.periods import Period  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui import app as appmod  # noqa: E402
from ui.scorecard import roles  # noqa: E402

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
def main_window(store, **options):
    window = real_window(store, **options)
    class Probe(QObject):
        def eventFilter(self, obj, event):
            if obj is window and event.type() == QEvent.Type.Paint and not painted[0]:
                painted[0] = True
                seen["at_paint"] = list(sys.modules)
                import PySide6.QtCore, PySide6.QtWidgets
                built = (("Qt", PySide6.QtCore), ("QStyle", PySide6.QtWidgets))
                seen["built_at_paint"] = [name for name, module in built if name in vars(module)]
                seen["settings_at_paint"] = os.path.exists(SETTINGS)
                seen["entries_at_paint"] = [len(menu.actions()) for menu in window.menus.values()]
                seen["window"] = window
                QTimer.singleShot(int(os.environ["WAIT_MS"]), finish)
            return False
    window._probe = Probe(window)
    window.installEventFilter(window._probe)
    return window
app_module.MainWindow = main_window

def finish():
    later = open(SETTINGS, encoding="utf-8").read() if os.path.exists(SETTINGS) else ""
    window = seen.pop("window")
    entries = [len(menu.actions()) for menu in window.menus.values()]
    sys.stdout.write(json.dumps({**seen, "later": list(sys.modules), "checks": checks, "settings": later,
                                 "entries_later": entries}) + "\\n")
    sys.stdout.flush()
    os._exit(0)

sys.exit(app_module.main(["--db", sys.argv[1]]))
"""

# loaded after the first paint: WARM_UP on the turn after it, the rest when first used
AFTER_PAINT = (*appmod.WARM_UP, "ntm_desktop.assessments.evaluator", "ntm_desktop.store.backup", "logging.handlers",
               "platform", "locale", "ntm_desktop.engine")  # locale: argparse asks gettext nothing (ui.lean_start)

HEAVY = ("openpyxl", "reportlab", "docx", "python_calamine", "sqlite_utils", "ntm_desktop.excel", "ntm_desktop.reports",
         "ntm_desktop.sync", "ui.excel", "ui.reports", "ui.sync", "ui.twinning", "ui.overview", "ui.planning",
         "ui.criteria", "ui.backup", "ui.help", "ui.dialogs", "ui.scorecard.unit_changes")


def _heavy(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.fixture
def start(tmp_path, home_db):
    db = home_db

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
    assert [m for m in AFTER_PAINT if m in seen["at_paint"]] == []
    assert seen["built_at_paint"] == []
    assert set(appmod.WARM_UP) <= set(seen["later"])
    order = seen["at_paint"]
    assert order.index("ntm_desktop.store.database") < order.index("PySide6.QtCore")
    assert order.index("ntm_desktop.setup.prepare") < order.index("PySide6.QtCore")
    # the core's texts load on first use (i18n): the window loads them before the hook too
    assert max(order.index(f"ntm_desktop.catalog.{area}") for area in catalog.AREAS) < order.index("PySide6.QtCore")
    # after the paint: the damage check ran (once), the database is remembered (a file written, no
    # longer before the paint), and a kept name needs no question, nor its module
    assert seen["checks"] == [True]
    assert not seen["settings_at_paint"] and "office.sqlite3" in seen["settings"]
    # the menus' entries on the turn after the paint, which shows their titles only (test_start_costs)
    assert seen["entries_at_paint"] == [0] * 7 and min(seen["entries_later"]) > 0
    assert _heavy(seen["later"]) == []


def test_the_question_for_a_name_loads_its_dialog_after_the_first_paint(start):
    seen = start(appmod.CHECK_AFTER_PAINT_MS + 1500, NTM_USER_NAME="")
    assert "ui.reports.settings_dialog" not in seen["at_paint"]
    assert "ui.reports.settings_dialog" in seen["later"]


EDIT_PROBE = """
import json, os, sys
import ui.app as app_module
from PySide6.QtCore import QEvent, QObject, QTimer
from ntm_desktop import units
from ui.scorecard import roles
from ui.scorecard.model import VALUE

real_window = app_module.MainWindow
def main_window(store, **options):
    window = real_window(store, **options)
    class Probe(QObject):
        done = False
        def eventFilter(self, obj, event):
            if obj is window and event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                QTimer.singleShot(0, lambda: guarded(window))  # after FirstPaint's turn, before the warm-up's
            return False
    window._probe = Probe(window)
    window.installEventFilter(window._probe)
    return window
app_module.MainWindow = main_window

def guarded(window):
    try:
        edit(window)
    except BaseException:  # the crash dialog would wait for a click: end the process with the traceback
        import traceback
        traceback.print_exc()
        os._exit(1)

def edit(window):
    before = [m for m in app_module.WARM_UP if m in sys.modules]
    commune = units.by_nkey(window.store, sys.argv[2])
    shown = window.tree.select_commune(commune.id)
    model = window.scorecard.model
    nodes = [i for g in model.roots for c in g.children for i in c.children
             if i.payload.indicator.type in ("percent", "number")]
    node = nodes[0]
    saved = model.setData(node.cells[VALUE].index(), "85", roles.EDIT)
    row = window.store.query("SELECT v.value FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
                             " WHERE v.commune_id = ? AND i.code = ?", [commune.id, node.payload.indicator.code])
    sys.stdout.write(json.dumps({"loaded_before": before, "shown": shown, "saved": saved,
                                 "stored": [r["value"] for r in row], "undo": window.undo_stack.count(),
                                 "count": window.scorecard.count.text(),
                                 "year": window.scorecard.year.value()}) + "\\n")
    sys.stdout.flush()
    os._exit(0)

sys.exit(app_module.main(["--db", sys.argv[1]]))
"""


def test_an_edit_right_after_the_first_paint_is_saved(tmp_path):
    """The scorecard's service and checks load with the first commune shown when the user is quicker
    than the warm-up: the value is saved, undoable, and the count shows it."""
    db = tmp_path / "office.sqlite3"
    store = open_store(db)
    appmod.prepare(store)
    appmod.save_home(store, "province:62", "district:615")
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_official(store, commune, Period(2024, "Y"), 1, True)  # the window opens on 2024
    store.close()
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NTM_DATA_DIR": str(tmp_path / "data"),
                   "XDG_CONFIG_HOME": str(tmp_path / "config"), "NTM_USER_NAME": "Nguyễn Văn A"}
    result = subprocess.run([sys.executable, "-c", EDIT_PROBE, str(db), commune.nkey], capture_output=True, text=True,
                            cwd=ROOT, env=environment, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-3000:]
    seen = json.loads(lines[-1])
    assert seen["loaded_before"] == []  # the edit came before the warm-up
    assert seen["shown"] and seen["saved"] and seen["stored"] == ["85"] and seen["undo"] == 1
    assert seen["count"] and seen["year"] == 2024  # the scorecard's count is shown
    reopened = open_store(db)
    try:
        stored = reopened.query("SELECT count(*) AS n FROM indicator_values WHERE commune_id = ?", [commune.id])
        assert stored[0]["n"] == 1  # and nothing else
    finally:
        reopened.close()


def test_roles_are_qts_values():
    """The plain ints the first paint names roles by are Qt's own (ui/scorecard/roles.py)."""
    role = Qt.ItemDataRole
    assert (roles.DISPLAY, roles.DECORATION, roles.EDIT, roles.TOOLTIP, roles.FONT, roles.BACKGROUND,
            roles.FOREGROUND, roles.USER) == tuple(int(r) for r in (
                role.DisplayRole, role.DecorationRole, role.EditRole, role.ToolTipRole, role.FontRole,
                role.BackgroundRole, role.ForegroundRole, role.UserRole))
