"""The handlers of ``ntm twinning …`` (docs/twinning.md); cli/twinning.py declares the commands.

They load the twinning core, which the other ``ntm`` commands do without: cli/twinning.py imports
this module only when a twinning command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from ntm_desktop import periods, units, values
from ntm_desktop import twinning as tw
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.twinning import ContributionRow, Decision, Result
from ntm_desktop.units import Unit


def _decision(args: argparse.Namespace) -> Decision | None:
    return Decision.of(args.decision, args.decision_date, args.signer)


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        sys.stderr.write(f"{t('cli.tw_warning')}: {warning}\n")


def _result_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = result.assignment.as_json() if result.assignment else {}
    data["warnings"] = result.warnings
    data["batch"] = result.batch.id if result.batch else None
    if result.previous is not None:
        data["previous"] = result.previous.as_json()
    return data


def _with_store(args: argparse.Namespace, work: Any) -> Any:
    store = open_db(args)
    try:
        return work(store)
    finally:
        store.close()


# -- assign / end / reassign -------------------------------------------------------------------


def cmd_assign(args: argparse.Namespace) -> int:

    def work(store: Store) -> Result:
        commune = units.resolve_commune(store, args.commune, args.district)
        return tw.assign_by_name(
            store, args.agency, commune, tw.parse_date(args.start), village=args.village,
            level=args.level, kind=args.kind, contact=args.contact, phone=args.phone,
            end=tw.parse_date(args.end) if args.end else None,
            decision=_decision(args), note=args.note,
        )

    result = _with_store(args, work)
    a = result.assignment
    _warn(result.warnings)
    if args.json:
        emit(_result_json(result))
    else:
        print(t("cli.tw_assigned", agency=a.agency, place=a.place, start=a.start.isoformat()))
    return 0


def _pair(store: Store, args: argparse.Namespace, prefix: str = "") -> tuple[tw.Agency, Unit]:
    unit = tw.resolve_place(store, getattr(args, f"{prefix}commune"), getattr(args, f"{prefix}district"),
                            getattr(args, f"{prefix}village"))
    return tw.resolve_agency(store, args.agency, unit=unit), unit


def cmd_end(args: argparse.Namespace) -> int:
    def work(store: Store) -> Result:
        day = tw.parse_date(args.on)
        agency, unit = _pair(store, args)
        return tw.end_assignment(store, tw.find_open(store, agency, unit), day, decision=_decision(args))

    result = _with_store(args, work)
    a = result.assignment
    if args.json:
        emit(_result_json(result))
    else:
        print(t("cli.tw_ended", agency=a.agency, place=a.place, end=a.end.isoformat() if a.end else ""))
    return 0


def cmd_reassign(args: argparse.Namespace) -> int:
    def work(store: Store) -> Result:
        day = tw.parse_date(args.on)
        agency, unit = _pair(store, args)
        current = tw.find_open(store, agency, unit)
        target = tw.resolve_place(store, args.to_commune, args.to_district, None)
        if args.to_village:
            return _reassign_to_village(store, current, target, args.to_village, day, args)
        return tw.reassign(store, current, target, day, decision=_decision(args), note=args.note)

    result = _with_store(args, work)
    _warn(result.warnings)
    if args.json:
        emit(_result_json(result))
    else:
        print(t("cli.tw_reassigned", agency=result.assignment.agency, old=result.previous.place,
                new=result.assignment.place, on=result.assignment.start.isoformat()))
    return 0


def _reassign_to_village(store: Store, current: tw.Assignment, commune: Unit, village: str, day: date,
                         args: argparse.Namespace) -> Result:
    return tw.reassign(store, current, tw.resolve_village(store, commune, village), day,
                       decision=_decision(args), note=args.note)


# -- list / changes -------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:

    def work(store: Store) -> list[Any]:
        as_of = tw.parse_date(args.as_of) if args.as_of else None
        commune = units.resolve_commune(store, args.commune, args.district) if args.commune else None
        agency = tw.resolve_agency(store, args.agency, unit=commune) if args.agency else None
        return tw.list_assignments(store, as_of=as_of, district=args.district, agency=agency,
                                   commune=commune, level=args.level)

    found = _with_store(args, work)
    if args.json:
        emit([a.as_json() for a in found])
        return 0
    if not found:
        print(t("cli.tw_none"))
    for a in found:
        print("\t".join([a.start.isoformat(), a.end.isoformat() if a.end else "", a.agency, a.place,
                         a.decision or ""]))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    def work(store: Store) -> list[Any]:
        return tw.reassignments_between(store, tw.parse_date(args.start), tw.parse_date(args.end),
                                        include_ended=args.ended, level=args.level)

    found = _with_store(args, work)
    if args.json:
        emit([r.as_json() for r in found])
        return 0
    for r in found:
        before = r.before.place if r.before else ""
        after = r.after.place if r.after else ""
        print("\t".join([r.on.isoformat(), r.kind, r.agency, before, after, r.decision or ""]))
    return 0


# -- agencies ---------------------------------------------------------------------------------------


def cmd_agencies_list(args: argparse.Namespace) -> int:
    found = _with_store(args, lambda store: tw.list_agencies(store, level=args.level, district=args.district,
                                                             query=args.find))
    if args.json:
        emit([a.as_json() for a in found])
        return 0
    for a in found:
        print("\t".join([a.name, a.level_label(), a.owner, a.kind_label(), a.contact or "", a.phone or ""]))
    return 0


def cmd_agencies_add(args: argparse.Namespace) -> int:

    def work(store: Store) -> Any:
        owner = units.resolve_district(store, args.district) if args.district else None
        level = args.level or ("district" if owner is not None else "province")
        return tw.create_agency(store, args.name, level=level, kind=args.kind, owner=owner,
                                contact=args.contact, phone=args.phone, note=args.note)[0]

    agency = _with_store(args, work)
    print(t("cli.tw_agency_added", name=agency.name, level=agency.level_label(), owner=agency.owner))
    return 0


def cmd_agencies_edit(args: argparse.Namespace) -> int:
    def work(store: Store) -> str:
        agency = tw.resolve_agency(store, args.agency, level=args.level)
        batch = tw.update_agency(store, agency, name=args.name, kind=args.kind, contact=args.contact,
                                 phone=args.phone, note=args.note)
        return tw.get_agency(store, agency.uuid).name if batch else ""

    name = _with_store(args, work)
    print(t("cli.tw_agency_saved", name=name) if name else t("cli.no_change"))
    return 0


# -- contributions -------------------------------------------------------------------------------------


def cmd_contrib_add(args: argparse.Namespace) -> int:
    def work(store: Store) -> Any:
        day = tw.parse_date(args.date)
        kind = tw.contribution_kind(args.kind)
        agency, unit = _pair(store, args)
        try:
            twin = tw.find_assignment(store, agency, unit, day)
        except InputRejected as error:  # none active that day: the pair's latest, with a warning
            if error.key != "twin.no_open":
                raise
            twin = _latest_of_pair(store, agency, unit)
        return tw.add_contribution(store, twin, day, kind.code, quantity=args.quantity, amount=args.amount,
                                   source=args.source, note=args.note), twin

    result, twin = _with_store(args, work)
    _warn(result.warnings)
    if args.json:
        emit({**ContributionRow(result.contribution, twin).as_json(), "warnings": result.warnings,
              "batch": result.batch.id if result.batch else None})
    else:
        c = result.contribution
        info = c.kind_info()
        figure = f"{_num(c.amount)} đồng" if info.money else f"{_num(c.quantity)} {info.unit()}"
        if not info.money and c.amount:
            figure += f" ({_num(c.amount)} đồng)"
        what = f"{twin.agency} – {twin.place}, {c.on.isoformat()}, {info.label()}: {figure}"
        print(t("cli.tw_contrib_added", what=what))
    return 0


def _latest_of_pair(store: Store, agency: tw.Agency, unit: Unit) -> tw.Assignment:
    pair = [a for a in tw.list_assignments(store, agency=agency) if a.unit_id == unit.id]
    return max(pair, key=lambda a: a.start)


def _num(value: float | int | None) -> str:
    return values.format_number(value or 0)


def cmd_contrib_list(args: argparse.Namespace) -> int:

    def work(store: Store) -> list[Any]:
        year = periods.parse_year(args.year) if args.year else None
        commune = units.resolve_commune(store, args.commune, args.district) if args.commune else None
        agency = tw.resolve_agency(store, args.agency, unit=commune) if args.agency else None
        pool = tw.list_assignments(store, district=args.district, agency=agency, commune=commune)
        return tw.list_contributions(store, year=year, assignments=pool)

    rows = _with_store(args, work)
    if args.json:
        emit([r.as_json() for r in rows])
        return 0
    for r in rows:
        c, info = r.contribution, r.contribution.kind_info()
        print("\t".join([c.on.isoformat(), r.assignment.agency, r.assignment.place, info.label(),
                         "" if c.quantity is None else f"{_num(c.quantity)} {info.unit()}",
                         "" if c.amount is None else _num(c.amount), c.source or "", c.note or ""]))
    return 0


def cmd_contrib_kinds(args: argparse.Namespace) -> int:
    if args.json:
        emit([k.as_json() for k in tw.CONTRIBUTION_KINDS])
        return 0
    for k in tw.CONTRIBUTION_KINDS:
        print("\t".join([k.code, k.label(), k.unit()]))
    return 0


def cmd_totals(args: argparse.Namespace) -> int:

    year = periods.parse_year(args.year) if args.year else None
    rows = _with_store(args, lambda store: tw.contribution_totals(store, year, args.by))
    tables: list[dict[str, Any]] = []
    for spec in tw.TABLES:
        mine = [r for r in rows if r.table == spec.code]
        tables.append({
            "code": spec.code, "title": spec.title(), "level": spec.level,
            "columns": [{"kind": k, "label": tw.KIND_BY_CODE[k].label(), "unit": tw.KIND_BY_CODE[k].unit()}
                        for k in spec.kinds],
            "rows": [r.as_json() for r in mine], "total": tw.sum_rows(mine),
        })
    if args.json:
        emit({"year": year, "by": args.by, "tables": tables})
        return 0
    for table in tables:
        print(table["title"])
        header = [c["label"] + f" ({c['unit']})" for c in table["columns"]] + [t("cli.tw_value")]
        print("\t".join(["", *header]))
        for row in table["rows"]:
            cells = [_num(row["columns"][c["kind"]]) for c in table["columns"]] + [_num(row["value"])]
            print("\t".join([row["name"], *cells]))
        total = table["total"]
        cells = [_num(total["columns"].get(c["kind"], 0)) for c in table["columns"]] + [_num(total["value"])]
        print("\t".join([t("cli.tw_total"), *cells]))
        print()
    return 0


# -- by command, as cli/twinning.py names them ------------------------------------------------------------

HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "assign": cmd_assign,
    "end": cmd_end,
    "reassign": cmd_reassign,
    "list": cmd_list,
    "changes": cmd_changes,
    "agencies list": cmd_agencies_list,
    "agencies add": cmd_agencies_add,
    "agencies edit": cmd_agencies_edit,
    "contributions add": cmd_contrib_add,
    "contributions list": cmd_contrib_list,
    "contributions kinds": cmd_contrib_kinds,
    "totals": cmd_totals,
}
