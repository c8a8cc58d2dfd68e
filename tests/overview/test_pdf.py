"""The overview's PDF (and so its printed pages): 85 communes on several landscape A4 pages
in readable type, the header row repeated, every status cell marked (not colour only), the
legend, scope, date and the demo mark, text kept as text in embedded fonts (read back with
pdftotext, pdffonts and pdfinfo)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from ntm_desktop import overview
from ntm_desktop.overview.export import Headings
from ntm_desktop.overview.grid import MET, NOT_MET
from ntm_desktop.overview.pdf import write_pdf
from ntm_desktop.setup import demo
from tests.reports.test_data import pdf_fonts, pdf_text

LEGEND = "Đ: đạt · K: chưa đạt · trống: chưa có số liệu"
HEADINGS = Headings("Tổng quan năm 2019 — Bộ tiêu chí 2016-2020", "Huyện", "Xã", "Số TC đạt", "Nhóm", "Tổng",
                    scope="Nhóm: tất cả", legend=LEGEND)
ENGLISH = Headings("Overview 2019", "District", "Commune", "Met", "Band", "Total", ("✓", "✗", ""))


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in info  # landscape A4
    return int(re.search(r"Pages: +(\d+)", info).group(1))


def test_85_communes_on_several_readable_pages(kt, tmp_path):
    view = overview.grid(kt, 2019)
    rows = view.rows
    out = write_pdf(view, rows, HEADINGS, tmp_path / "tong-quan-2019.pdf", day=dt.date(2026, 12, 6))
    count = pages(out)
    assert len(rows) == 85 and 3 <= count <= 4  # ~40 rows a page at 9 pt, not one page at 5 pt
    words = pdf_text(out)
    assert HEADINGS.title in words and HEADINGS.scope in words and "06/12/2026" in words
    met = overview.totals(view, rows)
    for number in view.numbers:
        assert f"{met[number]}/{len(rows)}" in words
    for row in rows:
        assert row.name in words
    for page in range(1, count + 1):
        text = pdf_text(out, page)
        assert "Huyện" in text and "Số TC đạt" in text  # the header row on every page
        assert LEGEND in text  # the legend on every page
    # every status cell carries its mark: count them against the grid
    letters = "".join(r.statuses for r in rows)
    marks = re.findall(r"(?<!\w)[ĐK](?!\w)", words)
    assert marks.count("Đ") >= letters.count(MET) and marks.count("K") >= letters.count(NOT_MET)
    assert "DEMO" not in words
    fonts = pdf_fonts(out)
    assert fonts and all(f["emb"] == "yes" for f in fonts)
    assert any("NTMSerif" in f["name"] or "Liberation" in f["name"] for f in fonts)


def test_english_marks_are_drawn_and_demo_marked(kt, tmp_path):
    kt.set_meta("demo", "1")
    view = overview.grid(kt, 2026)
    out = write_pdf(view, view.rows, ENGLISH, tmp_path / "overview-2026.pdf", demo=demo.is_demo(kt))
    assert pages(out) == -(-(len(view.rows) + 4) // 38)
    words = pdf_text(out)
    assert "DEMO" in words
    letters = "".join(r.statuses for r in view.rows)
    assert words.count("✓") == letters.count(MET) and words.count("✗") == letters.count(NOT_MET)
    met = overview.totals(view, view.rows)
    assert f"{met[1]}/{len(view.rows)}" in words and f"{met[10]}/{len(view.rows)}" in words
    assert any("NTMMarks" in f["name"] or "DejaVu" in f["name"] for f in pdf_fonts(out))
