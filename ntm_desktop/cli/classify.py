"""``ntm units classify`` (CONTRACT §1, issue 17 part 3): a commune's group or region, dated; and
``ntm units classes``, the facts recorded. One logged batch through
:func:`ntm_desktop.assessments.classify`, which recomputes the commune's statuses; a refusal
(exit 3) changes nothing."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from ntm_desktop import assessments, units
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.cli.eras import parse_date
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.units import classes


def _commune(store: Store, args: argparse.Namespace, on: str) -> units.Unit:
    """The commune named by ``--code`` or ``--district D --commune C``, as it stood on ``on``."""
    if bool(args.code) == bool(args.commune):
        raise UsageError("cli.set_names")
    if args.code:
        return units.resolve_code(store, args.code, on)
    return units.resolve_commune(store, args.commune, args.district, on=on)


def _what(kind: str, value: str) -> str:
    if kind == "group":
        return t("class.column.group", value=value)
    return t("class.column.region", name=t(f"class.region.{value}") if value in classes.REGIONS else value)


def _row(store: Store, fact: classes.Fact, parents: dict[int, str]) -> dict[str, Any]:
    unit = units.get(store, fact.unit_id)
    return {"district": parents.get(unit.parent_id or 0), "commune": unit.name, "code": unit.code,
            "kind": fact.kind, "value": fact.value, "from": fact.valid_from, "to": fact.valid_to,
            "decision": fact.decision, "note": fact.note}


def cmd_classify(args: argparse.Namespace) -> int:
    on = parse_date(args.valid_from)
    kind, raw = ("group", args.group) if args.group else ("region", args.region)
    store = open_db(args)
    try:
        commune = _commune(store, args, on)
        value = classes.normal_value(kind, raw)
        batch = assessments.classify(store, [commune], kind, value, on, decision=args.decision, note=args.note)
    finally:
        store.close()
    if args.json:
        emit({"code": commune.code, "commune": commune.name, "kind": kind, "value": value, "from": on,
              "decision": args.decision, "changed": batch is not None, "batch": batch.id if batch else None})
    else:
        key = "cli.classified" if batch is not None else "cli.class_unchanged"
        print(t(key, name=commune.name, what=_what(kind, value), date=on))
    return 0


def cmd_classes(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        on = parse_date(args.as_of) if args.as_of else datetime.date.today().isoformat()
        wanted = [_commune(store, args, on)] if (args.code or args.commune) else None
        facts = classes.all_facts(store, [u.id for u in wanted] if wanted else None)
        if args.as_of:
            facts = [f for f in facts if f.holds_on(on)]
        parents = {u.id: u.name for u in units.all_of_level(store, "district")}
        rows = [_row(store, f, parents) for f in facts]
    finally:
        store.close()
    if args.json:
        emit(rows)
    elif not rows:
        print(t("cli.classes_none"))
    else:
        for r in rows:
            place = f"{r['commune']} ({r['district']})" if r["district"] else r["commune"]
            span = f"{r['from']} → {r['to'] or '…'}"
            print("\t".join([place, r["code"] or "", _what(r["kind"], r["value"]), span, r["decision"] or ""]))
    return 0


def add_commands(usub: Any) -> None:
    """``ntm units classify`` and ``ntm units classes``, added to ``ntm units``."""
    q = usub.add_parser("classify", help="help.classify")
    q.add_argument("--code", metavar="N", help="help.classify.code")
    q.add_argument("--district", metavar="D")
    q.add_argument("--commune", metavar="C", help="help.with_district")
    what = q.add_mutually_exclusive_group(required=True)
    what.add_argument("--group", choices=classes.GROUPS)
    what.add_argument("--region", metavar="R", help=" | ".join(classes.REGIONS))
    q.add_argument("--from", dest="valid_from", required=True, metavar="DATE", help="help.classify.from")
    q.add_argument("--decision", metavar="TEXT", help="help.classify.decision")
    q.add_argument("--note", metavar="TEXT")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_classify)
    q = usub.add_parser("classes", help="help.classes")
    q.add_argument("--code", metavar="N")
    q.add_argument("--district", metavar="D")
    q.add_argument("--commune", metavar="C")
    q.add_argument("--as-of", metavar="DATE", help="help.classes.as_of")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_classes)
