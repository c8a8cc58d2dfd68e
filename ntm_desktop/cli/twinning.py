"""``ntm twinning …``: twinning (kết nghĩa) from the command line (CONTRACT §1; docs/twinning.md).

CONTRACT §1 fixes ``assign``, ``end`` and ``list``; beside them: ``reassign`` (one action,
one decision), ``changes`` (reassignments in a period), ``agencies list/add/edit``,
``contributions add/list/kinds`` and ``totals`` (tables 1a, 1b, 1c).

This module only declares the commands (argparse); their handlers, which load the twinning
core, are in cli/twinning_handlers.py, imported when a twinning command runs.
"""

from __future__ import annotations

import argparse

from ntm_desktop.cli.common import Parser


def _decision_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--decision", help="help.decision_number")
    p.add_argument("--decision-date", help="help.decision_date")
    p.add_argument("--signer", help="help.twinning.signer")


def _place_args(p: argparse.ArgumentParser, prefix: str = "") -> None:
    p.add_argument(f"--{prefix}district", help="help.twinning.district")
    p.add_argument(f"--{prefix}commune", required=True)
    p.add_argument(f"--{prefix}village", help="help.twinning.village")


def _run(args: argparse.Namespace) -> int:
    # the twinning core would cost every other command 10 ms at start
    # (ntm --help 112 → 102 ms, median of 31 runs alternated with the core imported at the top)
    from ntm_desktop.cli import twinning_handlers

    return twinning_handlers.HANDLERS[args.twinning_handler](args)


def _handled_by(p: argparse.ArgumentParser, name: str) -> None:
    p.set_defaults(func=_run, twinning_handler=name)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``ntm twinning …`` to the ``ntm`` parser."""
    p = sub.add_parser("twinning", help="help.twinning")
    tsub = p.add_subparsers(dest="twinning_command", required=True, parser_class=Parser)

    q = tsub.add_parser("assign", help="help.twinning.assign")
    q.add_argument("--agency", required=True)
    _place_args(q)
    q.add_argument("--from", dest="start", required=True, help="help.twinning.assign.from")
    q.add_argument("--to", dest="end", help="help.twinning.assign.to")
    _decision_args(q)
    q.add_argument("--level", choices=("province", "district"),
                   help="help.twinning.assign.level")
    q.add_argument("--kind", help="help.twinning.assign.kind")
    q.add_argument("--contact", help="help.twinning.assign.contact")
    q.add_argument("--phone", help="help.twinning.assign.phone")
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")
    _handled_by(q, "assign")

    q = tsub.add_parser("end", help="help.twinning.end")
    q.add_argument("--agency", required=True)
    _place_args(q)
    q.add_argument("--on", required=True, help="help.twinning.end.on")
    _decision_args(q)
    q.add_argument("--json", action="store_true")
    _handled_by(q, "end")

    q = tsub.add_parser("reassign", help="help.twinning.reassign")
    q.add_argument("--agency", required=True)
    _place_args(q)
    q.add_argument("--to-district")
    q.add_argument("--to-commune", required=True)
    q.add_argument("--to-village")
    q.add_argument("--on", required=True, help="help.twinning.reassign.on")
    _decision_args(q)
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")
    _handled_by(q, "reassign")

    q = tsub.add_parser("list", help="help.twinning.list")
    q.add_argument("--as-of", help="help.date_format")
    q.add_argument("--district")
    q.add_argument("--commune")
    q.add_argument("--agency")
    q.add_argument("--level", choices=("province", "district"))
    q.add_argument("--json", action="store_true")
    _handled_by(q, "list")

    q = tsub.add_parser("changes", help="help.twinning.changes")
    q.add_argument("--from", dest="start", required=True)
    q.add_argument("--to", dest="end", required=True)
    q.add_argument("--ended", action="store_true", help="help.twinning.changes.ended")
    q.add_argument("--level", choices=("province", "district"))
    q.add_argument("--json", action="store_true")
    _handled_by(q, "changes")

    q = tsub.add_parser("agencies", help="help.twinning.agencies")
    asub = q.add_subparsers(dest="agencies_command", required=True, parser_class=Parser)
    r = asub.add_parser("list", help="help.twinning.agencies.list")
    r.add_argument("--level", choices=("province", "district"))
    r.add_argument("--district", help="help.twinning.agencies.district")
    r.add_argument("--find", help="help.twinning.agencies.find")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "agencies list")
    r = asub.add_parser("add", help="help.twinning.agencies.add")
    r.add_argument("--name", required=True)
    r.add_argument("--level", choices=("province", "district"))
    r.add_argument("--district", help="help.twinning.agencies.add_district")
    r.add_argument("--kind")
    r.add_argument("--contact")
    r.add_argument("--phone")
    r.add_argument("--note")
    _handled_by(r, "agencies add")
    r = asub.add_parser("edit", help="help.twinning.agencies.edit")
    r.add_argument("--agency", required=True)
    r.add_argument("--level", choices=("province", "district"), help="help.twinning.agencies.level")
    r.add_argument("--name", help="help.twinning.agencies.name")
    r.add_argument("--kind")
    r.add_argument("--contact")
    r.add_argument("--phone")
    r.add_argument("--note")
    _handled_by(r, "agencies edit")

    q = tsub.add_parser("contributions", help="help.twinning.contributions")
    csub = q.add_subparsers(dest="contributions_command", required=True, parser_class=Parser)
    r = csub.add_parser("add", help="help.twinning.contributions.add")
    r.add_argument("--agency", required=True)
    _place_args(r)
    r.add_argument("--date", required=True)
    r.add_argument("--kind", required=True, help="help.twinning.contributions.kind")
    r.add_argument("--quantity", help="help.twinning.contributions.quantity")
    r.add_argument("--amount", help="help.twinning.contributions.amount")
    r.add_argument("--source")
    r.add_argument("--note")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "contributions add")
    r = csub.add_parser("list", help="help.twinning.contributions.list")
    r.add_argument("--year")
    r.add_argument("--agency")
    r.add_argument("--district")
    r.add_argument("--commune")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "contributions list")
    r = csub.add_parser("kinds", help="help.twinning.contributions.kinds")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "contributions kinds")

    q = tsub.add_parser("totals", help="help.twinning.totals")
    q.add_argument("--year")
    q.add_argument("--by", choices=("agency", "commune", "district"), default="agency")
    q.add_argument("--json", action="store_true")
    _handled_by(q, "totals")
