"""Issue 20 part 4: the main window opens within the screen (a 1366×768 laptop has less room
than the 1280×760 default once the task bar and frame are counted), and opens again as it was
left: size, place, maximised."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ui.main_window import FRAME, GEOMETRY_KEY, MainWindow


def _new(qtbot, store, settings):
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.place(settings)
    return win


def test_opens_within_the_screen(window):
    area = window.screen().availableGeometry()
    assert window.width() + FRAME[0] <= area.width() and window.height() + FRAME[1] <= area.height()
    assert area.contains(window.geometry().topLeft())


def test_size_and_maximised_state_are_remembered(window, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "ntm.ini"), QSettings.Format.IniFormat)
    first = _new(qtbot, window.store, settings)
    assert settings.value(GEOMETRY_KEY) is None
    first.show()
    first.resize(760, 520)  # the offscreen screen is 800×600
    left = (first.width(), first.height())
    first.close()  # closing saves
    assert settings.value(GEOMETRY_KEY) is not None
    again = QSettings(str(tmp_path / "ntm.ini"), QSettings.Format.IniFormat)  # as at the next start
    second = _new(qtbot, window.store, again)
    assert (second.width(), second.height()) == left == (760, 520)
    assert not second.isMaximized()
    second.show()
    second.showMaximized()
    qtbot.waitUntil(second.isMaximized)
    second.close()
    third = _new(qtbot, window.store, QSettings(str(tmp_path / "ntm.ini"), QSettings.Format.IniFormat))
    third.show()
    qtbot.waitUntil(third.isMaximized)


def test_a_size_saved_on_a_larger_screen_is_clamped(window, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "big.ini"), QSettings.Format.IniFormat)
    big = _new(qtbot, window.store, settings)
    big.resize(2500, 1500)  # as on a 2560×1600 monitor
    big.remember_geometry()
    small = _new(qtbot, window.store, QSettings(str(tmp_path / "big.ini"), QSettings.Format.IniFormat))
    area = small.screen().availableGeometry()
    assert small.width() <= area.width() - FRAME[0] and small.height() <= area.height() - FRAME[1]
