"""Where things are: the program's own files (from source, installed or frozen) and the user's data.

Every resource path is resolved here, in the three ways the program runs: from a source
checkout (or an editable install), db/ and resources/ are at the top of the repository;
from an installed wheel, pyproject.toml has mapped them into the package as
``ntm_desktop/_data/``; in PyInstaller's one-folder bundle, installer/ntm.spec puts them in
``_internal/`` (``sys._MEIPASS``). Portable mode (a ``portable.ini`` beside the executable,
or beside main.py from source) keeps everything the program writes in ``data/`` beside it.
"""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

PORTABLE_MARKER = "portable.ini"
APP_NAME = "NTM Desktop"  # the per-user data folder's name (user_data_dir)
# db/ and resources/ inside an installed wheel (pyproject.toml's package-dir mapping); a
# checkout has no such folder
INSTALLED_DATA = Path(__file__).resolve().parent / "_data"


def app_root() -> Path:
    """The folder holding main.py: the checkout (the folder above ntm_desktop/; in an
    installed wheel, site-packages), or PyInstaller's bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """The folder holding db/ and resources/: the bundle when frozen, ntm_desktop/_data in
    an installed wheel, else the checkout (:func:`app_root`)."""
    if getattr(sys, "_MEIPASS", None) is None and INSTALLED_DATA.is_dir():
        return INSTALLED_DATA
    return app_root()


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """The folder of the executable (frozen) or of main.py (from source)."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return app_root()


def resource(*parts: str) -> Path:
    """A file shipped with the program, e.g. ``resource("resources", "fonts", "X.ttf")``."""
    return data_root().joinpath(*parts)


def db_dir() -> Path:
    return resource("db")


def migrations_dir() -> Path:
    return db_dir() / "migrations"


def criteria_dir() -> Path:
    return db_dir() / "criteria"


def reference_dir() -> Path:
    return db_dir() / "reference"


def resources_dir() -> Path:
    return resource("resources")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def is_portable() -> bool:
    return (program_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    """The user's data folder: $NTM_DATA_DIR, else ``data/`` beside the program in portable
    mode, else the per-user folder (:func:`user_data_dir`, platformdirs' answer)."""
    override = os.environ.get("NTM_DATA_DIR")
    if override:
        return Path(override)
    if is_portable():
        return program_dir() / "data"
    return Path(user_data_dir())


def user_data_dir() -> str:
    """The per-user data folder: platformdirs' ``user_data_dir("NTM Desktop", appauthor=False)``.

    On Linux (and other Unix) and macOS the folder follows two rules, applied here as every
    platformdirs 4.x release applies them: ``$XDG_DATA_HOME`` when it is an absolute path (not on
    macOS), else ``os.path.expanduser`` of ``~/.local/share`` (macOS: ``~/Library/Application
    Support``), then the program's name. Every other case asks platformdirs itself: where 4.x
    releases differ (a relative ``$XDG_DATA_HOME``, or any on macOS), Windows (the shell's known
    folder through ctypes), Android and iOS, a ``$HOME`` that is not absolute (it then reads the
    password database) and a home that does not expand (its error). The test
    compares both answers with and without each variable. Issue 22: the whole platformdirs
    package cost 5.9 ms under -X importtime (tempfile, shutil, random, bz2, lzma) at every
    command a user runs without $NTM_DATA_DIR (the damage check's mark is kept in this folder).
    """
    folder = _posix_user_data_dir()
    if folder is not None:
        return folder
    # Windows and the rare cases above: 5.9 ms under -X importtime (December 2026), only here
    from platformdirs import user_data_dir as platform_user_data_dir

    return platform_user_data_dir(APP_NAME, appauthor=False)


def _posix_user_data_dir() -> str | None:
    """platformdirs' answer on Linux/Unix and macOS, or None where its other rules apply."""
    if sys.platform in ("win32", "ios") or hasattr(sys, "getandroidapilevel") or (
            os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system"):
        return None  # platformdirs' own platforms (it tells an Android app by these two variables)
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if xdg.strip() and (sys.platform == "darwin" or not posixpath.isabs(xdg)):
        return None  # where platformdirs 4.x releases differ (before 4.6 macOS ignored it, a relative one was used)
    if xdg.strip():  # absolute, not macOS
        return posixpath.join(xdg, APP_NAME)
    home = os.environ.get("HOME")
    if home is not None and not posixpath.isabs(home):
        return None  # platformdirs treats a relative $HOME as unset and reads the password database
    base = os.path.expanduser("~/Library/Application Support" if sys.platform == "darwin" else "~/.local/share")
    return posixpath.join(base, APP_NAME) if posixpath.isabs(base) else None


def default_db_path() -> Path:
    """--db, else $NTM_DB, else portable data/, else the per-user data folder (CONTRACT §1)."""
    env = os.environ.get("NTM_DB")
    if env:
        return Path(env)
    return data_dir() / "ntm.sqlite3"


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def log_path() -> Path:
    return data_dir() / "logs" / "ntm.log"


def settings_file() -> Path | None:
    """The window's settings as an INI file in the data folder (portable mode, or a data
    folder set by $NTM_DATA_DIR); None: the platform's own store (registry, ~/.config)."""
    if is_portable() or os.environ.get("NTM_DATA_DIR"):
        return data_dir() / "settings.ini"
    return None


def to_setting(path: Path | str) -> str:
    """A path as kept in the settings. In portable mode a path inside the program's folder
    is kept relative to it (``data/ntm.sqlite3``), so that the stick may get another drive
    letter on the next PC; any other path is kept absolute."""
    path = Path(path).resolve()
    if is_portable():
        try:
            return path.relative_to(program_dir().resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def from_setting(value: str) -> Path:
    """The inverse of :func:`to_setting`: a relative path is under the program's folder."""
    path = Path(value)
    if path.is_absolute():
        return path
    return program_dir() / path


def exported(package: str, where: dict[str, str], name: str, namespace: dict[str, object]) -> object:
    """Where a package's re-exported ``name`` lives, imported on first use: the body of a
    package's ``__getattr__`` (PEP 562). ``where`` maps each name to ``module`` (the name is
    that module) or ``module:attribute``; the value is kept in ``namespace`` (the package's
    globals), so each name is looked up once. Issue 22: ``ntm summary`` needs 2 of the 9
    modules of criteria/ and 3 of the 14 of units/ (about 7 ms of imports it never used)."""
    target = where.get(name)
    if target is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    import importlib  # already loaded by the interpreter at start: no cost

    value = importlib.import_module(module_name)
    if attribute:
        value = getattr(value, attribute)
    namespace[name] = value
    return value
