"""The window's texts, one module per tab or area, added to the shared catalog when the
window starts (:func:`install`), not when a module is imported."""

from __future__ import annotations

from ntm_desktop import i18n
from ntm_desktop.catalog import merged
from ui.catalog import (
    backup,
    checks,
    classes,
    criteria,
    cycle,
    dhis2,
    excel,
    guide,
    overview,
    planning,
    recognition,
    reports,
    sync,
    twinning,
    units,
    window,
)

MESSAGES = merged((window, excel, twinning, reports, sync, backup, units, criteria, classes, recognition, planning,
                   cycle, overview, checks, dhis2, guide))


def install() -> None:
    """Add the window's texts to the catalog (idempotent)."""
    i18n.register(MESSAGES)
