"""Bringing a database up to date with the data the program ships, for `ntm init` and the window.

Both open a database and then need the same three things: the bundled criteria sets loaded
(a new program version may bring changed thresholds), every stored criterion re-evaluated
when a set changed, and the reference units (Kon Tum's 85 communes) present. They were two
copies (ui/app.py and cli/__init__.py) until December 2026; they differ only in when the
units are loaded, which is the ``reference_units`` argument.
"""

from __future__ import annotations

from typing import Literal

from ntm_desktop import assessments, criteria, text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit

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


def save_home(store: Store, province: str | None, district: str | None,
              batch: audit.Batch | None = None) -> audit.Batch | None:
    """Remember the office's own province and district (unit keys such as ``district:612``,
    or None): the unit tree and the reports start there. Chosen in the window's first-run
    dialog and in the settings. Logged (one transaction with its change-log row, in ``batch``
    when given) and so undoable; returns the batch, or None when nothing changed."""
    # the reports package costs 45 ms more at start-up (python -X importtime): only when saving
    from ntm_desktop.reports.settings import save_office

    return save_office(store, province, district, batch)


def office(store: Store) -> Unit | None:
    """The working office's unit: the home district, else the home province (None: not chosen)."""
    return units.by_nkey(store, store.meta("home_district") or "") or units.by_nkey(
        store, store.meta("home_province") or "")


def change_office(store: Store, name: str, batch: audit.Batch | None = None) -> Unit:
    """Change the working office after the first start (issue 20 part 8): a province, or a
    district (with its province), by name (``Đăk Hà``, ``Thành phố Kon Tum``, ``Kon Tum``) or
    GSO code. A province is looked for first, so that ``Kon Tum`` is the province and
    ``Thành phố Kon Tum`` the city. Reports' default letterhead, the unit tree and the
    package dialog follow it. InputRejected (nothing changed) for an unknown name and for a
    district that has ended (Kon Tum's, abolished on 1/7/2025): its People's Committee issues
    nothing now. ``batch``: the change-log batch to log the change in (the settings dialog
    saves office and settings as one)."""
    wanted = text.fold(text.strip_prefix(name))
    code = text.clean(name)
    provinces = [u for u in units.all_of_level(store, "province")
                 if code == u.code or (not text.fold(name).startswith("thanh pho")
                                       and text.fold(text.strip_prefix(u.name)) == wanted)]
    current = [u for u in provinces if u.valid_to is None] or provinces
    if len(current) == 1:
        save_home(store, current[0].nkey, None, batch)
        return current[0]
    by_code = [u for u in units.all_of_level(store, "district") if u.code and u.code == code]
    district = by_code[0] if len(by_code) == 1 else units.resolve_district(store, name)
    if district.valid_to is not None:
        raise InputRejected("settings.office_ended", name=district.name,
                            end="/".join(reversed(district.valid_to.split("-"))))
    parent = units.get(store, district.parent_id) if district.parent_id else None
    save_home(store, parent.nkey if parent else store.meta("home_province"), district.nkey, batch)
    return district
