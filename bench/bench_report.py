"""Benchmark 7: the province report (PDF) with a one-page scorecard annex per commune, on
100 communes, vs. bare reportlab drawing tables of the same size.

* ours: ``reports.make(store, "province", 2020, "pdf", out, annex=True)`` end to end
  (figures from the database, the story, rendering, the atomic write with fsync).
* baseline: the same data tables (every ruled table of our story: same cell texts, column
  widths, font and size), each in a plain ``reportlab.platypus.Table`` with a grid, one
  after another in a ``SimpleDocTemplate`` (A4 portrait; the wide matrices in A4
  landscape), with the same embedded TrueType font. No header block, paragraphs, charts
  or page numbers.
* both as pages per second; the two are interleaved, the median of ``--samples`` runs each
  after one warm-up round.

Target (issue 5, part 7): ours ≥ 0.75 × the baseline's pages per second.

    .venv/bin/python bench/bench_report.py [--samples 7] [--communes 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from ntm_desktop import reports
from ntm_desktop.reports import fonts, layout, pdf, settings
from ntm_desktop.store.database import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import code_state, machine, median, summary, write_result  # noqa: E402

TARGET_RATIO = 0.75
YEAR = 2020


def _walk(flowables: list[Any]) -> list[Any]:
    out = []
    for item in flowables:
        if getattr(item, "_ntm_grid", False):
            out.append(item)
        inner = getattr(item, "_content", None)
        if isinstance(inner, list):
            out += _walk(inner)
    return out


def _plain(cell: Any) -> str:
    if isinstance(cell, str):
        return cell
    if hasattr(cell, "getPlainText"):
        return cell.getPlainText()
    return "" if cell is None else str(cell)


def same_tables(db: Path) -> list[dict[str, Any]]:
    """The data tables of our province report, as plain rows with their widths and size."""
    store = open_store(db, create=False)
    try:
        figures = reports.build(store, "province", YEAR, annex=True)
        story = pdf.province_story(figures, settings.load(store), dt.date(2026, 11, 15))
    finally:
        store.close()
    portrait = layout.frame_width("portrait")
    tables = []
    for table in _walk(story):
        widths = list(table._argW)
        tables.append({
            "rows": [[_plain(c) for c in row] for row in table._cellvalues],
            "widths": widths,
            "header_rows": table.repeatRows,
            "font_size": table._cellStyles[-1][0].fontsize,
            "landscape": sum(widths) > portrait + 1,
        })
    return tables


def bare_reportlab(tables: list[dict[str, Any]], folder: Path) -> tuple[int, float]:
    """Pages and seconds for the same tables drawn with plain reportlab."""
    fonts.register()  # registering the TrueType font is not part of either measurement
    pages = 0
    started = time.perf_counter()
    for wide in (False, True):
        chosen = [t for t in tables if t["landscape"] == wide]
        if not chosen:
            continue
        story: list[Any] = []
        for t in chosen:
            table = Table(t["rows"], colWidths=t["widths"], repeatRows=t["header_rows"])
            table.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),
                ("FONTSIZE", (0, 0), (-1, -1), t["font_size"]),
                ("LEADING", (0, 0), (-1, -1), t["font_size"] + 2),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ]))
            story += [table, PageBreak()]
        size = landscape(A4) if wide else A4
        doc = SimpleDocTemplate(str(folder / f"bare-{int(wide)}.pdf"), pagesize=size, leftMargin=20 * mm,
                                rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
                                initialFontName=fonts.SERIF)
        doc.build(story[:-1])
        pages += doc.page
    return pages, time.perf_counter() - started


def ours(db: Path, folder: Path) -> tuple[int, float]:
    store = open_store(db, create=False)
    try:
        started = time.perf_counter()
        result = reports.make(store, "province", YEAR, "pdf", folder / "ours.pdf", annex=True,
                              date=dt.date(2026, 11, 15))
        elapsed = time.perf_counter() - started
    finally:
        store.close()
    return result.pages or 0, elapsed


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="province report with a scorecard annex vs. bare reportlab")
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--districts", type=int, default=10)
    args = parser.parse_args(argv)

    db = datagen.ensure_grid(communes=args.communes, districts=args.districts, years=(2019, YEAR))
    tables = same_tables(db)
    ours_rates, bare_rates, ours_s, bare_s = [], [], [], []
    ours_pages = bare_pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.samples + 1):  # interleaved; the first round warms up and is dropped
            ours_pages, o = ours(db, folder)
            bare_pages, b = bare_reportlab(tables, folder)
            if i:
                ours_rates.append(ours_pages / o)
                bare_rates.append(bare_pages / b)
                ours_s.append(o)
                bare_s.append(b)
    figure, baseline = median(ours_rates), median(bare_rates)
    ratio = figure / baseline
    report = {
        "figure_pages_per_s": figure,
        "baseline_pages_per_s": baseline,
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "passed": ratio >= TARGET_RATIO,
        "pages": {"ours": ours_pages, "baseline": bare_pages},
        "tables": len(tables),
        "cells": sum(len(t["rows"]) * len(t["widths"]) for t in tables),
        "ours_s": summary(ours_s),
        "baseline_s": summary(bare_s),
        "communes": args.communes,
        "machine": machine(),
        "code": code_state(),
    }
    print(f"province report {YEAR}, {args.communes} communes, annex of one scorecard page each "
          f"(median of {args.samples}, interleaved):")
    print(f"  ours: {ours_pages} pages in {median(ours_s) * 1000:.0f} ms → {figure:.0f} pages/s")
    print(f"  bare reportlab, the same {len(tables)} tables ({report['cells']} cells): {bare_pages} pages in "
          f"{median(bare_s) * 1000:.0f} ms → {baseline:.0f} pages/s")
    print(f"  ratio {ratio:.2f} (target ≥ {TARGET_RATIO}) → {'PASS' if report['passed'] else 'FAIL'}")
    write_result("report", report)
    return report


if __name__ == "__main__":
    main()
