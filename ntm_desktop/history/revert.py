"""Undo and redo: a batch of the change log reverted through the service functions.

Reverting a batch restores each record it touched to its state before (undo) or after
(redo) it, through the restorer that :data:`ntm_desktop.history.KINDS` lists for the
record's kind (the same service functions that wrote it), itself as a new logged batch.
"""

from __future__ import annotations

from ntm_desktop.history.kinds import kind
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store


def revert_batch(store: Store, batch_id: str, *, redo: bool = False) -> audit.Batch:
    """Restore every record a batch touched to its state before (undo) or after (redo) it."""
    changes = audit.changes_of(store, batch_id)
    undo_batch = audit.new_batch("undo", f"{'redo' if redo else 'undo'} {batch_id}")
    with store.transaction():
        for entity, entity_uuid, nkey, old, new in changes if redo else reversed(changes):
            found = kind(entity)
            if found is None:
                raise KeyError(entity)
            found.restore(store, entity_uuid, nkey, new if redo else old, undo_batch)
    return undo_batch
