"""Reports as editable Word documents (.docx), in the Decree 30 layout of the PDF (issue 21 part 8).

Officers rework a report's wording before it is signed, so every report kind is also written
as .docx: the same letterhead, sentences, tables, charts, annexes and signature as the PDF, as
real Word paragraphs, tables and styles. The report's story is built once, by the PDF's
builders (:data:`ntm_desktop.reports.pdf.BUILDERS`, ``twinning/pdf.py``'s ``twinning_story``),
and :mod:`.story` writes that same story into Word: the page (:mod:`.page`), the tables
(:mod:`.grid`) and the charts as pictures (:mod:`.raster`). See docs/reports-docx.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from ntm_desktop.reports import pdf
from ntm_desktop.reports.docx import page
from ntm_desktop.reports.docx.story import StoryWriter
from ntm_desktop.reports.settings import ReportSettings
from ntm_desktop.reports.twinning.pdf import twinning_story


def story_of(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> list[Flowable]:
    """The report's story, as the PDF tells it."""
    if figures["kind"] == "twinning":
        return list(twinning_story(figures, settings, date))
    return list(pdf.BUILDERS[figures["kind"]](figures, settings, date))


def write_docx(
    figures: dict[str, Any],
    settings: ReportSettings,
    date: dt.date,
    out: Path,
    *,
    demo: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Write ``figures`` as a Word document to ``out`` (a path the caller makes atomic)."""
    doc = page.new_document(pdf.title_of(figures), demo)
    StoryWriter(doc, progress=progress, cancelled=cancelled).write(story_of(figures, settings, date))
    doc.save(str(out))
