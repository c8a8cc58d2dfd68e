"""Issue 20 part 9: the overview printed directly, as the PDF export lays it out (a QPrinter that
writes a PDF file stands in for the office printer, read back with poppler)."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from ntm_desktop import assessments, units
from ntm_desktop.periods import Period
from tests.reports.test_data import page_sizes


def _printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture
def view(window):
    commune = units.resolve_commune(window.store, "Đăk Mar", "Đăk Hà")
    for number in (1, 2, 3):
        assessments.set_official(window.store, commune, Period(2020, "Y"), number, True)
    shown = window.show_tab("ui.overview.view")
    shown.year.setValue(2020)
    return shown


def test_print_paints_the_pages_of_the_pdf_export(view, tmp_path):
    printed = tmp_path / "printed.pdf"
    pages = view.print_overview(_printer(printed))
    assert view.window_.statusBar().currentMessage() == f"Đã in {pages} trang."
    exported = view.export("pdf", str(tmp_path / "exported.pdf"))
    expected = page_sizes(exported)
    assert pages == len(expected) >= 1
    assert page_sizes(printed) == [pytest.approx(size, abs=1) for size in expected]
    assert printed.stat().st_size > 20_000 * pages  # pictures of the pages, not blank ones
    assert view.print_button.shortcut().toString() == "Ctrl+P"


def test_print_dialog_cancelled_prints_nothing(view, monkeypatch):
    opened = []

    def cancel(dialog):
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    assert view.print_overview() == 0
    assert opened == ["In"]


def test_pdf_export_names_scope_legend_and_demo(view, tmp_path):
    """The exported (and so printed) pages say what they show: the filters applied, the legend of
    the marks and, on a demo database, DEMO as the reports do."""
    from ntm_desktop.i18n import t
    from tests.reports.test_data import pdf_text

    view.short.setChecked(True)
    plain = pdf_text(view.export("pdf", str(tmp_path / "a.pdf")))
    assert view.short.text() in plain and t("ov.legend") in " ".join(plain.split()) and "DEMO" not in plain
    view.store.set_meta("demo", "1")
    marked = pdf_text(view.export("pdf", str(tmp_path / "b.pdf")))
    assert "DEMO" in marked
