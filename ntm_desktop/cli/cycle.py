"""``ntm period submit|lock|unlock|list`` (CONTRACT §1, §9; issue 18 part 3): the reporting cycle.

A unit is named by ``--district D`` or ``--code N`` (a commune); neither names the province
(every top unit in force at the period's end). A refusal exits 3 and changes nothing; under
``--json`` :func:`ntm_desktop.cli.main` also prints ``{"error", "details"}`` on stdout."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ntm_desktop import periods, units
from ntm_desktop.assessments import copying
from ntm_desktop.cli.common import Parser, emit, open_db
from ntm_desktop.cycle import service
from ntm_desktop.errors import InputRejected, UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store


def _period(args: argparse.Namespace) -> periods.Period:
    year = periods.parse_year(args.year)
    period = periods.parse(args.period) if args.period else periods.Period(year, "Y")
    if period.year != year:
        raise InputRejected("period.bad", value=args.period)
    return period


def _units(store: Store, args: argparse.Namespace, period: periods.Period) -> list[units.Unit]:
    if args.district and args.code:
        raise UsageError("cycle.names")
    if args.district:
        return [units.resolve_district(store, args.district)]
    if args.code:
        return [units.resolve_code(store, args.code, service.last_day(period))]
    return service.roots(store, period)


def cmd_act(args: argparse.Namespace) -> int:
    period = _period(args)
    store = open_db(args)
    try:
        chosen = _units(store, args, period)
        batch = None
        done = []
        with store.transaction():  # several provinces: one batch, all or nothing
            for unit in chosen:
                outcome = service.act(store, unit, period, args.period_command, reason=args.reason, batch=batch)
                batch = batch or outcome.batch
                done.append(outcome)
    finally:
        store.close()
    if args.json:
        emit([service.as_json(d) for d in done])
        return 0
    for d in done:
        name, label = d.unit.name, period.label()
        if d.batch is None:
            state = t(f"cycle.state.{d.state['state'] if d.state else 'open'}")
            print(t("cycle.unchanged", name=name, period=label, state=state))
        else:
            print(t(f"cycle.done.{args.period_command}", name=name, period=label, reason=args.reason or ""))
        if d.unsent:
            print(t("cycle.unsent", n=d.unsent), file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    year = periods.parse_year(args.year) if args.year else None
    store = open_db(args)
    try:
        rows = service.listing(store, year)
    finally:
        store.close()
    if args.json:
        emit(rows)
        return 0
    if not rows:
        print(t("cycle.none"))
    for r in rows:
        place = " – ".join(p for p in (r["parent"], r["unit"]) if p)
        reason = f"\t{r['reason']}" if r["reason"] else ""
        print(f"{r['period']}\t{place}\t{t('cycle.state.' + r['state'])}\t{r['by'] or ''}\t{r['at']}{reason}")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    """``ntm period copy``: fill a commune's period from the period before, for review."""
    period = _period(args)
    store = open_db(args)
    try:
        if args.code:
            commune = units.resolve_code(store, args.code, service.last_day(period))
        elif args.commune:
            commune = units.resolve_commune(store, args.commune, args.district,
                                            on=None if args.district else service.last_day(period))
        else:
            raise UsageError("cli.set_names")
        done = copying.copy_previous(store, commune, period)
    finally:
        store.close()
    counts = {"source": done.source.code, "values": done.values, "statuses": done.statuses}
    if args.json:
        emit({"commune": commune.name, "code": commune.code, "period": period.code, **counts})
    else:
        print(t("copy.done", **counts))
    return 0


def add_commands(sub: Any) -> None:
    """``ntm period submit|lock|unlock|list|copy``."""
    p = sub.add_parser("period", help="help.period")
    psub = p.add_subparsers(dest="period_command", required=True, parser_class=Parser)
    for action in ("submit", "lock", "unlock"):
        q = psub.add_parser(action, help=f"help.period.{action}")
        q.add_argument("--year", required=True, metavar="Y")
        q.add_argument("--period", metavar="P", help="help.period.period")
        q.add_argument("--district", metavar="D", help="help.period.district")
        q.add_argument("--code", metavar="N", help="help.code")
        q.add_argument("--reason", metavar="T", help="help.period.reason")
        q.add_argument("--json", action="store_true")
        q.set_defaults(func=cmd_act)
    q = psub.add_parser("copy", help="help.period.copy")
    q.add_argument("--year", required=True, metavar="Y")
    q.add_argument("--period", metavar="P", help="help.period.copy.period")
    q.add_argument("--district", metavar="D")
    q.add_argument("--commune", metavar="C")
    q.add_argument("--code", metavar="N", help="help.code")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_copy)
    q = psub.add_parser("list", help="help.period.list")
    q.add_argument("--year", metavar="Y")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
