"""``ntm report KIND --format docx``: every kind says what its PDF says, in the Decree 30 layout,
as editable paragraphs and tables (issue 21 part 8)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing

from ntm_desktop import reports
from ntm_desktop.errors import UsageError
from ntm_desktop.reports import ReportCancelled, charts
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.reports.docx import story_of
from ntm_desktop.store.database import open_store
from tests.reports.docx.conftest import blocks, docx_text, flat, table_rows, words
from tests.reports.test_cli import ntm, report, summary_json
from tests.reports.test_data import pdf_text
from tests.reports.test_twinning import twinned  # noqa: F401 - the twinning report's database

DATE = "2026-11-15"
KINDS = {
    "commune": ("--district", "Đăk Hà", "--commune", "Đăk La"),
    "district": ("--district", "Đăk Glei"),
    "province": ("--annex",),
    "twinning": (),
}


def _both(db, tmp_path, kind):
    """The report as PDF and as docx, from the command line."""
    out = {}
    for fmt in ("pdf", "docx"):
        out[fmt] = tmp_path / f"{kind}.{fmt}"
        result = report(db, out[fmt], kind, 2019, *KINDS[kind], "--format", fmt, "--date", DATE)
        assert str(out[fmt]) in result.stdout
    return out["pdf"], out["docx"]


def _chart_words(db, kind, tmp_path) -> set[str]:
    """The words the PDF's charts draw (the .docx holds the charts as pictures)."""
    store = open_store(db)
    try:
        more = dict(zip(KINDS[kind][::2], KINDS[kind][1::2], strict=False))
        figures = reports.build(store, kind, 2019, district=more.get("--district"), commune=more.get("--commune"))
        story = story_of(figures, report_settings.load(store), dt.date.fromisoformat(DATE))
    finally:
        store.close()
    found: set[str] = set()

    def walk(items):
        for item in items:
            if isinstance(item, Drawing):
                target = tmp_path / f"chart-{len(found)}.pdf"
                renderPDF.drawToFile(item, str(target))
                found.update(words(pdf_text(target)))
            walk(getattr(item, "_content", []))

    walk(story)
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_says_what_its_pdf_says(report_db, tmp_path, kind, request):
    db = request.getfixturevalue("twinned") if kind == "twinning" else report_db
    pdf, docx = _both(db, tmp_path, kind)
    pdf_words: set[str] = set()
    for page in pdf_text(pdf).split("\f"):
        lines = page.strip().splitlines()
        if lines and lines[0].strip().isdigit():  # the page number in the top margin
            lines = lines[1:]
        pdf_words |= words("\n".join(lines))
    docx_words = words(docx_text(docx))
    assert len(docx_words) > 100
    assert docx_words <= pdf_words, sorted(docx_words - pdf_words)[:20]
    assert pdf_words - docx_words <= _chart_words(db, kind, tmp_path), sorted(pdf_words - docx_words)[:20]


def test_district_docx_holds_the_summary_figures(report_db, tmp_path):
    out = tmp_path / "huyen.docx"
    report(report_db, out, "district", 2019, "--district", "Đăk Hà", "--format", "docx", "--date", DATE)
    data = summary_json(report_db, 2019, "Đăk Hà")
    doc = Document(str(out))
    text = flat(docx_text(out))
    total = data["communes"]
    for number, met in data["per_criterion"].items():
        if met < total:
            assert f"Tiêu chí số {number} về " in text
            assert f": có {met}/{total} xã đạt chuẩn" in text
    comparison = next(t for t in doc.tables if table_rows(t)[0][:2] == ["TT", "Nội dung"])
    rows = {r[0]: r for r in table_rows(comparison)[1:] if r[0]}
    assert {n: int(rows[n][3]) for n in data["per_criterion"]} == data["per_criterion"]
    matrix = doc.tables[-1]
    totals = next(r for r in table_rows(matrix) if r[1] == "Tổng số xã đạt")
    assert [int(v) for v in totals[2:2 + len(data["per_criterion"])]] == list(data["per_criterion"].values())
    assert text.count("✓") == sum(data["per_criterion"].values())  # one mark per criterion met


def test_the_layout_is_decree_30(report_db, tmp_path):
    out = tmp_path / "huyen.docx"
    report(report_db, out, "district", 2019, "--district", "Đăk Hà", "--format", "docx", "--date", DATE)
    doc = Document(str(out))
    first, last = doc.sections[0], doc.sections[-1]
    assert (first.page_width, first.page_height) == (pytest.approx(Mm(210), abs=Mm(0.2)),
                                                     pytest.approx(Mm(297), abs=Mm(0.2)))
    assert first.orientation == WD_ORIENT.PORTRAIT and last.orientation == WD_ORIENT.LANDSCAPE
    margins = [round(m / Mm(1)) for m in (first.top_margin, first.bottom_margin, first.left_margin,
                                          first.right_margin)]
    assert margins == [20, 20, 30, 15]
    assert [round(m / Mm(1)) for m in (last.top_margin, last.left_margin)] == [25, 20]
    # page numbers from page 2: a PAGE field in the header, an empty header on the first page
    assert first.different_first_page_header_footer and not last.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml and "PAGE" not in first.first_page_header._element.xml
    assert last.header.is_linked_to_previous
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert 'w:val="vi-VN"' in doc.styles["Normal"].element.xml  # Word checks the edits' spelling in Vietnamese
    paragraphs = doc.paragraphs
    body = next(p for p in paragraphs if p.text.startswith("Năm 2019, huyện Đăk Hà có"))
    assert body.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(body.style.paragraph_format.first_line_indent / Mm(1)) == 10
    assert body.style.font.size.pt == 13
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.style.font.bold and title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    header = table_rows(doc.tables[0])
    assert header[0][0] == "ỦY BAN NHÂN DÂN HUYỆN ĐĂK HÀ"  # a district report: its district's letterhead
    assert header[0][1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    assert header[1] == ["Số: /BC-UBND", "Đăk Hà, ngày 15 tháng 11 năm 2026"]
    dateline = doc.tables[0].rows[1].cells[1].paragraphs[0]
    assert dateline.style.font.italic
    signature = next(t for t in doc.tables if table_rows(t)[0][0].startswith("Nơi nhận:"))
    assert "PHÓ CHỦ TỊCH" in table_rows(signature)[0][1]
    # editable: the sentences are runs of text, and only the two charts are pictures
    assert len(doc.inline_shapes) == 2
    headings = [p.text for p in paragraphs if p.style.name == "Báo cáo – Đề mục"]
    assert headings[:2] == ["I. KẾT QUẢ CHUNG", "II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ"]


def test_the_charts_are_the_pdf_charts_as_pictures(report_db, tmp_path):
    out = tmp_path / "tinh.docx"
    report(report_db, out, "province", 2019, "--format", "docx", "--date", DATE)
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 2
    bar = tuple(round(c * 255) for c in (charts.BAR.red, charts.BAR.green, charts.BAR.blue))
    band = tuple(round(c * 255) for c in (charts.BAND_BAR.red, charts.BAND_BAR.green, charts.BAND_BAR.blue))
    for shape, colour in zip(doc.inline_shapes, (bar, band), strict=True):
        blob = doc.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        image = Image.open(io.BytesIO(blob)).convert("RGB")
        assert image.width > 1200  # 200 dpi over the 165 mm text width
        assert round(shape.width / Mm(1)) == 165  # the PDF's frame: 210 - 30 - 15 mm
        assert colour in {pixel for _count, pixel in image.getcolors(1 << 16)}


def test_a_demo_database_says_demo_on_every_page(report_db, tmp_path):
    store = open_store(report_db)
    try:
        store.set_meta("demo", "1")
    finally:
        store.close()
    out = tmp_path / "demo.docx"
    report(report_db, out, "commune", 2019, "--district", "Đăk Hà", "--commune", "Đăk La", "--format", "docx")
    section = Document(str(out)).sections[0]
    for footer in (section.footer, section.first_page_footer):
        assert "DEMO" in footer.paragraphs[0].text
    for header in (section.header, section.first_page_header):  # and Word's watermark across the page
        assert 'string="DEMO"' in header._element.xml and "PowerPlusWaterMarkObject" in header._element.xml


def test_a_cancelled_or_refused_docx_writes_nothing(report_store, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.docx"
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3  # cancel while the story is being written

    with pytest.raises(ReportCancelled):
        reports.make(report_store, "district", 2019, "docx", out, district="Đăk Hà", cancelled=cancelled)
    assert not list(folder.iterdir())  # neither the file nor a temporary one
    figures = reports.build(report_store, "district", 2019, district="Đăk Hà")
    with pytest.raises(UsageError) as refused:
        reports.render(report_store, figures, "odt", out)
    assert "docx" in str(refused.value)  # the message lists the formats there are
    assert not out.exists()


def test_progress_reaches_the_end(report_store, tmp_path):
    seen = []
    reports.make(report_store, "district", 2019, "docx", tmp_path / "x.docx", district="Đăk Hà",
                 progress=lambda done, total: seen.append(done / total))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 10


def test_json_and_docx_give_the_same_commune_result(report_db, tmp_path):
    result = ntm(report_db, "report", "commune", "--year", "2019", "--district", "Đăk Hà", "--commune", "Đăk La",
                 "--format", "json")
    figures = json.loads(result.stdout)
    out = tmp_path / "xa.docx"
    report(report_db, out, "commune", 2019, "--district", "Đăk Hà", "--commune", "Đăk La", "--format", "docx")
    lines = [flat(line) for line in blocks(Document(str(out)))]
    assert f"Xã Đăk La đạt {figures['met']}/{figures['total']} tiêu chí" in " ".join(lines)
    criterion_rows = [line for line in lines if line.startswith("Tiêu chí số ")]
    assert len(criterion_rows) == len(figures["rows"])


def test_the_cli_refuses_an_unknown_format(report_db, tmp_path):
    result = ntm(report_db, "report", "district", "--year", "2019", "--district", "Đăk Hà", "--format", "odt",
                 "--out", str(tmp_path / "x.odt"))
    assert result.returncode == 2 and "docx" in result.stderr
    assert not (tmp_path / "x.odt").exists()
