"""Starting the window: settings, choosing the database, first run, demo, smoke test,
the daily backup, the portable-mode mark and the crash hook."""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import sqlite3
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path

# QtCore.Qt, and dialogs the first paint does not show, named where used: ui/scorecard/roles.py
from PySide6 import QtWidgets
from PySide6.QtCore import QLocale, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from ntm_desktop import i18n, logs, paths, units
from ntm_desktop.errors import InputRejected, NtmError
from ntm_desktop.i18n import t
from ntm_desktop.setup import demo
from ntm_desktop.setup.prepare import prepare, save_home
from ntm_desktop.store import checkpoint as wal
from ntm_desktop.store import database, open_database, sqlite_errors, who
from ntm_desktop.store.bulk import pause_gc, resume_gc
from ntm_desktop.store.database import Store

pause_gc()  # the window's modules load with the collector off, as the core did (ui/__init__.py)
try:
    from ui import catalog as ui_catalog
    from ui import lean_start
    from ui.crash_dialog import CrashReporter
    from ui.main_window import TABS, MainWindow
    from ui.qt_texts import install_translator
    from ui.worker import Background, FirstPaint, ReadJob
finally:
    resume_gc()

log = logging.getLogger("ntm.window")
PACKAGE_SUFFIX = ".ntmpkg"
CHECK_AFTER_PAINT_MS = 150  # the damage check at start, once the window is on screen
# What the first commune shown needs and the first paint does not (issue 22: the scorecard's service and
# evaluator, the plausibility checks, the recognitions, about 25 ms of CPU; the copy from the period before,
# 1.15 ms): imported on the turn after the first paint, so that the first click does not wait for them
# either. A click that comes first imports what it uses itself (the packages re-export lazily).
WARM_UP = ("ntm_desktop.assessments.service", "ntm_desktop.checks.analysis", "ntm_desktop.recognition",
           "ntm_desktop.assessments.copying")

LOCALES = {"vi": (QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
           "en": (QLocale.Language.English, QLocale.Country.UnitedStates)}


def apply_language(code: str) -> None:
    """The program's language, and Qt's default locale with it: number boxes write «0,5» in
    Vietnamese as the reports do, «0.5» in English (widgets made afterwards follow it)."""
    i18n.set_language(code)
    language, country = LOCALES.get(i18n.language(), LOCALES["vi"])
    QLocale.setDefault(QLocale(language, country))


def make_settings() -> QSettings:
    """QSettings: an INI file in the data folder in portable mode (nothing in the registry
    or the profile), else the platform's store. Keys: last_db, district, language, and the main
    window's window/geometry and window/maximized."""
    file = paths.settings_file()
    if file is not None:
        return QSettings(str(file), QSettings.Format.IniFormat)
    return QSettings()


def mark_network(window: MainWindow, store: Store) -> None:
    """A database in a network folder (opened without WAL: store/network.py) says so in the
    status bar, with the advice the command line prints (db.network_mode)."""
    if not getattr(store, "network", False):
        return
    label = QLabel(t("db.network_short"))
    label.setObjectName("networkMark")
    label.setToolTip(t("db.network_mode", path=store.path))
    label.setStyleSheet("color: #8a5a00; font-weight: bold;")
    window.statusBar().addPermanentWidget(label)


def mark_portable(window: MainWindow) -> None:
    """Portable mode shows in the title and the status bar."""
    if not paths.is_portable():
        return
    window.setWindowTitle(f"[{t('portable.mark')}] {window.windowTitle()}")
    label = QLabel(t("portable.status", folder=paths.data_dir()))
    label.setObjectName("portableMark")
    label.setStyleSheet("color: #0d47a1; font-weight: bold;")
    window.statusBar().addPermanentWidget(label)


class Controller:
    """Owns the open database and the main window; reopens both on request."""

    def __init__(self, app: QApplication, settings: QSettings, *, menus_later: bool = False) -> None:
        ui_catalog.install()
        self.app = app
        self.settings = settings
        self.menus_later = menus_later  # each window's menu entries after its first paint (_after_paint)
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.user_question: object = None  # the one-time question for the user's name (ask_user_name)
        self._name_asked = False
        self._check_due = False  # the damage check, made after the first window's first paint
        self._remember: dict[str, object] = {}  # settings of the database shown
        self.daily = Background()  # the daily backup, in a thread with its own connection: start-up never waits
        self.daily.finished.connect(self._daily_done)
        self.daily_threads: list[threading.Thread] = []
        self.check: ReadJob | None = None  # the damage check at start, while it runs
        self._checkpointed = 0
        self._gone_reported = False
        self.reporter: CrashReporter | None = None  # set by main(): tells of a vanished database
        self.checkpoint_timer = QTimer()
        self.checkpoint_timer.setInterval(wal.INTERVAL_MS)
        self.checkpoint_timer.timeout.connect(self.checkpoint)
        self.checkpoint_timer.start()

    def open(self, path: Path, *, first_run: bool = True) -> bool:
        # at start, the damage check runs in the background just after the first paint (_start_check);
        # opening another database from the window checks before leaving the current one
        at_start = self.window is None
        store: Store | None = None
        try:
            store = open_database(path, create=True, check=not at_start)
            # a first run loads the province the user chooses, not Kon Tum's list before it
            asking = first_run and store.meta("home_province") is None and not demo.is_demo(store)
            prepare(store, "never" if asking else "missing")
        except (NtmError, sqlite3.DatabaseError) as error:
            if isinstance(error, sqlite3.DatabaseError):  # damage (or a lock) met before the check ran
                if store is not None:
                    close_quietly(store)
                error = sqlite_errors.refusal(error, path, "db.corrupt")
            QtWidgets.QMessageBox.critical(self.window, t("db.open_failed"), str(error))
            return False
        if asking:
            START_GC.end()  # a dialog the person takes their time with
            # the first run's dialog, only then (ui.dialogs: ~12 ms with -X importtime, December 2026)
            from ui.dialogs import FirstRunDialog

            dialog = FirstRunDialog(store, self.window)
            remembered = self.settings.value("district")
            if remembered:
                dialog.remember(str(remembered))
            result = dialog.exec()
            if result == FirstRunDialog.DEMO:
                province, district = dialog.choice()
                store.close()
                demo_path = paths.data_dir() / "ntm-demo.sqlite3"
                store = open_database(demo_path) if demo_path.exists() else demo.create(demo_path)
                if not demo.is_demo(store):  # a stray file of that name: never mix with demo data
                    store.close()
                    demo_path.unlink()
                    store = demo.create(demo_path)
                chosen = dialog.province.current()
                if chosen is not None and units.by_nkey(store, chosen.nkey) is None:
                    # as `ntm demo --province`: the home province is loaded (the demo's figures
                    # stay on Kon Tum's units), so that the tree can start there
                    units.load_provinces(store, [(chosen.era, chosen.code)])
                save_home(store, province, district)
            elif result == QDialog.DialogCode.Accepted:
                save_home(store, *dialog.choice())
            else:
                store.close()
                return False
        self._check_due = at_start
        self._show(store)
        if not at_start:
            self._start_daily(store)
        return True

    def _start_daily(self, store: Store) -> None:
        if demo.is_demo(store) or store.path is None:
            return
        # after the first paint (the damage check's end, or another database opened): 3 ms of CPU
        # and more through PySide6's import hook, that the first paint no longer waits for (issue 22)
        from ntm_desktop.store import backup

        db_path = Path(store.path)
        self.daily_threads.append(self.daily.start(lambda: backup.daily_backup(db_path), "ntm-daily-backup"))

    def _start_check(self) -> None:
        """The check open_store makes, once the window is on screen, in a thread with a read-only
        connection of its own (a 64 MB file's quick_check froze the window 0.29 s on its thread);
        it waits for another program's lock as long as the window's connection does."""
        store = self.store
        if store is None or store.path is None or self.check is not None:
            return
        path = Path(store.path)
        busy_ms = int(store.db.conn.execute("PRAGMA busy_timeout").fetchone()[0])
        job = self.check = ReadJob()
        job.finished.connect(lambda result: self._checked(job, store, result))
        thorough = store.opened_unclean  # after a crash, integrity_check as open_store would run it
        job.read(path, lambda conn: database.damage(conn, path, thorough=thorough), busy_ms=busy_ms,
                 name="ntm-damage-check")

    def _stop_check(self) -> None:
        if self.check is not None:
            self.check.cancel()
            self.check = None

    def _checked(self, job: ReadJob, store: Store, result: object) -> None:
        """A damaged database is refused as it would have been at opening, and the program ends
        (exit 3); one another program holds locked is refused as at opening too (db.locked). The
        result of a cancelled check (the program ending, another database opened) is dropped."""
        if job.cancelled or store is not self.store or store.path is None:
            return
        self.check = None
        if result is None:
            return self._start_daily(store)
        if isinstance(result, OSError):  # the file is gone: the checkpoint timer tells of it
            return
        if sqlite_errors.kind(result) is sqlite_errors.Kind.CANNOT_OPEN:
            # the check's own connection could not open what the window's did: no verdict on damage
            return log.warning("damage check of %s not made: %s", store.path, result)
        if isinstance(result, sqlite3.DatabaseError):
            error = sqlite_errors.refusal(result, store.path, "db.corrupt")
        elif isinstance(result, BaseException):
            raise result  # a bug: the crash reporter's
        else:
            error = InputRejected("db.corrupt", path=store.path, detail=result)
        log.warning("database refused after the first paint: %s: %s", store.path, error)
        QtWidgets.QMessageBox.critical(self.window, t("db.open_failed"), str(error))
        if self.window is not None:
            self.window.close()
        self.close()
        self.app.exit(error.exit_code)

    def _after_paint(self, window: MainWindow) -> None:
        """After the first paint: the collector back on, the menus' entries, the settings written (a file,
        4-30 ms at load), WARM_UP, the damage check at start, once a start the question for the user's name."""
        START_GC.end()
        window.build_menus()  # made now where the window was made with menus_later (main())
        if window is not self.window:
            return
        for key, value in self._remember.items():
            self.settings.setValue(key, value)
        self.settings.sync()
        QTimer.singleShot(0, warm_up)  # a turn of its own: no longer pause than each part alone
        if self._check_due:
            self._check_due = False
            QTimer.singleShot(CHECK_AFTER_PAINT_MS, self._start_check)
        if self._name_asked:
            return
        self._name_asked = True
        if who.stored_name():  # the usual start: nothing to ask, and the question's module is not loaded
            return
        # the question's module only when asking: ~34 ms with -X importtime (100 ms at load 6), December 2026
        from ui.reports.settings_dialog import ask_user_name

        self.user_question = ask_user_name(window)

    def _show(self, store: Store) -> None:
        assert store.path is not None
        district = store.meta("home_district")  # written to the settings after the first paint
        self._remember = {"last_db": paths.to_setting(store.path), **({"district": district} if district else {})}
        old_window, old_store = self.window, self.store
        self.store = store
        self._checkpointed = wal.changes(store)
        self._gone_reported = False
        if old_window is not None:
            old_window.remember_geometry()  # the new window (another database, a language) opens the same
        self.window = MainWindow(store, menus_later=self.menus_later)
        self.window.place(self.settings)
        mark_portable(self.window)
        mark_network(self.window, store)
        self.window.open_requested.connect(lambda p: self.open(Path(p)))
        self.window.language_requested.connect(self.switch_language)
        self.window.show()
        window = self.window
        FirstPaint(window, lambda: self._after_paint(window))
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_store is not None and old_store is not store:
            self._stop_check()
            close_quietly(old_store)

    def _daily_done(self, result: object) -> None:
        if self.window is None or result is None:
            return
        if isinstance(result, BaseException):
            kind = logs.known_problem(result, self.store.path if self.store else None)
            detail = logs.problem_message(kind, self.store.path if self.store else None) if kind else str(result)
            self.window.statusBar().showMessage(t("daily.failed", detail=detail), 15000)
        else:
            self.window.statusBar().showMessage(t("daily.done", path=result), 8000)

    def checkpoint(self) -> None:
        """Every few seconds: notice a database that has gone (a pulled USB stick: on some
        systems writes would otherwise seem to succeed), and after writes fold the WAL into
        the database file, so that a copied or carried .sqlite3 file holds everything saved."""
        store = self.store
        if store is None:
            return
        result = wal.checkpoint(store, self._checkpointed)
        self._checkpointed = result.changes
        if result.outcome is wal.Outcome.GONE and not self._gone_reported and self.reporter is not None:
            self._gone_reported = True
            self.reporter.report(FileNotFoundError(errno.ENOENT, "database file gone", str(store.path)))

    def reopen(self) -> None:
        """Open the same database again (after a USB stick was put back)."""
        if self.store is not None and self.store.path is not None:
            self.open(Path(self.store.path), first_run=False)

    def close(self) -> None:
        """Close the database cleanly when the program ends (checkpoint, no handle left)."""
        self.checkpoint_timer.stop()
        self._stop_check()
        for thread in self.daily_threads:
            thread.join(timeout=60)
        if self.store is not None:
            close_quietly(self.store)
            self.store = None

    def switch_language(self, code: str) -> None:
        apply_language(code)
        self.settings.setValue("language", code)
        if self.store is not None:
            self._show(self.store)


class StartPause:
    """The cyclic collector off from :func:`main`'s start to the first paint (ui/__init__.py says why):
    :meth:`end` at the first paint, or when main() ends before it; once either way."""

    def __init__(self) -> None:
        self.on = False

    def begin(self) -> None:
        if not self.on:
            pause_gc()
            self.on = True

    def end(self) -> None:
        if self.on:
            self.on = False
            resume_gc()


START_GC = StartPause()


def warm_up() -> None:
    """Import :data:`WARM_UP` (idempotent: a module imported already costs nothing)."""
    for name in WARM_UP:
        importlib.import_module(name)


def close_quietly(store: Store) -> None:
    """Close a database whose file may be gone (a pulled USB stick)."""
    try:
        store.close()
    except sqlite3.Error as exc:
        log.info("closing %s: %s", store.path, exc)


def smoke_test(app: QApplication, db: Path | None, screenshot: Path | None) -> int:
    """Open the window on ``db`` (a temporary one by default), build every feature tab,
    let it paint, save a screenshot of the first tab, exit."""
    import tempfile  # only the smoke test: 1.3 ms of CPU at every start otherwise (issue 22, December 2026)

    scratch: tempfile.TemporaryDirectory[str] | None = None
    try:
        if db is None:
            # portable mode writes nothing outside its data folder, not even a scratch file
            where = paths.data_dir() if paths.is_portable() else None
            if where is not None:
                where.mkdir(parents=True, exist_ok=True)
            scratch = tempfile.TemporaryDirectory(prefix="ntm-smoke-", dir=where)
            db = Path(scratch.name) / "smoke.sqlite3"
        store = open_database(db, create=True)
        prepare(store)
        window = MainWindow(store)
        mark_portable(window)
        window.show()
        for _key, module, _cls in TABS:  # every feature tab imports (a frozen build lacks nothing)
            window.show_tab(module)
        window.tabs.setCurrentIndex(0)
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
    finally:
        if scratch is not None:
            scratch.cleanup()


def start_db(settings: QSettings) -> Path:
    """--db is handled by the caller; then $NTM_DB; then the last database opened in the
    window (kept relative to the program's folder in portable mode); then the default."""
    if os.environ.get("NTM_DB"):
        return paths.default_db_path()
    last = settings.value("last_db")
    if last:
        path = paths.from_setting(str(last))
        if path.exists():
            return path
    return paths.default_db_path()


def open_package_later(controller: Controller, package: Path) -> None:
    """A .ntmpkg given on the command line (double-click in Explorer): the import preview."""

    def run() -> None:
        if controller.window is None:
            return
        # the sync tab and dialogs load when first used (~21 ms with -X importtime), as the
        # Kết nghĩa, Báo cáo and Đồng bộ tabs do: the first paint does not pay for them
        from ui.sync import actions as sync_actions

        sync_actions.import_package(controller.window, str(package))

    QTimer.singleShot(0, run)


def main(argv: Sequence[str] | None = None) -> int:
    START_GC.begin()
    try:
        return _main(argv)
    finally:
        START_GC.end()


def _main(argv: Sequence[str] | None) -> int:
    ui_catalog.install()
    lean_start.plain_argparse_texts()  # argparse asks gettext nothing (ui/lean_start.py)
    parser = argparse.ArgumentParser(prog="main.py", description="NTM Desktop")
    parser.add_argument("file", nargs="?", type=Path, help="a data package (.ntmpkg) to import, or a database to open")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--lang", choices=i18n.LANGUAGES)
    parser.add_argument("--smoke-test", action="store_true")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    package = args.file if args.file and args.file.suffix.casefold() == PACKAGE_SUFFIX else None
    db_arg = args.db or (args.file if args.file and package is None else None)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("NTM Desktop")
    app.setOrganizationName("NTM Desktop")
    install_translator(app)
    logs.setup()
    if args.smoke_test:
        START_GC.end()  # it builds every tab
        apply_language(args.lang or i18n.language())
        return smoke_test(app, db_arg, args.screenshot)
    settings = make_settings()
    language = args.lang or str(settings.value("language", "vi"))
    apply_language(language if language in i18n.LANGUAGES else "vi")
    controller = Controller(app, settings, menus_later=True)  # menu entries after each first paint

    def where() -> tuple[Path | None, MainWindow | None]:
        store = controller.store
        return (Path(store.path) if store and store.path else None), controller.window

    reporter = CrashReporter(where, controller.reopen)
    reporter.install()
    controller.reporter = reporter
    app.aboutToQuit.connect(controller.close)
    db = db_arg or start_db(settings)
    if not controller.open(db):
        controller.close()
        return 3
    if package is not None:
        open_package_later(controller, package)
    try:
        return app.exec()
    finally:
        reporter.uninstall()
