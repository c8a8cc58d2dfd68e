"""USB sync packages (CONTRACT §4; the format: docs/package-format.md).

- :mod:`.identity`: this installation's id, name and Ed25519 key pair;
- :mod:`.peers`: known installations, trust on first use or known only;
- :mod:`.export`: writing a package (everything, or changes since the last one sent);
- :mod:`.reader` and :mod:`.zipsafe`: opening and checking a package;
- :mod:`.merge`: the dry run and the import (versions: :mod:`.versions`);
- :mod:`.conflicts`: values kept for review; :mod:`.ledger`: packages sent and received;
- :mod:`.registry` and ``ent_*``: the travelling entities (units, unit history, criteria
  sets, indicator values, criterion results; any table through :mod:`.ent_tables`);
- :mod:`.places`: file names safe on FAT32 and the removable drives present.

Everything here is Qt-free; the window calls these same functions.
"""

from __future__ import annotations

