"""Headings and table captions keep with what follows: no page of the district and province
PDF reports ends with a section heading («III. SO SÁNH VỚI …») or a caption («Bảng 1. …»),
read back page by page with pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest

from ntm_desktop.reports.layout import DEMO_LINE
from tests.reports.test_cli import report
from tests.reports.test_data import page_sizes

HEADING = re.compile(r"^(?:[IVX]+\.\s+\S|(?:Bảng|Biểu đồ)\s+\d+\.\s)")


def page_lines(pdf, number: int) -> list[str]:
    """A page's lines top to bottom (pdftotext -layout), without the demo foot line and the
    scattered letters of the «DEMO» watermark."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(pdf),
                          "-"], capture_output=True, check=True).stdout.decode("utf-8")
    lines = [line.strip() for line in out.splitlines()]
    return [line for line in lines if len(line.replace(" ", "")) > 2 and not line.startswith(DEMO_LINE[:12])]


CASES = [("demo_db", 2020, "district", ("--district", "Đăk Hà")), ("demo_db", 2020, "province", ("--annex",)),
         ("report_db", 2019, "district", ("--district", "Đăk Hà")), ("report_db", 2019, "province", ("--annex",)),
         ("province_2020_db", 2020, "district", ("--district", "Đăk Hà")),
         ("province_2020_db", 2020, "province", ("--annex",))]


@pytest.mark.parametrize(("db", "year", "kind", "more"), CASES)
def test_no_page_ends_with_a_heading_or_caption(request, tmp_path, db, year, kind, more):
    out = tmp_path / f"{kind}.pdf"
    report(request.getfixturevalue(db), out, kind, year, *more, "--format", "pdf", "--date", "2026-11-15")
    pages = [page_lines(out, n) for n in range(1, len(page_sizes(out)) + 1)]
    assert any(HEADING.match(line) for page in pages for line in page)  # the pattern does find the headings
    for number, page in enumerate(pages, start=1):
        assert page and not HEADING.match(page[-1]), (number, page[-3:])
