"""`ntm backup` and `ntm restore` (registered by cli.FEATURES)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_common import open_db
from .i18n import t


def cmd_backup(args: argparse.Namespace) -> int:
    from . import backup

    store = open_db(args)
    try:
        target = backup.backup_to(store, Path(args.out))
    finally:
        store.close()
    print(t("backup.done", path=target))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="whole-database copy, checked")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_backup)
