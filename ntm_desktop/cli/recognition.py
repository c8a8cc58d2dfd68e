"""``ntm recognition add|revoke|list`` (issue 17 part 6): a commune's recognitions (đạt chuẩn
NTM, nâng cao, kiểu mẫu, hiện đại) and their revocations, through :mod:`ntm_desktop.recognition`.
A commune is named by ``--code N`` or ``--district D --commune C`` (CONTRACT §1); a refusal
exits 3 and changes nothing."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from ntm_desktop import recognition, units
from ntm_desktop.cli.common import Parser, emit, open_db
from ntm_desktop.cli.eras import parse_date
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store


def _commune(store: Store, args: argparse.Namespace, on: str) -> units.Unit:
    """The commune ``--code`` or ``--district``/``--commune`` names, as it stood on the day ``on``."""
    if args.code and args.commune:
        raise UsageError("recog.names")
    if args.code:
        return units.resolve_code(store, args.code, on)
    if args.commune:
        return units.resolve_commune(store, args.commune, args.district, on=on)
    raise UsageError("recog.names")


def _shown(unit: units.Unit, state: dict[str, Any]) -> dict[str, Any]:
    return {"code": unit.code, "commune": unit.name, "kind": state["kind"], "year": state["year"],
            "decision": state["decision"], "date": state["decided_on"], "issuer": state["issuer"],
            "revoked_decision": state["revoked_decision"], "revoked_on": state["revoked_on"], "note": state["note"]}


def cmd_add(args: argparse.Namespace) -> int:
    on = parse_date(args.date)
    year = None
    if args.year is not None:
        try:
            year = int(args.year)
        except ValueError:
            raise UsageError("cli.usage", details=["--year Y"], message=f"--year {args.year}") from None
    store = open_db(args)
    try:
        unit = _commune(store, args, on)
        done = recognition.add(store, unit, args.kind, decision=args.decision, decided_on=on, year=year,
                               issuer=args.issuer, note=args.note)
    finally:
        store.close()
    if args.json:
        emit(_shown(unit, done.state))
    else:
        print(t("recog.added", name=unit.name, kind=recognition.label(args.kind), decision=done.state["decision"],
                date=recognition.dmy(on)))
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    on = parse_date(args.date)
    store = open_db(args)
    try:
        unit = _commune(store, args, on)
        done = recognition.revoke(store, unit, args.kind, decision=args.decision, revoked_on=on, of=args.of,
                                  note=args.note)
    finally:
        store.close()
    if args.json:
        emit(_shown(unit, done.state))
    else:
        print(t("recog.revoked", name=unit.name, kind=recognition.label(args.kind), of=done.state["decision"],
                decision=done.state["revoked_decision"], date=recognition.dmy(on)))
    return 0


def _text_line(row: dict[str, Any]) -> str:
    place = " – ".join(p for p in (row["district"] or row["province"], row["commune"]) if p)
    revoked = ""
    if row["revoked_on"]:
        revoked = f"\t{t('recog.revoked_mark')} {row['revoked_decision']} {recognition.dmy(row['revoked_on'])}"
    former = f" ({t('recog.former')})" if row["former"] else ""
    return (f"{row['code'] or ''}\t{place}{former}\t{recognition.short(row['kind'])} {row['year']}\t"
            f"{row['decision']} {recognition.dmy(row['date'])}{revoked}")


def cmd_list(args: argparse.Namespace) -> int:
    on = parse_date(args.as_of) if args.as_of else datetime.date.today().isoformat()
    store = open_db(args)
    try:
        unit = _commune(store, args, on) if (args.code or args.commune) else None
        rows = recognition.listing(store, on, unit, as_of=bool(args.as_of))
    finally:
        store.close()
    if args.json:
        emit(rows)
        return 0
    if not rows:
        print(t("recog.none"))
    for row in rows:
        print(_text_line(row))
    return 0


def _who(q: argparse.ArgumentParser) -> None:
    q.add_argument("--code", metavar="N", help="help.code")
    q.add_argument("--district", metavar="D")
    q.add_argument("--commune", metavar="C", help="help.commune_unique")


def add_commands(sub: Any) -> None:
    """``ntm recognition add|revoke|list``."""
    p = sub.add_parser("recognition", help="help.recognition")
    rsub = p.add_subparsers(dest="recognition_command", required=True, parser_class=Parser)
    q = rsub.add_parser("add", help="help.recognition.add")
    _who(q)
    q.add_argument("--kind", required=True, choices=recognition.KINDS)
    q.add_argument("--year", metavar="Y", help="help.recognition.year")
    q.add_argument("--decision", required=True, metavar="TEXT", help="help.decision_number")
    q.add_argument("--date", required=True, metavar="DATE", help="help.decision_date")
    q.add_argument("--issuer", metavar="TEXT", help="help.recognition.issuer")
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_add)
    q = rsub.add_parser("revoke", help="help.recognition.revoke")
    _who(q)
    q.add_argument("--kind", required=True, choices=recognition.KINDS)
    q.add_argument("--decision", required=True, metavar="TEXT", help="help.recognition.revoke.decision")
    q.add_argument("--date", required=True, metavar="DATE", help="help.recognition.revoke.date")
    q.add_argument("--of", metavar="TEXT", help="help.recognition.revoke.of")
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_revoke)
    q = rsub.add_parser("list", help="help.recognition.list")
    _who(q)
    q.add_argument("--as-of", metavar="DATE", help="help.recognition.list.as_of")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
