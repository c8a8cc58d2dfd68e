"""``ntm criteria list|import|export`` (CONTRACT §1, §7): criteria sets, as data and as the
decisions' appendix workbooks."""

from __future__ import annotations

import argparse
from typing import Any

from ntm_desktop import criteria
from ntm_desktop.cli.common import emit, open_db


def cmd_criteria_list(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        chosen = [args.set] if args.set else criteria.codes(store)
        sets = [criteria.get_set(store, code) for code in chosen]
    finally:
        store.close()
    if args.json:
        emit([criteria.as_json(cs) for cs in sets])
        return 0
    for cs in sets:
        print(f"{cs.code}\t{cs.valid_from}-{cs.valid_to}\t{cs.name}")
        for crit in cs.criteria:
            print(f"  {crit.number:>2}. {crit.name} ({len(crit.indicators)})")
    return 0


def add_commands(csub: Any) -> None:
    """The ``criteria`` sub-commands this module serves, added to ``ntm criteria``."""
    q = csub.add_parser("list")
    q.add_argument("--set")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_criteria_list)
