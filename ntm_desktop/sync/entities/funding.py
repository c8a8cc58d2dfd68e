"""Funding travels as one table entity (``records/funding.csv``): the columns of ``funding``
with the unit as its nkey (empty for the province), written here by the table's owner
(:mod:`ntm_desktop.funding.records`); listed in :data:`ntm_desktop.history.KINDS` after the
units, which they name."""

from __future__ import annotations

from ntm_desktop.funding import records
from ntm_desktop.sync.entities.tables import TableEntity

FUNDING = TableEntity(records.ENTITY, records.TABLE, rows=records.SYNC_ROWS)
