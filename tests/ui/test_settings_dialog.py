"""File → Thiết lập (issue 21 part 1, issue 20 part 8): the letterhead and signer, the rule of the
lagging localities, the working office and the user's name; and the one-time question for it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ntm_desktop import assessments, units
from ntm_desktop.periods import Period
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.store import who
from ui.reports.settings_dialog import SettingsDialog, ask_user_name, edit_settings


def test_the_dialog_sets_office_rule_signer_and_user_name(qtbot, window, monkeypatch):
    monkeypatch.delenv(who.ENV, raising=False)
    dialog = edit_settings(window)
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    assert dialog.office.currentData() == "district:615"  # the home district chosen at first start
    assert dialog.low_rule.currentData() == "province" and not dialog.low_share.isEnabled()
    dialog.office.setCurrentIndex(dialog.office.findData("district:612"))
    dialog.signer_name.setText("Nguyễn Văn A")
    dialog.low_rule.setCurrentIndex(dialog.low_rule.findData("share"))
    assert dialog.low_share.isEnabled() and not dialog.low_margin.isEnabled()
    dialog.low_share.setValue(40)
    dialog.user_name.setText("Trần Thị B")
    dialog.accept()
    store = window.store
    assert store.meta("home_district") == "district:612"
    chosen = report_settings.load(store)
    assert chosen.issuer[-1] == units.by_nkey(store, "district:612").name.upper().join(("HUYỆN ", ""))
    assert chosen.signer_name == "Nguyễn Văn A" and (chosen.low_rule, chosen.low_share) == ("share", 40)
    assert who.stored_name() == "Trần Thị B" and store.user == "Trần Thị B"
    # from now on the history names the person, not the login
    commune = units.children(store, units.resolve_district(store, "Đăk Hà").id, "commune")[0]
    assessments.set_official(store, commune, Period(2020, "Y"), 1, True)
    latest = store.query("SELECT user FROM changes ORDER BY rowid DESC LIMIT 1")[0]["user"]
    assert latest == "Trần Thị B"


def test_a_bad_field_writes_nothing(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.delenv(who.ENV, raising=False)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = edit_settings(window)
    dialog.office.setCurrentIndex(dialog.office.findData("district:612"))
    dialog.user_name.setText("x" * 200)
    dialog.accept()
    assert warned and dialog.isVisible()
    assert window.store.meta("home_district") == "district:615" and who.stored_name() is None
    dialog.reject()


def test_the_name_is_asked_once_and_not_when_given(qtbot, window, monkeypatch):
    monkeypatch.setenv(who.ENV, "Lê Văn C")
    assert ask_user_name(window) is None  # $NTM_USER_NAME (scripts, tests) skips the question
    monkeypatch.delenv(who.ENV)
    dialog = ask_user_name(window)
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("Phạm Thị D")
    dialog.accept()
    assert who.stored_name() == "Phạm Thị D" and window.store.user == "Phạm Thị D"
    assert ask_user_name(window) is None  # asked once
