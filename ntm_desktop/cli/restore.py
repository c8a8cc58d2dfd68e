"""`ntm backup` and `ntm restore` (registered by cli.FEATURES)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from ntm_desktop import paths
from ntm_desktop.cli.common import emit, open_db
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else paths.default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    # here and below: 1.1 ms (backup) and 4 ms (restore) that every other command would pay
    # at start, as this module is imported to build the parser (python -X importtime)
    from ntm_desktop.store import backup

    store = open_db(args)
    try:
        out = Path(args.out)
        if out.is_dir():  # a folder (e.g. a USB stick): a file named with time and installation
            assert store.path is not None
            installation = backup.installation_of(store.db.conn)
            out = out / backup.backup_name(Path(store.path), "manual", *installation)
        target = backup.backup_to(store, out)
    finally:
        store.close()
    print(t("backup.done", path=target))
    return 0


def _current_installation(db: Path) -> str:
    from ntm_desktop.store import backup  # 1.1 ms at every start otherwise (see cmd_backup)

    if not db.is_file():
        return ""
    try:
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return ""
    try:
        return backup.installation_of(conn)[0]
    finally:
        conn.close()


def _describe(info: object, db: Path) -> list[str]:
    # 1.1 + 4 ms at every start otherwise (see cmd_backup)
    from ntm_desktop.store import backup
    from ntm_desktop.store.restore import BackupInfo

    assert isinstance(info, BackupInfo)
    reason = f" ({backup.reason_label(info.reason)})" if info.reason else ""
    lines = [
        t("restore.show", path=info.path),
        t("restore.show_taken", taken=info.taken.replace("T", " "), reason=reason),
        t("restore.show_installation", name=info.installation_name or "?", id=info.installation_id[:8] or "?"),
        t("restore.show_schema", schema=info.schema),
    ]
    if info.last_change:
        lines.append(t("restore.show_last_change", at=info.last_change))
    if info.years:
        lines.append(t("restore.show_years", low=info.years[0], high=info.years[1]))
    lines.append(t("restore.show_counts", counts="; ".join(info.count_lines())))
    current = _current_installation(db)
    if current and info.installation_id and current != info.installation_id:
        lines.append(t("restore.other_installation", name=info.installation_name))
    return lines


def _list(db: Path, as_json: bool) -> int:
    from ntm_desktop.store import backup  # 1.1 ms at every start otherwise (see cmd_backup)

    found = backup.list_backups(db)
    if as_json:
        emit([{"path": str(b.path), "taken": b.taken.isoformat(), "reason": b.reason} for b in found])
        return 0
    if not found:
        print(t("restore.list_empty", folder=paths.backups_dir(db)))
    for b in found:
        print(f"{b.taken.isoformat(sep=' ')}\t{backup.reason_label(b.reason)}\t{b.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ntm_desktop.store import restore  # 4 ms at every start otherwise (see cmd_backup)

    db = _db_path(args)
    if args.list:
        return _list(db, args.json)
    if not args.file:
        raise UsageError("restore.needs_file")
    if Path(args.file).exists() and db.exists() and Path(args.file).resolve() == db.resolve():
        raise UsageError("restore.same_file", path=args.file)
    info = restore.inspect(Path(args.file))  # refused here: exit 3, nothing written
    if not args.json:
        print("\n".join(_describe(info, db)))
    if args.dry_run:
        if args.json:
            emit({"dry_run": True, "backup": info.as_json(), "db": str(db)})
        else:
            print(t("restore.dry_run"))
        return 0
    if not args.yes:
        if args.json or not sys.stdin.isatty():
            raise UsageError("restore.needs_yes")
        print(t("restore.will_replace", db=db))
        answer = input(t("restore.confirm")).strip().casefold()
        if answer not in ("c", "có", "co", "y", "yes"):
            print(t("restore.cancelled"))
            return 0
    result = restore.restore_into(db, Path(args.file))
    if args.json:
        emit(result.as_json())
    else:
        print(t("restore.done", db=db, path=info.path))
        if result.before:
            print(t("restore.before", path=result.before))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="help.backup")
    p.add_argument("--out", required=True, help="help.backup.out")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="help.restore")
    p.add_argument("file", nargs="?", help="help.restore.file")
    p.add_argument("--yes", action="store_true", help="help.restore.yes")
    p.add_argument("--dry-run", action="store_true", help="help.restore.dry_run")
    p.add_argument("--list", action="store_true", help="help.restore.list")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)
