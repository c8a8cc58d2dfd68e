"""The core's texts, one module per area, listed here explicitly and merged once.

Texts are data: no module registers texts when it is imported. A key defined in two areas
is an error found at import (the tests import this package).
"""

from __future__ import annotations

from ntm_desktop.catalog import (
    checks,
    classes,
    cli,
    core,
    criteria_sets,
    cycle,
    dhis2,
    docx,
    excel,
    planning,
    recognition,
    reports,
    store,
    sync,
    twinning,
    units,
)

AREAS = (core, store, excel, twinning, reports, sync, cli, units, criteria_sets, classes, recognition, planning, cycle,
         checks, dhis2, docx)


def merged(areas: tuple[object, ...]) -> dict[str, tuple[str, str]]:
    """One dict of every area's messages; a key in two areas with different texts is refused."""
    out: dict[str, tuple[str, str]] = {}
    for area in areas:
        for key, pair in area.MESSAGES.items():  # type: ignore[attr-defined]
            if out.get(key, pair) != pair:
                raise ValueError(f"message key defined twice: {key}")
            out[key] = pair
    return out


MESSAGES = merged(AREAS)
