"""The ``ntm`` command line (CONTRACT §1): the same core the window uses."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence

from ntm_desktop import __version__, i18n
from ntm_desktop.cli.common import Parser, emit, open_db, opened
from ntm_desktop.errors import InputRejected, NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import sqlite_errors
from ntm_desktop.store.database import SCHEMA_VERSION

# issue 22: the command modules load in build_parser, the every-day ones from cli/basics.py and
# the capabilities' from FEATURES, so that ``ntm summary`` imports only cli/summary.py
# (python -X importtime: ``import ntm_desktop.cli`` 179 ms -> 43 ms, docs/benchmarks.md).

_Parser = Parser
_emit = emit
_open = open_db
_opened = opened

# Command modules of the larger capabilities; each has add_commands(sub) and keeps
# its heavy imports inside its handlers so that `ntm --help` stays fast.
FEATURES = ("twinning", "report", "sync", "restore", "settings", "dhis2", "demo")


# commands whose parser is built alone when the command line names them (issue 22): the
# others' modules are not imported at all. ``ntm --help`` and every other command build all.
_LIGHT = {"summary": "summary", "import-table": "tables"}  # command: its module
_GLOBAL_VALUED = ("--db", "--lang")


def command_of(argv: Sequence[str]) -> str | None:
    """The command word of a command line (the first argument that is not an option of
    ``ntm`` itself or its value), or None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg
        elif arg in ("-h", "--help", "--version"):
            return None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``ntm`` parser; ``only``, a command of ``_LIGHT``: that command alone."""
    parser = _Parser(prog="ntm", description="help.ntm")
    parser.add_argument("--version", action="version", version=f"ntm {__version__} (schema {SCHEMA_VERSION})",
                        help="help.version")
    parser.add_argument("--db", help="help.db")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="vi", help="help.lang")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    if only in _LIGHT:
        importlib.import_module(f"ntm_desktop.cli.{_LIGHT[only]}").add_commands(sub)
        return parser
    for name in ("basics", "summary"):
        importlib.import_module(f"ntm_desktop.cli.{name}").add_commands(sub)
    for name in FEATURES:
        module = importlib.import_module(f"ntm_desktop.cli.{name}")
        module.add_commands(sub)
    return parser


def _fail(error: NtmError) -> int:
    lines = str(error).splitlines() or [error.key]
    sys.stderr.write(f"error: {lines[0]}\n")
    for line in lines[1:]:
        sys.stderr.write(f"  {line}\n")
    return error.exit_code


def _set_language(argv: Sequence[str]) -> None:
    """The language of the last ``--lang L`` or ``--lang=L`` given, as argparse keeps it, if it is
    one; Vietnamese without one (CONTRACT §1), whatever an earlier call in this process chose."""
    chosen = "vi"
    for index, arg in enumerate(argv):
        if arg == "--lang":
            value = argv[index + 1] if index + 1 < len(argv) else ""
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in i18n.LANGUAGES:
            chosen = value
    i18n.set_language(chosen)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _set_language(argv)  # before the parser: its help and usage errors are in that language
    command = command_of(argv)
    # a summary makes no garbage cycles worth collecting: the collector ran 24 times in a national
    # one and found nothing, 2.0-2.5 ms (issue 22); it is back on for whoever called main()
    paused = command == "summary" and gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _run(argv, command)
    finally:
        if paused:
            gc.enable()


def _run(argv: list[str], command: str | None) -> int:
    try:
        parser = build_parser(command)
        args = parser.parse_args(argv)
        i18n.set_language(args.lang)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except NtmError as error:
        if isinstance(error, InputRejected) and "--json" in argv:  # CONTRACT §1: the refusal as JSON too
            emit({"error": error.message, "details": error.details})
        return _fail(error)
    except KeyboardInterrupt:
        return 130
    except sqlite3.DatabaseError as exc:  # damage found while working on a large file
        where = _opened[-1] if _opened else "?"
        # SQLite raises damage (SQLITE_CORRUPT, SQLITE_NOTADB) as DatabaseError, and the
        # machine's problems (full, read-only, I/O) as OperationalError: those are logged
        # (Python's «Could not decode to UTF-8», text with a flipped bit, counts as damage)
        if (sqlite_errors.is_locked(exc) or sqlite_errors.kind(exc) in sqlite_errors.DAMAGED
                or not isinstance(exc, sqlite3.OperationalError)):
            return _fail(sqlite_errors.refusal(exc, where, "db.corrupt"))
        return _unexpected(exc, argv)
    except BrokenPipeError:  # output piped into head or less that closed early
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: log, never a traceback
        return _unexpected(exc, argv)


def _unexpected(exc: BaseException, argv: list[str]) -> int:
    import logging  # with logging.handlers, 27 ms that only a failing run pays

    from ntm_desktop import logs  # the log set-up, loaded with logging for the same 27 ms

    log_file = logs.setup()
    logging.getLogger("ntm.cli").error("unexpected error in ntm %s", " ".join(argv), exc_info=exc)
    sys.stderr.write(f"error: {t('cli.unexpected', detail=exc, log=log_file)}\n")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
