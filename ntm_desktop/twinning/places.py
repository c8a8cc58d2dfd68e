"""Places of twinnings: communes and their villages, found by name.

Province agencies are twinned with communes, district agencies with villages (thôn).
Villages are not part of the reference list of units: the first twinning that names one
creates it (:func:`ensure_village`), so a name typed slightly wrong would make a second
village. :func:`near_names` catches the likely typos (one word spelt very closely, or one
word more or less) so that the write can warn about them.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit

NEAR_WORD = 0.8  # a new name differing from a known one by one word this close may be a typo


def suggest(details_key: str, names: list[str]) -> list[str]:
    """The details line of a refusal listing close names (none when there are none)."""
    return [t(details_key, names="; ".join(names))] if names else []


def find_village(store: Store, commune: Unit, name: str) -> Unit | None:
    """The village of ``commune`` named ``name`` (exactly, else accent-insensitively)."""
    villages = units.children(store, commune.id, "village")
    key = text.match_key(name)
    exact = [v for v in villages if text.match_key(v.name) == key]
    if exact:
        return exact[0]
    folded = [v for v in villages if text.search_key(v.name) == text.search_key(name)]
    return folded[0] if len(folded) == 1 else None


def resolve_village(store: Store, commune: Unit, name: str) -> Unit:
    """An existing village of ``commune``, or InputRejected with close matches."""
    found = find_village(store, commune, name)
    if found is not None:
        return found
    names = [v.name for v in units.children(store, commune.id, "village")]
    raise InputRejected("village.unknown", suggest("unit.suggest", text.closest(name, names, cutoff=0.5)),
                        name=name, commune=commune.name)


def _near(a: str, b: str) -> bool:
    words_a, words_b = text.fold(a).split(), text.fold(b).split()
    if re.findall(r"\d+", a) != re.findall(r"\d+", b) or words_a == words_b:
        return False
    if len(words_a) == len(words_b):
        differ = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
        return len(differ) == 1 and SequenceMatcher(None, *differ[0]).ratio() >= NEAR_WORD
    longer, shorter = (words_a, words_b) if len(words_a) > len(words_b) else (words_b, words_a)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def near_names(name: str, names: list[str]) -> list[str]:
    """Names of which ``name`` may be a typo: the same words, accents ignored, except one
    word spelt very closely (``Sở Tài chín``, ``Sở Tài chánh`` for ``Sở Tài chính``) or one
    word more or less. Different numbers or a different place word are not typos (``Thôn 1``
    and ``Thôn 2``; ``Đồn Biên phòng Đăk Long`` and ``… Đăk Blô``)."""
    return [n for n in names if _near(name, n)]


def ensure_village(store: Store, batch: audit.Batch, commune: Unit, name: str,
                   warnings: list[str] | None = None) -> Unit:
    """The village of ``commune`` named ``name``, created (logged in ``batch``) if it is new;
    a new name very close to an existing village's adds a warning to ``warnings``. Call
    inside a transaction."""
    name = text.clean(name)
    if not name:
        raise InputRejected("village.empty_name")
    found = find_village(store, commune, name)
    if found is not None:
        return found
    near = near_names(name, [v.name for v in units.children(store, commune.id, "village")])
    if near and warnings is not None:
        warnings.append(t("village.near", name=name, commune=commune.name, names="; ".join(near)))
    return units.upsert_unit(store, batch, level="village", name=name, parent=commune)


def resolve_place(store: Store, commune: str, district: str | None = None, village: str | None = None) -> Unit:
    """The commune (or its existing village) named on the command line or in a form."""
    unit = units.resolve_commune(store, commune, district)
    return resolve_village(store, unit, village) if village and text.clean(village) else unit


def place_label(store: Store, unit: Unit) -> str:
    """``Đăk Long (Đăk Hà)``, or ``Thôn 1, xã Đăk Long (Đăk Hà)`` for a village."""
    if unit.level == "village":
        commune = units.get(store, unit.parent_id) if unit.parent_id else None
        district = units.ancestor(store, commune, "district") if commune else None
        return t("twin.place_village", village=unit.name, commune=commune.name if commune else "?",
                 district=district.name if district else "?")
    district = units.ancestor(store, unit, "district")
    return f"{unit.name} ({district.name})" if district else unit.name


def district_of(store: Store, unit: Unit) -> Unit | None:
    """The district a commune or village lies in (None above the district level)."""
    return units.ancestor(store, unit, "district")
