"""``ntm settings set KEY VALUE`` / ``ntm settings list [--json]`` (CONTRACT §1).

The keys are the public names, whatever the code calls them: the report settings of
:data:`ntm_desktop.reports.settings.PUBLIC` (``issuer``, ``issuer_parent``, ``place``,
``signer_title``, ``signer_name``, …), ``user_name`` (who the history names, kept per
installation: :mod:`ntm_desktop.store.who`) and ``office`` (the working office, a province or a
district: :func:`ntm_desktop.setup.prepare.change_office`). Lines are separated by ``\\n``.
"""

from __future__ import annotations

import argparse
from typing import Any

from ntm_desktop.cli.common import Parser, emit, open_db
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

OWN_KEYS = ("user_name", "office")  # not report settings: kept elsewhere, listed with them


def _keys() -> list[str]:
    # the report settings module loads the reports package: 94 ms (python -X importtime), only here
    from ntm_desktop.reports.settings import PUBLIC

    return [*PUBLIC, *OWN_KEYS]


def listing(store: Any) -> dict[str, Any]:
    """Every setting under its public name, as ``ntm settings list --json`` prints it."""
    # 94 ms of the reports package (python -X importtime): only for this command
    from ntm_desktop.reports import settings as report_settings
    from ntm_desktop.store import who

    unit = report_settings.office_unit(store)
    return {**report_settings.public(store), "user_name": who.stored_name() or "",
            "office": unit.name if unit else ""}


def cmd_list(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        data = listing(store)
    finally:
        store.close()
    if args.json:
        emit(data)
    else:
        for key, value in data.items():
            shown = str(value).replace("\n", "\\n") if isinstance(value, str) else str(value)
            print(f"{key} = {shown}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    # 94 ms of the reports package (python -X importtime): only for this command
    from ntm_desktop.reports import settings as report_settings
    from ntm_desktop.store import who

    key = args.key.strip().lower().replace("-", "_")
    if key not in _keys():
        raise InputRejected("settings.unknown_key", name=args.key, keys=", ".join(_keys()))
    if key == "user_name":  # per installation, not in the database: no database is opened
        name = who.save_name(args.value)
        print(t("settings.saved", name=key, value=name))
        return 0
    store = open_db(args)
    try:
        if key == "office":
            from ntm_desktop.setup.prepare import change_office  # 59 ms (python -X importtime): only here

            shown = change_office(store, args.value).name
        else:
            report_settings.set_public(store, key, args.value)
            value = report_settings.public(store)[key]
            shown = str(value).replace("\n", "\\n")
    finally:
        store.close()
    print(t("settings.saved", name=key, value=shown))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``ntm settings set|list`` to the ``ntm`` parser."""
    p = sub.add_parser("settings", help="help.settings")
    ssub = p.add_subparsers(dest="settings_command", required=True, parser_class=Parser)
    q = ssub.add_parser("set", help="help.settings.set")
    q.add_argument("key", help="help.settings.key")
    q.add_argument("value", help="help.settings.value")
    q.set_defaults(func=cmd_set)
    q = ssub.add_parser("list", help="help.settings.list")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
