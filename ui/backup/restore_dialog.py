"""File → Khôi phục: restore the database from a backup (function(window)).

The dialog lists the automatic backups of the open database (newest first) and lets
the person pick any other backup file. Picking one shows what it holds (when it was
taken, by which installation, how many units, values, results and changes), or why it
is refused. «Khôi phục» asks once more, backs up the current database, replaces it (in a
worker thread), then asks the application to reopen it (window.open_requested).
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import i18n, logs, paths, values
from ntm_desktop.errors import NtmError
from ntm_desktop.store import backup
from ntm_desktop.store import restore as core
from ui.dialogs import local_time
from ui.main_window import MainWindow
from ui.worker import Task

PATH_ROLE = Qt.ItemDataRole.UserRole


def _when(iso_local: str) -> str:
    try:
        return datetime.fromisoformat(iso_local).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso_local


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{values.format_number(size / 1024 / 1024, 1)} MB"
    return f"{values.format_number(max(1, round(size / 1024)))} KB"


class RestoreDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        assert window.store.path is not None
        self.db_path = Path(window.store.path)
        self.info: core.BackupInfo | None = None
        self.task: Task | None = None
        self.result_: core.RestoreResult | None = None
        self.setWindowTitle(i18n.t("rst.title"))
        intro = QLabel(i18n.t("rst.intro"))
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([i18n.t("rst.col_time"), i18n.t("rst.col_reason"), i18n.t("rst.col_size")])
        self.list.currentItemChanged.connect(lambda item, _old: self._picked(item))
        self.other = QPushButton(i18n.t("rst.other"))
        self.other.clicked.connect(lambda: self.choose_file())
        self.details = QLabel(i18n.t("rst.pick"))
        self.details.setObjectName("restoreDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(150)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox()
        buttons.addButton(i18n.t("rst.close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button = buttons.addButton(i18n.t("rst.do"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.other)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        found = backup.list_backups(self.db_path)
        for item in found:
            row = QTreeWidgetItem([
                item.taken.strftime("%d/%m/%Y %H:%M:%S"),
                backup.reason_label(item.reason),
                _size(item.path.stat().st_size),
            ])
            row.setData(0, PATH_ROLE, str(item.path))
            self.list.addTopLevelItem(row)
        if not found:
            placeholder = QTreeWidgetItem([i18n.t("rst.none"), "", ""])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addTopLevelItem(placeholder)
        for column in range(3):
            self.list.resizeColumnToContents(column)

    def choose_file(self, path: str | None = None) -> core.BackupInfo | None:
        """Any backup file (e.g. on a USB stick): added at the top of the list and picked."""
        if path is None:
            start = str(paths.backups_dir(self.db_path))
            path, _ = QFileDialog.getOpenFileName(self, i18n.t("rst.other"), start, i18n.t("rst.filter"))
            if not path:
                return None
        size = _size(Path(path).stat().st_size) if Path(path).exists() else ""
        row = QTreeWidgetItem([Path(path).name, i18n.t("rst.chosen"), size])
        row.setData(0, PATH_ROLE, str(path))
        self.list.insertTopLevelItem(0, row)
        self.list.setCurrentItem(row)
        return self.info

    def _picked(self, item: QTreeWidgetItem | None) -> None:
        path = item.data(0, PATH_ROLE) if item is not None else None
        if path:
            self.show_backup(Path(path))

    def show_backup(self, path: Path) -> core.BackupInfo | None:
        """Inspect ``path`` and show what it holds, or why it is refused."""
        self.info = None
        self.restore_button.setEnabled(False)
        try:
            info = core.inspect(path)
        except NtmError as error:
            self.details.setText(f"<p style='color:#b3261e'>{html.escape(str(error))}</p>")
            return None
        self.info = info
        rows = [
            (i18n.t("rst.taken"),
             _when(info.taken) + (f" ({backup.reason_label(info.reason)})" if info.reason else "")),
            (i18n.t("rst.installation"), info.installation_name or "?"),
        ]
        if info.last_change:
            rows.append((i18n.t("rst.last_change"), local_time(info.last_change)))
        if info.years:
            rows.append((i18n.t("rst.years"), f"{info.years[0]}–{info.years[1]}"))
        rows.append((i18n.t("rst.holds"), "; ".join(info.count_lines())))
        body = "".join(
            f"<tr><td style='padding-right:12px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        note = ""
        current = self.window_.store.installation_id
        if info.installation_id and current and info.installation_id != current:
            note = f"<p style='color:#8a5300'>{html.escape(i18n.t('rst.other_installation'))}</p>"
        self.details.setText(f"<p>{html.escape(str(info.path))}</p><table>{body}</table>{note}")
        self.restore_button.setEnabled(True)
        return info

    def confirm(self) -> Task | None:
        if self.info is None:
            return None
        answer = QMessageBox.question(
            self, i18n.t("rst.title"), i18n.t("rst.confirm", db=self.db_path, taken=_when(self.info.taken))
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.run()

    def run(self) -> Task:
        """Back up the current database and restore the chosen backup, off the main thread."""
        assert self.info is not None
        source, target = self.info.path, self.db_path
        self.restore_button.setEnabled(False)
        self.task = Task(self, i18n.t("rst.working"), lambda _progress, _cancelled: core.restore_into(target, source))
        self.task.done.connect(self._done)
        self.task.error.connect(self._failed)
        self.task.start()
        return self.task

    def _done(self, result: core.RestoreResult) -> None:
        self.result_ = result
        QMessageBox.information(
            self, i18n.t("rst.title"),
            i18n.t("rst.done", taken=_when(result.info.taken), before=result.before or "—"),
        )
        self.accept()
        self.window_.open_requested.emit(str(self.db_path))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, NtmError | OSError):
            raise error  # a bug: the crash hook logs it and tells the person
        kind = logs.known_problem(error, self.db_path)
        message = logs.problem_message(kind, self.db_path) if kind and not isinstance(error, NtmError) else str(error)
        QMessageBox.warning(self, i18n.t("rst.failed"), message)
        self.restore_button.setEnabled(self.info is not None)


def restore(window: QWidget) -> RestoreDialog:
    """File → Khôi phục từ bản sao lưu…"""
    assert isinstance(window, MainWindow)
    dialog = RestoreDialog(window)
    dialog.open()
    return dialog
