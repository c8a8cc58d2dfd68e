"""The overview grid's figures: every commune × every criterion of a period, with filters and totals (no Qt).

:mod:`.grid` reads the statuses (one pass over the year's results), :mod:`.views` filters,
sorts and counts them, :mod:`.export` writes what is shown to Excel and PDF (loaded on use).
"""

from __future__ import annotations

from ntm_desktop.overview.grid import (
    MET,
    NO_DATA,
    NOT_MET,
    CriterionHead,
    Grid,
    Row,
    cell_period,
    grid,
    years_with_data,
)
from ntm_desktop.overview.views import (
    Filters,
    YearPoint,
    average,
    band_counts,
    behind,
    filter_rows,
    lagging,
    progress,
    sort_rows,
    total_text,
    totals,
    year_point,
)

__all__ = ["MET", "NOT_MET", "NO_DATA", "CriterionHead", "Filters", "Grid", "Row", "YearPoint", "average",
           "band_counts", "behind", "cell_period", "filter_rows", "grid", "lagging", "progress", "sort_rows",
           "total_text", "totals", "year_point", "years_with_data"]
