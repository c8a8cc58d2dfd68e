"""Reports: one function computes a report's figures; the PDF and the Excel file render them.

    figures = reports.build(store, "district", 2020, district="Đăk Hà")
    reports.render(store, figures, "pdf", Path("bao-cao.pdf"))

or both at once with :func:`make`. ``figures["summary"]`` of a district or province report
is exactly what ``ntm summary --json`` prints for the same scope and year.
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
from ntm_desktop.store.database import Store

KINDS = ("commune", "district", "province", "twinning")
FORMATS = ("pdf", "xlsx")
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
    pages: int | None  # PDF pages; None for a workbook
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
) -> dict[str, Any]:
    """The figures of one report (a JSON-ready dict); refuses a wrong scope before any work."""
    from ntm_desktop.reports import figures, settings

    if kind == "commune":
        if not commune:
            raise UsageError("report.needs_commune")
        unit = units.resolve_commune(store, commune, district)
        return figures.commune_figures(store, year, unit, period)
    if kind == "district":
        if not district:
            raise UsageError("report.needs_district")
        if commune:
            raise UsageError("report.needs_district")
        return figures.district_figures(store, year, district)
    if kind == "province":
        if district or commune:
            raise UsageError("report.province_scope")

        def step(done: int, total: int) -> None:
            if cancelled is not None and cancelled():
                raise ReportCancelled()
            if progress is not None:
                progress(done, total)

        low = settings.load(store).low_share
        return figures.province_figures(store, year, low, annex=annex, progress=step)
    if kind == "twinning":
        from ntm_desktop.reports import twinning as twinning_report

        return twinning_report.twinning_figures(store, year, district=district, on=on)
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
    """Write the figures as ``fmt`` to ``out`` atomically (nothing is left on failure or cancel)."""
    from ntm_desktop.reports import layout, settings
    from ntm_desktop.setup import demo as demo_module

    if fmt not in FORMATS:
        raise UsageError("report.bad_format", fmt=fmt)
    chosen = settings.load(store)
    date = date or dt.date.today()
    is_demo = demo_module.is_demo(store)
    pages: list[int] = []

    def write(tmp: Path) -> None:
        if fmt == "pdf":
            if figures["kind"] == "twinning":
                from ntm_desktop.reports.twinning import write_pdf
            else:
                from ntm_desktop.reports.pdf import write_pdf
            pages.append(write_pdf(figures, chosen, date, tmp, demo=is_demo, progress=progress, cancelled=cancelled))
        else:
            if figures["kind"] == "twinning":
                from ntm_desktop.reports.twinning import write_xlsx
            else:
                from ntm_desktop.reports.xlsx import write_xlsx
            write_xlsx(figures, chosen, date, tmp, demo=is_demo)
        if cancelled is not None and cancelled():
            raise ReportCancelled()

    try:
        files.atomic_write(out, write)
    except layout.Cancelled:
        raise ReportCancelled() from None
    return Result(Path(out), pages[0] if pages else None, figures)


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
) -> Result:
    """Build a report's figures and write them as PDF or xlsx, reporting progress."""
    if fmt not in FORMATS:
        raise UsageError("report.bad_format", fmt=fmt)
    figures = build(store, kind, year, district=district, commune=commune, period=period, annex=annex, on=on,
                    progress=_scaled(progress, 0, 300), cancelled=cancelled)
    if cancelled is not None and cancelled():
        raise ReportCancelled()
    result = render(store, figures, fmt, out, date=date, progress=_scaled(progress, 300, 700), cancelled=cancelled)
    if progress is not None:
        progress(STEPS, STEPS)
    return result
