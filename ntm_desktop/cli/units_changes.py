"""``ntm units rename|merge|split|end|programme`` (issue 16 part 6, CONTRACT §5):
units a user changes, each with its day and decision, one logged batch through
:mod:`ntm_desktop.units.changes`; a refusal (exit 3) changes nothing."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from ntm_desktop import units
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.cli.eras import parse_date
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.units.changes import day_before


def _named(store: Store, args: argparse.Namespace, on: str | None) -> list[units.Unit]:
    """The units named by ``--code`` (repeatable) or ``--district D --commune C`` (repeatable),
    each as it stood on the day ``on``."""
    codes = args.code or []
    communes = args.commune or []
    if not codes and not communes:
        raise UsageError("cli.set_names")
    found = [units.resolve_code(store, code, on) for code in codes]
    found += [units.resolve_commune(store, name, args.district, on=on) for name in communes]
    return found


def _one(store: Store, args: argparse.Namespace, on: str | None) -> units.Unit:
    found = _named(store, args, on)
    if len(found) != 1:
        raise UsageError("cli.set_names")
    return found[0]


def _report(args: argparse.Namespace, kind: str, on: str, change: units.Change) -> int:
    made = [{"code": u.code, "name": u.name} for u in change.units]
    if args.json:
        emit({"kind": kind, "date": on, "decision": getattr(args, "decision", None), "units": made,
              "batch": change.batch.id})
    else:
        shown = ", ".join(f"{u['code'] or ''} {u['name']}".strip() for u in made)
        print(t("cli.unit_changed", kind=kind, date=on, units=shown))
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    store = open_db(args)
    try:
        change = units.rename(store, _one(store, args, on), args.name, on=on, decision=args.decision)
    finally:
        store.close()
    return _report(args, "renamed", on, change)


def cmd_merge(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    if bool(args.into_code) == bool(args.name):
        raise UsageError("cli.usage", details=["--into-code N | --name NEW"], message="--into-code / --name")
    store = open_db(args)
    try:
        sources = _named(store, args, day_before(on))
        into = units.resolve_code(store, args.into_code, on) if args.into_code else None
        change = units.merge(store, sources, on=on, decision=args.decision, into=into, name=args.name,
                             code=args.new_code, kind=args.kind)
    finally:
        store.close()
    return _report(args, "merged", on, change)


def _part(value: str) -> tuple[str, str | None]:
    name, _, code = value.partition("=")
    return name, code or None


def cmd_split(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    store = open_db(args)
    try:
        unit = _one(store, args, day_before(on))
        change = units.split(store, unit, [_part(p) for p in args.part], on=on, decision=args.decision,
                             kind=args.kind)
    finally:
        store.close()
    return _report(args, "split", on, change)


def cmd_end(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    store = open_db(args)
    try:
        change = units.end_unit(store, _one(store, args, day_before(on)), on=on, decision=args.decision)
    finally:
        store.close()
    return _report(args, "ended", on, change)


def cmd_programme(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        unit = _one(store, args, parse_date(args.as_of) if args.as_of else datetime.date.today().isoformat())
        units.set_programme(store, unit, args.included)
        included = units.in_programme(store, unit)
    finally:
        store.close()
    if args.json:
        emit({"code": unit.code, "name": unit.name, "kind": unit.kind, "programme": included})
    else:
        print(t("cli.unit_programme", name=unit.name, state=t("cli.programme_in" if included else "cli.programme_out")))
    return 0


def _who(q: argparse.ArgumentParser, many: bool = False) -> None:
    repeatable = "_many" if many else ""
    q.add_argument("--code", action="append", metavar="N", help=f"help.units.code{repeatable}")
    q.add_argument("--district", metavar="D")
    q.add_argument("--commune", action="append", metavar="C", help=f"help.with_district{repeatable}")
    q.add_argument("--decision", metavar="TEXT", help="help.units.decision")
    q.add_argument("--json", action="store_true")


def add_commands(usub: Any) -> None:
    """The commands under ``ntm units``."""
    q = usub.add_parser("rename", help="help.units.rename")
    _who(q)
    q.add_argument("--name", required=True, metavar="NEW")
    q.add_argument("--on", required=True, metavar="DATE")
    q.set_defaults(func=cmd_rename)
    q = usub.add_parser("merge", help="help.units.merge")
    _who(q, many=True)
    q.add_argument("--into-code", metavar="N")
    q.add_argument("--name", metavar="NEW")
    q.add_argument("--new-code", metavar="N")
    q.add_argument("--kind", choices=("xã", "phường", "thị trấn", "đặc khu"))
    q.add_argument("--on", required=True, metavar="DATE", help="help.units.merge.on")
    q.set_defaults(func=cmd_merge)
    q = usub.add_parser("split", help="help.units.split")
    _who(q)
    q.add_argument("--part", action="append", required=True, metavar="NAME[=CODE]")
    q.add_argument("--kind", choices=("xã", "phường", "thị trấn", "đặc khu"))
    q.add_argument("--on", required=True, metavar="DATE", help="help.units.split.on")
    q.set_defaults(func=cmd_split)
    q = usub.add_parser("end", help="help.units.end")
    _who(q)
    q.add_argument("--on", required=True, metavar="DATE")
    q.set_defaults(func=cmd_end)
    q = usub.add_parser("programme", help="help.units.programme")
    _who(q)
    group = q.add_mutually_exclusive_group(required=True)
    group.add_argument("--in", dest="included", action="store_true")
    group.add_argument("--out", dest="included", action="store_false")
    q.add_argument("--as-of", metavar="DATE", help="help.units.programme.as_of")
    q.set_defaults(func=cmd_programme)
