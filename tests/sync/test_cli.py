"""The `ntm` commands of sync: export, import (exit 4 on conflicts), conflicts, peers, packages."""

from __future__ import annotations

import json
import time

import pytest

from ntm_desktop import cli
from tests.sync.test_support import set_value, whole


@pytest.fixture
def two(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    for path in (a, b):
        assert cli.main(["--db", str(path), "init"]) == 0
    (tmp_path / "usb").mkdir()
    return a, b, tmp_path / "usb"


def run(capsys, *args):
    capsys.readouterr()
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_import_json_and_conflict_exit_4(two, capsys):
    a, b, usb = two
    assert run(capsys, "--db", a, "peers", "me", "--name", "Phòng NN Đăk Hà – laptop 2")[0] == 0
    assert run(capsys, "--db", a, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn",
               "--indicator", "2.1", "--value", "80")[0] == 0
    code, out, err = run(capsys, "--db", a, "export", "--out", usb, "--json")
    assert code == 0 and err == ""
    exported = json.loads(out)
    assert exported["safe_to_remove"] and exported["records"]["indicator_value"] == 1
    name = exported["path"].rsplit("/", 1)[-1]
    assert name.startswith("ntm_phong-nn-dak-ha-laptop-2_") and name.endswith(".ntmpkg")
    assert ":" not in name and "+" not in name  # no time zone, FAT32-safe
    code, out, _ = run(capsys, "--db", b, "import", exported["path"], "--dry-run", "--json")
    dry = json.loads(out)
    assert code == 0 and dry["dry_run"] and dry["totals"]["new"] == 1
    assert dry["communes"][0]["commune"] == "Hà Mòn" and dry["communes"][0]["district"] == "Đăk Hà"
    assert dry["origin"]["name"] == "Phòng NN Đăk Hà – laptop 2" and dry["trust"] == "first_use"
    code, out, _ = run(capsys, "--db", b, "import", exported["path"])
    assert code == 0 and "mới 1" in out and "tin cậy" in out
    # both change the same value
    run(capsys, "--db", a, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn",
        "--indicator", "2.1", "--value", "70")
    time.sleep(0.005)
    run(capsys, "--db", b, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn",
        "--indicator", "2.1", "--value", "60", "--note", "đoàn kiểm tra")
    code, out, _ = run(capsys, "--db", b, "export", "--out", usb, "--json")
    package_b = json.loads(out)["path"]
    code, out, _ = run(capsys, "--db", a, "import", package_b, "--json")
    assert code == 4
    report = json.loads(out)
    assert report["totals"]["conflicts"] == 1
    (listed,) = report["conflicts"]
    assert listed["kept"]["value"].startswith("60") and listed["other"]["value"] == "70"
    code, out, _ = run(capsys, "--db", a, "conflicts", "list", "--json")
    (conflict,) = json.loads(out)
    assert code == 0 and not conflict["resolved"]
    assert conflict["current"]["state"]["value"] == "60" and conflict["other"]["state"]["value"] == "70"
    name = conflict["current"]["installation_name"]
    assert name == "NTM Desktop – " + name.split("– ", 1)[1]
    code, out, _ = run(capsys, "--db", a, "conflicts", "list")
    assert "hiện tại: 60 (đoàn kiểm tra)" in out and "giá trị kia: 70" in out
    code, out, _ = run(capsys, "--db", a, "conflicts", "resolve", str(conflict["id"]), "--keep", "other", "--json")
    assert code == 0 and json.loads(out)["resolution"] == "other"
    code, out, _ = run(capsys, "--db", a, "summary", "--year", "2020", "--json")
    assert code == 0
    code, out, err = run(capsys, "--db", a, "conflicts", "resolve", str(conflict["id"]), "--keep", "current")
    assert code == 3 and "đã được giải quyết" in err


def test_peers_commands(two, capsys):
    a, b, usb = two
    code, out, _ = run(capsys, "--db", a, "export", "--out", usb, "--json")
    package = json.loads(out)["path"]
    code, out, _ = run(capsys, "--db", b, "peers", "list")
    assert code == 0 and "Chưa biết máy nào" in out
    assert run(capsys, "--db", b, "peers", "mode", "known-only")[1].startswith("Chỉ nhận gói")
    before = whole(b)
    code, _, err = run(capsys, "--db", b, "import", package)
    assert code == 3 and "ntm peers trust" in err
    assert whole(b) == before
    code, out, _ = run(capsys, "--db", b, "peers", "trust", package)
    assert code == 0 and "Đã tin cậy" in out
    assert run(capsys, "--db", b, "import", package)[0] == 0
    code, out, _ = run(capsys, "--db", b, "peers", "list", "--json")
    listed = json.loads(out)
    assert listed["self"]["known_only"] is True
    (peer,) = listed["peers"]
    assert peer["how"] == "manual" and peer["status"] == "trusted" and peer["last_seen"]
    assert run(capsys, "--db", b, "peers", "revoke", peer["installation"][:8])[0] == 0
    code, out, _ = run(capsys, "--db", a, "export", "--out", usb, "--json")
    code, _, err = run(capsys, "--db", b, "import", json.loads(out)["path"])
    assert code == 3 and "thu hồi" in err
    code, out, _ = run(capsys, "--db", b, "peers", "me", "--json")
    me = json.loads(out)
    assert len(me["fingerprint"]) == 19 and me["public_key"]
    code, _, err = run(capsys, "--db", b, "peers", "trust", "--installation", "x" * 36, "--key", "not-a-key")
    assert code == 3 and "không hợp lệ" in err
    code, _, err = run(capsys, "--db", b, "peers", "revoke", "nobody")
    assert code == 3


def test_packages_history_and_scope_options(two, capsys):
    a, b, usb = two
    code, out, err = run(capsys, "--db", a, "export", "--out", usb, "--district", "Đăk Hà", "--commune", "Hà Mòn",
                         "--json")
    assert code == 0, err
    exported = json.loads(out)
    assert exported["records"]["unit"] == 3 and exported["scope"].startswith("1 xã")
    code, out, _ = run(capsys, "--db", a, "export", "--out", usb, "--district", "Đăk Hà", "--commune", "Hà Mòn")
    assert "Không có thay đổi mới" in out and "An toàn" not in out.split("\n")[0]
    assert run(capsys, "--db", b, "import", exported["path"])[0] == 0
    code, out, _ = run(capsys, "--db", a, "packages", "--json")
    sent = json.loads(out)
    assert [p["direction"] for p in sent] == ["sent", "sent"] and sent[0]["kind"] == "changes"
    code, out, _ = run(capsys, "--db", b, "packages")
    assert "nhận" in out
    code, _, err = run(capsys, "--db", a, "export", "--out", usb / "bad:name.ntmpkg")
    assert code == 2 and "FAT32" in err
    code, _, err = run(capsys, "--db", a, "export", "--out", usb, "--district", "Không Có")
    assert code == 3


def test_import_of_a_missing_file_and_help(two, capsys, tmp_path):
    a, _b, _usb = two
    code, _, err = run(capsys, "--db", a, "import", tmp_path / "nothing.ntmpkg")
    assert code == 3 and err.startswith("error: Không tìm thấy")
    code, out, _ = run(capsys, "--db", a, "conflicts", "list")
    assert code == 0 and "Không có xung đột" in out
    set_value  # noqa: B018  (helpers shared with the other sync tests)
