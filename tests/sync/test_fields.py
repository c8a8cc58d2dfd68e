"""Fields a package carries are checked before anything is written (issue 19 part 1): a
package its maker signed, with a date that does not exist or a manifest field of the
wrong type, is refused (exit 3) and the database file stays byte for byte as it was,
statistics (sqlite_stat1) included."""

from __future__ import annotations

import hashlib
import json

import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export
from ntm_desktop.sync.package import format as fmt
from tests.sync.test_refusals import resign
from tests.sync.test_support import make_store, set_value


@pytest.fixture
def made(tmp_path, monkeypatch):
    """(source store, target database path, package): the target closed, its bytes known."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    source = make_store(tmp_path / "source.sqlite3", "Huyện Đăk Hà")
    set_value(source, "Đăk Hà", "Hà Mòn", "2.1", "80")
    make_store(tmp_path / "target.sqlite3", "Tỉnh Kon Tum").close()
    (tmp_path / "usb").mkdir()
    package = export.export_package(source, tmp_path / "usb", full=True).path
    yield source, tmp_path / "target.sqlite3", package
    source.close()


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(target_path, package, key: str) -> InputRejected:
    before = _digest(target_path)
    store = open_store(target_path, create=False)
    try:
        with pytest.raises(InputRejected) as caught:
            merge.import_package(store, package)
    finally:
        store.close()
    assert caught.value.key == key, caught.value
    assert _digest(target_path) == before  # not even PRAGMA optimize's statistics
    return caught.value


def _add_row(member: str, values: dict[str, str]):
    def change(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        header = data.decode("utf-8").split("\n")[0].split(",")
        row = ",".join(values.get(column, "") for column in header)
        return data.rstrip(b"\n") + b"\n" + row.encode("utf-8") + b"\n"
    return change


def test_a_twinning_dated_30_february_is_refused(made, tmp_path):
    source, target, package = made
    row = {"nkey": "twinning:x", "hlc": "1796536293017-00000-c9e2dac4-8ca4-4af7-8466-fd555b7603eb", "logged": "1",
           "uuid": "01a249e8-5699-7fc4-b44b-fc93dbff1acb", "at": "2026-12-06T05:51:33Z", "date_from": "2026-02-30"}
    bad = resign(source, package, tmp_path / "twin.ntmpkg", change=_add_row("records/twinnings.csv", row))
    error = _refused(target, bad, "pkg.bad_content")
    assert "records/twinnings.csv" in error.message and "date_from" in error.message


def test_a_stamp_that_is_not_a_stamp_is_refused_after_rows_were_written(made, tmp_path):
    """The bad row comes last in the history member, read after the records were applied
    in the transaction: the rollback leaves the file as it was."""
    source, target, package = made

    def change(name: str, data: bytes) -> bytes:
        if name != fmt.HISTORY:
            return data
        lines = data.decode("utf-8").rstrip("\n").split("\n")
        cells = lines[-1].split(",")
        cells[5] = "NaN"  # hlc
        return ("\n".join([*lines, ",".join(cells)]) + "\n").encode("utf-8")

    bad = resign(source, package, tmp_path / "stamp.ntmpkg", change=change)
    assert "hlc" in _refused(target, bad, "pkg.bad_content").message


@pytest.mark.parametrize(("field", "value"), [
    ("created_at", "2026-13-45T99:00:00Z"), ("schema", 1.5), ("scope", {"a": json.loads("[" * 12 + "]" * 12)}),
    ("counts", {"units": -1}), ("acks", "x"), ("package_id", "../../x"),
])
def test_manifest_fields_of_the_wrong_type_or_shape(made, tmp_path, field, value):
    source, target, package = made
    bad = resign(source, package, tmp_path / "manifest.ntmpkg", manifest_change=lambda m: m.update({field: value}))
    assert field in _refused(target, bad, "pkg.bad_manifest").message


def test_member_rows_must_be_a_count(made, tmp_path):
    source, target, package = made
    bad = resign(source, package, tmp_path / "rows.ntmpkg",
                 manifest_change=lambda m: m["members"]["records/units.csv"].update(rows="many"))
    assert "rows" in _refused(target, bad, "pkg.bad_manifest").message


def test_a_value_good_in_one_column_is_checked_again_in_another():
    """The checker remembers good values per column: «2.1», a good indicator key, is no stamp in
    ``seen`` (a fuzzer find: the cache was shared between columns)."""
    from pathlib import Path

    from ntm_desktop.errors import InputRejected
    from ntm_desktop.sync.package import fields

    check = fields.row_checker(Path("x.ntmpkg"), "records/indicator_values.csv", ["indicator", "seen"])
    check(2, ["2.1", ""])
    try:
        check(3, ["2.1", "2.1"])
    except InputRejected as refused:
        assert refused.key == "pkg.bad_content" and refused.params["row"] == 3
    else:
        raise AssertionError("«2.1» was taken for a stamp")
