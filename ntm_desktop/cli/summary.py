"""``ntm summary`` (CONTRACT §3): the figures every report is built from, as JSON or as the
report's sentences. Its parser is built alone when the command line names it (issue 22)."""

from __future__ import annotations

import argparse
import datetime

from ntm_desktop import criteria, periods, units
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.criteria.shape import Shape, shape_of
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.summary import summary as build_summary

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any

_open = open_db
_emit = emit


def _bands_text(data: dict[str, Any], shape: Shape) -> str:
    """``28 xã đạt 19/19 tiêu chí; 9 xã đạt 15-18; …; 0 xã dưới 5 tiêu chí.``, in the set's bands;
    a set whose data defines no bands below its full one gives the communes by count met."""
    bands = data["bands"]
    parts = [f"{bands[shape.full_key]} xã đạt {shape.full_text} tiêu chí"]
    for band in shape.bands:
        if band.key == shape.full_key:
            continue
        words = f"dưới {band.max + 1} tiêu chí" if band.min == 0 else f"đạt {band.key}"
        parts.append(f"{bands[band.key]} xã {words}")
    if len(shape.bands) == 1:
        parts += [f"{count} xã đạt {met} tiêu chí" for met, count in sorted(
            ((int(k), v) for k, v in data["by_count"].items()), reverse=True) if count and met < shape.count]
    return "; ".join(parts) + "."


def _summary_text(data: dict[str, Any], store: Store) -> list[str]:
    cs = criteria.get_set(store, data["criteria_set"])
    total = data["communes"]
    lines = [f"{cs.name} — {data['year']}" + (f" — {data['district']}" if "district" in data else "")]
    for crit in cs.criteria:
        count = data["per_criterion"][str(crit.number)]
        lines.append(f"Tiêu chí số {crit.number} về {crit.name}: có {count}/{total} xã đạt chuẩn")
    lines.append(_bands_text(data, shape_of(cs)))
    lines.append(f"Bình quân đạt {str(data['average']).replace('.', ',')} tiêu chí/xã.")
    lines.append(t("rule.effective"))
    return lines


def _day(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError("report.bad_date", value=value) from None


def period_end(period: periods.Period) -> str:
    """The period's last day, ISO (``2024-Q3`` → ``2024-09-30``)."""
    # the day before the next month's first (calendar.monthrange, with locale: 1.3 ms of imports)
    year, month = (period.year + 1, 1) if period.end_month == 12 else (period.year, period.end_month + 1)
    return (datetime.date(year, month, 1) - datetime.timedelta(days=1)).isoformat()


def cmd_summary(args: argparse.Namespace) -> int:
    year = periods.parse_year(args.year)
    period = periods.parse(args.period) if args.period else None
    if period is not None and period.year != year:
        raise UsageError("period.other_year", value=args.period, year=year)
    if args.district and args.unit:
        raise UsageError("summary.unit_and_district")
    as_of = _day(args.as_of) if args.as_of else None
    store = _open(args)
    try:
        last = f"{year}-12-31" if period is None else period_end(period)
        unit = units.resolve_any(store, args.unit, as_of or last) if args.unit else None
        data = build_summary(store, year, args.district, args.set, period=period, unit=unit, as_of=as_of)
        lines = None if args.json else _summary_text(data, store)
    finally:
        store.close()
    if args.json:
        _emit(data)
    else:
        print("\n".join(lines or []))
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("summary", help="help.summary")
    p.add_argument("--year", required=True)
    p.add_argument("--period", help="help.summary.period")
    p.add_argument("--district")
    p.add_argument("--unit", metavar="CODE|NAME", help="help.summary.unit")
    p.add_argument("--as-of", metavar="DATE", help="help.summary.as_of")
    p.add_argument("--set")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summary)
