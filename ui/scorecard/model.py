"""Tree model of one commune's scorecard: group → criterion → indicator.

A value a plausibility rule questions (docs/checks.md) gets an amber-orange cell, a warning icon
and the warning as its tooltip: the commune's warnings are computed in one call when a scorecard
is shown, and one check runs for a value just entered. A warning never refuses the value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from ntm_desktop import checks
from ntm_desktop.assessments import CriterionRow, IndicatorRow, Scorecard
from ntm_desktop.criteria.shape import shape_of
from ntm_desktop.engine import Status
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import language, t
from ntm_desktop.store.database import Store

COLUMNS = ("code", "content", "unit", "threshold", "value", "computed", "official", "note")
COL = {name: i for i, name in enumerate(COLUMNS)}
ELIDED = (COL["unit"], COL["threshold"], COL["computed"])  # narrow columns: the text in the tool tip too
Index = QModelIndex | QPersistentModelIndex

GREEN = QColor("#d7f0d2")
RED = QColor("#f8d7d3")
GREY = QColor("#eeeeee")
AMBER = QColor("#fde7b0")
WARNING = QColor("#ffcf99")  # a value a plausibility check questions

# (node, column, value) → True if saved
EditHandler = Callable[["Node", int, Any], bool]


@dataclass(eq=False)
class Node:
    kind: str  # "group", "criterion" or "indicator"
    parent: Node | None
    row: int
    payload: Any = None
    children: list[Node] = field(default_factory=list)


def status_text(status: Status) -> str:
    return t(f"status.{status.value}")


def status_brush(status: Status | bool | None) -> QBrush | None:
    if status is True or status is Status.MET:
        return QBrush(GREEN)
    if status is False or status is Status.NOT_MET:
        return QBrush(RED)
    if status is Status.NO_THRESHOLD or status is Status.UNKNOWN:
        return QBrush(GREY)
    return None


class ScorecardModel(QAbstractItemModel):
    def __init__(self) -> None:
        super().__init__()
        self.card: Scorecard | None = None
        self.roots: list[Node] = []
        self._ids: dict[int, Node] = {}
        self.on_edit: EditHandler | None = None
        self.store: Store | None = None  # for the plausibility checks
        self.warnings: dict[str, list[checks.CheckWarning]] = {}  # indicator code → its warnings
        self._editing = False  # a value is being saved: only its own cell is checked again

    # -- loading -----------------------------------------------------------
    def set_scorecard(self, card: Scorecard | None) -> None:
        """Show another scorecard; when only values changed, update in place."""
        if not self._editing:
            self._check_all(card)
        if card is not None and self.card is not None and self._same_shape(card):
            self.card = card
            self._fill(card)
            last = self.index(len(self.roots) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            for root in self.roots:
                first = self.createIndex(0, 0, id(root.children[0]))
                end = self.createIndex(len(root.children) - 1, len(COLUMNS) - 1, id(root.children[-1]))
                self.dataChanged.emit(first, end)
                for crit in root.children:
                    if crit.children:
                        self.dataChanged.emit(
                            self.createIndex(0, 0, id(crit.children[0])),
                            self.createIndex(len(crit.children) - 1, len(COLUMNS) - 1, id(crit.children[-1])),
                        )
            return
        self.beginResetModel()
        self.card = card
        self.roots = []
        self._ids = {}
        if card is not None:
            self._build(card)
        self.endResetModel()

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

    # -- Qt model API ---------------------------------------------------------
    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        return self._ids.get(index.internalId())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        siblings = self.roots if not parent.isValid() else self._children(parent)
        if 0 <= row < len(siblings) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, id(siblings[row]))
        return QModelIndex()

    def _children(self, parent: Index) -> list[Node]:
        node = self.node(parent)
        return node.children if node else []

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, id(node.parent))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.roots) if not parent.isValid() else len(self._children(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(  # noqa: N802 - Qt's signature
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(f"col.{COLUMNS[section]}")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self.node(index)
        if node is None:
            return base
        column = index.column()
        if node.kind == "indicator" and column in (COL["value"], COL["note"]):
            if node.payload.indicator.type != "text" or column == COL["value"] or node.payload.value:
                return base | Qt.ItemFlag.ItemIsEditable
        if node.kind == "criterion" and column in (COL["official"], COL["note"]):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if node.kind == "group":
            return self._group_data(node, column, role)
        if node.kind == "criterion":
            value = self._criterion_data(node.payload, column, role)
        else:
            value = self._indicator_data(node.payload, column, role)
        if value is None and role == Qt.ItemDataRole.ToolTipRole and column in ELIDED:
            # a narrow column cuts its text ("triệu đồng/người/năm", "No threshold for this group"):
            # the whole text in the tool tip
            shown = self.data(index, Qt.ItemDataRole.DisplayRole)
            return shown if isinstance(shown, str) and len(shown) > 8 else None
        return value

    def _name(self, vi: str, en: str | None) -> str:
        return en if language() == "en" and en else vi

    def _group_data(self, node: Node, column: int, role: int) -> Any:
        crows: list[CriterionRow] = node.payload
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL["content"]:
                first = crows[0].criterion
                return self._name(first.group_name, first.group_name_en)
            if column == COL["official"]:
                met = sum(1 for c in crows if c.effective is True)
                return f"{met}/{len(crows)}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#e6eef8"))
        return None

    def _criterion_data(self, crow: CriterionRow, column: int, role: int) -> Any:
        crit = crow.criterion
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == COL["code"]:
                return t("score.criterion_code", n=crit.number)
            if column == COL["content"]:
                return self._name(crit.name, crit.name_en)
            if column == COL["computed"]:
                return status_text(crow.computed)
            if column == COL["official"]:
                if role == Qt.ItemDataRole.EditRole:
                    return crow.official
                if crow.official is None:
                    return t("official.none")
                label = t("status.met") if crow.official else t("status.not_met")
                return f"{label}  ⚠" if crow.disagreement else label
            if column == COL["note"]:
                return crow.note or ""
        if role == Qt.ItemDataRole.FontRole and column in (COL["code"], COL["content"]):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == COL["computed"]:
                return status_brush(crow.computed)
            if column == COL["official"]:
                return QBrush(AMBER) if crow.disagreement else status_brush(crow.official)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL["official"] and crow.disagreement:
                return t("flag.disagree")
            if column == COL["content"] and crit.responsible:
                return "; ".join(crit.responsible)
        return None

    def _indicator_data(self, irow: IndicatorRow, column: int, role: int) -> Any:
        ind = irow.indicator
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL["code"]:
                return ind.code
            if column == COL["content"]:
                return self._name(ind.name, ind.name_en)
            if column == COL["unit"]:
                return ind.unit or t(f"type.{ind.type}")
            if column == COL["threshold"]:
                if ind.type == "text":
                    return ""
                return irow.threshold.describe(ind.type) if irow.threshold else t("status.no_threshold")
            if column == COL["value"]:
                return irow.display
            if column == COL["computed"]:
                return status_text(irow.status)
            if column == COL["note"]:
                return irow.note or ""
        if role == Qt.ItemDataRole.EditRole:
            if column == COL["value"]:
                return irow.display
            if column == COL["note"]:
                return irow.note or ""
        if role == Qt.ItemDataRole.ForegroundRole and column == COL["threshold"] and irow.threshold is None:
            return QBrush(QColor("#8a6d00"))
        if role == Qt.ItemDataRole.FontRole and column == COL["threshold"] and irow.threshold is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and column == COL["computed"]:
            return status_brush(irow.status)
        warned = column == COL["value"] and ind.code in self.warnings
        if warned and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(WARNING)
        if warned and role == Qt.ItemDataRole.DecorationRole:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL["content"]:
            return self._name(ind.name, ind.name_en)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL["value"] and (irow.updated_at or warned):
            lines = [self.warning_text(ind.code)] if warned else []
            lines += [f"{irow.updated_by or ''} · {irow.updated_at}"] if irow.updated_at else []
            return "\n".join(lines)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or self.on_edit is None:
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
