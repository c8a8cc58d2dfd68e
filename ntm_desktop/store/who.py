"""Who makes a change: the name a person gives once on this installation (issue 20 part 8).

The change log's ``user`` column ("who" in the history) was the Windows login, which on a
district office PC is often ``admin`` or ``user`` for everyone. The person's own name is asked
once and kept **per installation**, in the user's data folder (``paths.data_dir()/user.json``;
in portable mode ``data/`` beside the program), not in the database:

- a database travels (USB stick, backup, restore, the demo database, a colleague's copy): a
  name kept inside it would sign the next person's changes with the first person's name;
- several databases on one PC (the office's, the demo, a restored backup) are worked by the
  same person, who should not be asked again for each;
- ``Store`` reads it when it is made (``database._login_name``), before any table is read.

``$NTM_USER_NAME`` overrides the file (scripts, tests, a shared login), and with neither the
login name is used as before. The folder is ``paths.data_dir()``'s (on Linux and macOS found
without importing platformdirs: ``paths.user_data_dir``). The file is JSON (``{"user_name": "Nguyễn Văn A"}``) written
atomically; a damaged or unreadable file counts as no name (the question is asked again).
"""

from __future__ import annotations

import os
from pathlib import Path

from ntm_desktop import files, paths, text
from ntm_desktop.errors import InputRejected

ENV = "NTM_USER_NAME"
FILE_NAME = "user.json"
KEY = "user_name"
MAX_NAME = 80


def user_file() -> Path:
    """``user.json`` in the data folder (:func:`ntm_desktop.paths.data_dir`)."""
    return paths.data_dir() / FILE_NAME


def login_name() -> str:
    """The operating system's login name, or ``?`` where there is none (some Windows setups)."""
    import getpass  # with termios, 0.6 ms that only a write pays (issue 22)

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some Windows setups
        return "?"


def stored_name() -> str | None:
    """The name given on this installation ($NTM_USER_NAME first), or None when none was given."""
    env = text.clean(os.environ.get(ENV) or "")
    if env:
        return env
    import json  # 1.8 ms that only a write or the name's question pays (issue 22)

    try:
        data = json.loads(user_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get(KEY) if isinstance(data, dict) else None
    cleaned = text.clean(name) if isinstance(name, str) else ""
    return cleaned[:MAX_NAME] or None


def current() -> str:
    """Who the change log names: the given name, else the login name."""
    return stored_name() or login_name()


def clean_name(name: str) -> str:
    """The name NFC-normalised and trimmed; InputRejected when empty or too long."""
    cleaned = text.clean(name)
    if not cleaned or len(cleaned) > MAX_NAME:
        raise InputRejected("who.bad_name", max=MAX_NAME)
    return cleaned


def save_name(name: str) -> str:
    """Keep ``name`` as this installation's user name (atomically); returns it cleaned."""
    cleaned = clean_name(name)
    import json  # 1.8 ms, as in stored_name

    target = user_file()
    payload = json.dumps({KEY: cleaned}, ensure_ascii=False, indent=1) + "\n"
    try:
        files.atomic_write(target, lambda tmp: tmp.write_text(payload, encoding="utf-8"))
    except OSError as error:  # a read-only stick, a folder without rights: refused, nothing kept
        raise InputRejected("who.cannot_save", path=target, detail=error.strerror or str(error)) from None
    return cleaned
