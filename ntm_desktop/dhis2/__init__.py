"""Export of a period's results as a DHIS2 data value set (issue 21 part 6; CONTRACT §1 ``export-dhis2``).

- :mod:`.codes`: codes of org units, data elements and the data set; DHIS2 and ADX periods;
- :mod:`.values`: the data value set, counted as the summary counts (:func:`.values.build`);
- :mod:`.formats` (JSON, CSV) and :mod:`.adx` (ADX XML): the files;
- :mod:`.metadata`: the data elements, data set and org units an administrator imports first;
- :mod:`.export`: :func:`.export.export`, what ``ntm export-dhis2`` and the window call;
- :mod:`.writing`: the data and metadata files written together, or neither.

This module holds only the formats, so that the command line and the window can list them without
loading the exporter (45 ms, python -X importtime, December 2026).
"""

from __future__ import annotations

FORMATS = ("json", "adx", "csv")  # what --format takes, in the order the window lists them
SUFFIXES = {"json": ".json", "adx": ".xml", "csv": ".csv"}  # the suffix a file of each format gets
METADATA_SUFFIX = ".json"
