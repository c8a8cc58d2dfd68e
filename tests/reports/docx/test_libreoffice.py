"""The .docx opened by another word processor: LibreOffice (Debian's libreoffice-writer-nogui)
converts it to PDF, which must keep the figures and the A4 pages, portrait and landscape."""

from __future__ import annotations

import pytest

from tests.reports.docx.conftest import docx_text, flat, to_pdf, words
from tests.reports.docx.test_docx import KINDS
from tests.reports.test_cli import report, summary_json
from tests.reports.test_data import page_sizes, pdf_fonts, pdf_text
from tests.reports.test_twinning import twinned  # noqa: F401 - the twinning report's database

A4 = (595.3, 841.9)  # points, either way round


def _a4(size: tuple[float, float]) -> bool:
    return abs(min(size) - A4[0]) < 1 and abs(max(size) - A4[1]) < 1


def test_district_docx_converted_keeps_figures_and_pages(report_db, tmp_path, soffice_env):
    out = tmp_path / "huyen.docx"
    report(report_db, out, "district", 2019, "--district", "Đăk Hà", "--format", "docx", "--date", "2026-11-15")
    pdf = to_pdf(soffice_env, out)
    text = flat(pdf_text(pdf))
    data = summary_json(report_db, 2019, "Đăk Hà")
    total = data["communes"]
    for number, met in data["per_criterion"].items():
        if met < total:
            assert f"Tiêu chí số {number} về" in text and f"có {met}/{total} xã đạt chuẩn" in text
    assert "Đăk Hà, ngày 15 tháng 11 năm 2026" in text and "Nơi nhận:" in text
    sizes = page_sizes(pdf)
    assert all(_a4(size) for size in sizes)
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]  # the annex on a landscape page
    # numbered from page 2: the first page's text does not start with its number, the second's does
    assert not pdf_text(pdf, 1).strip().startswith("1")
    assert pdf_text(pdf, 2).strip().splitlines()[0].strip() == "2"
    assert any("LiberationSerif" in row["name"] for row in pdf_fonts(pdf))


def test_province_docx_with_its_annex_converts_page_for_page(report_db, tmp_path, soffice_env):
    docx, pdf = tmp_path / "tinh.docx", tmp_path / "tinh.pdf"
    report(report_db, docx, "province", 2019, "--annex", "--format", "docx", "--date", "2026-11-15")
    report(report_db, pdf, "province", 2019, "--annex", "--format", "pdf", "--date", "2026-11-15")
    converted = to_pdf(soffice_env, docx)
    ours, theirs = page_sizes(pdf), page_sizes(converted)
    orientation = [w > h for w, h in ours]
    # the same sequence of portrait and landscape pages, within a page or two of the PDF's count
    assert abs(len(theirs) - len(ours)) <= max(2, len(ours) // 10)
    assert [w > h for w, h in theirs][:orientation.index(True) + 1] == orientation[:orientation.index(True) + 1]
    text = flat(pdf_text(converted))
    assert text.count("PHIẾU ĐÁNH GIÁ CÁC TIÊU CHÍ NĂM 2019") == flat(pdf_text(pdf)).count(
        "PHIẾU ĐÁNH GIÁ CÁC TIÊU CHÍ NĂM 2019")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_word_of_every_kind_survives_the_conversion(report_db, tmp_path, soffice_env, kind, request):
    db = request.getfixturevalue("twinned") if kind == "twinning" else report_db
    docx = tmp_path / f"{kind}.docx"
    report(db, docx, kind, 2019, *KINDS[kind], "--format", "docx", "--date", "2026-11-15")
    converted = to_pdf(soffice_env, docx)
    expected = words(docx_text(docx))
    assert expected <= words(pdf_text(converted)), sorted(expected - words(pdf_text(converted)))[:20]
    assert all(_a4(size) for size in page_sizes(converted))
