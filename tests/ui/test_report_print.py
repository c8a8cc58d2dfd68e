"""Printing a report from the Báo cáo tab (issue 20 part 9): the PDF's pages painted onto a
QPrinter, here one that writes a PDF file (offscreen), read back with poppler."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from docx import Document  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from ntm_desktop.store.database import open_store  # noqa: E402
from tests.reports.test_data import page_sizes, pdf_text  # noqa: E402
from ui.app import prepare  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def view(qtbot, report_db, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = open_store(report_db)
    prepare(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win.show_tab("ui.reports.view")
    store.close()


def _pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _wait(qtbot, view):
    qtbot.waitUntil(lambda: view.task is None, timeout=60_000)


def test_print_paints_every_page_in_its_orientation(qtbot, view, tmp_path):
    view.set_choice("district", 2019, "Đăk Hà")
    printed = tmp_path / "printed.pdf"
    assert view.print_report(_pdf_printer(printed)) is not None
    assert not view.print_button.isEnabled()  # one report at a time
    _wait(qtbot, view)
    pages = view.last_result.pages
    assert pages >= 3 and view.document.pageCount() == pages  # the preview shows what is printed
    assert str(pages) in view.status.text()
    sizes = page_sizes(printed)
    assert sizes == [pytest.approx(size, abs=1) for size in page_sizes(view.last_result.path)]
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]  # portrait, then the landscape annex
    assert pdf_text(printed).strip() == ""  # pictures of the pages: the printer gets what the preview shows
    assert printed.stat().st_size > 50_000 * pages


def test_the_print_dialog_chooses_the_pages(qtbot, view, tmp_path, monkeypatch):
    printed = tmp_path / "range.pdf"

    class Dialog:
        def __init__(self, printer, parent):
            self.printer = printer

        def setWindowTitle(self, title):  # noqa: N802 - Qt's name
            assert title == "In"

        def setMinMax(self, low, high):  # noqa: N802 - Qt's name
            assert (low, high) == (1, view.document.pageCount())

        def exec(self):
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(printed))
            self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
            self.printer.setFromTo(2, 3)
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr("ui.reports.view.QPrintDialog", Dialog)
    view.set_choice("province", 2019)
    view.print_button.click()
    _wait(qtbot, view)
    assert len(page_sizes(printed)) == 2
    assert "2 trang" in view.status.text()


def test_a_cancelled_print_dialog_prints_nothing(qtbot, view, tmp_path, monkeypatch):
    class Dialog:
        def __init__(self, printer, parent):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(tmp_path / "never.pdf"))

        def setWindowTitle(self, title):  # noqa: N802 - Qt's name
            pass

        def setMinMax(self, low, high):  # noqa: N802 - Qt's name
            pass

        def exec(self):
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr("ui.reports.view.QPrintDialog", Dialog)
    view.set_choice("commune", 2019, "Đăk Hà", "Đăk La")
    view.print_report()
    _wait(qtbot, view)
    assert view.status.text() == "Đã hủy."
    assert not (tmp_path / "never.pdf").exists()
    assert view.print_button.isEnabled()


def test_save_as_word_from_the_window(qtbot, view, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "huyen.docx"
    asked = []

    def ask(*args, **kwargs):
        asked.append((args[2], args[3]))
        return str(target), "Word"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    view.set_choice("district", 2019, "Đăk Glei")
    assert view.docx_button.text() == "Lưu &Word…"
    view.docx_button.click()
    _wait(qtbot, view)
    assert [(Path(name).name, kind) for name, kind in asked] == [
        ("bao-cao-huyen-2019-dak-glei.docx", "Tệp Word (*.docx)")]
    doc = Document(str(target))
    assert any(p.text.startswith("Năm 2019, huyện Đăk Glei có") for p in doc.paragraphs)
    assert "huyen.docx" in view.status.text()
    view.saved_box.close()


def test_a_cancel_stops_printing_between_pages(qtbot, view, tmp_path):
    from PySide6.QtPdf import QPdfDocument

    from ntm_desktop.reports import ReportCancelled
    from ui.reports.view import print_pdf

    view.set_choice("district", 2019, "Đăk Hà")
    view.preview()
    _wait(qtbot, view)
    document = QPdfDocument()
    document.load(str(view.last_result.path))
    steps = []
    with pytest.raises(ReportCancelled):
        print_pdf(document, _pdf_printer(tmp_path / "stopped.pdf"), dpi=72,
                  progress=lambda done, total: steps.append((done, total)), cancelled=lambda: len(steps) >= 2)
    assert steps == [(1, document.pageCount()), (2, document.pageCount())]
    document.close()
