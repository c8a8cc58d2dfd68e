"""Commune groups and regions (dated facts, issue 17 part 3) travel: ``records/unit_classes.csv``.

One line of :data:`ntm_desktop.history.KINDS`, after the units and their history: a
:class:`~ntm_desktop.sync.entities.tables.TableEntity` over ``unit_classes`` (columns read from the
table: ``unit`` as the unit's nkey, ``kind``, ``value``, ``valid_from``, ``valid_to``, ``decision``,
``note``, ``deleted``), written by the table's owner (:mod:`ntm_desktop.units.classes`). A fact
an import writes, removes or a conflict resolves changes how its commune is assessed, so the
commune's statuses are recomputed: with the import's other recomputes (``Context.recompute``),
or at once for a resolved conflict.
"""

from __future__ import annotations

from typing import Any

from ntm_desktop.assessments import evaluator
from ntm_desktop.store.database import Store
from ntm_desktop.sync.entities.base import Context, Item
from ntm_desktop.sync.entities.tables import TableEntity
from ntm_desktop.units import classes


class UnitClasses(TableEntity):
    def __init__(self) -> None:
        super().__init__(classes.ENTITY, "unit_classes", rows=classes.sync_rows())

    def _touched(self, nkeys: list[str], ctx: Context) -> None:
        ctx.recompute |= evaluator.groups_of_communes(ctx.store, classes.unit_ids_of(ctx.store, nkeys))

    def write(self, pairs: list[tuple[Item, Item | None]], ctx: Context) -> None:
        super().write(pairs, ctx)
        self._touched([inc.nkey for inc, _loc in pairs], ctx)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        self._touched([inc.nkey for inc, _loc in pairs], ctx)  # before the rows go
        super().remove(pairs, ctx)

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        if state is None:
            return ""
        span = f"{state.get('valid_from')} → {state.get('valid_to') or '…'}"
        shown = " · ".join(str(v) for v in (state.get("kind"), state.get("value"), span, state.get("decision")) if v)
        return shown + (" · ✗" if state.get("deleted") else "")

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        super().resolve(store, nkey, state, batch)
        evaluator.recompute_communes(store, classes.unit_ids_of(store, [nkey]))


UNIT_CLASSES = UnitClasses()
