"""Issue 20 part 9: F1 opens the user guide of the tab shown, in the program's language, from
files shipped with it (no network); the pages name the buttons as the window labels them."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ntm_desktop import i18n
from ui.help.dialog import PAGES, HelpDialog, help_dir, page_for

TABS = ["scorecard", *[page for module, page in PAGES.items() if module != "ui.scorecard.view"]]
# labels each page must use exactly as the window shows them (the catalog's texts)
LABELS = {
    "scorecard": ["score.copy_previous", "score.year", "score.period", "col.value", "col.official", "col.note",
                  "score.not_entered"],
    "overview": ["ov.print", "ov.export_xlsx", "ov.export_pdf", "ov.short", "ov.not_entered"],
    "twinning": ["twui.btn_new", "twui.btn_reassign", "twui.btn_end", "twui.btn_delete", "twui.add",
                 "twui.card_title"],
    "reports": ["rep.preview", "rep.save_pdf", "rep.save_xlsx", "rep.save_docx", "rep.print", "rep.settings"],
    "sync": ["sconf.keep", "sconf.choose", "syncv.tab_packages", "syncv.tab_peers"],
    # the File menu's dialogs (issue 21 part 16): the settings, the criteria table's year and scope, DHIS2
    "index": ["act.settings", "set.title", "set.group.document", "set.group.lagging", "set.group.user", "set.save",
              "act.export_table", "exp.year", "exp.scope", "act.import_table", "act.export_dhis2", "dhis2ui.year",
              "dhis2ui.period", "dhis2ui.format", "dhis2ui.file", "dhis2ui.with_metadata", "dhis2ui.export",
              "first.demo", "first.title", "act.open_db", "rep.settings"],
}


def _plain(text: str) -> str:
    return text.replace("&", "")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_tab_has_a_page_in_both_languages(language, qtbot):
    i18n.set_language(language)
    for page in [*TABS, "index"]:
        path = help_dir() / f"{page}.{language}.html"
        source = path.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", source)
        assert page == "index" or f'href="index.{language}.html"' in source
        dialog = HelpDialog(page)
        qtbot.addWidget(dialog)
        shown = dialog.text()
        assert len(shown) > 400
        for key in LABELS.get(page, []):
            assert _plain(i18n.t(key)).lower() in shown.lower(), (language, page, key)
    index = (help_dir() / f"index.{language}.html").read_text(encoding="utf-8")
    assert all(f'href="{page}.{language}.html"' in index for page in TABS)
    # office words, not a developer's: no "invented" figures, no command line for the demo data
    assert "bịa" not in index and "invented" not in index and "ntm demo" not in index


def test_f1_opens_the_page_of_the_tab_shown(window, qtbot):
    for index, page in enumerate(TABS):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        assert page_for(window) == page
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        dialog = window.help_dialog
        assert dialog.isVisible() and dialog.page == page
        assert i18n.t("help.title") in dialog.windowTitle()
        dialog.close()  # back to the window
    dialog.browser.setSource(dialog.browser.source().resolved("index.vi.html"))  # a link between pages
    assert "Mục lục" in dialog.text() or "F1" in dialog.text()
    dialog.show_page("no-such-page")  # a page missing from an installation: the contents instead
    assert dialog.page == "index"


def test_the_guide_speaks_english_in_english(window, qtbot, english):
    from ui.help.dialog import show_help

    window.tabs.setCurrentIndex(1)
    dialog = show_help(window)
    assert dialog.page == "overview"
    assert "The Overview tab" in dialog.text() and "Thẻ Tổng quan" not in dialog.text()
