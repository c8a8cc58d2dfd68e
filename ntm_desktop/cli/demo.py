"""``ntm demo [--province P]`` (CONTRACT §1, §6): the demo dataset the first-run dialog offers,
made from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from ntm_desktop.cli.common import open_db
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

KON_TUM = "62"  # the demo's results and twinnings are on Kon Tum's 2020 units


def cmd_demo(args: argparse.Namespace) -> int:
    # the demo, the unit lists and the criteria engine: 68 ms after ntm_desktop.cli (December
    # 2026), loaded by this command only, so that building the parser for the others does not pay
    from ntm_desktop import units
    from ntm_desktop.setup import demo
    from ntm_desktop.setup.prepare import save_home
    from ntm_desktop.units import national

    chosen = units.find_provinces(args.province) if args.province else []  # refused before opening
    store = open_db(args, create=True)
    try:
        if demo.is_demo(store) and demo.holds_data(store):
            print(t("cli.demo_already", path=store.path))
            return 0
        if demo.holds_data(store):
            raise InputRejected("cli.demo_real_data", path=store.path)
        demo.fill(store)
        extra = [(era, code) for era, code in chosen if code != KON_TUM or era != national.BEFORE]
        if extra:
            units.load_provinces(store, extra)
        era, code = chosen[0] if chosen else (national.BEFORE, KON_TUM)
        save_home(store, national.nkey(era, code), None)
        communes = len(units.all_of_level(store, "commune"))
        print(t("cli.demo_done", path=store.path, communes=communes))
    finally:
        store.close()
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("demo", help="help.demo")
    # CONTRACT §1 writes `ntm demo [--db FILE]`: accepted after the command too (the global --db
    # stays when it is not given here)
    p.add_argument("--db", default=argparse.SUPPRESS, help="help.demo.db")
    p.add_argument("--province", help="help.demo.province")
    p.set_defaults(func=cmd_demo)
