"""Does the installed PySide6 drop references to None? (a stability check, not a timing)

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on every call of a Qt
method that returns nothing, and on every Python ``data()`` override that returns None
to Qt. Before Python 3.12 made ``None`` immortal, the count reaching zero aborts the
process ("Fatal Python error: none_dealloc: deallocating None"). This script measures
the loss per call and per scorecard switch on the Kon Tum benchmark database, and how
many switches the window survives. Exit status 1 when references are being lost.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/check_none_refs.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import machine, none_ballast  # noqa: E402

CALLS = 1000


def main() -> int:
    db = datagen.ensure_kontum()
    os.environ["NTM_DATA_DIR"] = str(datagen.OUT / "data")
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QFont, QUndoStack
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    at_start = sys.getrefcount(None)
    label, obj, font = QLabel(), QObject(), QFont()
    calls = {
        "QLabel.setText": lambda: label.setText("x"),
        "QObject.setObjectName": lambda: obj.setObjectName("x"),
        "QFont.setBold": lambda: font.setBold(True),
        "QObject.blockSignals (returns bool)": lambda: obj.blockSignals(False),
    }
    m = machine()
    print(f"PySide6 {m.get('pyside6')}, Python {m['python']}: references to None at start {at_start}")
    leaking = False
    for name, call in calls.items():
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            call()
        lost = (before - sys.getrefcount(None)) / CALLS
        leaking |= lost >= 0.5
        print(f"  {name:38s} lost per call: {lost:.2f}")

    from ntm_desktop.store.database import open_store
    from ui.scorecard.view import ScorecardView

    none_ballast()  # so the switches below can be counted without aborting
    store = open_store(db, create=False)
    ids = [r["id"] for r in store.query("SELECT id FROM units WHERE level = 'commune' ORDER BY id")]
    view = ScorecardView(store, QUndoStack())
    view.resize(1100, 720)
    view.show()
    app.processEvents()
    before = sys.getrefcount(None)
    for unit_id in ids[:50]:
        view.show_commune(unit_id)
        app.processEvents()
    per_switch = (before - sys.getrefcount(None)) / 50
    print(f"  scorecard switch (show + paint)        lost per switch: {per_switch:.0f}")
    if per_switch >= 1:
        print(f"  → a window started with ~{at_start} references survives about"
              f" {at_start / per_switch:.0f} switches, then aborts")
    print("LEAKING" if leaking else "ok")
    sys.stdout.flush()
    os._exit(1 if leaking else 0)


if __name__ == "__main__":
    main()
