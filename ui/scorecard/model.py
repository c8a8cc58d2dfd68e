"""Tree model of one commune's scorecard: group → criterion → indicator.

A value a plausibility rule questions (docs/checks.md) gets an amber-orange cell, a warning icon
and the warning as its tooltip: the commune's warnings are computed in one call when a scorecard
is shown, and one check runs for a value just entered. A warning never refuses the value.

The cells are Qt's own items (a QStandardItemModel), their texts, colours and tool tips worked out
when a scorecard is shown: Qt paints and lays them out without calling Python for every role of
every cell (issue 22: a switch between communes on the national database spent most of its time
answering ``data()``, ``index()`` and ``parent()`` calls). Qt keeps one text for the display and
edit roles: an editor reads the cell's text (the official status's combo box reads the row)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

# QtCore.Qt and QtWidgets.QStyle are named where they are used, after the first paint: a name imported
# from them builds their Python enums (15-20 and 6-11 ms of CPU, ui/scorecard/roles.py)
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from ntm_desktop import checks
from ntm_desktop.criteria.shape import shape_of
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import language, t
from ntm_desktop.store.database import Store
from ui.scorecard import roles

# the rows a scorecard holds and their statuses: the assessments service and the engine load with the first
# scorecard shown, or after the first paint (ui.app.WARM_UP; the engine 1.2 ms of CPU before it otherwise)
if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from ntm_desktop.assessments import CriterionRow, IndicatorRow, Scorecard
    from ntm_desktop.engine import Status

COLUMNS = ("code", "content", "unit", "threshold", "value", "computed", "official", "note")
COL = {name: i for i, name in enumerate(COLUMNS)}
NCOLUMNS = len(COLUMNS)
ELIDED = (COL["unit"], COL["threshold"], COL["computed"])  # narrow columns: the text in the tool tip too
# the first column another commune (or period) of the same criteria set can change: the threshold
# (its group or region), the value, the statuses, the note, a group's count; code, content and unit
# are the set's own
SWITCHED = COL["threshold"]
Index = QModelIndex | QPersistentModelIndex
# every cell's roles are worked out for each scorecard shown (about 1,500 values): plain ints, not
# enum members and dictionary look-ups
CODE, CONTENT, UNIT, THRESHOLD, VALUE, COMPUTED, OFFICIAL, NOTE = (COL[name] for name in COLUMNS)
DISPLAY, TOOLTIP, FONT, BACKGROUND, FOREGROUND, DECORATION = (
    roles.DISPLAY, roles.TOOLTIP, roles.FONT, roles.BACKGROUND, roles.FOREGROUND, roles.DECORATION)
ROLES = (DISPLAY, TOOLTIP, FONT, BACKGROUND, FOREGROUND, DECORATION)  # a cell's roles (edit is display)
Cell = tuple[Any, Any, Any, Any, Any, Any]  # a cell's value in each of ROLES
EMPTY: Cell = (None, None, None, None, None, None)
NODE = roles.USER + 1  # every cell: the id of its row's Node


@cache
def item_flags() -> tuple[Qt.ItemFlag, Qt.ItemFlag]:
    """The flags of a read-only cell and of an editable one: two objects, made once (when the first
    scorecard is shown, not before the first paint), that a cell's flags are compared with."""
    flag = QtCore.Qt.ItemFlag
    read_only = flag.ItemIsEnabled | flag.ItemIsSelectable
    return read_only, read_only | flag.ItemIsEditable

GREEN = QColor("#d7f0d2")
RED = QColor("#f8d7d3")
GREY = QColor("#eeeeee")
AMBER = QColor("#fde7b0")
WARNING = QColor("#ffcf99")  # a value a plausibility check questions

# (node, column, value) → True if saved
EditHandler = Callable[["Node", int, Any], bool]


class Node:
    """A row of the scorecard, compared by identity. A plain class, not a dataclass: one fewer class
    generated before the first paint (0.3-0.4 ms of CPU each, December 2026, issue 22)."""

    __slots__ = ("kind", "parent", "row", "payload", "children", "cells", "shown", "flags")

    def __init__(self, kind: str, parent: Node | None, row: int, payload: Any = None) -> None:
        self.kind = kind  # "group", "criterion" or "indicator"
        self.parent = parent
        self.row = row
        self.payload = payload
        self.children: list[Node] = []
        self.cells: list[QStandardItem] = []  # the row's items, one a column
        self.shown: list[Cell | None] = []  # what each item holds
        self.flags: list[Qt.ItemFlag | None] = []  # and its flags


def status_text(status: Status) -> str:
    return t(f"status.{status.value}")


class Brushes(NamedTuple):
    met: QBrush
    not_met: QBrush
    grey: QBrush
    amber: QBrush
    warning: QBrush
    group: QBrush
    no_threshold_pen: QBrush


@cache
def brushes() -> Brushes:
    """One brush of each colour, shared by the cells: a cell that shows what it showed compares equal
    at once (the same object), and no brush is made per cell. Made with the first scorecard shown, not
    before the first paint: QBrush(colour) names Qt.BrushStyle, which builds QtCore.Qt's enums
    (ui/scorecard/roles.py)."""
    return Brushes(*map(QBrush, (GREEN, RED, GREY, AMBER, WARNING, QColor("#e6eef8"), QColor("#8a6d00"))))


def status_brush(status: Status | bool | None) -> QBrush | None:
    """The colour of an official status (True, False, None) or a computed one (a ``Status``, a str enum
    compared by its value: the engine need not be loaded to draw it)."""
    if status is True or status == "met":
        return brushes().met
    if status is False or status == "not_met":
        return brushes().not_met
    if status in ("no_threshold", "unknown"):
        return brushes().grey
    return None


class ScorecardModel(QStandardItemModel):
    def __init__(self) -> None:
        super().__init__(0, NCOLUMNS)
        # Qt's items answer the header: no Python headerData, which Qt would call with a Qt.Orientation
        # at the first paint (ui/scorecard/roles.py); the window is built again for another language
        self.setHorizontalHeaderLabels([t(f"col.{name}") for name in COLUMNS])
        self.card: Scorecard | None = None
        self.roots: list[Node] = []
        self._ids: dict[int, Node] = {}
        self.on_edit: EditHandler | None = None
        self.store: Store | None = None  # for the plausibility checks
        self.warnings: dict[str, list[checks.CheckWarning]] = {}  # indicator code → its warnings
        self._editing = False  # a value is being saved: only its own cell is checked again

    # the application's font, bold or italic, as each cell's own QFont() was: made with the first scorecard
    # shown (QtGui.QFont named where used, ui/scorecard/roles.py: about 1 ms before the first paint)
    @cached_property
    def _bold(self) -> QtGui.QFont:
        font = QtGui.QFont()
        font.setBold(True)
        return font

    @cached_property
    def _italic(self) -> QtGui.QFont:
        font = QtGui.QFont()
        font.setItalic(True)
        return font

    # -- loading -----------------------------------------------------------
    def set_scorecard(self, card: Scorecard | None, *, rebuild: bool = False) -> bool:
        """Show another scorecard; True when the rows were built anew (a model reset).

        Rows are kept and their cells updated in place when the criteria are the same: after an
        edit (the same commune, period and set) every column; after a switch to another commune or
        period on the same criteria set object, the columns a switch can change (:data:`SWITCHED`
        on). Only cells showing something else are set again and repainted, not the set's texts
        (issue 22: the repaint and the model's answers to it were most of a switch). ``rebuild``
        forces a reset (an editor is open)."""
        if not self._editing:
            self._check_all(card)
        shown = self.card
        if not rebuild and card is not None and shown is not None and self._same_shape(card):
            self._update(card, 0)
            return False
        if not rebuild and card is not None and shown is not None and card.criteria_set is shown.criteria_set:
            self._update(card, SWITCHED)
            return False
        self.beginResetModel()
        self.blockSignals(True)  # the rows go and come inside the reset, said once by its end
        try:
            self.card = card
            self.roots = []
            self._ids = {}
            self.removeRows(0, self.rowCount())
            if card is not None:
                self._build(card)
        finally:
            self.blockSignals(False)
        self.endResetModel()
        return True

    def _update(self, card: Scorecard, first: int) -> None:
        """New payloads in the same rows; the cells from column ``first`` on set again where they
        show something else (one signal for each cell's role held back), then said changed: every
        row, in the columns spanning the changed cells. One rectangle to repaint: QTreeView paints
        the whole width of every row of an update region made of several."""
        self.card = card
        self._fill(card)
        left, right = NCOLUMNS, -1
        self.blockSignals(True)
        try:
            for node in self._walk():
                changed = self._set_cells(node, first, NCOLUMNS)
                if changed is not None:
                    left, right = min(left, changed[0]), max(right, changed[1])
        finally:
            self.blockSignals(False)
        if right < 0:
            return  # nothing shows anything else
        self.dataChanged.emit(self.index(0, left), self.index(len(self.roots) - 1, right))
        for root in self.roots:
            for parent in (root, *root.children):
                if parent.children:
                    under, bottom = parent.cells[0].index(), len(parent.children) - 1
                    self.dataChanged.emit(self.index(0, left, under), self.index(bottom, right, under))

    def _set_cells(self, node: Node, first: int, end: int) -> tuple[int, int] | None:
        """The roles and flags of the row's cells ``first`` … ``end - 1`` from its payload; a cell
        that shows what it showed is left as it is (a switch keeps most thresholds and colours).
        Returns the first and last column changed, None when none did."""
        cells = self._row(node)
        changed = []
        for column in range(first, end):
            item, cell = node.cells[column], cells[column]
            if cell != node.shown[column]:
                for role, value in zip(ROLES, cell, strict=True):
                    item.setData(value, role)
                node.shown[column] = cell
                changed.append(column)
            flags = self._flags(node, column)
            if flags is not node.flags[column]:  # the two constants; reading Qt's back makes a Flag
                item.setFlags(flags)
                node.flags[column] = flags
                changed.append(column)
        return (min(changed), max(changed)) if changed else None

    # -- plausibility warnings ---------------------------------------------------------
    def _checks_store(self) -> Store | None:
        """The database the checks read: ``store`` when the view set it, else the view's own (the
        view that handles the edits holds it)."""
        owner = getattr(self.on_edit, "__self__", None)
        return self.store or getattr(owner, "store", None)

    def _check_all(self, card: Scorecard | None) -> None:
        """The warnings of every value of the scorecard: one call (one query)."""
        store = self._checks_store()
        self.warnings = {}
        if card is None or store is None:
            return
        try:
            self.warnings = checks.for_commune(store, card.commune, card.period, card.criteria_set.code)
        except NtmError:  # a set no longer there: the scorecard says so; no warnings
            self.warnings = {}

    def _check_one(self, node: Node, index: Index) -> None:
        """Check again the value just saved in an indicator's cell (one check)."""
        store = self._checks_store()
        if store is None or self.card is None:
            return
        irow: IndicatorRow = node.payload
        code = irow.indicator.code
        found = checks.check_value(store, self.card.commune, self.card.period, code, irow.value,
                                   set_code=self.card.criteria_set.code) if irow.value is not None else []
        if found:
            self.warnings[code] = found
        else:
            self.warnings.pop(code, None)
        self.blockSignals(True)
        try:
            self._set_cells(node, VALUE, VALUE + 1)
        finally:
            self.blockSignals(False)
        self.dataChanged.emit(index, index)

    def warning_text(self, code: str) -> str:
        """The warnings of an indicator's value, one a line ("" when none)."""
        return "\n".join("⚠ " + w.message for w in self.warnings.get(code, []))

    def _same_shape(self, card: Scorecard) -> bool:
        assert self.card is not None
        return (
            self.card.criteria_set.code == card.criteria_set.code
            and self.card.commune.id == card.commune.id
            and self.card.period == card.period
        )

    def _build(self, card: Scorecard) -> None:
        groups: dict[str, Node] = {}
        for crow in card.rows:
            code = crow.criterion.group_code
            if code not in groups:
                groups[code] = Node("group", None, len(self.roots))
                self.roots.append(groups[code])
            group = groups[code]
            cnode = Node("criterion", group, len(group.children))
            group.children.append(cnode)
            for _ in crow.indicators:
                cnode.children.append(Node("indicator", cnode, len(cnode.children)))
        for node in self._walk():
            self._ids[id(node)] = node
        self._fill(card)
        for node in self._walk():
            node.cells = [QStandardItem() for _ in COLUMNS]
            node.shown = [None for _ in COLUMNS]
            node.flags = [None for _ in COLUMNS]
            for item in node.cells:
                item.setData(id(node), NODE)
            self._set_cells(node, 0, NCOLUMNS)
            parent = node.parent.cells[0] if node.parent is not None else self.invisibleRootItem()
            parent.appendRow(node.cells)

    def _walk(self) -> list[Node]:
        out: list[Node] = []
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def _fill(self, card: Scorecard) -> None:
        by_group: dict[str, list[CriterionRow]] = {}
        for crow in card.rows:
            by_group.setdefault(crow.criterion.group_code, []).append(crow)
        for group, crows in zip(self.roots, by_group.values(), strict=True):
            group.payload = crows
            for cnode, crow in zip(group.children, crows, strict=True):
                cnode.payload = crow
                for inode, irow in zip(cnode.children, crow.indicators, strict=True):
                    inode.payload = irow

    # -- Qt model API (Qt's items answer index, parent, data and flags) ------------------
    def node(self, index: Index) -> Node | None:
        return self._ids.get(index.data(NODE)) if index.isValid() else None

    @staticmethod
    def _flags(node: Node, column: int) -> Qt.ItemFlag:
        read_only, editable = item_flags()
        if node.kind == "indicator" and (column == VALUE or column == NOTE):
            if column == VALUE or node.payload.indicator.type != "text" or node.payload.value:
                return editable
        if node.kind == "criterion" and (column == OFFICIAL or column == NOTE):
            return editable
        return read_only

    def _row(self, node: Node) -> list[Cell]:
        """What each of the row's cells shows, in :data:`ROLES` order (None: Qt's default)."""
        if node.kind == "group":
            return self._group_row(node.payload)
        cells = self._criterion_row(node.payload) if node.kind == "criterion" else self._indicator_row(node.payload)
        for column in ELIDED:
            # a narrow column cuts its text ("triệu đồng/người/năm", "No threshold for this group"):
            # the whole text in the tool tip
            shown, tip, *rest = cells[column]
            if tip is None and isinstance(shown, str) and len(shown) > 8:
                cells[column] = (shown, shown, *rest)
        return cells

    def _name(self, vi: str, en: str | None) -> str:
        return en if language() == "en" and en else vi

    def _group_row(self, crows: list[CriterionRow]) -> list[Cell]:
        bold, back = self._bold, brushes().group
        cells: list[Cell] = [(None, None, bold, back, None, None) for _ in COLUMNS]
        first = crows[0].criterion
        cells[CONTENT] = (self._name(first.group_name, first.group_name_en), None, bold, back, None, None)
        met = sum(1 for c in crows if c.effective is True)
        cells[OFFICIAL] = (f"{met}/{len(crows)}", None, bold, back, None, None)
        return cells

    def _criterion_row(self, crow: CriterionRow) -> list[Cell]:
        crit = crow.criterion
        bold = self._bold
        cells: list[Cell] = [EMPTY for _ in COLUMNS]
        cells[CODE] = (t("score.criterion_code", n=crit.number), None, bold, None, None, None)
        tip = "; ".join(crit.responsible) if crit.responsible else None
        cells[CONTENT] = (self._name(crit.name, crit.name_en), tip, bold, None, None, None)
        cells[COMPUTED] = (status_text(crow.computed), None, None, status_brush(crow.computed), None, None)
        if crow.official is None:
            official = t("official.none")
        else:
            label = t("status.met") if crow.official else t("status.not_met")
            official = f"{label}  ⚠" if crow.disagreement else label
        if crow.disagreement:
            cells[OFFICIAL] = (official, t("flag.disagree"), None, brushes().amber, None, None)
        else:
            cells[OFFICIAL] = (official, None, None, status_brush(crow.official), None, None)
        cells[NOTE] = (crow.note or "", None, None, None, None, None)
        return cells

    def _indicator_row(self, irow: IndicatorRow) -> list[Cell]:
        ind = irow.indicator
        cells: list[Cell] = [EMPTY for _ in COLUMNS]
        cells[CODE] = (ind.code, None, None, None, None, None)
        name = self._name(ind.name, ind.name_en)
        cells[CONTENT] = (name, name, None, None, None, None)
        cells[UNIT] = (ind.unit or t(f"type.{ind.type}"), None, None, None, None, None)
        if ind.type == "text":
            limit = ""
        else:
            limit = irow.threshold.describe(ind.type) if irow.threshold else t("status.no_threshold")
        if irow.threshold is None:
            cells[THRESHOLD] = (limit, None, self._italic, None, brushes().no_threshold_pen, None)
        else:
            cells[THRESHOLD] = (limit, None, None, None, None, None)
        warned = ind.code in self.warnings
        lines = [self.warning_text(ind.code)] if warned else []
        lines += [f"{irow.updated_by or ''} · {irow.updated_at}"] if irow.updated_at else []
        cells[VALUE] = (
            irow.display, "\n".join(lines) if lines else None, None, brushes().warning if warned else None, None,
            QApplication.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning) if warned else None,
        )
        cells[COMPUTED] = (status_text(irow.status), None, None, status_brush(irow.status), None, None)
        cells[NOTE] = (irow.note or "", None, None, None, None, None)
        return cells

    def setData(self, index: Index, value: Any, role: int = roles.EDIT) -> bool:  # noqa: N802
        node = self.node(index)
        if node is None or role != roles.EDIT or self.on_edit is None:
            return False
        if node.kind != "indicator" or index.column() != COL["value"]:
            return self.on_edit(node, index.column(), value)
        self._editing = True
        try:
            saved = self.on_edit(node, index.column(), value)
        finally:
            self._editing = False
        if saved:
            self._check_one(node, index)
        return saved

    def count_label(self) -> str:
        if self.card is None:
            return ""
        if not self.card.has_data:  # an empty period is not "0/19 met"
            return t("score.not_entered")
        return t("score.count", met=self.card.met_count, total=self.card.total)

    def band_label(self) -> str:
        """The commune's band in its set's shape: ``Đạt chuẩn 10/10 tiêu chí`` for every criterion of a
        10-criterion set, ``Đạt từ 15 đến 18 tiêu chí`` in a band, the count where the set has no band."""
        if self.card is None or not self.card.has_data:
            return ""
        shape = shape_of(self.card.criteria_set)
        met = self.card.met_count
        if met == shape.count:
            return t("band.full_card", n=shape.count)
        band = shape.band_of(met)
        return band.text() if band else t("band.none", met=met, n=shape.count)
