"""Recognitions travel as one table entity (``records/recognitions.csv``): the columns of
``recognitions`` with the commune as its unit nkey, written here by the table's owner
(:mod:`ntm_desktop.recognition.records`); listed in :data:`ntm_desktop.history.KINDS`
after the units, which they name."""

from __future__ import annotations

from ntm_desktop.recognition import records
from ntm_desktop.sync.entities.tables import TableEntity

RECOGNITIONS = TableEntity(records.ENTITY, records.TABLE, rows=records.SYNC_ROWS)
