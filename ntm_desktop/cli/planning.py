"""``ntm targets …`` and ``ntm funding …`` (CONTRACT §1, §8; issue 18 parts 1 and 2), through
:mod:`ntm_desktop.targets` and :mod:`ntm_desktop.funding`. A commune is named by ``--code N`` or
``--district D --commune C``; a refusal exits 3 and changes nothing (under ``--json`` ``ntm`` also
prints ``{"error", "details"}`` on stdout, as for every command)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ntm_desktop import funding, targets, units
from ntm_desktop.cli.common import Parser, emit, open_db
from ntm_desktop.errors import UsageError
from ntm_desktop.funding import workbook as funding_workbook
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.targets import workbook as targets_workbook


def _year(raw: str, option: str = "--year") -> int:
    try:
        return int(raw)
    except ValueError:
        raise UsageError("cli.usage", details=[f"{option} Y"], message=f"{option} {raw}") from None


def _unit(store: Store, args: argparse.Namespace, year: int) -> units.Unit | None:
    """The unit ``--code``, ``--district``/``--commune`` or ``--district`` names (None: the province)."""
    on = f"{year}-12-31"
    if getattr(args, "code", None) and getattr(args, "commune", None):
        raise UsageError("plan.names")
    if getattr(args, "code", None):
        return units.resolve_code(store, args.code, on)
    if getattr(args, "commune", None):
        return units.resolve_commune(store, args.commune, args.district, on=on)
    if args.district:
        return units.resolve_district(store, args.district)
    return None


# -- targets ---------------------------------------------------------------------------------------


def cmd_targets_set(args: argparse.Namespace) -> int:
    year = _year(args.year)
    commune_target = bool(args.code or args.commune)
    if not commune_target and (args.criterion is None or (args.communes is None and not args.remove)):
        raise UsageError("plan.targets_usage")
    store = open_db(args)
    try:
        unit = _unit(store, args, year)
        if commune_target:
            assert unit is not None
            done = targets.set_commune(store, unit, args.kind or "ntm", year, args.criterion,
                                       decision=args.decision, note=args.note, remove=args.remove)
        else:
            done = targets.set_counts(store, [targets.Count(year, args.criterion, None if args.remove
                                                            else args.communes, unit, args.decision, args.note)])
        rows = targets.listing(store, year)
    finally:
        store.close()
    if args.json:
        emit({"changed": done.written, "targets": rows})
    else:
        print(t("plan.targets_done", n=done.written))
    return 0


def cmd_targets_list(args: argparse.Namespace) -> int:
    year = _year(args.year) if args.year else None
    store = open_db(args)
    try:
        rows = targets.listing(store, year)
    finally:
        store.close()
    if args.json:
        emit(rows)
        return 0
    if not rows:
        print(t("plan.no_targets"))
    for r in rows:
        where = r["commune"] or r["district"] or t("target.province")
        what = (t("target.show_count", year=r["year"], criterion=r["criterion"], communes=r["communes"])
                if r["kind"] == "communes" else
                t("target.show_criterion", year=r["year"], criterion=r["criterion"]) if r["kind"] == "criterion"
                else t("target.show_kind", year=r["year"], kind=t(f"target.kind.{r['kind']}")))
        print(f"{where}\t{what}\t{r['decision'] or ''}")
    return 0


def cmd_targets_import(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        result = targets_workbook.import_file(store, Path(args.file), dry_run=args.dry_run)
    finally:
        store.close()
    if args.json:
        emit(result)
    else:
        print(t("plan.imported_targets", **result))
    return 0


def cmd_targets_template(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        out = targets_workbook.write(store, Path(args.out))
    finally:
        store.close()
    print(t("plan.written", path=out))
    return 0


# -- funding ---------------------------------------------------------------------------------------


def cmd_funding_add(args: argparse.Namespace) -> int:
    year = _year(args.year)
    store = open_db(args)
    try:
        unit = _unit(store, args, year)
        item = funding.entry(store, year=year, source=args.source, amount=args.amount, kind=args.kind,
                             level=args.level, unit=unit, note=args.note)
        funding.add(store, item)
    finally:
        store.close()
    shown = {"year": item.year, "unit": item.unit.name if item.unit else None, "source": item.source,
             "level": item.level, "kind": item.kind, "amount": item.amount, "note": item.note}
    if args.json:
        emit(shown)
    else:
        print(t("plan.funding_added", year=item.year, source=t(f"fund.source.{item.source}"),
                amount=funding.billions(item.amount or 0, vi=False)))
    return 0


def cmd_funding_summary(args: argparse.Namespace) -> int:
    y1, y2 = _year(args.from_year, "--from"), _year(args.to_year, "--to")
    store = open_db(args)
    try:
        unit = _unit(store, args, y2)
        result = funding.summary(store, y1, y2, unit, kind=args.kind)
    finally:
        store.close()
    if args.json:
        emit(result)
        return 0
    words = funding.sentence(result, vi=False)
    print(words[:1].upper() + words[1:] + "." if result["total"] else t("plan.no_funding"))
    if result["counterpart"]["words"]:
        print(result["counterpart"]["words"])
    return 0


def cmd_funding_list(args: argparse.Namespace) -> int:
    y1 = _year(args.year) if args.year else funding.service.FIRST_YEAR
    y2 = _year(args.year) if args.year else funding.service.LAST_YEAR
    store = open_db(args)
    try:
        unit = _unit(store, args, y2) if (args.district or args.code or args.commune) else None
        rows = funding.entries(store, y1, y2, unit)
    finally:
        store.close()
    shown = [{"year": r["year"], "unit": r["unit"], "source": r["source"], "level": r["level"], "kind": r["kind"],
              "amount": r["amount"], "note": r["note"]} for r in rows]
    if args.json:
        emit(shown)
        return 0
    if not rows:
        print(t("plan.no_funding"))
    for r in rows:
        print(funding.records.show(r, None))
    return 0


def cmd_funding_import(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        result = funding_workbook.import_file(store, Path(args.file), dry_run=args.dry_run)
    finally:
        store.close()
    if args.json:
        emit(result)
    else:
        print(t("plan.imported_funding", **result))
    return 0


def cmd_funding_template(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        out = funding_workbook.write(store, Path(args.out))
    finally:
        store.close()
    print(t("plan.written", path=out))
    return 0


def _who(q: argparse.ArgumentParser) -> None:
    q.add_argument("--district", metavar="D", help="help.plan.district")
    q.add_argument("--commune", metavar="C", help="help.plan.commune")
    q.add_argument("--code", metavar="N", help="help.code")


def _file_commands(sub: Any, cmd_import: Callable[..., int], cmd_template: Callable[..., int], what: str) -> None:
    q = sub.add_parser("import", help=f"help.{what}.import")
    q.add_argument("file", metavar="FILE.xlsx")
    q.add_argument("--dry-run", action="store_true", help="help.plan.dry_run")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_import)
    q = sub.add_parser("template", help=f"help.{what}.template")
    q.add_argument("--out", required=True, metavar="FILE.xlsx")
    q.set_defaults(func=cmd_template)


def add_commands(sub: Any) -> None:
    """``ntm targets set|list|import|template`` and ``ntm funding add|summary|list|import|template``."""
    p = sub.add_parser("targets", help="help.targets")
    tsub = p.add_subparsers(dest="targets_command", required=True, parser_class=Parser)
    q = tsub.add_parser("set", help="help.targets.set")
    q.add_argument("--year", required=True, metavar="Y")
    q.add_argument("--criterion", type=int, metavar="N")
    q.add_argument("--communes", type=int, metavar="K", help="help.targets.communes")
    _who(q)
    q.add_argument("--kind", choices=targets.COMMUNE_KINDS, help="help.targets.kind")
    q.add_argument("--decision", metavar="TEXT", help="help.targets.decision")
    q.add_argument("--note")
    q.add_argument("--remove", action="store_true", help="help.targets.remove")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_targets_set)
    q = tsub.add_parser("list", help="help.targets.list")
    q.add_argument("--year", metavar="Y")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_targets_list)
    _file_commands(tsub, cmd_targets_import, cmd_targets_template, "targets")

    p = sub.add_parser("funding", help="help.funding")
    fsub = p.add_subparsers(dest="funding_command", required=True, parser_class=Parser)
    q = fsub.add_parser("add", help="help.funding.add")
    q.add_argument("--year", required=True, metavar="Y")
    q.add_argument("--source", required=True, metavar="S", help="help.funding.source")
    q.add_argument("--amount", required=True, metavar="MILLION_VND")
    q.add_argument("--kind", default="disbursed", choices=funding.KINDS)
    q.add_argument("--level", metavar="L", help="help.funding.level")
    _who(q)
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_funding_add)
    q = fsub.add_parser("summary", help="help.funding.summary")
    q.add_argument("--from", dest="from_year", required=True, metavar="Y1")
    q.add_argument("--to", dest="to_year", required=True, metavar="Y2")
    q.add_argument("--kind", default="disbursed", choices=funding.KINDS)
    _who(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_funding_summary)
    q = fsub.add_parser("list", help="help.funding.list")
    q.add_argument("--year", metavar="Y")
    _who(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_funding_list)
    _file_commands(fsub, cmd_funding_import, cmd_funding_template, "funding")
