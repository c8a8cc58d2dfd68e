"""``ntm export-dhis2 --year Y [--period P] --format json|adx|csv --out FILE [--metadata FILE]``
(CONTRACT §1, docs/dhis2.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ntm_desktop import periods
from ntm_desktop.cli.common import open_db
from ntm_desktop.dhis2 import FORMATS
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t


def cmd_export_dhis2(args: argparse.Namespace) -> int:
    # 45 ms (python -X importtime, December 2026): the exporter and its XML writer, only for this command
    from ntm_desktop.dhis2.export import export

    year = periods.parse_year(args.year)
    period = periods.parse(args.period) if args.period else None
    if period is not None and period.year != year:
        raise UsageError("period.other_year", value=args.period, year=year)
    store = open_db(args)
    try:
        done = export(store, year, period, args.format, Path(args.out), Path(args.metadata) if args.metadata else None)
    finally:
        store.close()
    print(t("dhis2.written", path=done.path, period=done.period.code, data_set=done.data_set,
            communes=done.communes, values=done.values))
    if done.left_out:
        print(t("dhis2.left_out", count=done.left_out, period=done.period.code))
    if done.metadata is not None:
        print(t("dhis2.metadata_written", path=done.metadata))
    return 0


def add_commands(sub: Any) -> None:
    """``export-dhis2``: the period's statuses and indicator values as a DHIS2 data value set."""
    p = sub.add_parser("export-dhis2", help="help.export_dhis2")
    p.add_argument("--year", required=True)
    p.add_argument("--period", help="help.period_any")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--metadata", metavar="FILE", help="help.export_dhis2.metadata")
    p.set_defaults(func=cmd_export_dhis2)
