"""Reports: one function computes a report's figures; the PDF, the Word and the Excel files render them.

    figures = reports.build(store, "district", 2020, district="Đăk Hà")
    reports.render(store, figures, "pdf", Path("bao-cao.pdf"))

or both at once with :func:`make`. ``figures["summary"]`` of a district or province report
is exactly what ``ntm summary --json`` prints for the same scope and year.

The figures: :mod:`.figures` (commune, district, province) and :mod:`.twinning`; the
texts: :mod:`.sentences` and :mod:`.vn`. The PDF: :mod:`.pdf` (the stories), :mod:`.tables`,
:mod:`.charts`, :mod:`.letterhead` and :mod:`.layout` (the page), with :mod:`.fonts`; the
Word document: :mod:`.docx`, which writes the PDF's own story (so the same sentences, tables
and charts) as editable paragraphs and tables; the workbook: :mod:`.xlsx`. The twinning
report renders itself (``twinning/pdf.py``, ``twinning/xlsx.py``; its .docx comes from its PDF story).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm_desktop import files, units
from ntm_desktop.errors import NtmError, UsageError
from ntm_desktop.periods import Period
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.reports.figures import commune_figures, district_figures, province_figures
from ntm_desktop.reports.twinning import twinning_figures
from ntm_desktop.setup import demo as demo_module
from ntm_desktop.store.database import Store

KINDS = ("commune", "district", "province", "twinning")
FORMATS = ("pdf", "xlsx", "docx")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
STEPS = 1000  # progress is reported as (done, STEPS): figures up to 30 %, rendering the rest


class ReportCancelled(NtmError):
    """The person cancelled the report; nothing was written."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("report.cancelled")


@dataclass(frozen=True)
class Result:
    path: Path
    pages: int | None  # PDF pages; None for a workbook or a Word document (Word lays out its own pages)
    figures: dict[str, Any]


def _scaled(progress: Progress | None, start: int, span: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(start + (span * done // max(total, 1)), STEPS)


def build(
    store: Store,
    kind: str,
    year: int,
    *,
    district: str | None = None,
    commune: str | None = None,
    period: Period | None = None,
    annex: bool = False,
    on: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    """The figures of one report (a JSON-ready dict); refuses a wrong scope before any work.

    A commune is named by ``code`` (the unit holding it on the year's last day) or by name,
    with its district, or alone where the name is unique among the units in force that day."""
    if kind == "commune":
        last_day = f"{year}-12-31"
        if code:
            unit = units.resolve_code(store, code, last_day)
        elif commune:
            unit = units.resolve_commune(store, commune, district, on=None if district else last_day)
        else:
            raise UsageError("report.needs_commune")
        return commune_figures(store, year, unit, period)
    if kind == "district":
        if not district:
            raise UsageError("report.needs_district")
        if commune:
            raise UsageError("report.needs_district")
        return district_figures(store, year, district, period)
    if kind == "province":
        if district or commune or code:
            raise UsageError("report.province_scope")

        def step(done: int, total: int) -> None:
            if cancelled is not None and cancelled():
                raise ReportCancelled()
            if progress is not None:
                progress(done, total)

        low = report_settings.load(store).low_share
        return province_figures(store, year, low, annex=annex, progress=step, period=period)
    if kind == "twinning":
        return twinning_figures(store, year, district=district, on=on)
    raise UsageError("report.bad_kind", kind=kind)


def render(
    store: Store,
    figures: dict[str, Any],
    fmt: str,
    out: Path,
    *,
    date: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Result:
    """Write the figures as ``fmt`` to ``out`` atomically (nothing is left on failure or cancel).

    The renderers are imported here, not at the top: each needs its library, reportlab
    (about 80 ms to import), openpyxl (about 60 ms; python -X importtime, December 2026) or
    python-docx (about 100 ms) with reportlab, and a report is written in one format, so the
    others are never loaded."""
    if fmt not in FORMATS:
        raise UsageError("report.unknown_format", fmt=fmt)
    chosen = report_settings.for_figures(store, figures)  # a district's report: its district's letterhead
    date = date or dt.date.today()
    is_demo = demo_module.is_demo(store)
    pages: list[int] = []

    def write(tmp: Path) -> None:
        if fmt in ("pdf", "docx"):
            count = _write_paged(fmt, figures, chosen, date, tmp, demo=is_demo, progress=progress,
                                 cancelled=cancelled)
            if count is not None:
                pages.append(count)
        elif figures["kind"] == "twinning":
            # openpyxl: about 60 ms to import, see above
            from ntm_desktop.reports.twinning.xlsx import write_xlsx

            write_xlsx(figures, chosen, date, tmp, demo=is_demo)
        else:
            # openpyxl: about 60 ms to import, see above
            from ntm_desktop.reports.xlsx import write_xlsx

            write_xlsx(figures, chosen, date, tmp, demo=is_demo)
        if cancelled is not None and cancelled():
            raise ReportCancelled()

    files.atomic_write(out, write)
    return Result(Path(out), pages[0] if pages else None, figures)


def _write_paged(
    fmt: str,
    figures: dict[str, Any],
    chosen: report_settings.ReportSettings,
    date: dt.date,
    tmp: Path,
    *,
    demo: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int | None:
    """Render the PDF (its page count) or the Word document (None), both from the PDF's
    story; a cancel becomes ReportCancelled."""
    # reportlab: about 80 ms to import, see render()
    from ntm_desktop.reports import layout

    writer: Callable[..., int | None]
    if fmt == "docx":
        # python-docx: about 100 ms to import beside reportlab's 80 (python -X importtime, December 2026)
        from ntm_desktop.reports.docx import write_docx as writer
    elif figures["kind"] == "twinning":
        # reportlab: about 80 ms to import, see render()
        from ntm_desktop.reports.twinning.pdf import write_pdf as writer
    else:
        # reportlab: about 80 ms to import, see render()
        from ntm_desktop.reports.pdf import write_pdf as writer
    try:
        return writer(figures, chosen, date, tmp, demo=demo, progress=progress, cancelled=cancelled)
    except layout.Cancelled:
        raise ReportCancelled() from None


def make(
    store: Store,
    kind: str,
    year: int,
    fmt: str,
    out: Path,
    *,
    district: str | None = None,
    commune: str | None = None,
    period: Period | None = None,
    annex: bool = False,
    date: dt.date | None = None,
    on: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    code: str | None = None,
) -> Result:
    """Build a report's figures and write them as PDF, docx or xlsx, reporting progress."""
    if fmt not in FORMATS:
        raise UsageError("report.unknown_format", fmt=fmt)
    figures = build(store, kind, year, district=district, commune=commune, period=period, annex=annex, on=on,
                    progress=_scaled(progress, 0, 300), cancelled=cancelled, code=code)
    if cancelled is not None and cancelled():
        raise ReportCancelled()
    result = render(store, figures, fmt, out, date=date, progress=_scaled(progress, 300, 700), cancelled=cancelled)
    if progress is not None:
        progress(STEPS, STEPS)
    return result
