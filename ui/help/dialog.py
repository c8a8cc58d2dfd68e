"""F1: the user guide of the tab shown, in the program's language, offline (issue 20 part 9).

The pages are HTML files ``resources/help/<page>.<language>.html`` (one per tab, and an index; one
folder, so that the package data's ``*`` ships them all), shown in a QTextBrowser: links between
pages work, nothing is fetched from the network."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ntm_desktop import i18n, paths
from ntm_desktop.i18n import t

INDEX = "index"
# the page of each tab: the scorecard is the first tab, the others by their view's module
PAGES = {
    "ui.scorecard.view": "scorecard",
    "ui.overview.view": "overview",
    "ui.twinning.view": "twinning",
    "ui.reports.view": "reports",
    "ui.sync.view": "sync",
}


def help_dir() -> Path:
    return paths.resources_dir() / "help"


def page_path(page: str, language: str | None = None) -> Path:
    """The file of ``page`` in ``language`` (the current one by default); the index where the page
    is missing."""
    language = language or i18n.language()
    path = help_dir() / f"{page}.{language}.html"
    return path if path.is_file() else help_dir() / f"{INDEX}.{language}.html"


class HelpDialog(QDialog):
    """The guide: a browser over the pages, with Contents and Close."""

    def __init__(self, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("help.title"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(help_dir())])
        self.browser.sourceChanged.connect(lambda _url: self.setWindowTitle(
            f"{t('help.title')} — {self.browser.documentTitle()}" if self.browser.documentTitle()
            else t("help.title")))
        contents = QPushButton(t("help.contents"))
        contents.setAutoDefault(False)
        contents.clicked.connect(lambda: self.show_page(INDEX))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(contents)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        self.resize(680, 560)
        self.show_page(page)

    def show_page(self, page: str) -> None:
        self.page = page_path(page).stem.split(".")[0]
        self.browser.setSource(QUrl.fromLocalFile(str(page_path(page))))

    def text(self) -> str:
        return self.browser.toPlainText()


def page_for(window: object) -> str:
    """The guide page of the tab ``window`` shows."""
    tabs = getattr(window, "tabs", None)
    if tabs is None or tabs.currentIndex() == 0:
        return "scorecard"
    shown = tabs.currentWidget()
    views: dict[str, QWidget] = getattr(window, "views", {})
    for module, view in views.items():
        if view is shown:
            return PAGES.get(module, INDEX)
    return INDEX


def show_help(window: QWidget) -> HelpDialog:
    """F1: open (or bring forward) the guide on the page of the tab shown."""
    dialog = getattr(window, "help_dialog", None)
    page = page_for(window)
    if not isinstance(dialog, HelpDialog):
        dialog = HelpDialog(page, window)
        window.help_dialog = dialog  # type: ignore[attr-defined]
    else:
        dialog.show_page(page)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
