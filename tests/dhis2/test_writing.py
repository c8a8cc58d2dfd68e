"""The data and metadata files are written together or not at all (issue 21 part 6, review
finding 5): exit 3 means nothing was written, and the message is in the program's language,
without the system's English error text."""

import os
from pathlib import Path

import pytest

from ntm_desktop.dhis2 import writing
from ntm_desktop.i18n import t
from tests.cli.test_cli import assert_error, ntm


def test_an_unwritable_metadata_file_leaves_no_data_file(dhis2_db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    out = tmp_path / "o" / "pair.json"
    result = ntm(dhis2_db, "export-dhis2", "--year", "2020", "--format", "json", "--out", str(out),
                 "--metadata", str(blocker / "m.json"))
    assert_error(result, 3)
    assert not out.exists() and not out.parent.exists()  # not even the folder made for it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "ntm.sqlite3"]
    assert t("dhis2.cannot_write", path=blocker / "m.json") in result.stderr
    assert os.strerror(20) not in result.stderr and "directory" not in result.stderr  # ENOTDIR's English text


def test_a_failed_second_rename_removes_the_first_file(tmp_path, monkeypatch):
    first, second = tmp_path / "data.json", tmp_path / "meta.json"
    real_replace = Path.replace

    def replace(self, target):
        if Path(target) == second:
            raise OSError(5, "I/O error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(writing.WriteFailed) as failed:
        writing.write_all([(first, b"data"), (second, b"meta")])
    assert failed.value.path == second and failed.value.error.errno == 5
    assert list(tmp_path.iterdir()) == []  # neither file, nor a temporary one


def test_a_failed_write_keeps_the_old_files(tmp_path):
    first = tmp_path / "data.json"
    first.write_bytes(b"old data")
    with pytest.raises(writing.WriteFailed) as failed:
        writing.write_all([(first, b"new data"), (first / "below-a-file" / "meta.json", b"meta")])
    assert failed.value.path == first / "below-a-file" / "meta.json"
    assert first.read_bytes() == b"old data"
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]


def test_both_files_are_written(tmp_path):
    targets = [(tmp_path / "new" / "deeper" / "data.csv", b"a,b\n"), (tmp_path / "meta.json", b"{}\n")]
    writing.write_all(targets)
    assert [(p.read_bytes()) for p, _c in targets] == [b"a,b\n", b"{}\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.json", "new"]



def test_one_list_of_formats_for_the_core_the_command_the_window_and_the_writers():
    from ntm_desktop import dhis2
    from ntm_desktop.cli import dhis2 as cli
    from ntm_desktop.dhis2.export import WRITERS
    from ui.reports import dhis2_dialog

    assert cli.FORMATS is dhis2.FORMATS and dhis2_dialog.FORMATS is dhis2.FORMATS
    assert dhis2_dialog.SUFFIXES is dhis2.SUFFIXES
    assert tuple(WRITERS) == dhis2.FORMATS == tuple(dhis2.SUFFIXES)
