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

from ntm_desktop import paths

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
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

# issue 22: each name's module (and each module of the package) is imported when it is first
# used (paths.exported), so that a command imports only the modules it calls; mypy sees the
# imports above, never __getattr__
_WHERE = {
    "COLUMN_KINDS": "ntm_desktop.criteria.documents:COLUMN_KINDS",
    "GROUPS": "ntm_desktop.criteria.documents:GROUPS",
    "KINDS": "ntm_desktop.criteria.documents:KINDS",
    "OPS": "ntm_desktop.criteria.documents:OPS",
    "REGIONS": "ntm_desktop.criteria.documents:REGIONS",
    "SET_LEVELS": "ntm_desktop.criteria.documents:SET_LEVELS",
    "TIERS": "ntm_desktop.criteria.documents:TIERS",
    "TYPES": "ntm_desktop.criteria.documents:TYPES",
    "bundled_files": "ntm_desktop.criteria.documents:bundled_files",
    "column_keys": "ntm_desktop.criteria.documents:column_keys",
    "derived": "ntm_desktop.criteria.documents:derived",
    "read_file": "ntm_desktop.criteria.documents:read_file",
    "validate": "ntm_desktop.criteria.documents:validate",
    "CriteriaSet": "ntm_desktop.criteria.model:CriteriaSet",
    "Criterion": "ntm_desktop.criteria.model:Criterion",
    "Indicator": "ntm_desktop.criteria.model:Indicator",
    "as_json": "ntm_desktop.criteria.model:as_json",
    "thresholds_by_column": "ntm_desktop.criteria.model:thresholds_by_column",
    "Version": "ntm_desktop.criteria.set_versions:Version",
    "versions": "ntm_desktop.criteria.set_versions:versions",
    "codes": "ntm_desktop.criteria.sets:codes",
    "get_set": "ntm_desktop.criteria.sets:get_set",
    "_restore_criteria_set": "ntm_desktop.criteria.tables:_restore_criteria_set",
    "load_bundled": "ntm_desktop.criteria.tables:load_bundled",
    "load_document": "ntm_desktop.criteria.tables:load_document",
    "load_file": "ntm_desktop.criteria.tables:load_file",
    "publish": "ntm_desktop.criteria.tables:publish",
    "_restore_year_set": "ntm_desktop.criteria.years:_restore_year_set",
    "overridden_set": "ntm_desktop.criteria.years:overridden_set",
    "override_year": "ntm_desktop.criteria.years:override_year",
    "set_for_year": "ntm_desktop.criteria.years:set_for_year",
    "documents": "ntm_desktop.criteria.documents",
    "editing": "ntm_desktop.criteria.editing",
    "model": "ntm_desktop.criteria.model",
    "plausibility": "ntm_desktop.criteria.plausibility",
    "set_versions": "ntm_desktop.criteria.set_versions",
    "sets": "ntm_desktop.criteria.sets",
    "shape": "ntm_desktop.criteria.shape",
    "tables": "ntm_desktop.criteria.tables",
    "workbook": "ntm_desktop.criteria.workbook",
    "years": "ntm_desktop.criteria.years",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        return paths.exported(__name__, _WHERE, name, globals())

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
