"""The shape of a criteria set's results: how many criteria, the "full" count, the bands.

Summaries, reports and the scorecard take their shape from the set in force (CONTRACT §3),
never from a fixed 19:

- ``count``: the set's number of criteria (19 for QĐ 1980 and QĐ 318, 10 for QĐ 51/2025);
- ``full_key``: the band key of a commune meeting every criterion (``"19"``, ``"10"``);
- ``bands``: the reporting bands, highest first. The set's own data defines them (the
  document's ``"bands"``: ``{min, max, label, label_en}``); a 19-criterion set whose data
  has none keeps the bands its reports have always used (19; 15-18; 10-14; 5-9; under 5);
  any other set gets only its full band, so a count below it falls in no band.

Band keys follow the summary JSON: ``"19"`` for a one-number band, ``"15-18"`` for a range
and ``"<5"`` for a band starting at 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ntm_desktop import i18n
from ntm_desktop.periods import Record

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any


class Band(Record):
    __slots__ = ("key", "min", "max", "label", "label_en")
    key: str  # "19", "15-18", "<5"
    min: int
    max: int
    label: str  # Vietnamese, as the reports write it: "Đạt từ 15 đến 18 tiêu chí"
    label_en: str

    def __init__(self, key: str, min: int, max: int, label: str, label_en: str) -> None:
        self._init(key, min, max, label, label_en)

    def holds(self, met: int) -> bool:
        return self.min <= met <= self.max

    def text(self) -> str:
        """The label in the current language (the window's and the CLI's)."""
        return self.label if i18n.language() == "vi" else self.label_en


class Shape(Record):
    __slots__ = ("count", "full_key", "bands")
    count: int
    full_key: str
    bands: tuple[Band, ...]

    def __init__(self, count: int, full_key: str, bands: tuple[Band, ...]) -> None:
        self._init(count, full_key, bands)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(b.key for b in self.bands)

    @property
    def classic(self) -> bool:
        """True for the 19-criterion sets: the summary keeps its old key ``full_19``."""
        return self.count == 19

    @property
    def full_text(self) -> str:
        """``19/19``, ``10/10``."""
        return f"{self.count}/{self.count}"

    def band_of(self, met: int) -> Band | None:
        """The band of a commune meeting ``met`` criteria, or None where the set has none for it."""
        for band in self.bands:
            if band.holds(met):
                return band
        return None

    def band_key(self, met: int) -> str | None:
        band = self.band_of(met)
        return band.key if band else None

    def label(self, key: str) -> str:
        """The Vietnamese label of the band ``key`` (reports are Vietnamese whatever the language)."""
        for band in self.bands:
            if band.key == key:
                return band.label
        raise KeyError(key)

    def as_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "full": self.full_key,
            "bands": [{"key": b.key, "min": b.min, "max": b.max, "label": b.label, "label_en": b.label_en}
                      for b in self.bands],
        }


def band_key(low: int, high: int) -> str:
    """The summary key of a band: ``"19"``, ``"15-18"``, ``"<5"``."""
    if low == high:
        return str(low)
    if low == 0:
        return f"<{high + 1}"
    return f"{low}-{high}"


def _both(key: str, **params: object) -> tuple[str, str]:
    """A catalog text in both languages (a band keeps its Vietnamese and English labels), read
    from its area alone: a summary prints no other text (``ntm_desktop.catalog``)."""
    # here, not at the top: the catalog's package and its core area, 0.3 ms of imports (python -X
    # importtime, 7 runs) that a set whose stored bands all carry both labels never needs
    from ntm_desktop.catalog import core as core_texts

    vi, en = core_texts.MESSAGES[key]
    return vi.format(**params), en.format(**params)


def _default_labels(low: int, high: int, count: int) -> tuple[str, str]:
    if low == high == count:
        return _both("band.full", n=count)
    if low == 0:
        return _both("band.under", n=high + 1)
    if low == high:
        return _both("band.one", n=low)
    return _both("band.range", low=low, high=high)


def _band(low: int, high: int, count: int, label: str | None = None, label_en: str | None = None) -> Band:
    if not (label and label_en):  # the catalog's words where the set's data gives none
        vi, en = _default_labels(low, high, count)
        label, label_en = label or vi, label_en or en
    return Band(band_key(low, high), low, high, label, label_en)


# The bands of the 19-criterion sets' reports (DOMAIN.md): 19; 15-18; 10-14; 5-9; under 5.
CLASSIC = ((19, 19), (15, 18), (10, 14), (5, 9), (0, 4))


def make_shape(count: int, bands: Iterable[Mapping[str, Any]] = ()) -> Shape:
    """The shape of a set of ``count`` criteria whose data defines ``bands`` (may be empty)."""
    defined = sorted(bands, key=lambda b: -int(b["max"]))
    if defined:
        made = [_band(int(b["min"]), int(b["max"]), count, b.get("label"), b.get("label_en")) for b in defined]
    elif count == 19:
        made = [_band(low, high, count) for low, high in CLASSIC]
    else:
        made = [_band(count, count, count)]
    if not any(b.min == b.max == count for b in made):  # a set's bands always begin with its full band
        made.insert(0, _band(count, count, count))
    return Shape(count, str(count), tuple(made))


def shape_of(criteria_set: Any) -> Shape:
    """The shape of a :class:`~ntm_desktop.criteria.model.CriteriaSet` (its criteria and its
    data's bands, when the set's format carries them)."""
    return make_shape(len(criteria_set.criteria), getattr(criteria_set, "bands", ()) or ())
