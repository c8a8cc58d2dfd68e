"""Targets travel as one table entity (``records/targets.csv``): the columns of ``targets``
with the scope or commune as its unit nkey (empty for the province), written here by the
table's owner (:mod:`ntm_desktop.targets.records`); listed in :data:`ntm_desktop.history.KINDS`
after the units, which they name. A province's targets name no unit: they go to every scope."""

from __future__ import annotations

from ntm_desktop.sync.entities.tables import TableEntity
from ntm_desktop.targets import records

TARGETS = TableEntity(records.ENTITY, records.TABLE, rows=records.SYNC_ROWS)
