"""What the window's start no longer pays for, with the same behaviour (issue 22).

**PySide6's import hook, asked the same question more cheaply.** After PySide6 is imported, every
import statement passes the module it names to shibokensupport's ``feature_imported``, which asks
once per module whether its source contains the word ``PySide6`` (``_mod_uses_pyside``, for the
``__feature__`` switches: a module that does uses PySide6's features, any other is ignored). It
reads the source through ``inspect.getsource`` (the module's source file found, read and split into
lines by ``linecache``, joined again): by the window's first paint 50 modules, 6.3 ms (December
2026), most of them already loaded before PySide6 (the core, the standard library) and named again
by the window's modules. :func:`ask_files` gives the hook the same answer from the module's file
read as bytes (the word is ASCII: in a UTF-8 or any ASCII-compatible source it is there as bytes
exactly when it is there as text); a module without a ``.py`` file, or one that cannot be read, is
asked the hook's own way. Nothing else of PySide6 changes; where a PySide6 release no longer has
the function, nothing is replaced. By the first paint: ``import ui.app`` 24.8 → 19.0 ms of CPU,
medians of 9 fresh processes.

**argparse's own texts** (:func:`plain_argparse_texts`): argparse asks gettext for each of them
while it builds and reads a parser ("usage: ", "options", the -h line): each ask reads four
environment variables, imports locale and probes the disk for a "messages" catalog that neither
Python nor this program installs, and gets the English text back. The window's parser gets them
back directly: building and reading main.py's arguments 3.6 → 2.7 ms of CPU (medians of 6 fresh
processes), and locale's import (0.9 ms) no longer at start. A process whose argparse already has
other texts (``ntm_desktop.cli`` installs its table in both languages) keeps them.

This module imports no PySide6: ``ui/__init__.py`` imports it before PySide6, with the core.
"""

from __future__ import annotations

import argparse
import gettext
import sys
from types import ModuleType

HOOK_MODULE = "shibokensupport.feature"
ASKED = "_mod_uses_pyside"


def ask_files() -> bool:
    """Replace the hook's question by :func:`uses_pyside` (idempotent); False when PySide6 has none."""
    feature = sys.modules.get(HOOK_MODULE)
    original = getattr(feature, ASKED, None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "asks_files", False):
        return True

    def asked(*args: object, **kwargs: object) -> object:
        # the one-module question PySide6 6.x asks; any other call (a later release) goes to its own
        found = uses_pyside(args[0]) if len(args) == 1 and not kwargs and isinstance(args[0], ModuleType) else None
        return original(*args, **kwargs) if found is None else found

    asked.asks_files = True  # type: ignore[attr-defined]
    asked.original = original  # type: ignore[attr-defined]  # PySide6's own, for the test that compares
    setattr(feature, ASKED, asked)
    return True


def uses_pyside(module: ModuleType) -> bool | None:
    """Whether the module's source file holds the word PySide6; None: no source file to read."""
    file = getattr(module, "__file__", None)
    if not isinstance(file, str) or not file.endswith(".py"):
        return None
    try:
        with open(file, "rb") as handle:
            return b"PySide6" in handle.read()
    except OSError:
        return None


def as_written(message: str) -> str:
    """argparse's own text as it is written (English): what gettext gives it, with no catalog installed."""
    return message


def as_written_n(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def plain_argparse_texts() -> None:
    """argparse's texts as written, unless another table of them is installed (idempotent)."""
    if getattr(argparse, "_", None) is gettext.gettext:
        argparse._ = as_written  # type: ignore[attr-defined]
    if getattr(argparse, "ngettext", None) is gettext.ngettext:
        argparse.ngettext = as_written_n  # type: ignore[attr-defined]
