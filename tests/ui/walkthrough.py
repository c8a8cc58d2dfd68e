"""A day's work walked through at 1366×768, with a screenshot of each step (issue 20): first
start, entry, overview, import, twinning, report, package, the F1 guide. Not a test (pytest does
not collect it); run it under Xvfb, with a window manager if one is installed (openbox draws the
title bars, so that dialogs' titles can be checked too):

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python tests/ui/walkthrough.py vi docs/screenshots

The images are written as walkthrough-STEP-LANG.png, reduced to 256 colours (docs/walkthrough.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main(lang: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="ntm-walk-"))
    os.environ["NTM_DATA_DIR"] = str(scratch / "data")
    wm = None
    if shutil.which("openbox"):
        wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S607
        time.sleep(1.0)
    app = QApplication([])
    from ntm_desktop import i18n, units
    from ntm_desktop.setup import demo
    from ntm_desktop.store import open_database
    from ui import catalog
    from ui.app import prepare, save_home
    from ui.dialogs import FirstRunDialog
    from ui.help.dialog import show_help
    from ui.main_window import MainWindow
    from ui.qt_texts import install_translator
    from ui.sync import actions

    catalog.install()
    install_translator(app)
    i18n.set_language(lang)

    def wait(ms: int, until=None) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end or (until is not None and not until()):
            app.processEvents()

    def shot(step: str) -> None:
        wait(100)
        path = out / f"walkthrough-{step}-{lang}.png"
        app.primaryScreen().grabWindow(0).save(str(path))  # the whole screen, title bars included
        Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)

    fresh = open_database(scratch / "fresh.sqlite3", create=True)
    prepare(fresh, "never")
    first = FirstRunDialog(fresh)
    first.show()
    wait(300)
    shot("01-first-start")
    first.close()
    fresh.close()

    store = demo.create(scratch / "demo.sqlite3")
    save_home(store, "province:62", "district:615")
    win = MainWindow(store)
    win.place(None)
    win.show()
    win.scorecard.year.setValue(2020)
    win.tree.select_commune(units.resolve_commune(store, "Đăk Mar", "Đăk Hà").id)
    wait(400)
    shot("02-entry")

    overview = win.show_tab("ui.overview.view")
    overview.year.setValue(2020)
    wait(800)
    shot("03-overview")

    win.tabs.setCurrentIndex(0)
    done: list[object] = []
    task = win.export_table(str(scratch / "bieu.xlsx"), year=2020)
    task.done.connect(done.append)
    wait(0, lambda: bool(done))
    dialog = win.import_table(str(scratch / "bieu.xlsx"))
    wait(300, lambda: dialog.preview is not None)
    shot("04-import")
    dialog.reject()

    twinning = win.show_tab("ui.twinning.view")
    twinning.table.selectRow(0)
    assign = twinning.open_assign()
    wait(300)
    assign.agency.lineEdit().setText("so tai")
    completer = assign.agency.completer()
    completer.setCompletionPrefix("so tai")
    completer.complete()
    shot("05-twinning")
    completer.popup().hide()
    assign.reject()

    report = win.show_tab("ui.reports.view")
    report.set_choice("district", 2020, "Đăk Hà")
    report.preview()
    wait(500, lambda: report.task is None)
    shot("06-report")

    win.show_tab("ui.sync.view")
    package = actions.export_package(win)
    wait(400)
    shot("07-package")
    package.reject()

    win.tabs.setCurrentIndex(1)
    guide = show_help(win)
    wait(400)
    shot("08-help")
    guide.close()
    win.close()
    store.close()
    if wm is not None:
        wm.terminate()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
