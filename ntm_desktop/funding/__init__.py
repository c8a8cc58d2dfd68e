"""Funding by source, level and kind, in million đồng, with the counterpart rule as dated data (CONTRACT §8).

:mod:`.records` is the one writer of ``funding`` (with the restorer and sync's rows);
:mod:`.sources` the sources, levels and kinds; :mod:`.service` adds entries, sets figures and
adds them up (:func:`summary`); :mod:`.rules` the counterpart rule
(``db/reference/counterpart-rules.json``); :mod:`.words` billions and sentences as the
province writes them; :mod:`.workbook` the funding workbook (docs/planning.md).
"""

from __future__ import annotations

from ntm_desktop.funding.service import Done, Entry, add, amount_of, entries, entry, put, summary
from ntm_desktop.funding.sources import KINDS, LEVELS, SOURCES
from ntm_desktop.funding.words import billions, counterpart, sentence

__all__ = ["KINDS", "LEVELS", "SOURCES", "Done", "Entry", "add", "amount_of", "billions", "counterpart", "entries",
           "entry", "put", "sentence", "summary"]
