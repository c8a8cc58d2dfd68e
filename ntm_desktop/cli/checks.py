"""``ntm check`` (CONTRACT §1; issue 18 part 4): plausibility warnings of a period.

``ntm check --year Y [--period P] [--district D | --code N] [--json]``: the warnings of the
period (of every period of the year without ``--period``), in a district or one commune (the
whole database without either). It exits 0 whatever it finds; ``--json`` prints a list (empty
when none) of ``{commune, code, period, indicator, rule, value, previous, message}``; text, one
warning a line. The rules: docs/checks.md."""

from __future__ import annotations

import argparse
from typing import Any

from ntm_desktop import checks, periods, units
from ntm_desktop.assessments.evaluator import last_day
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.errors import InputRejected, UsageError
from ntm_desktop.i18n import t


def cmd_check(args: argparse.Namespace) -> int:
    year = periods.parse_year(args.year)
    period = periods.parse(args.period) if args.period else None
    if period is not None and period.year != year:
        raise InputRejected("period.bad", value=args.period)
    if args.district and args.code:
        raise UsageError("cycle.names")
    store = open_db(args)
    try:
        scope = None
        if args.district:
            scope = units.resolve_district(store, args.district)
        elif args.code:
            scope = units.resolve_code(store, args.code, last_day(period or periods.Period(year, "Y")))
        found = checks.findings(store, year, period, scope)
        if args.json:
            emit([w.as_json() for w in found])
            return 0
        for warning in found:
            print(f"{warning.period}\t{warning.code or ''}\t{warning.indicator}\t{warning.rule}\t{warning.message}")
        print(t("chk.count", n=len(found)) if found else t("chk.none"))
    finally:
        store.close()
    return 0


def add_commands(sub: Any) -> None:
    """``ntm check``."""
    p = sub.add_parser("check", help="help.check")
    p.add_argument("--year", required=True, metavar="Y")
    p.add_argument("--period", metavar="P", help="help.check.period")
    p.add_argument("--district", metavar="D", help="help.check.district")
    p.add_argument("--code", metavar="N", help="help.check.code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)
