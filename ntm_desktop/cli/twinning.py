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
    p.add_argument("--decision", help="decision number, e.g. 123/QĐ-UBND")
    p.add_argument("--decision-date", help="date of the decision (YYYY-MM-DD)")
    p.add_argument("--signer", help="who signed the decision")


def _place_args(p: argparse.ArgumentParser, prefix: str = "") -> None:
    p.add_argument(f"--{prefix}district", help="district (needed when the commune name exists in several)")
    p.add_argument(f"--{prefix}commune", required=True)
    p.add_argument(f"--{prefix}village", help="village (thôn) of the commune, for a village twinning")


def _run(args: argparse.Namespace) -> int:
    # the twinning core would cost every other command 10 ms at start
    # (ntm --help 112 → 102 ms, median of 31 runs alternated with the core imported at the top)
    from ntm_desktop.cli import twinning_handlers

    return twinning_handlers.HANDLERS[args.twinning_handler](args)


def _handled_by(p: argparse.ArgumentParser, name: str) -> None:
    p.set_defaults(func=_run, twinning_handler=name)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``ntm twinning …`` to the ``ntm`` parser."""
    p = sub.add_parser("twinning", help="twinning (kết nghĩa): agencies, assignments, contributions")
    tsub = p.add_subparsers(dest="twinning_command", required=True, parser_class=Parser)

    q = tsub.add_parser("assign", help="start a twinning; an agency named for the first time is created")
    q.add_argument("--agency", required=True)
    _place_args(q)
    q.add_argument("--from", dest="start", required=True, help="first day (YYYY-MM-DD)")
    q.add_argument("--to", dest="end", help="for a past twinning: the day it stopped (YYYY-MM-DD)")
    _decision_args(q)
    q.add_argument("--level", choices=("province", "district"),
                   help="level of a new agency (default: province; district for a village)")
    q.add_argument("--kind", help="kind of a new agency (default: guessed from the name)")
    q.add_argument("--contact", help="contact person of a new agency")
    q.add_argument("--phone", help="phone number of a new agency")
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")
    _handled_by(q, "assign")

    q = tsub.add_parser("end", help="end a twinning (a reassignment is an end plus an assign)")
    q.add_argument("--agency", required=True)
    _place_args(q)
    q.add_argument("--on", required=True, help="the day it stops (no longer active from that day)")
    _decision_args(q)
    q.add_argument("--json", action="store_true")
    _handled_by(q, "end")

    q = tsub.add_parser("reassign", help="move an agency to another commune: one action, one decision")
    q.add_argument("--agency", required=True)
    _place_args(q)
    q.add_argument("--to-district")
    q.add_argument("--to-commune", required=True)
    q.add_argument("--to-village")
    q.add_argument("--on", required=True, help="the day the new twinning starts and the old one stops")
    _decision_args(q)
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")
    _handled_by(q, "reassign")

    q = tsub.add_parser("list", help="twinnings: active on a day (--as-of) or the whole history")
    q.add_argument("--as-of", help="YYYY-MM-DD")
    q.add_argument("--district")
    q.add_argument("--commune")
    q.add_argument("--agency")
    q.add_argument("--level", choices=("province", "district"))
    q.add_argument("--json", action="store_true")
    _handled_by(q, "list")

    q = tsub.add_parser("changes", help="reassignments and new assignments in a period")
    q.add_argument("--from", dest="start", required=True)
    q.add_argument("--to", dest="end", required=True)
    q.add_argument("--ended", action="store_true", help="also twinnings that ended without a successor")
    q.add_argument("--level", choices=("province", "district"))
    q.add_argument("--json", action="store_true")
    _handled_by(q, "changes")

    q = tsub.add_parser("agencies", help="twinned agencies")
    asub = q.add_subparsers(dest="agencies_command", required=True, parser_class=Parser)
    r = asub.add_parser("list")
    r.add_argument("--level", choices=("province", "district"))
    r.add_argument("--district", help="province agencies and this district's own")
    r.add_argument("--find", help="words of the name, accents optional")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "agencies list")
    r = asub.add_parser("add")
    r.add_argument("--name", required=True)
    r.add_argument("--level", choices=("province", "district"))
    r.add_argument("--district", help="for a district agency: its district")
    r.add_argument("--kind")
    r.add_argument("--contact")
    r.add_argument("--phone")
    r.add_argument("--note")
    _handled_by(r, "agencies add")
    r = asub.add_parser("edit")
    r.add_argument("--agency", required=True)
    r.add_argument("--level", choices=("province", "district"), help="to tell agencies of the same name apart")
    r.add_argument("--name", help="new name")
    r.add_argument("--kind")
    r.add_argument("--contact")
    r.add_argument("--phone")
    r.add_argument("--note")
    _handled_by(r, "agencies edit")

    q = tsub.add_parser("contributions", help="contributions of twinned agencies")
    csub = q.add_subparsers(dest="contributions_command", required=True, parser_class=Parser)
    r = csub.add_parser("add")
    r.add_argument("--agency", required=True)
    _place_args(r)
    r.add_argument("--date", required=True)
    r.add_argument("--kind", required=True, help="see: ntm twinning contributions kinds")
    r.add_argument("--quantity", help="in the kind's unit (lượt, căn, suất …)")
    r.add_argument("--amount", help="money value in đồng (e.g. 15.000.000)")
    r.add_argument("--source")
    r.add_argument("--note")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "contributions add")
    r = csub.add_parser("list")
    r.add_argument("--year")
    r.add_argument("--agency")
    r.add_argument("--district")
    r.add_argument("--commune")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "contributions list")
    r = csub.add_parser("kinds")
    r.add_argument("--json", action="store_true")
    _handled_by(r, "contributions kinds")

    q = tsub.add_parser("totals", help="contribution totals, as tables 1a, 1b and 1c")
    q.add_argument("--year")
    q.add_argument("--by", choices=("agency", "commune", "district"), default="agency")
    q.add_argument("--json", action="store_true")
    _handled_by(q, "totals")
