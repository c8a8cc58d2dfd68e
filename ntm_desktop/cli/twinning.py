"""``ntm twinning …``: twinning (kết nghĩa) from the command line (CONTRACT §1; docs/twinning.md).

CONTRACT §1 fixes ``assign``, ``end`` and ``list``; beside them: ``reassign`` (one action,
one decision), ``changes`` (reassignments in a period), ``agencies list/add/edit``,
``contributions add/list/kinds`` and ``totals`` (tables 1a, 1b, 1c).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ntm_desktop.cli.common import Parser, emit, open_db
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

if TYPE_CHECKING:
    from ntm_desktop.store.database import Store
    from ntm_desktop.twinning import Decision, Result



def _decision_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--decision", help="decision number, e.g. 123/QĐ-UBND")
    p.add_argument("--decision-date", help="date of the decision (YYYY-MM-DD)")
    p.add_argument("--signer", help="who signed the decision")


def _place_args(p: argparse.ArgumentParser, prefix: str = "") -> None:
    p.add_argument(f"--{prefix}district", help="district (needed when the commune name exists in several)")
    p.add_argument(f"--{prefix}commune", required=True)
    p.add_argument(f"--{prefix}village", help="village (thôn) of the commune, for a village twinning")


def _decision(args: argparse.Namespace) -> Decision | None:
    from ntm_desktop.twinning import Decision

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
    from ntm_desktop import twinning as tw
    from ntm_desktop import units

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


def _pair(store: Store, args: argparse.Namespace, prefix: str = "") -> tuple[Any, Any]:
    from ntm_desktop import twinning as tw

    unit = tw.resolve_place(store, getattr(args, f"{prefix}commune"), getattr(args, f"{prefix}district"),
                            getattr(args, f"{prefix}village"))
    return tw.resolve_agency(store, args.agency, unit=unit), unit


def cmd_end(args: argparse.Namespace) -> int:
    from ntm_desktop import twinning as tw

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
    from ntm_desktop import twinning as tw

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


def _reassign_to_village(store: Store, current: Any, commune: Any, village: str, day: Any,
                         args: argparse.Namespace) -> Result:
    from ntm_desktop import twinning as tw

    return tw.reassign(store, current, tw.resolve_village(store, commune, village), day,
                       decision=_decision(args), note=args.note)


# -- list / changes -------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from ntm_desktop import twinning as tw
    from ntm_desktop import units

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
    from ntm_desktop import twinning as tw

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
    from ntm_desktop import twinning as tw

    found = _with_store(args, lambda store: tw.list_agencies(store, level=args.level, district=args.district,
                                                             query=args.find))
    if args.json:
        emit([a.as_json() for a in found])
        return 0
    for a in found:
        print("\t".join([a.name, a.level_label(), a.owner, a.kind_label(), a.contact or "", a.phone or ""]))
    return 0


def cmd_agencies_add(args: argparse.Namespace) -> int:
    from ntm_desktop import twinning as tw
    from ntm_desktop import units

    def work(store: Store) -> Any:
        owner = units.resolve_district(store, args.district) if args.district else None
        level = args.level or ("district" if owner is not None else "province")
        return tw.create_agency(store, args.name, level=level, kind=args.kind, owner=owner,
                                contact=args.contact, phone=args.phone, note=args.note)[0]

    agency = _with_store(args, work)
    print(t("cli.tw_agency_added", name=agency.name, level=agency.level_label(), owner=agency.owner))
    return 0


def cmd_agencies_edit(args: argparse.Namespace) -> int:
    from ntm_desktop import twinning as tw

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
    from ntm_desktop import twinning as tw

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
        from ntm_desktop.twinning import ContributionRow

        emit({**ContributionRow(result.contribution, twin).as_json(), "warnings": result.warnings,
              "batch": result.batch.id if result.batch else None})
    else:
        c = result.contribution
        info = c.kind_info()
        figure = f"{_num(c.amount)} đồng" if info.money else f"{_num(c.quantity)} {info.unit()}"
        if not info.money and c.amount:
            figure += f" ({_num(c.amount)} đồng)"
        print(t("cli.tw_contrib_added", what=f"{twin.agency} – {twin.place}, {c.on.isoformat()}, {info.label()}: {figure}"))
    return 0


def _latest_of_pair(store: Store, agency: Any, unit: Any) -> Any:
    from ntm_desktop import twinning as tw

    pair = [a for a in tw.list_assignments(store, agency=agency) if a.unit_id == unit.id]
    return max(pair, key=lambda a: a.start)


def _num(value: float | int | None) -> str:
    from ntm_desktop import values

    return values.format_number(value or 0)


def cmd_contrib_list(args: argparse.Namespace) -> int:
    from ntm_desktop import periods, units
    from ntm_desktop import twinning as tw

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
    from ntm_desktop import twinning as tw

    if args.json:
        emit([k.as_json() for k in tw.CONTRIBUTION_KINDS])
        return 0
    for k in tw.CONTRIBUTION_KINDS:
        print("\t".join([k.code, k.label(), k.unit()]))
    return 0


def cmd_totals(args: argparse.Namespace) -> int:
    from ntm_desktop import periods
    from ntm_desktop import twinning as tw

    year = periods.parse_year(args.year) if args.year else None
    rows = _with_store(args, lambda store: tw.contribution_totals(store, year, args.by))
    tables = []
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


# -- the parser ------------------------------------------------------------------------------------------


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
    q.set_defaults(func=cmd_assign)

    q = tsub.add_parser("end", help="end a twinning (a reassignment is an end plus an assign)")
    q.add_argument("--agency", required=True)
    _place_args(q)
    q.add_argument("--on", required=True, help="the day it stops (no longer active from that day)")
    _decision_args(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_end)

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
    q.set_defaults(func=cmd_reassign)

    q = tsub.add_parser("list", help="twinnings: active on a day (--as-of) or the whole history")
    q.add_argument("--as-of", help="YYYY-MM-DD")
    q.add_argument("--district")
    q.add_argument("--commune")
    q.add_argument("--agency")
    q.add_argument("--level", choices=("province", "district"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    q = tsub.add_parser("changes", help="reassignments and new assignments in a period")
    q.add_argument("--from", dest="start", required=True)
    q.add_argument("--to", dest="end", required=True)
    q.add_argument("--ended", action="store_true", help="also twinnings that ended without a successor")
    q.add_argument("--level", choices=("province", "district"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_changes)

    q = tsub.add_parser("agencies", help="twinned agencies")
    asub = q.add_subparsers(dest="agencies_command", required=True, parser_class=Parser)
    r = asub.add_parser("list")
    r.add_argument("--level", choices=("province", "district"))
    r.add_argument("--district", help="province agencies and this district's own")
    r.add_argument("--find", help="words of the name, accents optional")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_agencies_list)
    r = asub.add_parser("add")
    r.add_argument("--name", required=True)
    r.add_argument("--level", choices=("province", "district"))
    r.add_argument("--district", help="for a district agency: its district")
    r.add_argument("--kind")
    r.add_argument("--contact")
    r.add_argument("--phone")
    r.add_argument("--note")
    r.set_defaults(func=cmd_agencies_add)
    r = asub.add_parser("edit")
    r.add_argument("--agency", required=True)
    r.add_argument("--level", choices=("province", "district"), help="to tell agencies of the same name apart")
    r.add_argument("--name", help="new name")
    r.add_argument("--kind")
    r.add_argument("--contact")
    r.add_argument("--phone")
    r.add_argument("--note")
    r.set_defaults(func=cmd_agencies_edit)

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
    r.set_defaults(func=cmd_contrib_add)
    r = csub.add_parser("list")
    r.add_argument("--year")
    r.add_argument("--agency")
    r.add_argument("--district")
    r.add_argument("--commune")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_contrib_list)
    r = csub.add_parser("kinds")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_contrib_kinds)

    q = tsub.add_parser("totals", help="contribution totals, as tables 1a, 1b and 1c")
    q.add_argument("--year")
    q.add_argument("--by", choices=("agency", "commune", "district"), default="agency")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_totals)
