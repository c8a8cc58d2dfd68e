"""Packages that must be refused (exit 3, a clear Vietnamese message) with the database unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export
from ntm_desktop.sync.package import format as fmt
from ntm_desktop.sync.trust import identity, peers
from tests.sync.test_support import make_store, manifest_of, rezip, set_value, whole

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pair(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    source = make_store(tmp_path / "source.sqlite3", "Huyện Đăk Hà")
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh Kon Tum")
    set_value(source, "Đăk Hà", "Hà Mòn", "2.1", "80")
    set_value(source, "Đăk Hà", "Đăk Mar", "2.1", "75,5")
    (tmp_path / "usb").mkdir()
    package = export.export_package(source, tmp_path / "usb").path
    yield source, target, package
    source.close()
    target.close()


def resign(store, package: Path, target: Path, change=None, manifest_change=None, drop: tuple = ()) -> Path:
    """Edit members, then fix the manifest and sign it with the origin's own key: a
    package its maker could have written (to test what comes after the signature)."""
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if name in (fmt.MANIFEST, fmt.SIGNATURE) or name in drop:
                continue
            data = archive.read(name)
            members[name] = change(name, data) if change else data
        manifest = json.loads(archive.read(fmt.MANIFEST))
    manifest["members"] = {k: v for k, v in manifest["members"].items() if k in members}
    for name, data in members.items():
        manifest["members"][name]["sha256"] = hashlib.sha256(data).hexdigest()
        manifest["members"][name]["size"] = len(data)
    if manifest_change:
        manifest_change(manifest)
    raw = fmt.manifest_bytes(manifest)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(fmt.MANIFEST, raw)
        archive.writestr(fmt.SIGNATURE, identity.sign(store, raw))
    return target


def refused(target, path: Path, key: str, **options) -> InputRejected:
    before = whole(target)
    with pytest.raises(InputRejected) as caught:
        merge.import_package(target, path, **options)
    assert caught.value.key == key, caught.value
    assert caught.value.exit_code == 3
    assert whole(target) == before
    return caught.value


def _edit_value(name: str, data: bytes) -> bytes:
    return data.replace(b",80,", b",99,") if name == "records/indicator_values.csv" else data


def test_tampered_member(pair, tmp_path):
    _source, target, package = pair
    bad = rezip(package, tmp_path / "tampered.ntmpkg", change=_edit_value)
    error = refused(target, bad, "pkg.tampered")
    assert "records/indicator_values.csv" in error.message and "SHA-256" in error.message


def test_edited_then_rezipped_with_new_hashes(pair, tmp_path):
    _source, target, package = pair

    def change(name, data):
        if name == fmt.MANIFEST:
            manifest = json.loads(data)
            member = "records/indicator_values.csv"
            edited = _edit_value(member, zipfile.ZipFile(package).read(member))
            manifest["members"]["records/indicator_values.csv"]["sha256"] = hashlib.sha256(edited).hexdigest()
            return fmt.manifest_bytes(manifest)
        return _edit_value(name, data)

    bad = rezip(package, tmp_path / "edited.ntmpkg", change=change)
    error = refused(target, bad, "pkg.bad_signature")
    assert "chữ ký" in error.message.lower()


def test_truncated(pair, tmp_path):
    _source, target, package = pair
    data = package.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        bad = tmp_path / f"cut{cut}.ntmpkg"
        bad.write_bytes(data[:cut])
        error = refused(target, bad, "pkg.damaged")
        assert "cắt cụt" in error.message


def test_zip_slip_and_absolute_paths(pair, tmp_path):
    _source, target, package = pair
    for evil in ("../../evil.csv", "records/../../evil.csv", "/etc/evil.csv", "C:/evil.csv", "a\\..\\evil.csv"):
        bad = rezip(package, tmp_path / "slip.ntmpkg", extra={evil: b"x"})
        refused(target, bad, "pkg.unsafe")
    assert not (tmp_path.parent / "evil.csv").exists()


def test_random_bytes_and_empty_and_other_formats(pair, tmp_path):
    _source, target, _package = pair
    random_file = tmp_path / "random.ntmpkg"
    random_file.write_bytes(os.urandom(5000))
    refused(target, random_file, "pkg.not_package")
    empty = tmp_path / "empty.ntmpkg"
    empty.write_bytes(b"")
    refused(target, empty, "pkg.empty")
    text = tmp_path / "notes.ntmpkg"
    text.write_text("xin chào", encoding="utf-8")
    assert "văn bản" in refused(target, text, "pkg.not_package").message
    other_zip = tmp_path / "other.ntmpkg"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hello")
    refused(target, other_zip, "pkg.not_package")
    refused(target, tmp_path / "missing.ntmpkg", "pkg.missing")


def test_newer_format_asks_to_update(pair, tmp_path):
    source, target, package = pair
    newer = resign(source, package, tmp_path / "newer.ntmpkg",
                   manifest_change=lambda m: m.update(format_version=fmt.FORMAT_VERSION + 1))
    error = refused(target, newer, "pkg.newer_format")
    assert "Hãy cập nhật chương trình" in error.message


def test_unknown_entity_asks_to_update(pair, tmp_path):
    source, target, package = pair

    def change(manifest):
        manifest["members"]["records/wormholes.csv"] = {"sha256": hashlib.sha256(b"a\n").hexdigest(), "size": 2,
                                                      "rows": 0, "entity": "wormhole"}

    newer = resign(source, package, tmp_path / "entity.ntmpkg", manifest_change=change)
    with zipfile.ZipFile(newer, "a") as archive:
        archive.writestr("records/wormholes.csv", b"a\n")
    assert "cập nhật chương trình" in refused(target, newer, "pkg.unknown_entity").message


def test_extra_member_not_in_manifest(pair, tmp_path):
    _source, target, package = pair
    refused(target, rezip(package, tmp_path / "extra.ntmpkg", extra={"records/more.csv": b"x"}), "pkg.tampered")


def test_compression_bomb(pair, tmp_path):
    _source, target, package = pair
    bomb = rezip(package, tmp_path / "bomb.ntmpkg", extra={"records/bomb.csv": b"\0" * 30_000_000})
    refused(target, bomb, "pkg.too_big")


def test_signed_by_another_key(pair, tmp_path):
    source, target, package = pair
    merge.import_package(target, package)  # the target now remembers the source's key
    impostor = make_store(tmp_path / "impostor.sqlite3", "Kẻ giả mạo")
    try:
        fake = resign(impostor, package, tmp_path / "fake.ntmpkg",
                      manifest_change=lambda m: m["origin"].update(public_key=identity.ensure_keys(impostor)))
        assert manifest_of(fake)["origin"]["installation"] == source.installation_id
        error = refused(target, fake, "pkg.key_mismatch")
        assert "khóa khác" in error.message
    finally:
        impostor.close()


def test_known_only_then_trust_then_revoke(pair, tmp_path):
    source, target, package = pair
    peers.set_known_only(target, True)
    refused(target, package, "pkg.unknown_origin")
    with merge_reader(package) as opened:
        origin = opened.origin
    peers.trust(target, origin["installation"], origin["name"], origin["public_key"])
    assert merge.import_package(target, package).totals.new == 2
    peers.revoke(target, "Huyện Đăk Hà")
    second = export.export_package(source, tmp_path / "usb")
    refused(target, second.path, "pkg.revoked")


def merge_reader(path):
    from ntm_desktop.sync.package import reader

    return reader.open_package(path)


def test_known_only_per_import(pair):
    _source, target, package = pair
    refused(target, package, "pkg.unknown_origin", known_only=True)


def test_own_package(pair):
    source, _target, package = pair
    refused(source, package, "pkg.own")


def test_missing_reference_and_bad_content(pair, tmp_path):
    source, target, package = pair
    without_units = resign(source, package, tmp_path / "nounits.ntmpkg", drop=("records/units.csv",))
    with target.transaction():
        target.db.execute("UPDATE units SET nkey = 'renamed'"
                          " WHERE nkey = (SELECT nkey FROM units WHERE name = 'Hà Mòn')")
    error = refused(target, without_units, "pkg.missing_ref")
    assert "--full" in error.message
    with target.transaction():
        target.db.execute("UPDATE units SET nkey = 'commune:23521' WHERE nkey = 'renamed'")

    def bad_value(name, data):
        return data.replace(b",80,", b",abc,") if name.endswith("indicator_values.csv") else data

    refused(target, resign(source, package, tmp_path / "badvalue.ntmpkg", change=bad_value), "pkg.bad_content")

    def bad_header(name, data):
        return data.replace(b"commune,period", b"xa,period", 1) if name.endswith("indicator_values.csv") else data

    refused(target, resign(source, package, tmp_path / "badheader.ntmpkg", change=bad_header), "pkg.bad_content")


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "ntm_desktop", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_cli_exit_3_with_vietnamese_message(pair, tmp_path):
    _source, target, package = pair
    target_path = target.path
    target.close()
    env = {**os.environ, "NTM_DATA_DIR": str(tmp_path / "data")}
    before = whole(target_path)
    cases = {
        "tampered": rezip(package, tmp_path / "t.ntmpkg", change=_edit_value),
        "truncated": tmp_path / "cut.ntmpkg",
        "random": tmp_path / "r.ntmpkg",
    }
    cases["truncated"].write_bytes(package.read_bytes()[:500])
    cases["random"].write_bytes(os.urandom(999))
    for name, path in cases.items():
        done = _cli("--db", str(target_path), "import", str(path), env=env)
        assert done.returncode == 3, (name, done.stderr)
        assert done.stderr.startswith("error: ") and "từ chối" in done.stderr, done.stderr
        assert done.stdout == ""
    english = _cli("--db", str(target_path), "--lang", "en", "import", str(cases["tampered"]), env=env)
    assert english.returncode == 3 and "refused and nothing changed" in english.stderr
    assert whole(target_path) == before
    target.db.conn = None  # closed above; the fixture's close must not fail
    target.close = lambda: None


def test_a_demo_package_is_refused_by_a_real_database(pair, tmp_path):
    """Issue 19 part 6: a package made from the DEMO dataset says so, and a real database refuses it
    (exit 3, nothing changed); a demo database takes it; a non-boolean mark is a bad manifest."""
    source, target, package = pair
    assert manifest_of(package)["demo"] is False
    with source.transaction():
        source.set_meta("demo", "1")
    demo_package = export.export_package(source, tmp_path / "usb").path
    assert manifest_of(demo_package)["demo"] is True
    error = refused(target, demo_package, "pkg.demo_into_real")
    assert "DEMO" in str(error) and demo_package.name in str(error)
    with target.transaction():
        target.set_meta("demo", "1")
    assert merge.import_package(target, demo_package).exit_code == 0
    odd = resign(source, package, tmp_path / "odd.ntmpkg", manifest_change=lambda m: m.update(demo="yes"))
    refused(target, odd, "pkg.bad_manifest")
