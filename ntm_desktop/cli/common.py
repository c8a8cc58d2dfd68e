"""Helpers shared by the ``ntm`` command modules: the parser and its help in the current
language, opening the database, JSON output."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ntm_desktop import paths
from ntm_desktop.cli import argparse_texts, jsonout
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t
from ntm_desktop.store import open_database
from ntm_desktop.store.database import Store

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any, NoReturn


# argparse asks gettext for each of its own texts as it builds a parser ("usage: ", "options",
# the help option's line): each ask reads four environment variables, imports locale and
# probes the disk for a "messages" catalog that neither Python nor this program installs, and
# gets the English text back. It gets them from a table of its texts in both languages instead
# (issue 22: building ``ntm summary``'s parser 3.6 → 2.3 ms with LANG=C.UTF-8, more where LANG
# names a language), in the language ``--lang`` chose (CONTRACT §1: Vietnamese by default; the
# table and the help keys: 3.05 → 3.12 ms with the module's import, medians of 31 fresh processes).
# argparse reads these as its module's globals, so every parser of a process that imports this
# module speaks i18n's language: the command line's process (the window does not import it).
argparse._ = argparse_texts.gettext  # type: ignore[attr-defined]
argparse.ngettext = argparse_texts.ngettext  # type: ignore[attr-defined]

HELP_KEY = "help."  # a help text or description starting so is a key of catalog/cli_help.py


def _text(value: str) -> str:
    return t(value) if value.startswith(HELP_KEY) else value


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size().columns`` gives it ($COLUMNS, else the
    terminal of stdout, else 80), without importing shutil (with bz2 and lzma, 2.2 ms)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpTexts(argparse.HelpFormatter):
    """argparse's formatter, the help texts and description given as catalog keys rendered in the
    current language. Only printing help renders them: building a parser loads no catalog area
    (issue 22). A help text is %-formatted after this (``%(default)s`` works)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return _text(action.help) if action.help else action.help

    def _format_text(self, text: str) -> str:
        return super()._format_text(_text(text))


class _Formatter(HelpTexts):
    """The help in the current language, its width found without shutil (argparse makes one
    formatter per argument added)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # exit 2 with an "error:" first line
        raise UsageError("cli.usage", details=[self.format_usage().strip()], message=message)


def emit(data: Any) -> None:
    """``--json`` output: UTF-8 JSON on stdout and nothing else (``json.dumps(data,
    ensure_ascii=False, indent=1)``, written by :mod:`.jsonout`)."""
    out = sys.stdout
    out.write(jsonout.dumps(data))  # the newline apart: no copy of a national summary's 650 KB text
    out.write("\n")


opened: list[Path] = []  # the database this run opened, for the damaged-file message


def open_db(args: argparse.Namespace, create: bool = False) -> Store:
    path = Path(args.db) if args.db else paths.default_db_path()
    opened.append(path)
    store = open_database(path, create=create)
    if store.network:  # on stderr: stdout stays the command's own output (JSON with --json)
        sys.stderr.write(t("db.network_mode", path=path) + "\n")
    return store
