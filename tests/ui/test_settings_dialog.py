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


def test_office_and_settings_are_one_undoable_batch(qtbot, window, monkeypatch):
    """Finding 16: the office and the settings change together and Ctrl+Z reverts both."""
    monkeypatch.delenv(who.ENV, raising=False)
    dialog = edit_settings(window)
    dialog.office.setCurrentIndex(dialog.office.findData("district:612"))
    dialog.signer_name.setText("Nguyễn Văn A")
    dialog.accept()
    store = window.store
    assert store.meta("home_district") == "district:612"
    assert {row["nkey"] for row in store.query("SELECT nkey FROM changes WHERE batch = ?", [dialog.batch.id])} == {
        report_settings.NKEY, report_settings.OFFICE_NKEY}
    window.undo_stack.undo()
    assert store.meta("home_district") == "district:615" and report_settings.load(store).signer_name == ""


def test_a_failed_save_leaves_the_office(qtbot, window, monkeypatch):
    monkeypatch.delenv(who.ENV, raising=False)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report_settings, "save", broken)
    logged = window.store.query("SELECT count(*) AS n FROM changes")[0]["n"]
    dialog = edit_settings(window)
    dialog.office.setCurrentIndex(dialog.office.findData("district:612"))
    dialog.accept()
    assert warned and window.store.meta("home_district") == "district:615"
    assert window.store.query("SELECT count(*) AS n FROM changes")[0]["n"] == logged
    dialog.reject()


def test_an_issuer_typed_as_the_default_is_kept_and_ended_districts_are_not_offered(qtbot, window, monkeypatch):
    monkeypatch.delenv(who.ENV, raising=False)
    dialog = edit_settings(window)
    offered = {dialog.office.itemData(i) for i in range(dialog.office.count())}
    assert "district:612" in offered
    with window.store.transaction():  # Sa Thầy ends (as Kon Tum's districts did on 30/06/2025)
        window.store.db.execute("UPDATE units SET valid_to = '2025-06-30' WHERE level = 'district' AND code = ?",
                                [units.by_nkey(window.store, "district:612").code])
    dialog.reject()
    dialog = edit_settings(window)
    offered = {dialog.office.itemData(i) for i in range(dialog.office.count())}
    assert "district:612" not in offered and "district:615" in offered
    dialog.issuer.setPlainText("ỦY BAN NHÂN DÂN\nHUYỆN ĐĂK HÀ")  # the office's default, typed: a choice
    dialog.issuer.document().setModified(True)  # as typing does (setPlainText clears the flag)
    dialog.accept()
    assert report_settings._stored(window.store)["issuer"] == ["ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ"]


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


def test_an_ended_home_district_shows_the_province_as_the_office(qtbot, window):
    """Finding 7: a home district kept from before the reform is not offered; the province is the office."""
    with window.store.transaction():
        window.store.db.execute("UPDATE units SET valid_to = '2025-06-30' WHERE level = 'district'")
    dialog = edit_settings(window)
    assert dialog.office.currentData() == "province:62"
    assert not [i for i in range(dialog.office.count()) if str(dialog.office.itemData(i)).startswith("district:")]
    assert report_settings.load(window.store).issuer == ("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")
    dialog.reject()
