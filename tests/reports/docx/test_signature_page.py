"""The Word report's signature stays with the report's text: converted by LibreOffice, the page
holding «Nơi nhận» also holds the end of the body (the last table's last row), not only the
«Cách tính» note, the recipients and the signer."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from ntm_desktop.reports.pdf import RULE_NOTE
from tests.reports.docx.conftest import flat, table_rows, to_pdf, words
from tests.reports.test_cli import report
from tests.reports.test_data import page_sizes, pdf_text


@pytest.mark.parametrize(("db", "year"), [("demo_db", 2020), ("report_db", 2019)])
def test_signature_page_holds_body_text(request, tmp_path, soffice_env, db, year):
    docx = tmp_path / "huyen.docx"
    report(request.getfixturevalue(db), docx, "district", year, "--district", "Đăk Hà", "--format", "docx",
           "--date", "2026-11-15")
    document = Document(str(docx))
    body = document.element.body
    note = next(p for p in document.paragraphs if flat(p.text) == flat(RULE_NOTE))
    before = note._p.getprevious()
    while before is not None and before.tag.endswith("}p") and not "".join(before.itertext()).strip():
        before = before.getprevious()
    assert before is not None and before.getparent() is body
    last = next(t for t in document.tables if t._tbl is before)  # the body ends with a table (the comparison)
    last_row = [cell for cell in table_rows(last)[-1] if cell]
    pdf = to_pdf(soffice_env, docx)
    pages = [flat(pdf_text(pdf, n)) for n in range(1, len(page_sizes(pdf)) + 1)]
    signed = next(page for page in pages if "Nơi nhận:" in page)
    assert words(" ".join(last_row)) <= words(signed), (last_row, signed[:300])


def test_times_new_roman_names_its_metric_twin(report_db, tmp_path):
    """The font table offers Liberation Serif where Times New Roman is missing (same widths: the
    letterhead's «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» keeps to one line)."""
    docx = tmp_path / "huyen.docx"
    report(report_db, docx, "district", 2019, "--district", "Đăk Hà", "--format", "docx", "--date", "2026-11-15")
    with zipfile.ZipFile(docx) as archive:
        table = archive.read("word/fontTable.xml").decode("utf-8")
    times = re.search(r'<w:font w:name="Times New Roman">(.*?)</w:font>', table, re.S)
    assert times and '<w:altName w:val="Liberation Serif"/>' in times.group(1)
