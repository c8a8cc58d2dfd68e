"""File → Nhập biểu: preview a legacy criteria table, resolve unknown communes, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import units
from ntm_desktop.errors import NtmError
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.i18n import t
from ntm_desktop.store import open_database
from ntm_desktop.store.database import Store
from ui.table_model import Cell, TableModel, Text, table_view
from ui.worker import Task


def _read_job(db_path: Path, path: Path, year: int) -> Any:
    def job(progress: Any, cancelled: Any) -> legacy_table.TablePreview:
        store = open_database(db_path, create=False)
        try:
            return legacy_table.read_table(store, path, year, progress=progress)
        finally:
            store.close()

    return job


class ImportTableDialog(QDialog):
    """Preview → choose matches → import (in a worker) → result. ``batch`` holds the undo."""

    def __init__(self, store: Store, path: Path, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("imp.title"))
        self.store = store
        self.path = Path(path)
        self.preview: legacy_table.TablePreview | None = None
        self.overwrites: dict[str, Any] = {"count": 0, "entered": 0, "items": []}
        self.result: legacy_table.ImportResult | None = None
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setValue(year)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.counts = QLabel()
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.marks_model = TableModel(["imp.col_district", "imp.col_commune"])  # + the table's criteria
        self.marks = table_view(self.marks_model, "importMarks", row_numbers=True)
        self.marks.verticalHeader().setDefaultSectionSize(20)
        self.unknown_model = TableModel(["imp.col_row", "imp.col_in_file", "imp.col_choose"])
        self.unknown = table_view(self.unknown_model, "importUnknown", row_numbers=True)
        self.unknown.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton(t("imp.run"), QDialogButtonBox.ButtonRole.AcceptRole)
        reload_button = QPushButton(t("imp.reload"))
        self.buttons.addButton(reload_button, QDialogButtonBox.ButtonRole.ResetRole)
        reload_button.clicked.connect(self.load)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t("imp.file", path=self.path)))
        layout.addWidget(QLabel(t("imp.year")))
        layout.addWidget(self.year)
        layout.addWidget(self.info)
        layout.addWidget(self.counts)
        layout.addWidget(self.marks, 2)
        layout.addWidget(self.problems, 1)
        self.unknown_label = QLabel(t("imp.unknown"))
        layout.addWidget(self.unknown_label)
        layout.addWidget(self.unknown, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 620)

    # -- reading -------------------------------------------------------------
    def load(self) -> None:
        """Read the file in a worker; the preview appears when it is done."""
        assert self.store.path is not None
        task = Task(self, t("imp.reading"), _read_job(self.store.path, self.path, self.year.value()))
        task.done.connect(self.show_preview)
        task.error.connect(self._failed)
        self._task = task
        task.start()

    def load_now(self) -> None:
        """Read synchronously (tests, and small files)."""
        try:
            self.show_preview(legacy_table.read_table(self.store, self.path, self.year.value()))
        except NtmError as error:
            self._failed(error)

    def _failed(self, error: object) -> None:
        self.run_button.setEnabled(False)
        self.info.setText(str(error))
        if not isinstance(error, NtmError):
            raise error  # type: ignore[misc]

    def show_preview(self, preview: legacy_table.TablePreview) -> None:
        self.preview = preview
        columns = list(preview.criteria_columns.values())
        self.info.setText(t(
            "imp.detected", sheet=preview.sheet, header=preview.header_row, commune=preview.commune_column,
            district=preview.district_column or t("imp.group_rows"), first=columns[0], last=columns[-1],
        ))
        self.counts.setText(t(
            "imp.counts", rows=len(preview.rows), matched=preview.matched, totals=len(preview.totals_skipped),
            total_rows=", ".join(str(r) for r in preview.totals_skipped) or "—",
        ))
        self.problems.clear()
        if preview.errors:
            self.problems.addItem(t("imp.errors"))
            for problem in preview.errors:
                self.problems.addItem("  ✗ " + problem.message)
        self.overwrites = legacy_table.overwrites(self.store, preview, self.year.value())
        if preview.warnings or self.overwrites["count"]:
            self.problems.addItem(t("imp.warnings"))
            for problem in preview.warnings:
                self.problems.addItem("  ! " + problem.message)
            if self.overwrites["count"]:  # issue 20 part 7: say what it changes of what is stored
                self.problems.addItem("  ! " + t("table.overwrites", n=self.overwrites["count"],
                                                 entered=self.overwrites["entered"]))
        self._fill_marks(preview)
        self._fill_unknown(preview)
        self.run_button.setEnabled(not preview.errors)

    def _fill_marks(self, preview: legacy_table.TablePreview) -> None:
        numbers = list(preview.criteria_columns)  # the set's criteria: 19 until 2025, 10 from 2026
        if self.marks_model.columnCount() != len(numbers) + 2:
            self.marks_model.set_headers(["imp.col_district", "imp.col_commune", *[Text(n) for n in numbers]])
            for column in range(2, len(numbers) + 2):
                self.marks.setColumnWidth(column, 26)
        rows = []
        for row in preview.rows:
            name = row.unit.name if row.unit else f"? {row.commune}"
            cells = [row.district, Cell(name, background=None if row.unit else "#fde7b0")]
            by_number = {number: Cell("✓" if met else "", background="#d7f0d2" if met else "#ffffff")
                         for number, met in row.marks.items()}
            cells.extend(by_number.get(number, "") for number in numbers)
            rows.append(cells)
        self.marks_model.set_rows(rows, row_labels=[str(r.row) for r in preview.rows])
        self.marks.resizeColumnToContents(0)
        self.marks.resizeColumnToContents(1)

    def _fill_unknown(self, preview: legacy_table.TablePreview) -> None:
        rows = preview.unknown
        self.unknown_model.set_rows([(row.row, f"{row.commune} ({row.district})" if row.district else row.commune, "")
                                     for row in rows])
        self.unknown_label.setVisible(bool(rows))
        self.unknown.setVisible(bool(rows))
        for i, row in enumerate(rows):
            combo = QComboBox()
            if not row.district:  # a year without districts: the closest communes in force that day
                for name in row.suggestions:
                    try:
                        unit = units.resolve_commune(self.store, name, None, on=preview.day)
                    except NtmError:
                        continue
                    combo.addItem(unit.name + (f" (mã {unit.code})" if unit.code else ""), unit.id)
                if not combo.count():
                    combo.addItem(t("imp.none_found"), None)
                self.unknown.setIndexWidget(self.unknown_model.index(i, 2), combo)
                continue
            district = units.resolve_district(self.store, row.district)
            for name in row.suggestions:
                commune_name = name.split(" (")[0]
                try:
                    unit = units.resolve_commune(self.store, commune_name, district.name)
                except NtmError:
                    continue
                combo.addItem(f"{unit.name} ({district.name})", unit.id)
            combo.addItem(t("imp.create", name=row.commune, district=district.name), None)
            self.unknown.setIndexWidget(self.unknown_model.index(i, 2), combo)

    def choices(self) -> dict[int, int | None]:
        """Excel row → chosen unit id (None: create the commune)."""
        assert self.preview is not None
        out = {}
        for i, row in enumerate(self.preview.unknown):
            combo = self.unknown.indexWidget(self.unknown_model.index(i, 2))
            assert isinstance(combo, QComboBox)
            out[row.row] = combo.currentData()
        return out

    # -- importing ---------------------------------------------------------------
    def _prepared(self) -> tuple[legacy_table.TablePreview, bool]:
        assert self.preview is not None
        preview = self.preview
        chosen = self.choices()
        for row in preview.unknown:
            unit_id = chosen.get(row.row)
            if unit_id is not None:
                row.unit = units.get(self.store, unit_id)
        return preview, bool(preview.unknown)

    def confirmed(self) -> bool:
        """Hand entries the table would change are the user's to confirm (nothing asked otherwise)."""
        entered = self.overwrites["entered"]
        if not entered:
            return True
        answer = QMessageBox.question(self, t("imp.title"), t("imp.confirm_overwrite", n=entered))
        return answer == QMessageBox.StandardButton.Yes

    def run_import(self, synchronous: bool = False) -> None:
        if not self.confirmed():
            return
        preview, add_units = self._prepared()
        year = self.year.value()
        self.run_button.setEnabled(False)
        if synchronous:
            try:
                self._done(legacy_table.apply(self.store, preview, year, add_units=add_units))
            except NtmError as error:
                self._import_failed(error)
            return
        assert self.store.path is not None
        db_path = self.store.path

        def job(progress: Any, cancelled: Any) -> legacy_table.ImportResult:
            store = open_database(db_path, create=False)
            try:  # unit ids read on the main connection are the same in this one
                return legacy_table.apply(store, preview, year, add_units=add_units,
                                          progress=progress, cancelled=cancelled)
            finally:
                store.close()

        task = Task(self, t("imp.writing"), job)
        task.done.connect(self._done)
        task.error.connect(self._import_failed)
        self._task = task
        task.start()

    def _import_failed(self, error: object) -> None:
        self.run_button.setEnabled(True)
        QMessageBox.warning(self, t("imp.title"), str(error))

    def _done(self, result: legacy_table.ImportResult) -> None:
        self.result = result
        created = t("imp.created", n=len(result.created_units)) if result.created_units else ""
        self.message = t("imp.done", imported=result.imported, updated=result.updated,
                         unchanged=result.unchanged, skipped=result.skipped, created=created)
        self.accept()
