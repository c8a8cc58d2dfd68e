"""Plausibility checks: values a person should look at again (ranges, jumps from the previous
period, sums), as warnings, never refusals.

- :mod:`.rules`: the rules as data, the defaults and a set document's ``"plausibility"`` key;
- :mod:`.analysis`: the checks of a period (``ntm check``), of a scorecard, of one entered value.

docs/checks.md describes the rules and the key."""

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

__all__ = ["DEFAULTS", "JSON_KEYS", "CheckWarning", "Rule", "check_value", "findings", "for_commune", "previous",
           "problems", "run"]
