"""The ``ntm`` commands of every day: init, units, criteria use, set, the legacy table and the
data-collection templates (CONTRACT §1). Loaded when the full command set is built; ``ntm
summary`` does without it (issue 22)."""

from __future__ import annotations

import argparse
import calendar
import datetime
from pathlib import Path
from typing import Any

from ntm_desktop import assessments, criteria, periods, units
from ntm_desktop.cli import checks as checks_cli
from ntm_desktop.cli import classify as classify_cli
from ntm_desktop.cli import criteria_sets as criteria_cli
from ntm_desktop.cli import cycle as cycle_cli
from ntm_desktop.cli import eras as units_cli
from ntm_desktop.cli import planning as planning_cli
from ntm_desktop.cli import recognition as recognition_cli
from ntm_desktop.cli import tables as tables_cli
from ntm_desktop.cli import units_changes
from ntm_desktop.cli.common import Parser, emit, open_db
from ntm_desktop.errors import InputRejected, UsageError
from ntm_desktop.i18n import t
from ntm_desktop.setup.prepare import prepare
from ntm_desktop.store.database import SCHEMA_VERSION

_open = open_db
_emit = emit
_Parser = Parser


def cmd_init(args: argparse.Namespace) -> int:

    chosen = units_cli.chosen_provinces(args.province or [])  # before opening: a refusal changes nothing
    kontum = args.units == "kontum" or (args.units is None and not chosen)
    store = _open(args, create=True)
    try:
        prepare(store, "always" if kontum else "never")
        if chosen:
            units_cli.load(store, chosen)
        sets = len(criteria.codes(store))
        communes = store.query("SELECT count(*) AS n FROM units WHERE level = 'commune'")[0]["n"]
        print(t("cli.init_done", path=store.path, schema=SCHEMA_VERSION, sets=sets, communes=communes))
    finally:
        store.close()
    return 0


def cmd_units_list(args: argparse.Namespace) -> int:
    """CONTRACT §1: the units in force on ``--as-of`` (default: today), of either era."""
    on = units_cli.parse_date(args.as_of) if args.as_of else datetime.date.today().isoformat()
    store = _open(args)
    try:
        district = units.resolve_district(store, args.district) if args.district else None
        units_cli.print_in_force(store, on, args.json, district)
    finally:
        store.close()
    return 0


def cmd_units_history(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        return units_cli.cmd_units_history(args, store)
    finally:
        store.close()


def cmd_units_add(args: argparse.Namespace) -> int:
    valid_from = units_cli.parse_date(args.valid_from) if args.valid_from else None  # before anything is written
    store = _open(args)
    try:
        unit = units.add_commune(store, args.district, args.commune, args.code)
        if valid_from:
            units.created(store, unit, on=valid_from, decision=args.decision)
        district = units.get(store, unit.parent_id).name if unit.parent_id else ""
    finally:
        store.close()
    print(t("cli.unit_added", commune=unit.name, district=district))
    return 0


def cmd_criteria_use(args: argparse.Namespace) -> int:
    year = periods.parse_year(args.year)
    store = _open(args)
    try:
        criteria.override_year(store, year, None if args.auto else args.set)
        chosen = criteria.set_for_year(store, year)
    finally:
        store.close()
    print(t("criteria.in_force", year=year, code=chosen))
    return 0




def _parse_met(value: str) -> bool:
    key = value.strip().casefold()
    if key in ("yes", "y", "có", "co", "1", "đạt", "dat", "true"):
        return True
    if key in ("no", "n", "không", "khong", "0", "chưa đạt", "false"):
        return False
    raise InputRejected("met.bad", value=value)


def cmd_set(args: argparse.Namespace) -> int:
    year = periods.parse_year(args.year)
    period = periods.parse(args.period) if args.period else periods.Period(year, "Y")
    if period.year != year:
        raise UsageError("period.bad", value=args.period)
    if (args.criterion is None) == (args.indicator is None):
        raise UsageError("cli.set_needs")
    if not args.commune and not args.code:
        raise UsageError("cli.set_names")
    store = _open(args)
    try:
        last_day = f"{year}-{period.end_month:02d}-{calendar.monthrange(year, period.end_month)[1]:02d}"
        if args.code:
            commune = units.resolve_code(store, args.code, last_day)
        else:
            commune = units.resolve_commune(store, args.commune, args.district, on=None if args.district else last_day)
        if args.criterion is not None:
            if args.met is None:
                raise UsageError("cli.set_needs")
            batch = assessments.set_official(
                store, commune, period, args.criterion, _parse_met(args.met), note=args.note, set_code=args.set
            )
            what = f"{commune.name} {period.code} TC{args.criterion} = {args.met}"
        else:
            if args.value is None:
                raise UsageError("cli.set_needs")
            batch = assessments.set_indicator_value(
                store, commune, period, args.indicator, args.value, note=args.note, set_code=args.set
            )
            what = f"{commune.name} {period.code} {args.indicator} = {args.value}"
    finally:
        store.close()
    print(t("cli.saved", what=what) if batch else t("cli.no_change"))
    return 0


def cmd_export_table(args: argparse.Namespace) -> int:
    from ntm_desktop.excel import table_export  # 117 ms with openpyxl, only for this command
    year = periods.parse_year(args.year)
    store = _open(args)
    try:
        out = table_export.export_table(store, year, Path(args.out), args.district, args.set)
    finally:
        store.close()
    print(t("table.exported", path=out))
    return 0


def cmd_export_template(args: argparse.Namespace) -> int:
    from ntm_desktop.excel import templates  # 125 ms with openpyxl, only for the template commands
    year = periods.parse_year(args.year)
    period = periods.parse(args.period) if args.period else periods.Period(year, "Y")
    store = _open(args)
    try:
        if args.commune:
            chosen = [units.resolve_commune(store, args.commune, args.district)]
        else:
            district = units.resolve_district(store, args.district)
            chosen = units.children(store, district.id, "commune")
        out = templates.export_template(store, chosen, period, Path(args.out), args.set)
    finally:
        store.close()
    print(t("tpl.exported", path=out, n=len(chosen)))
    return 0


def cmd_import_template(args: argparse.Namespace) -> int:
    from ntm_desktop.excel import templates  # 125 ms with openpyxl, only for the template commands
    store = _open(args)
    try:
        preview = templates.read_template(store, Path(args.file))
        report = preview.as_json()
        if preview.errors:
            raise InputRejected("tpl.rejected", preview.errors, path=args.file, n=len(preview.errors))
        if args.dry_run:
            report["dry_run"] = True
        else:
            report["batch"] = templates.apply_template(store, preview).id
    finally:
        store.close()
    if args.json:
        _emit(report)
    else:
        for sheet in report["sheets"]:
            print(t("tpl.sheet_line", **sheet))
    return 0


def add_commands(sub: Any) -> None:
    """The every-day commands and the capability modules they sit beside (summary apart)."""
    p = sub.add_parser("init", help="help.init")
    p.add_argument("--units", choices=("kontum", "none"), help="help.init.units")
    p.add_argument("--province", action="append", metavar="NAME|CODE",
                   help="help.init.province")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("units", help="help.units")
    usub = p.add_subparsers(dest="units_command", required=True, parser_class=_Parser)
    q = usub.add_parser("list", help="help.units.list")
    q.add_argument("--district")
    q.add_argument("--as-of", metavar="DATE", help="help.units.list.as_of")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_units_list)
    q = usub.add_parser("history", help="help.units.history")
    q.add_argument("--code")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_units_history)
    q = usub.add_parser("add", help="help.units.add")
    q.add_argument("--district", required=True)
    q.add_argument("--commune", required=True)
    q.add_argument("--code")
    q.add_argument("--from", dest="valid_from", metavar="DATE", help="help.units.add.from")
    q.add_argument("--decision", metavar="TEXT")
    q.set_defaults(func=cmd_units_add)
    units_changes.add_commands(usub)
    classify_cli.add_commands(usub)

    p = sub.add_parser("criteria", help="help.criteria")
    csub = p.add_subparsers(dest="criteria_command", required=True, parser_class=_Parser)
    criteria_cli.add_commands(csub)
    q = csub.add_parser("use", help="help.criteria.use")
    q.add_argument("--year", required=True)
    group = q.add_mutually_exclusive_group(required=True)
    group.add_argument("--set")
    group.add_argument("--auto", action="store_true")
    q.set_defaults(func=cmd_criteria_use)

    recognition_cli.add_commands(sub)
    planning_cli.add_commands(sub)
    checks_cli.add_commands(sub)
    cycle_cli.add_commands(sub)

    p = sub.add_parser("set", help="help.set")
    p.add_argument("--year", required=True)
    p.add_argument("--period", help="help.period_any")
    p.add_argument("--district")
    p.add_argument("--commune")
    p.add_argument("--code", help="help.set.code")
    p.add_argument("--criterion", type=int)
    p.add_argument("--met")
    p.add_argument("--indicator")
    p.add_argument("--value")
    p.add_argument("--note")
    p.add_argument("--set", help="help.set.set")
    p.set_defaults(func=cmd_set)

    tables_cli.add_commands(sub)

    p = sub.add_parser("export-table", help="help.export_table")
    p.add_argument("--year", required=True)
    p.add_argument("--district")
    p.add_argument("--set")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export_table)

    p = sub.add_parser("export-template", help="help.export_template")
    p.add_argument("--year", required=True)
    p.add_argument("--period")
    p.add_argument("--district", required=True)
    p.add_argument("--commune")
    p.add_argument("--set")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export_template)

    p = sub.add_parser("import-template", help="help.import_template")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_template)
