"""Qt's own texts (standard buttons, the file and print dialogs, the text fields' context menu)
answered from the program's catalog: Qt ships no Vietnamese translation."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from ntm_desktop.i18n import t

# Qt's own texts, by their English source (any context: QPlatformTheme's standard buttons,
# QMessageBox, QFileDialog, the text fields' context menu): Qt ships no Vietnamese translation
# (no qtbase_vi.qm), so the program answers them from its catalog.
QT_TEXTS = {
    "OK": "qt.ok", "Save": "qt.save", "Save All": "qt.save_all", "Open": "qt.open", "&Yes": "qt.yes",
    "Yes to &All": "qt.yes_all", "&No": "qt.no", "N&o to All": "qt.no_all", "Abort": "qt.abort",
    "Retry": "qt.retry", "Ignore": "qt.ignore", "Close": "qt.close", "Cancel": "qt.cancel",
    "&Cancel": "qt.cancel", "Discard": "qt.discard", "Help": "qt.help", "Apply": "qt.apply",
    "Reset": "qt.reset", "Restore Defaults": "qt.defaults", "Show Details...": "qt.show_details",
    "Hide Details...": "qt.hide_details", "&Open": "qt.file_open", "&Save": "qt.file_save",
    "&Choose": "qt.file_choose", "File &name:": "qt.file_name", "Files of type:": "qt.file_types",
    "Look in:": "qt.look_in", "&Undo": "qt.undo", "&Redo": "qt.redo", "Cu&t": "qt.cut", "&Copy": "qt.copy",
    "&Paste": "qt.paste", "Delete": "qt.delete", "Select All": "qt.select_all",
    # the file dialog of Qt 6 (found by walking its widgets; the two forms above are Qt 5's)
    "&Look in:": "qt.look_in_key", "Files of &type:": "qt.file_types_key", "Computer": "qt.computer",
    "Name": "qt.name", "Size": "qt.size", "Type": "qt.type", "Date Modified": "qt.modified", "Back": "qt.back",
    "Forward": "qt.forward", "Parent Directory": "qt.parent_dir", "Create New Folder": "qt.new_folder",
    "List View": "qt.list_view", "Detail View": "qt.detail_view", "&New Folder": "qt.new_folder_key",
    "&Rename": "qt.rename", "&Delete": "qt.delete_key", "Show &hidden files": "qt.show_hidden",
    "Drive": "qt.drive", "Folder": "qt.folder", "All Files (*)": "qt.all_files",
    # the print dialog (QPrintDialog of Qt 6, found by walking its widgets)
    "Print": "qt.print_title", "Printer": "qt.printer", "&Name:": "qt.printer_name",
    "P&roperties": "qt.properties", "Location:": "qt.location", "Preview": "qt.print_preview", "Type:": "qt.type_",
    "Output &file:": "qt.output_file", "Print range": "qt.print_range", "Print all": "qt.print_all",
    "Pages from": "qt.pages_from", "to": "qt.pages_to", "Pages": "qt.pages", "Current Page": "qt.current_page",
    "Selection": "qt.selection", "Page &Set:": "qt.page_set", "Output Settings": "qt.output_settings",
    "Copies:": "qt.copies_label", "Collate": "qt.collate", "Reverse": "qt.reverse", "Copies": "qt.copies",
    "Color Mode": "qt.color_mode", "Color": "qt.color", "Grayscale": "qt.grayscale",
    "Double Sided Printing": "qt.duplex", "Off": "qt.off", "Long side binding": "qt.long_side",
    "Short side binding": "qt.short_side", "Options": "qt.options", "All Pages": "qt.all_pages",
    "Odd Pages": "qt.odd_pages", "Even Pages": "qt.even_pages", "&Options >>": "qt.more_options",
    "&Options <<": "qt.fewer_options", "&Print": "qt.print", "Print to File (PDF)": "qt.print_to_pdf",
    "Local file": "qt.local_file", "Write PDF file": "qt.write_pdf",
    "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
    "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.": "qt.pages_tip",
}


class CatalogTranslator(QTranslator):
    """Answers Qt's own texts from the program's catalog in the current language (read at
    each call, so that a language switch needs no reinstall); an unknown text stays Qt's."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        # an unknown text gets None, a null string: Qt keeps its own text. An empty string would
        # replace it by nothing (QPageSize's names vanish and A4 becomes an invalid page size).
        del context, disambiguation, n
        key = QT_TEXTS.get(source)
        return t(key) if key is not None else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override: Qt skips an empty translator
        return False


_translator: CatalogTranslator | None = None


def install_translator(app: QCoreApplication) -> CatalogTranslator:
    """Install the catalog translator once per process (idempotent)."""
    global _translator
    if _translator is None:
        _translator = CatalogTranslator(app)
        app.installTranslator(_translator)
    return _translator
