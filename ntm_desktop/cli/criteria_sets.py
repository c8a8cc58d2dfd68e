"""``ntm criteria list|import|export|versions|publish`` (CONTRACT §1, §7): criteria sets, as data
and as the decisions' appendix workbooks, and their versions (docs/criteria-format.md "Versions")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ntm_desktop import criteria
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.criteria import set_versions
from ntm_desktop.i18n import t


def cmd_criteria_list(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        chosen = [args.set] if args.set else criteria.codes(store)
        sets = [criteria.get_set(store, code) for code in chosen]
        states = set_versions.states(store)
    finally:
        store.close()
    if args.json:
        emit([{**criteria.as_json(cs), "version": cs.version,
               "published": states.get(cs.code, (cs.version, True))[1]} for cs in sets])
        return 0
    for cs in sets:
        draft = "" if states.get(cs.code, (cs.version, True))[1] else t("cv.list_draft")
        shown = t("cv.list_version", version=cs.version, draft=draft)
        print(f"{cs.code}\t{cs.valid_from}-{cs.valid_to}\t{cs.name}\t{shown}")
        for crit in cs.criteria:
            print(f"  {crit.number:>2}. {crit.name} ({len(crit.indicators)})")
    return 0


def cmd_criteria_import(args: argparse.Namespace) -> int:
    # ~90 ms of openpyxl and the workbook reader (python -X importtime), only for this command
    from ntm_desktop.criteria import workbook

    store = open_db(args)
    try:
        preview = workbook.preview_import(store, Path(args.file), code=args.code, name=args.name,
                                          from_date=args.from_date, to_date=args.to_date, source=args.source)
        report: dict[str, Any] = preview.as_json()
        if args.dry_run:
            report["dry_run"] = True
        else:
            report["changed"] = workbook.apply(store, preview)
    finally:
        store.close()
    if args.json:
        emit(report)
        return 0
    print("\n".join(preview.summary_lines()))
    if args.dry_run:
        print(t("cwb.dry_run"))
    elif report["changed"]:
        print(t("cwb.imported", code=preview.set.code, criteria=report["criteria"], indicators=report["indicators"]))
    else:
        print(t("cwb.unchanged", code=preview.set.code))
    return 0


def cmd_criteria_export(args: argparse.Namespace) -> int:
    # ~90 ms of openpyxl and the workbook writer (python -X importtime), only for this command
    from ntm_desktop.criteria import workbook

    store = open_db(args)
    try:
        out = workbook.export_set(store, args.set, Path(args.out))
    finally:
        store.close()
    if getattr(args, "json", False):
        emit({"set": args.set, "out": str(out)})
    else:
        print(t("cwb.exported", code=args.set, path=out))
    return 0


def cmd_criteria_versions(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        found = criteria.versions(store, args.set)
    finally:
        store.close()
    if args.json:
        emit({"set": found[0].code if found else args.set, "versions": [v.as_json() for v in found]})
        return 0
    print(args.set)
    for v in found:
        print(v.line())
    return 0


def cmd_criteria_publish(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        number = criteria.publish(store, args.set)
    finally:
        store.close()
    if args.json:
        emit({"set": args.set, "version": number, "published": True})
    else:
        print(t("cv.published", code=args.set, version=number))
    return 0


def add_commands(csub: Any) -> None:
    """The ``criteria`` sub-commands this module serves, added to ``ntm criteria``."""
    q = csub.add_parser("list", help="help.criteria.list")
    q.add_argument("--set")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_criteria_list)
    q = csub.add_parser("import", help="help.criteria.import")
    q.add_argument("file")
    q.add_argument("--code", required=True)
    q.add_argument("--name", required=True)
    q.add_argument("--from", dest="from_date", required=True, help="help.date_format")
    q.add_argument("--to", dest="to_date", help="help.criteria.import.to")
    q.add_argument("--source", help="help.criteria.import.source")
    q.add_argument("--dry-run", action="store_true")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_criteria_import)
    q = csub.add_parser("export", help="help.criteria.export")
    q.add_argument("--set", required=True)
    q.add_argument("--out", required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_criteria_export)
    q = csub.add_parser("versions", help="help.criteria.versions")
    q.add_argument("--set", required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_criteria_versions)
    q = csub.add_parser("publish", help="help.criteria.publish")
    q.add_argument("--set", required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_criteria_publish)
