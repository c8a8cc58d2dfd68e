"""Starting the window: choosing the database, first run, demo, smoke test."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ntm_desktop import assessments, criteria, demo, i18n, logs, paths, units
from ntm_desktop.errors import NtmError
from ntm_desktop.storage import Store, open_store

from .dialogs import FirstRunDialog
from .main_window import MainWindow
from .strings import t


def prepare(store: Store) -> None:
    """Bring a database up to date with the program's reference data (idempotent)."""
    if criteria.load_bundled(store):
        assessments.recompute_all(store)
    if not units.all_of_level(store, "province"):
        units.load_reference(store)


def save_home(store: Store, province: str | None, district: str | None) -> None:
    with store.transaction():
        store.set_meta("home_province", province)
        store.set_meta("home_district", district)


class Controller:
    """Owns the open database and the main window; reopens both on request."""

    def __init__(self, app: QApplication, settings: QSettings) -> None:
        self.app = app
        self.settings = settings
        self.store: Store | None = None
        self.window: MainWindow | None = None

    def open(self, path: Path, *, first_run: bool = True) -> bool:
        try:
            store = open_store(path, create=True)
            prepare(store)
        except NtmError as error:
            QMessageBox.critical(self.window, t("db.open_failed"), str(error))
            return False
        if first_run and store.meta("home_province") is None and not demo.is_demo(store):
            dialog = FirstRunDialog(store, self.window)
            result = dialog.exec()
            if result == FirstRunDialog.DEMO:
                province, district = dialog.choice()
                store.close()
                demo_path = paths.data_dir() / "ntm-demo.sqlite3"
                store = open_store(demo_path) if demo_path.exists() else demo.create(demo_path)
                if not demo.is_demo(store):  # a stray file of that name: never mix with demo data
                    store.close()
                    demo_path.unlink()
                    store = demo.create(demo_path)
                save_home(store, province, district)
            elif result == QDialog.DialogCode.Accepted:
                save_home(store, *dialog.choice())
            else:
                store.close()
                return False
        self._show(store)
        return True

    def _show(self, store: Store) -> None:
        self.settings.setValue("last_db", str(store.path))
        old_window, old_store = self.window, self.store
        self.store = store
        self.window = MainWindow(store)
        self.window.open_requested.connect(lambda p: self.open(Path(p)))
        self.window.language_requested.connect(self.switch_language)
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_store is not None and old_store is not store:
            old_store.close()

    def switch_language(self, code: str) -> None:
        i18n.set_language(code)
        self.settings.setValue("language", code)
        if self.store is not None:
            self._show(self.store)


def smoke_test(app: QApplication, db: Path | None, screenshot: Path | None) -> int:
    """Open the window on ``db`` (a temporary one by default), let it paint, exit."""
    try:
        if db is None:
            db = Path(tempfile.mkdtemp(prefix="ntm-smoke-")) / "smoke.sqlite3"
        store = open_store(db, create=True)
        prepare(store)
        window = MainWindow(store)
        window.show()
        communes = units.all_of_level(store, "commune")
        if communes:
            window.tree.select_commune(communes[0].id)
        result: dict[str, int] = {"code": 0}

        def finish() -> None:
            try:
                if screenshot is not None:
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    if not window.grab().save(str(screenshot)):
                        raise OSError(f"cannot write {screenshot}")
            except Exception as exc:  # noqa: BLE001 - reported as the smoke test's failure
                sys.stderr.write(f"error: {exc}\n")
                result["code"] = 1
            app.quit()

        QTimer.singleShot(300, finish)
        app.exec()
        window.close()
        store.close()
        return result["code"]
    except NtmError as error:
        sys.stderr.write(f"error: {error}\n")
        return error.exit_code
    except Exception:  # noqa: BLE001
        sys.stderr.write("error: " + traceback.format_exc().splitlines()[-1] + "\n")
        return 1


def start_db(settings: QSettings) -> Path:
    """--db is handled by the caller; then $NTM_DB or portable mode; then the last database
    opened in the window; then the default path."""
    if os.environ.get("NTM_DB") or paths.is_portable():
        return paths.default_db_path()
    last = settings.value("last_db")
    if last and Path(str(last)).exists():
        return Path(str(last))
    return paths.default_db_path()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="NTM Desktop")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--lang", choices=i18n.LANGUAGES)
    parser.add_argument("--smoke-test", action="store_true")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("NTM Desktop")
    app.setOrganizationName("NTM Desktop")
    logs.setup()
    if args.smoke_test:
        if args.lang:
            i18n.set_language(args.lang)
        return smoke_test(app, args.db, args.screenshot)
    settings = QSettings()
    language = args.lang or str(settings.value("language", "vi"))
    i18n.set_language(language if language in i18n.LANGUAGES else "vi")
    controller = Controller(app, settings)
    db = args.db or start_db(settings)
    if not controller.open(db):
        return 3
    return app.exec()
