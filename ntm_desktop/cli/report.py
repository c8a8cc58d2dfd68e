"""`ntm report KIND --year Y [--district D] [--commune C | --code N] [--unit U] --format pdf|xlsx|docx --out FILE`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ntm_desktop import periods, units
from ntm_desktop.cli import argparse_texts
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.errors import InputRejected, UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store

KINDS = ("commune", "district", "province", "twinning")


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError("report.bad_date", value=value) from None


def cmd_report(args: argparse.Namespace) -> int:
    # 39 ms with reportlab (python -X importtime), only for this command
    from ntm_desktop import reports

    year = periods.parse_year(args.year)
    period = periods.parse(args.period) if args.period else None
    if period is not None and period.year != year:
        raise UsageError("period.other_year", value=args.period, year=year)
    if period is not None and args.kind == "twinning":
        raise UsageError("report.twinning_period")
    date, on = _date(args.date), _date(args.as_of)
    if args.unit and (args.district or args.commune or args.code):
        raise UsageError("report.unit_alone")
    store = open_db(args)
    try:
        if args.unit:
            _scope_of_unit(store, args, year)
        if args.format == "json":
            figures = reports.build(store, args.kind, year, district=args.district, commune=args.commune,
                                    period=period, annex=args.annex, on=on, code=args.code)
        else:
            result = reports.make(store, args.kind, year, args.format, Path(args.out), district=args.district,
                                  commune=args.commune, period=period, annex=args.annex, date=date, on=on,
                                  code=args.code)
    finally:
        store.close()
    if args.format == "json":
        emit(figures)
    elif result.pages is not None:
        print(t("report.written", path=result.path, pages=result.pages))
    elif args.format == "docx":
        print(t("report.written_docx", path=result.path))
    else:
        print(t("report.written_xlsx", path=result.path))
    return 0


def _scope_of_unit(store: Store, args: argparse.Namespace, year: int) -> None:
    """``--unit U`` (CONTRACT §1): the unit the report is of, by code or name, set as the option
    its kind takes: a district report of a district, a commune report of a commune; a province
    or twinning report of the province the year's communes belong to (a report covers the
    database's communes of that year, so another province is refused)."""
    # the summary's scope and the province it lies in: 39 ms with reportlab's report modules,
    # which the report loads anyway (this command's module stays light for `ntm --help`)
    from ntm_desktop.reports.figures import province_of
    from ntm_desktop.summary import communes_in_scope

    unit = units.resolve_any(store, args.unit, f"{year}-12-31")
    if args.kind == "district" and unit.level == "district":
        args.district = unit.name
    elif args.kind == "commune" and unit.level == "commune":
        args.code = unit.code
        if unit.code is None:
            args.commune = unit.name
            parent = units.get(store, unit.parent_id) if unit.parent_id else None
            args.district = parent.name if parent is not None and parent.level == "district" else None
    elif args.kind in ("province", "twinning") and unit.level == "province":
        held = province_of(store, communes_in_scope(store, year))
        if held is None or held.id != unit.id:
            raise InputRejected("report.unit_not_here", unit=unit.name, year=year)
    else:
        raise InputRejected("report.unit_kind", unit=unit.name, level=t(f"report.level.{unit.level}"), kind=args.kind)


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="help.report")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--year", required=True)
    p.add_argument("--district")
    p.add_argument("--commune")
    p.add_argument("--code", help="help.report.code")
    p.add_argument("--unit", metavar="CODE|NAME", help="help.report.unit")
    p.add_argument("--period", help="help.report.period")
    p.add_argument("--format", required=True, choices=("pdf", "xlsx", "docx", "json"), help="help.report.format")
    p.add_argument("--out", help="help.report.out")
    p.add_argument("--date", help="help.report.date")
    p.add_argument("--as-of", dest="as_of", help="help.report.as_of")
    p.add_argument("--annex", action="store_true", help="help.report.annex")
    p.set_defaults(func=_checked)


def _checked(args: argparse.Namespace) -> int:
    if args.format != "json" and not args.out:
        # argparse's own words, in the language of --lang (pdf, xlsx and docx are written to a file)
        raise UsageError("cli.usage", message=argparse_texts.gettext("the following arguments are required: %s")
                         % "--out")
    return cmd_report(args)


