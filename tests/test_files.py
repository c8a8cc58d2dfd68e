import pytest

from ntm_desktop.files import atomic_write


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "sub" / "report.xlsx"
    atomic_write(target, lambda p: p.write_bytes(b"first"))
    assert target.read_bytes() == b"first"

    def broken(path):
        path.write_bytes(b"half")
        raise OSError("stick pulled out")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["report.xlsx"]
