"""The main window: unit tree on the left, scorecard editor in the middle, menus."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# QtCore.Qt, and dialogs the first paint does not show, named where used: ui/scorecard/roles.py
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QByteArray, QRect, QSettings, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import __version__, i18n, paths, text, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.setup import demo
from ntm_desktop.store import audit
from ntm_desktop.store.database import SCHEMA_VERSION, Store
from ui import catalog as ui_catalog
from ui.scorecard.unit_tree import UnitTree
from ui.scorecard.view import ScorecardView
from ui.undo import BatchCommand

# The dialogs load when first used, not before the first paint: the Excel features with openpyxl
# about 190-240 ms (python -X importtime after the window's own imports, December 2026); the
# history, export and unit-change dialogs ~30 ms together (issue 22).
if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence

    from ui.excel.import_dialog import ImportTableDialog
    from ui.excel.template_dialog import TemplateImportDialog
    from ui.scorecard.unit_changes import UnitChangesDialog
    from ui.worker import Task


# Feature tabs: (title key, module, class). Each is imported and built on first show as
# cls(window), so that the first paint does not pay for them (with -X importtime, after the
# window's own imports: Kết nghĩa ~70 ms, Báo cáo ~65 ms, Đồng bộ ~40 ms, December 2026);
# a view with a refresh() method is refreshed with the window.
TABS = (
    ("tab.overview", "ui.overview.view", "OverviewView"),
    ("tab.twinning", "ui.twinning.view", "TwinningView"),
    ("tab.reports", "ui.reports.view", "ReportView"),
    ("tab.sync", "ui.sync.view", "SyncView"),
)


# the menu bar's titles, made with the window; their entries by build_menus()
MENUS = ("menu.file", "menu.edit", "menu.units", "menu.criteria", "menu.planning", "menu.view", "menu.help")
DEFAULT_SIZE = (1280, 760)
FRAME = (16, 40)  # what a Windows frame and title bar add around the window's own size, about
GEOMETRY_KEY = "window/geometry"
MAXIMISED_KEY = "window/maximized"


class MainWindow(QMainWindow):
    # asks the application to open another database (path) or switch language (code)
    open_requested = Signal(str)
    language_requested = Signal(str)
    def __init__(self, store: Store, *, menus_later: bool = False) -> None:
        """``menus_later``: the menus show their titles only, and build_menus() makes their entries on
        the turn after the first paint (ui.app's windows; issue 22: 35 entries, 2.7 ms of CPU, medians of
        9 fresh processes)."""
        super().__init__()
        ui_catalog.install()
        self.store = store
        self.is_demo = demo.is_demo(store)
        self.undo_stack = QUndoStack(self)
        self.scorecard = ScorecardView(store, self.undo_stack)
        # the tree shows the units in force in the scorecard's year (with or without districts)
        self.tree = UnitTree(store, store.meta("home_district"), self.scorecard.year.value())
        self.tree.commune_selected.connect(self.scorecard.show_commune)
        self.scorecard.year.valueChanged.connect(self._year_changed)
        self.scorecard.origins.open_former.connect(self.open_commune)
        self.scorecard.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        splitter = QSplitter()  # horizontal
        splitter.addWidget(self.tree)
        splitter.addWidget(self.scorecard)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1000])
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(splitter, t("tab.scorecard"))
        self._lazy_tabs: dict[int, tuple[str, str]] = {}
        self.views: dict[str, QWidget] = {}  # the feature tabs built so far, by module
        for key, module, cls in TABS:
            self._lazy_tabs[self.tabs.addTab(QWidget(), t(key))] = (module, cls)
        self.tabs.currentChanged.connect(self._build_tab)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        if self.is_demo:
            banner = QLabel(t("demo.banner"))
            banner.setObjectName("demoBanner")
            banner.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet(
                "background: #b3261e; color: white; font-weight: bold; padding: 4px; font-size: 11pt;"
            )
            layout.addWidget(banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.menus = {key: self.menuBar().addMenu(t(key)) for key in MENUS}
        self._menus_built = False
        if not menus_later:
            self.build_menus()
        title = t("app.title")
        if self.is_demo:
            title = f"[DEMO] {title}"
        self.setWindowTitle(f"{title} — {store.path}")
        rule = QLabel(t("rule.effective"))
        rule.setStyleSheet("color: #555;")
        self.statusBar().addPermanentWidget(rule)
        self.statusBar().showMessage(t("status.ready"))
        self.settings: QSettings | None = None  # where the size is remembered (set by place())
        self.place(None)

    # -- size and place ---------------------------------------------------------
    def place(self, settings: QSettings | None) -> None:
        """Size the window as it was left (``settings``), else 1280×760, always within the screen
        it opens on: a district laptop has 1366×768 with a task bar, where 760 pixels do not fit.
        Maximised stays maximised. The size is saved again when the window closes."""
        self.settings = settings
        geometry = settings.value(GEOMETRY_KEY) if settings is not None else None
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(*DEFAULT_SIZE)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self._clamp(screen.availableGeometry())
        if settings is not None and str(settings.value(MAXIMISED_KEY, "false")).lower() == "true":
            self.setWindowState(self.windowState() | QtCore.Qt.WindowState.WindowMaximized)

    def _clamp(self, area: QRect) -> None:
        """Keep the window, frame and title bar included, within ``area``."""
        width = min(self.width(), area.width() - FRAME[0])
        height = min(self.height(), area.height() - FRAME[1])
        self.resize(max(width, 640), max(height, 480))
        x = min(max(self.x(), area.left()), area.right() - self.width() - FRAME[0] + 1)
        y = min(max(self.y(), area.top()), area.bottom() - self.height() - FRAME[1] + 1)
        self.move(max(x, area.left()), max(y, area.top()))

    def remember_geometry(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue(MAXIMISED_KEY, self.isMaximized())
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.remember_geometry()
        super().closeEvent(event)

    def _action(self, key: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence  # with the menus' entries (build_menus: 1.3 ms)

        action = QAction(t(key), self)
        if shortcut is not None:
            # a list, as setShortcut() keeps it: setShortcut's overloads name Qt.Key, which builds
            # QtCore.Qt's enums before the first paint (ui/scorecard/roles.py)
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(slot)
        return action

    def _build_tab(self, index: int) -> QWidget | None:
        """Replace a feature tab's placeholder by its view, the first time it is shown."""
        if index not in self._lazy_tabs:
            return None
        module_name, cls_name = self._lazy_tabs.pop(index)
        view_cls = getattr(importlib.import_module(module_name), cls_name)
        view: QWidget = view_cls(self)
        title = self.tabs.tabText(index)
        self.tabs.blockSignals(True)
        placeholder = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, view, title)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        self.views[module_name] = view
        return view

    def show_tab(self, module_name: str) -> QWidget:
        """Show a feature tab (building it if needed) and return its view."""
        for index, (module, _cls) in list(self._lazy_tabs.items()):
            if module == module_name:
                self.tabs.setCurrentIndex(index)
                self._build_tab(index)
        view = self.views[module_name]
        self.tabs.setCurrentWidget(view)
        return view

    def _feature(self, module_name: str, function: str) -> Callable[[], object]:
        """A menu slot calling function(window) of a feature module, imported when first used."""
        return lambda: getattr(importlib.import_module(module_name), function)(self)

    def build_menus(self) -> None:
        """The menus' entries and their shortcuts (once)."""
        if self._menus_built:
            return
        self._menus_built = True
        # named here, their Python types are made after ui.app's first paint (1.3 ms of CPU before it)
        from PySide6.QtGui import QAction, QKeySequence

        file_menu = self.menus["menu.file"]
        file_menu.addAction(self._action("act.new_db", self.new_database, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action("act.open_db", self.open_database, QKeySequence.StandardKey.Open))
        file_menu.addSeparator()
        file_menu.addAction(self._action("act.import_table", lambda: self.import_table(), "Ctrl+I"))
        file_menu.addAction(self._action("act.export_table", lambda: self.export_table(), "Ctrl+E"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("act.export_template", lambda: self.export_template(), "Ctrl+T"))
        file_menu.addAction(self._action("act.import_template", lambda: self.import_template()))
        file_menu.addSeparator()
        file_menu.addAction(self._action("act.export_package", self._feature("ui.sync.actions", "export_package")))
        file_menu.addAction(self._action("act.import_package", self._feature("ui.sync.actions", "import_package")))
        file_menu.addAction(self._action("act.conflicts", self._feature("ui.sync.actions", "show_conflicts")))
        file_menu.addAction(self._action("act.peers", self._feature("ui.sync.actions", "show_peers")))
        file_menu.addSeparator()
        file_menu.addAction(self._action("act.backup", self.backup_database))
        file_menu.addAction(self._action("act.restore", self._feature("ui.backup.restore_dialog", "restore")))
        file_menu.addSeparator()
        file_menu.addAction(self._action("act.export_dhis2", self._feature("ui.reports.dhis2_dialog", "export_dhis2")))
        file_menu.addSeparator()
        file_menu.addAction(self._action("act.settings", self._feature("ui.reports.settings_dialog", "edit_settings")))
        file_menu.addSeparator()
        file_menu.addAction(self._action("act.quit", self.close, QKeySequence.StandardKey.Quit))

        edit = self.menus["menu.edit"]
        undo = self.undo_stack.createUndoAction(self, t("act.undo"))
        undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])  # a list: see _action
        redo = self.undo_stack.createRedoAction(self, t("act.redo"))
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        edit.addAction(self._action("act.history", self.show_history, "Ctrl+H"))
        self.undo_action, self.redo_action = undo, redo

        unit_menu = self.menus["menu.units"]
        unit_menu.addAction(self._action("act.unit_changes", self.unit_changes))
        unit_menu.addAction(self._action("act.classify", self._feature("ui.scorecard.classify_dialog", "classify")))
        unit_menu.addAction(
            self._action("act.recognitions", self._feature("ui.scorecard.recognition_dialog", "recognitions")))

        criteria_menu = self.menus["menu.criteria"]
        criteria_menu.addAction(
            self._action("act.criteria_import", self._feature("ui.criteria.workbook_dialog", "import_set")))
        criteria_menu.addAction(
            self._action("act.criteria_export", self._feature("ui.criteria.workbook_dialog", "export_set")))
        criteria_menu.addAction(self._action("act.criteria_edit", self._feature("ui.criteria.editor", "edit_sets")))

        planning_menu = self.menus["menu.planning"]
        planning_menu.addAction(self._action("act.targets", self._feature("ui.planning.targets_dialog", "targets")))
        planning_menu.addAction(self._action("act.funding", self._feature("ui.planning.funding_dialog", "funding")))
        planning_menu.addAction(self._action("act.periods", self._feature("ui.planning.period_dialog", "periods")))
        planning_menu.addAction(self._action("act.checks", self._feature("ui.planning.checks_dialog", "checks")))

        view = self.menus["menu.view"]
        language = view.addMenu(t("menu.language"))
        for code, label in (("vi", "Tiếng Việt"), ("en", "English")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(i18n.language() == code)
            action.triggered.connect(lambda _=False, code=code: self.language_requested.emit(code))
            language.addAction(action)

        help_menu = self.menus["menu.help"]
        help_menu.addAction(self._action("act.guide", self._feature("ui.help.dialog", "show_help"),
                                         QKeySequence.StandardKey.HelpContents))  # F1: the tab's page
        help_menu.addAction(self._action("act.about", self.show_about))

    def _year_changed(self, year: int) -> None:
        self.tree.set_year(year)
        if self.scorecard.commune is not None:
            self.tree.select_commune(self.scorecard.commune.id)

    def open_commune(self, unit_id: int, year: int) -> None:
        """Show a commune in a year on the scorecard tab (a former commune clicked beside a new one's
        scorecard, a cell of the overview, a plausibility warning)."""
        self.tabs.setCurrentIndex(0)
        self.scorecard.year.setValue(year)
        if not self.tree.select_commune(unit_id):
            self.scorecard.show_commune(unit_id)

    # -- actions --------------------------------------------------------------
    def show_history(self) -> None:
        # the history of what is selected in the tab shown: a twinning, or a scorecard value
        shown = self.tabs.currentWidget()
        source = shown if callable(getattr(shown, "current_nkey", None)) else self.scorecard
        current = source.current_nkey()
        if current is None:
            self.statusBar().showMessage(t("history.pick"), 6000)
            return
        nkey, label, value_type = current
        from ui.dialogs import HistoryDialog  # ~12 ms with -X importtime, when first used (issue 22)

        HistoryDialog(self.store, nkey, label, value_type, self).exec()

    def unit_changes(self) -> UnitChangesDialog:
        """Đơn vị → Thay đổi đơn vị hành chính: rename, merge, split, end a unit or set its
        programme, as one undoable step (the commune shown, if any, chosen to begin with)."""
        from ui.scorecard.unit_changes import UnitChangesDialog  # ~7-13 ms with -X importtime, when first used

        dialog = UnitChangesDialog(self.store, self)
        if self.scorecard.commune is not None:
            dialog.choose(self.scorecard.commune.id)
        dialog.accepted.connect(lambda: self.unit_changed(dialog))
        dialog.open()
        return dialog

    def unit_changed(self, dialog: UnitChangesDialog) -> None:
        """A change saved by the dialog: on the undo stack (Ctrl+Z reverts its batch), tree reloaded."""
        if dialog.change is None:
            return
        self.undo_stack.push(BatchCommand(self.store, dialog.change.batch, dialog.label, self.refresh))
        self.refresh()
        self.statusBar().showMessage(t("uch.done", what=dialog.label), 10000)

    def about_text(self) -> str:
        return t(
            "about.text",
            version=__version__,
            schema=SCHEMA_VERSION,
            path=self.store.path,
            installation=self.store.meta("installation_name") or "",
            rule=t("rule.effective"),
        )

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(self, t("act.about").replace("&", ""), self.about_text())

    def new_database(self) -> None:
        title = t("act.new_db").replace("&", "")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, title, "ntm.sqlite3", t("db.filter"))
        if path:
            self.open_requested.emit(path)

    def open_database(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, t("act.open_db").replace("&", ""), "", t("db.filter"))
        if path:
            self.open_requested.emit(path)

    def import_table(self, path: str | None = None) -> ImportTableDialog | None:
        """File → Nhập biểu: pick an .xlsx, preview it, import it as one undoable step."""
        if path is None:
            path, _ = QtWidgets.QFileDialog.getOpenFileName(
                self, t("imp.title"), "", "Excel (*.xlsx);;Tất cả / All (*)"
            )
            if not path:
                return None
        # ~240 ms with openpyxl: loaded when first used
        from ui.excel.import_dialog import ImportTableDialog

        dialog = ImportTableDialog(self.store, Path(path), self.scorecard.year.value(), self)
        dialog.finished.connect(lambda _code: self._after_import(dialog))
        dialog.load()
        dialog.open()
        return dialog

    def _after_import(self, dialog: ImportTableDialog) -> None:
        result = dialog.result
        if result is None or result.batch is None:
            return
        label = f"{t('imp.title')}: {dialog.path.name}"
        batch = audit.Batch(result.batch, "imported", label)
        self.undo_stack.push(BatchCommand(self.store, batch, label, self.refresh))
        self.refresh()
        QtWidgets.QMessageBox.information(self, t("imp.title"), dialog.message)

    def refresh(self) -> None:
        """Reload everything shown from the database (after imports, undo of imports)."""
        self.tree.reload()
        if self.scorecard.commune is not None:
            self.tree.select_commune(self.scorecard.commune.id)
        self.scorecard.reload()
        for view in self.views.values():
            refresh = getattr(view, "refresh", None)
            if callable(refresh):
                refresh()

    def export_table(self, path: str | None = None, district: str | None = None,
                     year: int | None = None) -> Task | None:
        """File → Xuất biểu: asks the year and the scope in one dialog, then the file, and writes it
        in a worker with a cancellable progress dialog; the Task's ``done`` gives the file (None if
        cancelled). ``path`` given (tests, scripts): no questions, the scorecard's year by default."""
        year = self.scorecard.year.value() if year is None else year
        # ~10 ms with -X importtime, when first used (issue 22)
        from ui.dialogs import remember_folder, suggested_path
        from ui.excel.export_dialog import ExportTableDialog, start_export

        if path is None:
            home = units.by_nkey(self.store, self.store.meta("home_district") or "")
            dialog = ExportTableDialog(self.store, year, home.name if home else None, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            year, district = dialog.choice()
            suggested = suggested_path(dialog.suggested_name(), self.settings)
            path, _ = QtWidgets.QFileDialog.getSaveFileName(self, t("exp.title"), suggested, "Excel (*.xlsx)")
            if not path:
                return None
            remember_folder(path, self.settings)
        assert self.store.path is not None
        task = start_export(self, Path(self.store.path), year, Path(path), district)
        task.done.connect(self._exported)
        task.error.connect(self._export_failed)
        return task

    def _export_failed(self, error: object) -> None:
        if not isinstance(error, NtmError | OSError):
            raise error  # type: ignore[misc]  # a bug: the crash reporter's, as before the worker
        QtWidgets.QMessageBox.warning(self, t("exp.title"), str(error))

    def _exported(self, out: Path | None) -> None:
        message = i18n.t("table.exported", path=out) if out is not None else t("exp.cancelled")
        self.statusBar().showMessage(message, 10000)

    def export_template(self, path: str | None = None, whole_district: bool = False) -> Path | None:
        """A data-collection template for the selected commune (or its whole district)."""
        commune = self.scorecard.commune
        if commune is None:
            self.statusBar().showMessage(t("tplw.pick_commune"), 6000)
            return None
        parent = units.get(self.store, commune.parent_id) if commune.parent_id else None
        # a commune from 1 July 2025 sits under its province: there is no district to offer
        district = parent if parent is not None and parent.level == "district" else None
        period = self.scorecard.current_period()
        if path is None:
            options = [t("tplw.this_commune", name=commune.name)]
            if district:
                options.append(t("tplw.whole_district", name=district.name))
            title = t("act.export_template").replace("&", "")
            choice, ok = QtWidgets.QInputDialog.getItem(self, title, t("tplw.scope"), options, 0, False)
            if not ok:
                return None
            whole_district = choice != options[0]
            name = district.name if whole_district and district else commune.name
            suggested = f"phieu-{text.slug(text.strip_prefix(name))}-{period.code}.xlsx"
            path, _ = QtWidgets.QFileDialog.getSaveFileName(self, title, suggested, "Excel (*.xlsx)")
            if not path:
                return None
        chosen = units.children(self.store, district.id, "commune") if whole_district and district else [commune]
        from ntm_desktop.excel import templates  # ~190 ms with openpyxl, loaded when first used

        try:
            out = templates.export_template(self.store, chosen, period, Path(path))
        except (NtmError, OSError) as error:
            QtWidgets.QMessageBox.warning(self, t("tplw.title"), str(error))
            return None
        self.statusBar().showMessage(i18n.t("tpl.exported", path=out, n=len(chosen)), 10000)
        return out

    def import_template(self, path: str | None = None) -> TemplateImportDialog | None:
        if path is None:
            path, _ = QtWidgets.QFileDialog.getOpenFileName(self, t("tplw.title"), "", "Excel (*.xlsx)")
            if not path:
                return None
        # ~205 ms with openpyxl: loaded when first used
        from ui.excel.template_dialog import TemplateImportDialog

        dialog = TemplateImportDialog(self.store, Path(path), self)
        dialog.finished.connect(lambda _code: self._after_template(dialog))
        dialog.open()
        return dialog

    def _after_template(self, dialog: TemplateImportDialog) -> None:
        if dialog.batch is None or dialog.batch.count == 0:
            return
        label = f"{t('tplw.title')}: {dialog.path.name}"
        self.undo_stack.push(BatchCommand(self.store, dialog.batch, label, self.refresh))
        self.refresh()
        self.statusBar().showMessage(dialog.message, 10000)

    def backup_database(self) -> None:
        from ntm_desktop.store import backup  # when first used: 3 ms of CPU at start (issue 22, December 2026)

        assert self.store.path is not None
        db_path = Path(self.store.path)
        name = backup.backup_name(db_path, "manual", *backup.installation_of(self.store.db.conn))
        suggested = str(paths.backups_dir(db_path) / name)
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, t("backup.title"), suggested, t("db.filter"))
        if not path:
            return
        try:
            target = backup.backup_to(self.store, Path(path))
        except (NtmError, OSError) as error:
            QtWidgets.QMessageBox.warning(self, t("backup.title"), str(error))
            return
        self.statusBar().showMessage(i18n.t("backup.done", path=target), 10000)
