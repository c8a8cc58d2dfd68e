"""Criteria sets as data: validating the files in db/criteria/, loading them, choosing one.

A set is a JSON file (format documented in docs/criteria-format.md). Loading is
idempotent and keyed by the set's code and the indicator codes, so values already
entered stay attached when a revised file arrives.

This module only re-exports, so that callers keep writing ``criteria.set_for_year``.
The layers, each importing only those above it:

- :mod:`.model`: ``CriteriaSet``, ``Criterion``, ``Indicator``, ``as_json``;
  :mod:`.documents`: the file format (``validate``, ``read_file``, ``bundled_files``);
- :mod:`.tables`: loading documents, the one writer of the criteria tables
  (``load_document``, ``load_bundled``, the restorer ``_restore_criteria_set``);
  :mod:`.sets`: reading a set back (``get_set``, ``codes``);
- :mod:`.set_versions`: the versions of a set (``versions``; ``publish`` is in :mod:`.tables`);
- :mod:`.years`: the set in force in a year (``set_for_year``, ``override_year``, the
  restorer ``_restore_year_set``).
"""

from __future__ import annotations

from ntm_desktop.criteria.documents import (
    COLUMN_KINDS,
    GROUPS,
    KINDS,
    OPS,
    REGIONS,
    SET_LEVELS,
    TIERS,
    TYPES,
    bundled_files,
    column_keys,
    derived,
    read_file,
    validate,
)
from ntm_desktop.criteria.model import CriteriaSet, Criterion, Indicator, as_json, thresholds_by_column
from ntm_desktop.criteria.set_versions import Version, versions
from ntm_desktop.criteria.sets import codes, get_set
from ntm_desktop.criteria.tables import (
    _restore_criteria_set,
    load_bundled,
    load_document,
    load_file,
    publish,
)
from ntm_desktop.criteria.years import _restore_year_set, overridden_set, override_year, set_for_year

__all__ = [
    "COLUMN_KINDS",
    "GROUPS",
    "KINDS",
    "OPS",
    "REGIONS",
    "SET_LEVELS",
    "TIERS",
    "TYPES",
    "CriteriaSet",
    "Criterion",
    "Indicator",
    "Version",
    "_restore_criteria_set",
    "_restore_year_set",
    "as_json",
    "bundled_files",
    "codes",
    "column_keys",
    "derived",
    "get_set",
    "load_bundled",
    "load_document",
    "load_file",
    "overridden_set",
    "override_year",
    "publish",
    "read_file",
    "set_for_year",
    "thresholds_by_column",
    "validate",
    "versions",
]
