"""Bringing a database up to date with the data the program ships, for `ntm init` and the window.

Both open a database and then need the same three things: the bundled criteria sets loaded
(a new program version may bring changed thresholds), every stored criterion re-evaluated
when a set changed, and the reference units (Kon Tum's 85 communes) present. They were two
copies (ui/app.py and cli/__init__.py) until December 2026; they differ only in when the
units are loaded, which is the ``reference_units`` argument.
"""

from __future__ import annotations

from typing import Literal

from ntm_desktop import assessments, criteria, units
from ntm_desktop.store.database import Store

ReferenceUnits = Literal["missing", "always", "never"]


def prepare(store: Store, reference_units: ReferenceUnits = "missing") -> int:
    """Load the bundled criteria sets and the reference units; returns how many sets changed.

    ``reference_units``: "missing" (the window, at every opening) loads them only into a
    database without a province, so that opening costs no unit writes; "always" (``ntm
    init``) loads them again, which is idempotent (an unchanged unit gets no write);
    "never" (``ntm init --units none``) leaves the units alone. Idempotent: a second call
    changes nothing. The units are in place before re-evaluating, which reads regions."""
    changed = criteria.load_bundled(store)
    if reference_units == "always" or (
        reference_units == "missing" and not units.all_of_level(store, "province")
    ):
        units.load_reference(store)
    if changed:
        assessments.recompute_all(store)
    return changed


def save_home(store: Store, province: str | None, district: str | None) -> None:
    """Remember the office's own province and district (unit keys such as ``district:612``,
    or None): the unit tree and the reports start there. Chosen in the window's first-run
    dialog."""
    with store.transaction():
        store.set_meta("home_province", province)
        store.set_meta("home_district", district)
