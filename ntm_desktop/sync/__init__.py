"""USB sync packages (CONTRACT §4; the format: docs/package-format.md).

- :mod:`.versions`: clock stamps and what a version has seen (used by entities and merge);
- :mod:`.trust`: this installation's identity and key pair (:mod:`.trust.identity`), known
  installations (:mod:`.trust.peers`), packages sent and received (:mod:`.trust.ledger`);
- :mod:`.package`: writing a package (:mod:`.package.export`), opening and checking one
  (:mod:`.package.reader`, :mod:`.package.zipsafe`), its format, scope and file places;
- :mod:`.entities`: the travelling entities (units, unit history, criteria sets,
  indicator values, criterion results; any table through :mod:`.entities.tables`); which
  travel, in which order, is the explicit list :data:`ntm_desktop.history.KINDS`;
- :mod:`.merge`: the dry run and the import, conflicts kept for review.

Everything here is Qt-free; the window calls these same functions.
"""

from __future__ import annotations
