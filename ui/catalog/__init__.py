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


_INTO: list[dict[str, tuple[str, str]]] = []  # the catalog they were added to last


def install() -> None:
    """Add the window's texts to the catalog (idempotent). The start calls it three times (main(), the
    controller, the window): once into a catalog is enough (each call compared every key, 0.25 ms)."""
    catalog = i18n.messages()
    if _INTO and _INTO[0] is catalog and all(catalog.get(key) == MESSAGES[key] for key in _SAMPLE):
        return
    i18n.register(MESSAGES)
    _INTO[:] = [catalog]


_SAMPLE = tuple(MESSAGES)[::100]  # a catalog still holding these holds the rest (nothing removes texts)
