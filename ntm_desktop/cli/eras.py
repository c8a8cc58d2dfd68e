"""``ntm units list --as-of``, ``ntm units history`` and ``ntm init --province`` (CONTRACT §1, §5):
the units of both eras."""

from __future__ import annotations

import argparse
import datetime

from ntm_desktop import units
from ntm_desktop.cli.common import emit
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store


def parse_date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError("report.bad_date", value=value) from None


def chosen_provinces(names: list[str]) -> list[tuple[str, str]]:
    """Every province named by ``--province``, checked before the database is opened, so
    that an unknown name changes nothing."""
    chosen: list[tuple[str, str]] = []
    for name in names:
        chosen += [found for found in units.find_provinces(name) if found not in chosen]
    return chosen


def load(store: Store, chosen: list[tuple[str, str]]) -> None:
    loaded = units.load_provinces(store, chosen)
    print(t("cli.province_loaded", provinces=loaded.provinces, districts=loaded.districts,
            communes=loaded.communes, events=loaded.events))


def print_in_force(store: Store, on: str, as_json: bool, district: units.Unit | None = None) -> None:
    rows = units.in_force(store, on, district)
    if as_json:
        emit(rows)
        return
    for row in rows:
        print("\t".join([row["province"] or "", row["district"] or "", row["commune"], row["code"] or "",
                         row["kind"]]))


def cmd_units_history(args: argparse.Namespace, store: Store) -> int:
    events = units.history(store, args.code)
    if args.json:
        emit(events)
        return 0
    for event in events:
        before = ", ".join(f"{u['code'] or ''} {u['name']}".strip() for u in event["from"])
        after = ", ".join(f"{u['code'] or ''} {u['name']}".strip() for u in event["to"])
        print(f"{event['date'] or ''}\t{event['kind']}\t{before} → {after}\t{event['decision'] or ''}")
    return 0
