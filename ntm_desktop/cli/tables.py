"""``ntm import-table`` (CONTRACT §1): a legacy criteria table read, checked and written. Its
parser is built alone when the command line names it (issue 22: the other commands' modules
pull openpyxl and the planning sheets, 0.1-0.2 s of CPU a run)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ntm_desktop import periods
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t


def cmd_import_table(args: argparse.Namespace) -> int:
    # python-calamine and the file's checks (excel.rows): 18 ms (python -X importtime), only for this command
    from ntm_desktop.excel import rows
    year = periods.parse_year(args.year)
    # the file is checked and read in a thread while the database opens (its damage check) and the
    # importer loads; read_table takes the rows, and a refusal of the file comes where it came
    # before: after the database's (issue 22: with the one pass, whole process 1.73 → 1.65 s, medians of 11)
    with rows.prefetched(Path(args.file), args.sheet):
        report = _import(args, year)
    if args.json:
        emit(report)
    else:
        print(t("table.summary", file=args.file, sheet=report["sheet"], header=report["header_row"],
                rows=report["rows"], matched=report["matched"]))
        for warning in report["warnings"]:
            print(f"  ! {warning}")
        if report["overwrites"]["count"]:
            print(t("table.overwrites", n=report["overwrites"]["count"], entered=report["overwrites"]["entered"]))
        if not args.dry_run:
            print(t("table.result", **{k: report[k] for k in ("imported", "updated", "unchanged", "skipped")}))
    return 0


def _import(args: argparse.Namespace, year: int) -> dict[str, Any]:
    store = open_db(args)  # first: its damage check leaves the interpreter to the file's read
    try:
        # 96 ms of openpyxl and the importer (python -X importtime), only for this command
        from ntm_desktop.excel import table_import as legacy_table
        preview = legacy_table.read_table(store, Path(args.file), year, args.sheet)
        problems = legacy_table.check(preview, args.add_units)
        report: dict[str, Any] = {"year": year, **preview.as_json()}
        if problems:
            raise InputRejected(
                "table.rejected", [p.message for p in problems], path=args.file, n=len(problems)
            )
        report["overwrites"] = legacy_table.overwrites(store, preview, year)  # what it changes of what is stored
        if args.dry_run:
            report["dry_run"] = True
        else:
            report.update(legacy_table.apply(store, preview, year, add_units=args.add_units).as_json())
    finally:
        store.close()
    return report


def add_commands(sub: Any) -> None:
    p = sub.add_parser("import-table", help="help.import_table")
    p.add_argument("file")
    p.add_argument("--year", required=True)
    p.add_argument("--sheet")
    p.add_argument("--add-units", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_table)
