"""The core's texts, one module per area, listed here explicitly and merged at the first use.

Texts are data: no module registers texts when it is imported. A key defined in two areas
is an error found when the catalog loads (:func:`load`; every test that renders a text
loads it). Importing this package loads no area: ``i18n`` loads them all at its first text,
and a module that needs one area's data alone (the band labels of ``criteria.shape``) imports
that area (issue 22: 16 modules, 2.2 ms under -X importtime, that ``ntm summary --json`` on a
province database needed for four labels).
"""

from __future__ import annotations

from importlib import import_module

AREAS = ("core", "store", "excel", "twinning", "reports", "sync", "cli", "units", "criteria_sets", "classes",
         "recognition", "planning", "cycle", "checks", "dhis2", "docx", "cli_help")


def merged(areas: tuple[object, ...]) -> dict[str, tuple[str, str]]:
    """One dict of every area's messages; a key in two areas with different texts is refused."""
    out: dict[str, tuple[str, str]] = {}
    for area in areas:
        for key, pair in area.MESSAGES.items():  # type: ignore[attr-defined]
            if out.get(key, pair) != pair:
                raise ValueError(f"message key defined twice: {key}")
            out[key] = pair
    return out


def load() -> dict[str, tuple[str, str]]:
    """Every area's messages, merged (a new dict)."""
    return merged(tuple(import_module(f"{__name__}.{name}") for name in AREAS))
