"""Period states travel as one table entity (``records/period_states.csv``): the columns of
``period_states`` with the unit as its nkey, written here by the table's owner
(:mod:`ntm_desktop.cycle.records`); listed in :data:`ntm_desktop.history.KINDS` after the
units, which they name, and before the values, which an import checks against the locks."""

from __future__ import annotations

from ntm_desktop.cycle import records
from ntm_desktop.sync.entities.tables import TableEntity

PERIOD_STATES = TableEntity(records.ENTITY, records.TABLE, rows=records.SYNC_ROWS)
