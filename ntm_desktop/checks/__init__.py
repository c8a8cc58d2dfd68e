"""Plausibility checks: values a person should look at again (ranges, jumps from the previous
period, sums), as warnings, never refusals.

- :mod:`.rules`: the rules as data, the defaults and a set document's ``"plausibility"`` key;
- :mod:`.analysis`: the checks of a period (``ntm check``), of a scorecard, of one entered value.

docs/checks.md describes the rules and the key.

This module only re-exports, each name's module imported when it is first used (issue 22: the
window's scorecard names this package, and checks only once a commune is shown; the analysis and
the assessments service it calls took about 20 ms of the window's start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ntm_desktop import paths

if TYPE_CHECKING:
    from ntm_desktop.checks.analysis import (
        JSON_KEYS,
        CheckWarning,
        check_value,
        findings,
        for_commune,
        previous,
        run,
    )
    from ntm_desktop.checks.rules import DEFAULTS, Rule, problems

_WHERE = {
    "JSON_KEYS": "ntm_desktop.checks.analysis:JSON_KEYS",
    "CheckWarning": "ntm_desktop.checks.analysis:CheckWarning",
    "check_value": "ntm_desktop.checks.analysis:check_value",
    "findings": "ntm_desktop.checks.analysis:findings",
    "for_commune": "ntm_desktop.checks.analysis:for_commune",
    "previous": "ntm_desktop.checks.analysis:previous",
    "run": "ntm_desktop.checks.analysis:run",
    "DEFAULTS": "ntm_desktop.checks.rules:DEFAULTS",
    "Rule": "ntm_desktop.checks.rules:Rule",
    "problems": "ntm_desktop.checks.rules:problems",
    "analysis": "ntm_desktop.checks.analysis",
    "rules": "ntm_desktop.checks.rules",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        return paths.exported(__name__, _WHERE, name, globals())

__all__ = ["DEFAULTS", "JSON_KEYS", "CheckWarning", "Rule", "check_value", "findings", "for_commune", "previous",
           "problems", "run"]
