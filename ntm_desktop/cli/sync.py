"""`ntm` commands of USB sync packages (CONTRACT §4): export, import, conflicts, peers, packages."""

from __future__ import annotations

import argparse
from pathlib import Path

from ntm_desktop.cli.common import Parser, emit, open_db
from ntm_desktop.errors import UsageError
from ntm_desktop.i18n import t


def add_commands(sub: argparse._SubParsersAction) -> None:
    """export, import, conflicts list/resolve, peers list/trust/revoke/mode/me, packages."""
    p = sub.add_parser("export", help="help.export")
    p.add_argument("--out", required=True, help="help.export.out")
    p.add_argument("--full", action="store_true", help="help.export.full")
    p.add_argument("--peer", help="help.export.peer")
    p.add_argument("--district", help="help.export.district")
    p.add_argument("--commune", action="append", default=[], help="help.export.commune")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="help.import")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="help.import.dry_run")
    p.add_argument("--known-only", action="store_true", help="help.import.known_only")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("conflicts", help="help.conflicts")
    csub = p.add_subparsers(dest="conflicts_command", required=True, parser_class=Parser)
    q = csub.add_parser("list", help="help.conflicts.list")
    q.add_argument("--open", action="store_true", help="help.conflicts.open")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_conflicts_list)
    q = csub.add_parser("resolve", help="help.conflicts.resolve")
    q.add_argument("id", type=int)
    q.add_argument("--keep", required=True, choices=("current", "other"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_conflicts_resolve)

    p = sub.add_parser("peers", help="help.peers")
    psub = p.add_subparsers(dest="peers_command", required=True, parser_class=Parser)
    q = psub.add_parser("list", help="help.peers.list")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_peers_list)
    q = psub.add_parser("trust", help="help.peers.trust")
    q.add_argument("package", nargs="?", help="help.peers.trust.package")
    q.add_argument("--installation")
    q.add_argument("--key", help="help.peers.trust.key")
    q.add_argument("--name")
    q.add_argument("--replace", action="store_true", help="help.peers.trust.replace")
    q.set_defaults(func=cmd_peers_trust)
    q = psub.add_parser("revoke", help="help.peers.revoke")
    q.add_argument("peer")
    q.set_defaults(func=cmd_peers_revoke)
    q = psub.add_parser("mode", help="help.peers.mode")
    q.add_argument("mode", nargs="?", choices=("tofu", "known-only"))
    q.set_defaults(func=cmd_peers_mode)
    q = psub.add_parser("me", help="help.peers.me")
    q.add_argument("--name")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_peers_me)

    p = sub.add_parser("packages", help="help.packages")
    p.add_argument("--peer")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_packages)


def cmd_export(args: argparse.Namespace) -> int:
    # 50 ms at every start otherwise (python -X importtime)
    from ntm_desktop.sync.package import export

    store = open_db(args)
    try:
        result = export.export_package(store, Path(args.out), full=args.full, peer=args.peer,
                                       district=args.district, communes=args.commune)
    finally:
        store.close()
    if args.json:
        emit(result.as_json())
    else:
        if result.kind == "changes" and result.records == 0 and result.tombstones == 0:
            print(t("pkgexp.nothing_new", peer=result.peer_name or t("pkgexp.anyone")))
        print(result.message())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ntm_desktop.sync import merge  # 12 ms at every start otherwise (python -X importtime)

    store = open_db(args)
    try:
        report = merge.import_package(store, Path(args.file), dry_run=args.dry_run, known_only=args.known_only)
    finally:
        store.close()
    if args.json:
        emit(report.as_json())
        return report.exit_code
    print(report.message())
    if report.already:
        return 0
    if report.trust == "first_use" and not report.dry_run:
        print(t("pkgimp.first_use", name=report.origin["name"], fingerprint=report.origin["fingerprint"]))
    for row in report.commune_rows():
        if row["new"] or row["updated"] or row["deleted"] or row["conflicts"]:
            print(t("cli.sync.commune_line", **row))
    if report.backup:
        print(t("pkgimp.backup", path=report.backup))
    if report.exit_code == 4:
        print(t("pkgimp.conflicts_hint", n=report.totals.conflicts))
    return report.exit_code


def _conflict_text(conflict: object) -> str:
    from ntm_desktop.sync.merge.conflicts import Conflict  # 7 ms at every start otherwise

    assert isinstance(conflict, Conflict)
    state = t("conf.open") if conflict.open else t(f"conf.res.{conflict.resolution}")
    return t("cli.sync.conflict_line", id=conflict.id, state=state, what=conflict.what,
             current=conflict.current.value, current_by=conflict.current.by or "?",
             current_at=conflict.current.at or "?",
             current_inst=conflict.current.installation_name, other=conflict.other.value,
             other_by=conflict.other.by or "?", other_at=conflict.other.at or "?",
             other_inst=conflict.other.installation_name)


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    from ntm_desktop.sync.merge import conflicts  # 7 ms at every start otherwise

    store = open_db(args)
    try:
        found = conflicts.list_conflicts(store, include_resolved=not args.open)
    finally:
        store.close()
    if args.json:
        emit([c.as_json() for c in found])
        return 0
    if not found:
        print(t("conf.none"))
    for conflict in found:
        print(_conflict_text(conflict))
    return 0


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    from ntm_desktop.sync.merge import conflicts  # 7 ms at every start otherwise

    store = open_db(args)
    try:
        conflict, _batch = conflicts.resolve(store, args.id, args.keep)
    finally:
        store.close()
    if args.json:
        emit(conflict.as_json())
    else:
        print(t("conf.resolved_kept" if args.keep == "current" else "conf.resolved_other", id=args.id))
    return 0


def cmd_peers_list(args: argparse.Namespace) -> int:
    from ntm_desktop.sync.trust import identity, peers  # 1.8 ms at every start otherwise

    store = open_db(args)
    try:
        found = peers.list_peers(store)
        me = {"installation": store.installation_id, "name": identity.name(store),
              "public_key": identity.public_key(store), "known_only": peers.known_only(store)}
    finally:
        store.close()
    if args.json:
        emit({"self": me, "peers": [p.as_json() for p in found]})
        return 0
    if not found:
        print(t("cli.sync.no_peers"))
    for peer in found:
        print(t("cli.sync.peer_line", name=peer.name, installation=peer.installation, fingerprint=peer.fingerprint,
                status=t(f"peer.status.{peer.status}"), how=t(f"peer.how.{peer.how}"), last=peer.last_seen or "—"))
    return 0


def cmd_peers_trust(args: argparse.Namespace) -> int:
    # 46 ms (reader) and 1.4 ms (peers) at every start otherwise (python -X importtime)
    from ntm_desktop.sync.package import reader
    from ntm_desktop.sync.trust import peers

    store = open_db(args)
    try:
        if args.package:
            with reader.open_package(Path(args.package)) as package:
                origin = package.origin
                peer = peers.trust(store, origin["installation"], args.name or origin["name"], origin["public_key"],
                                   replace=args.replace)
        elif args.installation and args.key:
            peer = peers.trust(store, args.installation, args.name or args.installation, args.key,
                               replace=args.replace)
        else:
            raise UsageError("cli.usage", message="PACKAGE | --installation ID --key KEY")
    finally:
        store.close()
    print(t("peer.trusted", name=peer.name, fingerprint=peer.fingerprint))
    return 0


def cmd_peers_revoke(args: argparse.Namespace) -> int:
    from ntm_desktop.sync.trust import peers  # 1.4 ms at every start otherwise

    store = open_db(args)
    try:
        peer = peers.revoke(store, args.peer)
    finally:
        store.close()
    print(t("peer.revoked", name=peer.name))
    return 0


def cmd_peers_mode(args: argparse.Namespace) -> int:
    from ntm_desktop.sync.trust import peers  # 1.4 ms at every start otherwise

    store = open_db(args)
    try:
        if args.mode:
            peers.set_known_only(store, args.mode == "known-only")
        known = peers.known_only(store)
    finally:
        store.close()
    print(t("peer.mode_known" if known else "peer.mode_tofu"))
    return 0


def cmd_peers_me(args: argparse.Namespace) -> int:
    from ntm_desktop.sync.trust import identity, peers  # 1.8 ms at every start otherwise

    store = open_db(args)
    try:
        if args.name:
            identity.rename(store, args.name)
        key = identity.ensure_keys(store)
        data = {"installation": store.installation_id, "name": identity.name(store), "public_key": key,
                "fingerprint": identity.fingerprint(key), "known_only": peers.known_only(store)}
    finally:
        store.close()
    if args.json:
        emit(data)
    else:
        print(t("cli.sync.me", name=data["name"], installation=data["installation"], fingerprint=data["fingerprint"],
                key=key, mode=t("peer.mode_known" if data["known_only"] else "peer.mode_tofu")))
    return 0


def cmd_packages(args: argparse.Namespace) -> int:
    from ntm_desktop.sync.trust import ledger, peers  # 3 ms at every start otherwise

    store = open_db(args)
    try:
        peer = peers.find(store, args.peer).installation if args.peer else None
        found = ledger.history(store, peer)
    finally:
        store.close()
    if args.json:
        emit([p.as_json() for p in found])
        return 0
    if not found:
        print(t("cli.sync.no_packages"))
    for record in found:
        summary = record.result if record.direction == "received" else record.counts
        print(t("cli.sync.package_line", when=record.processed_at, direction=t(f"dir.{record.direction}"),
                peer=record.peer_name or "—", kind=t(f"kind.{record.kind}"), file=record.file_name or "",
                summary=", ".join(f"{k} {v}" for k, v in (summary or {}).items() if v)))
    return 0
