"""A commune's recognitions (đạt chuẩn NTM, nâng cao, kiểu mẫu, hiện đại) and their revocations.

- :mod:`.kinds`: the kinds and how they are shown;
- :mod:`.records`: states, natural keys, the one writer of ``recognitions`` (``save``, the
  restorer ``restore``, sync's ``SYNC_ROWS``);
- :mod:`.service`: ``add`` and ``revoke``, checked before anything is written;
- :mod:`.listing`: a commune's recognitions, its former communes', the CLI's list, counts per kind.
"""

from __future__ import annotations

from ntm_desktop.recognition.kinds import KINDS, brief, dmy, label, short
from ntm_desktop.recognition.listing import Former, counts, in_force, listing, of_formers, of_unit
from ntm_desktop.recognition.service import Done, add, in_force_of_kind, revoke

__all__ = ["KINDS", "Done", "Former", "add", "brief", "counts", "dmy", "in_force", "in_force_of_kind", "label",
           "listing", "of_formers", "of_unit", "revoke", "short"]
