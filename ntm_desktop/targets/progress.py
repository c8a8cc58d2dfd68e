"""Results against the scope targets (CONTRACT §8): the summary's ``targets``, light to import.

Issue 22: ``ntm summary`` reads the targets of its year on every run. This module needs neither
the service's dataclasses and decimal nor the records' writer (record_table, the audit log):
about 4 ms of imports it never used (python -X importtime, December 2026). :mod:`.service`
re-exports :func:`percent` and builds :func:`~.service.counts` on :func:`scope_where`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any

    from ntm_desktop.store.database import Store


def scope_where(store: Store, year: int, scope_unit_id: int | None) -> tuple[str, list[Any]]:
    """SQL over ``targets r`` for the live scope targets (``communes``) of ``year``, and its
    parameters. ``scope_unit_id`` None (or a province's id) is the province."""
    where, params = "r.kind = 'communes' AND r.year = ?", [year]
    scope = store.query("SELECT level FROM units WHERE id = ?", [scope_unit_id]) if scope_unit_id else []
    if scope_unit_id is None or (scope and scope[0]["level"] == "province"):
        where += " AND r.unit_id IS NULL"
    else:
        where += " AND r.unit_id = ?"
        params.append(scope_unit_id)
    return where, params


def percent(met: int, target: int) -> float | None:
    """Met as a share of the target, two decimals rounded half up (57 of 35 → 162.86); None for a
    target of 0. Whole numbers are worked out in integers: ``q / 100`` is the double nearest the
    decimal ``Decimal.quantize`` gives, as its ``float`` is."""
    if not target:
        return None
    if type(met) is int and type(target) is int and met >= 0 and target > 0:
        return (20_000 * met + target) // (2 * target) / 100
    from decimal import ROUND_HALF_UP, Decimal  # 1.3 ms of imports, only for a value that is not a whole count

    return float((Decimal(met) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def shares(store: Store, year: int, scope_unit_id: int | None, per_criterion: dict[str, int]) -> dict[str, Any]:
    """The summary's ``targets`` (CONTRACT §8): for each criterion with a target of ``year`` in
    the scope (None: the province; else a district's id), ``{"communes": target, "met": met,
    "percent": met/target in %, two decimals}`` (exactly CONTRACT §8's shape; the resolution's
    number is in :func:`~.service.counts`), ``met`` taken from ``per_criterion`` (the summary's own
    counts, keys as strings). ``{}`` when no target is set."""
    where, params = scope_where(store, year, scope_unit_id)
    rows = store.db.execute(f"SELECT r.criterion, r.communes FROM targets r WHERE r.deleted = 0 AND {where}"
                            " ORDER BY r.criterion, r.id", params).fetchall()
    target = {int(criterion): communes for criterion, communes in rows}  # the last of a criterion's, as counts()
    out: dict[str, Any] = {}
    for number, communes in sorted(target.items()):
        met = int(per_criterion.get(str(number), 0))
        out[str(number)] = {"communes": communes, "met": met, "percent": percent(met, communes)}
    return out
