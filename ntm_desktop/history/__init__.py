"""The logged entity kinds and what is built on the change log with them: undo and redo,
the travelling entities of sync, how history shows a state.

- :mod:`.kinds`: the explicit list, one record per kind, in order;
- :mod:`.revert`: undo/redo of a batch through the kinds' restorers;
- :mod:`.labels`: how a state reads in a record's history.
"""

from __future__ import annotations

from ntm_desktop.history.kinds import KINDS, Kind, kind, show, travelling, travelling_entity
from ntm_desktop.history.revert import revert_batch

__all__ = ["KINDS", "Kind", "kind", "revert_batch", "show", "travelling", "travelling_entity"]
