"""Kế hoạch → Nguồn vốn… (issue 18 part 2): a year and a unit (the province, a district, a
commune); a row per source (the local budget by level) with its plan and disbursed amounts in
million đồng, typed or pasted from Excel, and the totals; under it, the counterpart rule's check
in words where the figures do not meet it (the program shows a shortfall, it never refuses it).
Lưu writes the changed cells through :func:`ntm_desktop.funding.put`, which checks everything
before it writes: a refusal is shown in the dialog and changes nothing. Each save is one step on
the window's undo stack."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import funding as money
from ntm_desktop import summary, text, units, values
from ntm_desktop.errors import InputRejected, NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ui.planning.targets_dialog import PasteGrid
from ui.undo import wire_to_undo

ROWS: tuple[tuple[str, str | None], ...] = (
    ("central", None), ("local", "province"), ("local", "district"), ("local", "commune"), ("carried", None),
    ("integrated", None), ("credit", None), ("enterprise", None), ("people", None))
KINDS = ("plan", "disbursed")
_RED, _GREEN = "#b3261e", "#1d5c2e"


def row_label(source: str, level: str | None) -> str:
    label = t(f"fund.source.{source}")
    return f"{label} – {t(f'fund.level.{level}')}" if level else label


def _units(store: Store, year: int) -> list[tuple[str, int | None]]:
    """The province, then each district and its communes in force during ``year``."""
    span = [f"{year}-12-31", f"{year}-01-01"]
    live = "(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?)"
    out: list[tuple[str, int | None]] = [(t("tgd.province"), None)]
    districts = store.query(f"SELECT id, name FROM units WHERE level = 'district' AND {live}", span)
    for district in sorted(districts, key=lambda r: text.sort_key(r["name"])):
        out.append((district["name"], district["id"]))
        communes = store.query(f"SELECT id, name FROM units WHERE level = 'commune' AND parent_id = ? AND {live}",
                               [district["id"], *span])
        out += [(f"    {c['name']}", c["id"]) for c in sorted(communes, key=lambda r: text.sort_key(r["name"]))]
    loose = store.query(f"SELECT u.id, u.name FROM units u JOIN units p ON p.id = u.parent_id AND p.level = 'province'"
                        f" WHERE u.level = 'commune' AND {live.replace('valid_', 'u.valid_')}", span)
    out += [(c["name"], c["id"]) for c in sorted(loose, key=lambda r: text.sort_key(r["name"]))]
    return out


class FundingDialog(QDialog):
    """The funding of a year and unit; ``save`` hands its batch to ``pushed(batch, label)``."""

    def __init__(self, store: Store, parent: QWidget | None = None, pushed: Any = None,
                 year: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.pushed = pushed
        self.setWindowTitle(t("fdd.title"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year or summary.latest_year(store) or dt.date.today().year)
        self.unit = QComboBox()
        self.unit.setMinimumContentsLength(24)
        self.table = PasteGrid()
        self.table.setObjectName("fundingGrid")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.total = QLabel()
        self.check = QLabel()
        self.check.setObjectName("counterpartCheck")
        self.check.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fundingError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {_RED};")
        self.error.hide()
        self.saved_note = QLabel()
        self.saved_note.setStyleSheet(f"color: {_GREEN};")
        self.save_button = QPushButton(t("fdd.save"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        close = QPushButton(t("fdd.close"))
        close.setAutoDefault(False)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(t("fdd.year")))
        controls.addWidget(self.year)
        controls.addWidget(QLabel(t("fdd.unit")))
        controls.addWidget(self.unit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(QLabel(t("fdd.heading")))
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(t("tgd.paste_tip")))
        layout.addWidget(self.total)
        layout.addWidget(self.check)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_note)
        layout.addWidget(buttons)
        self._fill_units()
        self.year.valueChanged.connect(lambda _v: (self._fill_units(), self.reload()))
        self.unit.currentIndexChanged.connect(lambda _i: self.reload())
        self.reload()
        self.resize(860, 600)

    def _fill_units(self) -> None:
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        for name, unit_id in _units(self.store, self.year.value()):
            self.unit.addItem(name, unit_id)
        self.unit.setCurrentIndex(max(self.unit.findData(chosen), 0))
        self.unit.blockSignals(False)

    def chosen(self) -> units.Unit | None:
        unit_id = self.unit.currentData()
        return units.get(self.store, unit_id) if unit_id is not None else None

    def choose(self, name: str) -> None:
        """Pick a unit by its shown name (tests)."""
        index = next(i for i in range(self.unit.count()) if self.unit.itemText(i).strip() == name)
        self.unit.setCurrentIndex(index)

    # -- the grid ----------------------------------------------------------------------
    def reload(self) -> None:
        year, unit = self.year.value(), self.chosen()
        self.held: dict[tuple[int, int], float] = {}
        for entry in money.entries(self.store, year, year, unit):
            r = ROWS.index((entry["source"], entry["level"] if entry["source"] == "local" else None))
            key = (r, KINDS.index(entry["kind"]))
            self.held[key] = self.held.get(key, 0.0) + float(entry["amount"])
        grid = self.table.grid
        grid.clear()
        grid.setRowCount(len(ROWS) + 1)
        grid.setColumnCount(len(KINDS))
        grid.setHorizontalHeaderLabels([t("fdd.plan"), t("fdd.disbursed")])
        grid.setVerticalHeaderLabels([row_label(s, lv) for s, lv in ROWS] + [t("fdd.total")])
        totals = [Decimal(0), Decimal(0)]
        for r in range(len(ROWS)):
            for c in range(len(KINDS)):
                amount = self.held.get((r, c))
                self.table.set_value(r, c, "" if amount is None else values.format_number(amount))
                totals[c] += Decimal(str(amount or 0))
        for c, total in enumerate(totals):
            self.table.set_value(len(ROWS), c, values.format_number(float(total)), editable=False)
        figures = money.summary(self.store, year, year, unit)
        self.total.setText(t("fdd.in_billions", amount=money.billions(figures["total"], vi=False)))
        part = figures["counterpart"]
        if part["rule"] is None:
            self.check.setText(t("fdd.no_rule"))
            self.check.setStyleSheet("")
        else:
            self.check.setText(part["words"])
            self.check.setStyleSheet(f"color: {_GREEN if part['met'] else _RED};")

    def shown(self) -> list[list[str]]:
        """The grid as text (tests), a row per source and the totals."""
        return [[self.table.value(r, c) for c in range(len(KINDS))] for r in range(len(ROWS) + 1)]

    # -- saving ------------------------------------------------------------------------
    def changes(self) -> list[money.Entry]:
        year, unit = self.year.value(), self.chosen()
        out = []
        for r, (source, level) in enumerate(ROWS):
            for c, kind in enumerate(KINDS):
                raw = text.clean(self.table.value(r, c))
                try:
                    item = money.entry(self.store, year=year, source=source, amount=raw or 0, kind=kind,
                                       level=level, unit=unit)
                except InputRejected as exc:
                    raise InputRejected("fdd.bad_cell", source=row_label(source, level), kind=t(f"fdd.{kind}"),
                                        reason=exc.message) from None
                held = self.held.get((r, c))
                if not raw and held is not None:
                    out.append(item.cleared())
                elif raw and item.amount != held:
                    out.append(item)
        return out

    def save(self) -> bool:
        label = t("fdd.undo", year=self.year.value())
        try:
            done = money.put(self.store, self.changes(), source="entered", label=label)
        except NtmError as error:
            self.saved_note.clear()
            self.error.setText(str(error))
            self.error.show()
            return False
        self.error.hide()
        if done.batch is None:
            self.saved_note.setText(t("fdd.nothing"))
            return True
        self.saved_note.setText(t("fdd.saved", n=done.written))
        if self.pushed is not None:
            self.pushed(done.batch, label)
        self.reload()
        return True


def funding(window: Any) -> FundingDialog:
    """Kế hoạch → Nguồn vốn…: the dialog; each save goes on the window's undo stack, and undo and
    redo reload the dialog while it is open."""
    dialog = FundingDialog(window.store, window)
    wire_to_undo(window, dialog)
    dialog.open()
    return dialog
