"""The reporting cycle: a period of a unit submitted, locked and unlocked with a reason (CONTRACT §9).

- :mod:`.records`: the one writer of ``period_states`` (``save``, the restorer ``restore``,
  ``show`` for the history, sync's ``SYNC_ROWS``);
- :mod:`.locks`: which communes a lock covers (``locked_communes``, ``lock_over``) and the
  refusal of an edit of a locked period (``check_open``), called by every write path of values;
- :mod:`.service`: ``act`` (submit, lock, unlock), ``listing`` (``ntm period list``),
  ``overview`` (the window's list), ``unsent`` (the warning on a lock: docs/cycle.md).
"""
