"""Switching the scorecard to another commune (issue 22): on the same criteria set the rows stay
and only the cells a switch changes are set again and repainted; what the tree shows is what a
model built afresh for that commune shows, and the tree is left as a reset leaves it."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QLabel  # noqa: E402

from ntm_desktop import assessments, units  # noqa: E402
from ntm_desktop.errors import InputRejected  # noqa: E402
from ntm_desktop.periods import Period  # noqa: E402
from ntm_desktop.store import audit  # noqa: E402
from ui.scorecard.model import COLUMNS, SWITCHED, ScorecardModel  # noqa: E402
from ui.scorecard.view import ValueDelegate  # noqa: E402

YEAR = 2020
ROLES = [role for role in range(16) if role != Qt.ItemDataRole.EditRole]  # Qt's items: edit is display


def _fill(store, communes, year=YEAR, seed=22):
    """Random values, statuses and notes for the communes (the same indicators, other figures)."""
    rng = random.Random(seed)
    period = Period(year, "Y")
    cs = assessments.scorecard(store, communes[0], period).criteria_set
    for commune in communes:
        batch = audit.new_batch("entered", f"test {commune.name}")
        for crit in cs.criteria:
            for ind in crit.indicators:
                if rng.random() < 0.2:
                    continue  # some left empty
                raw = {"bool": rng.choice(["có", "không"]), "text": "ghi chú"}.get(ind.type, str(rng.randint(0, 120)))
                try:
                    assessments.set_indicator_value(store, commune, period, ind.code, raw, batch=batch,
                                                    note=rng.choice([None, "đã kiểm tra"]))
                except InputRejected:  # a value outside its type's range: left empty
                    continue
            if rng.random() < 0.4:
                assessments.set_official(store, commune, period, crit.number, rng.random() < 0.5, batch=batch,
                                         note=rng.choice([None, "Theo biên bản"]))


def _plain(value):
    """A role's value to compare (an icon by whether there is one)."""
    return ("icon", value.isNull()) if type(value).__name__ == "QIcon" else value


def _cells(model, parent=QModelIndex()):  # noqa: B008
    """Every cell's roles and flags, row by row (icons by whether there is one)."""
    out = []
    for row in range(model.rowCount(parent)):
        for column in range(len(COLUMNS)):
            index = model.index(row, column, parent)
            shown = [_plain(index.data(role)) for role in ROLES]
            out.append((row, column, shown, int(model.flags(index).value), model.rowCount(index)))
        out += _cells(model, model.index(row, 0, parent))
    return out


def _fresh(store, card):
    model = ScorecardModel()
    model.store = store
    model.set_scorecard(card)
    return _cells(model)


@pytest.fixture
def scorecard(window):
    view = window.scorecard
    store = window.store
    names = ["Hà Mòn", "Đăk Mar", "Đăk La", "Ngọk Réo"]
    communes = [units.resolve_commune(store, name, "Đăk Hà") for name in names]
    assert all(communes)
    _fill(store, communes)
    view.set_period(Period(YEAR, "Y"))
    return view, communes


def test_a_switch_shows_what_a_new_model_shows_without_a_reset(scorecard, qtbot):
    view, communes = scorecard
    store = view.store
    view.show_commune(communes[0].id)
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    for commune in [*communes[1:], communes[0], communes[2]]:
        view.show_commune(commune.id)
        card = view.model.card
        assert card.commune.id == commune.id and card.period == Period(YEAR, "Y")
        assert _cells(view.model) == _fresh(store, assessments.scorecard(store, commune, Period(YEAR, "Y")))
    assert resets == []  # the same set: the rows stayed
    # another set (2023: QG-2021-2025): the rows are built anew
    view.year.setValue(2023)
    assert resets == [1]
    assert _cells(view.model) == _fresh(store, assessments.scorecard(store, communes[2], Period(2023, "Y")))
    assert view.model.card.criteria_set.code == "QG-2021-2025"


def _shown(view):
    """{(row's node, column): what the cell shows} for the cells in sight."""
    model, tree, out = view.model, view.tree, {}

    def walk(parent):
        for row in range(model.rowCount(parent)):
            for column in range(len(COLUMNS)):
                index = model.index(row, column, parent)
                if tree.visualRect(index).intersects(tree.viewport().rect()):
                    out[id(model.node(index)), column] = [_plain(index.data(role)) for role in ROLES]
            walk(model.index(row, 0, parent))

    walk(QModelIndex())
    return out


def test_a_switch_repaints_the_cells_it_changes_not_the_sets_texts(scorecard, qtbot):
    view, communes = scorecard
    painted: set[tuple[int, int]] = set()

    class Recording(ValueDelegate):
        def paint(self, painter, option, index):  # noqa: ANN001
            painted.add((id(view.model.node(index)), index.column()))
            super().paint(painter, option, index)

    view.tree.setItemDelegate(Recording(view.model))
    view.show_commune(communes[0].id)
    qtbot.waitUntil(lambda: bool(painted))
    assert {column for _, column in painted} >= set(range(SWITCHED + 1))  # a first scorecard: every column
    qtbot.wait(50)
    partial = 0
    for commune in [*communes[1:], *communes]:
        before, geometry = _shown(view), view.tree.geometry()
        painted.clear()
        view.show_commune(commune.id)
        qtbot.waitUntil(lambda: bool(painted))
        qtbot.wait(20)
        after = _shown(view)
        changed = {cell for cell, shown in after.items() if before.get(cell) != shown}
        assert changed and changed <= painted  # every cell showing something else, repainted
        if view.tree.geometry() == geometry:  # (a tree that moved is repainted whole)
            # not the code, content and unit columns: the set's own texts
            assert min(column for _, column in painted) >= SWITCHED
            partial += 1
    assert partial >= len(communes)  # the set line grows once at most


def test_a_switch_leaves_the_tree_as_a_reset_does(scorecard, qtbot):
    view, communes = scorecard
    tree, model = view.tree, view.model
    view.show_commune(communes[0].id)
    group = model.index(0, 0)
    tree.setCurrentIndex(model.index(0, SWITCHED + 1, model.index(0, 0, group)))
    tree.collapse(group)
    assert tree.currentIndex().isValid() and not tree.isExpanded(group)
    view.show_commune(communes[1].id)
    assert not tree.currentIndex().isValid() and not tree.selectionModel().hasSelection()
    assert view._all_expanded() and tree.isExpanded(model.index(0, 0))


def test_a_switch_with_an_editor_open_closes_it_and_writes_nothing(scorecard, qtbot):
    view, communes = scorecard
    store = view.store
    view.show_commune(communes[0].id)
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    group = view.model.index(0, 0)
    note = view.model.index(0, len(COLUMNS) - 1, group)  # the first criterion's note
    view.tree.setCurrentIndex(note)
    view.tree.edit(note)
    assert view.tree.state() == QAbstractItemView.State.EditingState
    before = assessments.scorecard(store, communes[1], Period(YEAR, "Y"))
    view.show_commune(communes[1].id)
    assert resets == [1]  # an open editor belonged to the old rows: built anew
    assert view.tree.state() != QAbstractItemView.State.EditingState
    qtbot.wait(20)
    after = assessments.scorecard(store, communes[1], Period(YEAR, "Y"))
    assert [(r.official, r.note) for r in after.rows] == [(r.official, r.note) for r in before.rows]
    assert _cells(view.model) == _fresh(store, after)



def test_the_set_line_keeps_its_height_so_the_tree_does_not_move(scorecard, qtbot):
    view, communes = scorecard
    label = QLabel()
    label.setWordWrap(True)
    label.setFixedWidth(200)
    label.setText("Vùng Tây Nguyên")
    view._keep_height(label)
    one_line = label.minimumHeight()
    label.setText("Vùng Trung du miền núi phía Bắc (xã ĐBKK/ATK) " * 3)  # a longer region's text
    view._keep_height(label)
    lines = label.minimumHeight()
    assert lines > one_line and lines == label.heightForWidth(200)
    label.setText("Vùng Tây Nguyên")
    view._keep_height(label)
    assert label.minimumHeight() == lines  # kept: the tree below does not move up and down
    # in the window: the set line never asks for less than it shows, and never shrinks
    heights = []
    for commune in communes + communes:
        view.show_commune(commune.id)
        qtbot.wait(10)
        assert view.set_label.minimumHeight() >= view.set_label.heightForWidth(view.set_label.width())
        heights.append(view.set_label.minimumHeight())
    assert heights == sorted(heights)


def test_former_communes_count_as_the_summary_counts(tmp_path):
    """The origins panel reads a year's masks once for the formers of that year and counts their
    bits: the same counts as the summary's criteria met per commune."""
    from ntm_desktop import summary
    from ntm_desktop.setup.prepare import prepare
    from ntm_desktop.store.database import open_store
    from ui.scorecard.origins import formers

    store = open_store(tmp_path / "qn.sqlite3")
    prepare(store, "never")
    units.load_provinces(store, [("after", "51")])
    new = units.resolve_code(store, "23326", "2026-12-31")
    old = units.origins(store, new)
    assert len(old) >= 2
    rng = random.Random(5)
    for unit in old[:2]:  # two formers assessed the same year, one of them a year later too
        for year in (2023, 2024) if unit is old[0] else (2024,):
            for number in range(1, 20):
                assessments.set_official(store, unit, Period(year, "Y"), number, rng.random() < 0.6)
    shown = {f.unit.id: (f.year, f.met, f.total) for f in formers(store, new)}
    cs_id = assessments.scorecard(store, old[0], Period(2024, "Y")).criteria_set.id
    met = summary.met_by_commune(store, 2024, cs_id)
    assert shown[old[0].id] == (2024, len(met[old[0].id]), 19)
    assert shown[old[1].id] == (2024, len(met[old[1].id]), 19)
    assert all(shown[u.id] == (None, 0, 0) for u in old[2:])
    store.close()
