"""Issue 20 part 6, keyboard and entry: dialogs open on their first field (never on Save), the
agency field completes from the known agencies ignoring case and accents, and a period with
nothing entered shows "chưa nhập" (grey), not a green "0/19"."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QAbstractButton, QComboBox

from ntm_desktop import assessments, units
from ntm_desktop import twinning as tw
from ntm_desktop.periods import Period
from ui.overview.model import EMPTY_TEXT
from ui.twinning.completer import FoldingCompleter
from ui.twinning.dialogs import AgencyDialog, AssignDialog, EndDialog, ReassignDialog


def _twin(store):
    commune = units.resolve_commune(store, "Đăk Mar", "Đăk Hà")
    result = tw.assign_by_name(store, "Sở Tài chính", commune, date(2020, 1, 1))
    tw.assign_by_name(store, "Sở Tài nguyên và Môi trường", units.resolve_commune(store, "Hà Mòn", "Đăk Hà"),
                      date(2020, 1, 1))
    return result.assignment


def test_twinning_dialogs_open_on_their_first_field(window, qtbot):
    twin = _twin(window.store)
    for dialog in (AssignDialog(window.store, window), ReassignDialog(window.store, twin, window),
                   EndDialog(window.store, twin, window), AgencyDialog(window.store, None, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda dialog=dialog: dialog.focusWidget() is not None)
        focused = dialog.focusWidget()  # where the keyboard is when the dialog is active
        assert not isinstance(focused, QAbstractButton), type(dialog).__name__
        dialog.reject()
    assign = AssignDialog(window.store, window)
    qtbot.addWidget(assign)
    assign.show()
    qtbot.waitUntil(lambda: assign.focusWidget() is not None)
    assert assign.focusWidget() in (assign.agency, assign.agency.lineEdit())


def test_the_agency_field_completes_without_accents(window, qtbot):
    _twin(window.store)
    dialog = AssignDialog(window.store, window)
    qtbot.addWidget(dialog)
    completer = dialog.agency.completer()
    assert isinstance(completer, FoldingCompleter)
    assert completer.offered("so tai") == ["Sở Tài chính", "Sở Tài nguyên và Môi trường"]
    assert completer.offered("SỞ TÀI CH") == ["Sở Tài chính"]
    assert completer.offered("moi truong") == ["Sở Tài nguyên và Môi trường"]
    assert completer.offered("công an") == []
    completer.offered("tai nguyen")
    assert completer.pathFromIndex(completer.completionModel().index(0, 0)) == "Sở Tài nguyên và Môi trường"


def test_folding_completer_treats_d_with_stroke_as_d(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    completer = FoldingCompleter(["Huyện đoàn Đăk Hà", "Hội Nông dân tỉnh"], combo)
    assert completer.offered("huyen doan dak") == ["Huyện đoàn Đăk Hà"]
    assert completer.offered("doan") == ["Huyện đoàn Đăk Hà"]
    assert completer.offered("dan") == ["Hội Nông dân tỉnh"]


def test_an_empty_period_shows_not_entered(window, qtbot):
    store = window.store
    entered = units.resolve_commune(store, "Đăk Mar", "Đăk Hà")
    assessments.set_official(store, entered, Period(2020, "Y"), 1, False)
    window.scorecard.year.setValue(2020)
    window.tree.select_commune(entered.id)
    assert window.scorecard.count.text() == "0/19 tiêu chí"  # entered: criterion 1 not met
    empty = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    window.tree.select_commune(empty.id)
    assert window.scorecard.count.text() == "chưa nhập"
    view = window.show_tab("ui.overview.view")
    view.year.setValue(2020)
    model = view.model
    by_name = {model.rows[r].name: r for r in range(model.rowCount())}
    met_column = 2
    assert model.index(by_name["Đăk Mar"], met_column).data() == 0
    assert model.index(by_name["Hà Mòn"], met_column).data() == "chưa nhập"
    assert model.index(by_name["Hà Mòn"], met_column + 1).data() == ""  # no band either
    assert model.data(model.index(by_name["Hà Mòn"], met_column), 9) == EMPTY_TEXT  # ForegroundRole


def test_cut_cells_carry_their_text_in_the_tool_tip(window, english):
    from PySide6.QtCore import Qt

    from ui.scorecard.model import COL

    commune = units.resolve_commune(window.store, "Đăk Mar", "Đăk Hà")
    window.scorecard.year.setValue(2020)
    window.tree.select_commune(commune.id)
    model = window.scorecard.model
    tips = {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for c in range(model.rowCount(group)):
            criterion = model.index(c, 0, group)
            if c == 0 and g == 0:
                assert criterion.data() == "C1"  # English: not the Vietnamese «TC 1»
            for i in range(model.rowCount(criterion)):
                unit = model.index(i, COL["unit"], criterion)
                tips[unit.data()] = unit.data(Qt.ItemDataRole.ToolTipRole)
    long_units = {text: tip for text, tip in tips.items() if text and len(text) > 8}
    assert long_units and all(tip == text for text, tip in long_units.items())
