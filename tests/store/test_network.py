"""A database in a network folder is opened with a rollback journal, not WAL (issue 19
part 5): SQLite's WAL needs shared memory that network file systems do not give."""

import sqlite3
from pathlib import Path

from ntm_desktop.store import database, network

MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime 0 0
//server/phong\\040nong\\040thon /mnt/phong\\040nong\\040thon cifs rw,relatime,vers=3.1.1 0 0
server:/export /srv/ntm nfs4 rw,relatime 0 0
/dev/sdb1 /media/usb vfat rw,nosuid 0 0
"""


def test_the_mount_holding_a_folder_is_found():
    assert network.mount_type(Path("/mnt/phong nong thon/ntm"), MOUNTS) == "cifs"
    assert network.mount_type(Path("/srv/ntm"), MOUNTS) == "nfs4"
    assert network.mount_type(Path("/srv/ntm2"), MOUNTS) == "ext4"  # not inside /srv/ntm
    assert network.mount_type(Path("/media/usb/backups"), MOUNTS) == "vfat"
    assert network.mount_type(Path("/home/x"), MOUNTS) == "ext4"


def test_this_machines_temporary_folder_is_local(tmp_path):
    assert network.is_network_folder(tmp_path) is False


def _mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_a_database_in_a_network_folder_is_opened_without_wal(tmp_path, monkeypatch):
    path = tmp_path / "ntm.sqlite3"
    database.open_store(path).close()
    assert _mode(path) == "wal"
    monkeypatch.setattr(network, "is_network_folder", lambda folder: Path(folder) == tmp_path)
    store = database.open_store(path)
    try:
        assert store.network is True
        with store.large_transaction(), store.transaction():
            store.set_meta("x", "1")
        assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        store.close()
    assert _mode(path) == "delete"
    assert not Path(f"{path}-wal").exists()


def test_the_cli_says_so(tmp_path, monkeypatch, capsys):
    from ntm_desktop import cli

    path = tmp_path / "ntm.sqlite3"
    database.open_store(path).close()
    monkeypatch.setattr(network, "is_network_folder", lambda folder: True)
    assert cli.main(["--db", str(path), "--lang", "en", "peers", "me", "--json"]) == 0
    out, err = capsys.readouterr()
    assert "network folder" in err and "network" not in out
