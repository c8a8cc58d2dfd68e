"""A refusal quotes what it was given, never kilobytes of it (issue 19)."""

from pathlib import Path

from ntm_desktop.errors import QUOTED, InputRejected


def test_a_long_value_is_cut_in_the_message_and_kept_whole_in_params():
    hostile = "Xã " + "ạ" * 5000
    error = InputRejected("tpl.unknown_commune", path=Path("/tmp/a.xlsx"), sheet="Sheet1", commune=hostile)
    assert len(error.message) < QUOTED + 400
    assert hostile[:QUOTED] + "…" in error.message
    assert error.params["commune"] == hostile  # the caller's value itself is untouched
    short = InputRejected("tpl.unknown_commune", path=Path("/tmp/a.xlsx"), sheet="Sheet1", commune="Đăk Ui")
    assert "Đăk Ui" in short.message and "…" not in short.message
