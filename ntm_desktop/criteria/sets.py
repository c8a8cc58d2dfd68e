"""Reading loaded sets back: the codes known, and one whole set as a :class:`CriteriaSet`.

A set is read in five queries (its row, thresholds, indicators, responsibilities, criteria)
and cached per connection in ``store.cache``, which :mod:`.tables` clears whenever a load
changes a set.
"""

from __future__ import annotations

from collections import namedtuple

from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store
from ntm_desktop.store.sqlite_errors import StoredDamage, stored_json

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    from ntm_desktop.criteria.model import CriteriaSet

    class Outline(NamedTuple):
        """What a summary needs of a set (:func:`outline`): no indicators, no thresholds."""

        id: int
        code: str
        numbers: tuple[int, ...]  # its criteria's numbers, in order
        bands: tuple[dict[str, Any], ...]  # as :attr:`CriteriaSet.bands`
else:  # the class typing.NamedTuple makes, without typing (this module and targets/progress.py were
    # the last of ``ntm summary`` to load it)
    Outline = namedtuple("Outline", ["id", "code", "numbers", "bands"])


def codes(store: Store) -> list[str]:
    return [r["code"] for r in store.query("SELECT code FROM criteria_sets ORDER BY valid_from, code")]


def _head(store: Store, code: str) -> Any:
    """The set's row (refused when no set has that code), its stored rules checked."""
    rows = store.query("SELECT * FROM criteria_sets WHERE code = ?", [code])
    if not rows:
        raise InputRejected("criteria.unknown_set", code=code, codes=", ".join(codes(store)) or "—")
    _stored_rules(rows[0]["rules"])
    return rows[0]


def outline(store: Store, code: str) -> Outline:
    """The set's id, code, criterion numbers and bands: two queries and no model objects (issue 22:
    ``ntm summary`` needs no more of a set; :func:`get_set` would load model.py and the engine,
    4-5 ms of imports with their dataclasses, and build every indicator and threshold)."""
    cached = store.cache.get(f"set:{code}")
    if cached is not None:
        return Outline(cached.id, cached.code, tuple(c.number for c in cached.criteria), cached.bands)
    head = _head(store, code)
    numbers = [row[0] for row in store.db.execute("SELECT number FROM criteria WHERE set_id = ? ORDER BY number",
                                                  [head["id"]])]
    return Outline(head["id"], head["code"], tuple(numbers), _stored_bands(head["bands"]))


def get_set(store: Store, code: str) -> CriteriaSet:
    """The whole set with criteria, indicators and thresholds (cached per connection)."""
    key = f"set:{code}"
    cached = store.cache.get(key)
    if cached is not None:
        return cached
    # here, not at the top: model.py and the engine with their dataclasses, 4-5 ms of imports
    # (python -X importtime, December 2026) that ``ntm summary`` never needs (:func:`outline`)
    from ntm_desktop.criteria.model import CriteriaSet, Criterion, Indicator
    from ntm_desktop.engine import Threshold

    head = _head(store, code)
    thresholds: dict[int, list[Threshold]] = {}
    for th in store.query(
        "SELECT t.* FROM thresholds t JOIN indicators i ON i.id = t.indicator_id WHERE i.set_id = ?",
        [head["id"]],
    ):
        thresholds.setdefault(th["indicator_id"], []).append(
            Threshold(
                th["region"], th["op"], th["value"], th["year_from"], th["year_to"], th["text"], th["unit"]
            )
        )
    indicators: dict[int, list[Indicator]] = {}
    for ind in store.query("SELECT * FROM indicators WHERE set_id = ? ORDER BY ord", [head["id"]]):
        indicators.setdefault(ind["criterion_id"], []).append(
            Indicator(
                ind["id"],
                ind["code"],
                ind["name"],
                ind["name_en"],
                ind["type"],
                ind["unit"],
                ind["certainty"],
                tuple(thresholds.get(ind["id"], ())),
            )
        )
    responsible: dict[int, list[str]] = {}
    for resp in store.query(
        "SELECT r.* FROM responsibilities r JOIN criteria c ON c.id = r.criterion_id WHERE c.set_id = ?",
        [head["id"]],
    ):
        responsible.setdefault(resp["criterion_id"], []).append(resp["body"])
    criteria = tuple(
        Criterion(
            c["id"],
            c["number"],
            c["name"],
            c["name_en"],
            c["group_code"],
            c["group_name"],
            c["group_name_en"],
            tuple(indicators.get(c["id"], ())),
            tuple(responsible.get(c["id"], ())),
        )
        for c in store.query("SELECT * FROM criteria WHERE set_id = ? ORDER BY number", [head["id"]])
    )
    result = CriteriaSet(
        head["id"],
        head["code"],
        head["name"],
        head["name_en"],
        head["level"],
        head["tier"],
        head["valid_from"],
        head["valid_to"],
        head["requires"],
        head["decision"],
        criteria,
        kind=head["kind"] or "xa",
        from_date=head["from_date"] or "",
        to_date=head["to_date"] or "",
        columns=head["column_key"] or "region",
        difficult_column=_stored_rules(head["rules"]).get("difficult_column"),
        bands=_stored_bands(head["bands"]),
        version=head["version"] or 1,
    )
    store.cache[key] = result
    return result


def _stored_rules(raw: str | None) -> dict[str, Any]:
    """A set's stored ``rules``: a JSON object, or StoredDamage (a damaged database)."""
    rules = stored_json(raw)
    if rules is None:
        return {}
    if not isinstance(rules, dict):
        raise StoredDamage("a criteria set's stored rules are not an object")
    return rules


def _stored_bands(raw: str | None) -> tuple[dict[str, Any], ...]:
    """A set's stored bands, each checked as ``documents.validate`` checks a file's: a damaged
    database whose band lost its "max" must refuse, not fail later in a report (a fuzzer find)."""
    bands = stored_json(raw)
    if bands is None:
        return ()
    if not isinstance(bands, list) or not all(
        isinstance(b, dict)
        and all(type(b.get(k)) is int for k in ("min", "max"))
        and all(isinstance(b.get(k), str) for k in ("label", "label_en"))
        and b["min"] <= b["max"]
        for b in bands
    ):
        raise StoredDamage("a criteria set's stored bands are damaged")
    return tuple(bands)
