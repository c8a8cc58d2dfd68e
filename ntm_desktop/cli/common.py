"""Helpers shared by the ``ntm`` command modules: opening the database, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from ntm_desktop import paths
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store import open_database
from ntm_desktop.store.database import Store


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with an "error:" first line
        raise UsageError("cli.usage", details=[self.format_usage().strip()], message=message)




def emit(data: Any) -> None:
    """``--json`` output: UTF-8 JSON on stdout and nothing else."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


opened: list[Path] = []  # the database this run opened, for the damaged-file message


def open_db(args: argparse.Namespace, create: bool = False) -> Store:
    path = Path(args.db) if args.db else paths.default_db_path()
    opened.append(path)
    store = open_database(path, create=create)
    if store.network:  # on stderr: stdout stays the command's own output (JSON with --json)
        sys.stderr.write(t("db.network_mode", path=path) + "\n")
    return store
