"""``ntm settings set KEY VALUE`` / ``ntm settings list [--json]`` (CONTRACT §1; issue 21 part 1,
issue 20 part 8): public names, the user's name kept per installation and shown in the history,
the working office, refusals that change nothing."""

from __future__ import annotations

import json
import subprocess

import pytest

from ntm_desktop import paths
from ntm_desktop.errors import InputRejected
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.store import who
from ntm_desktop.store.database import open_store
from tests.cli.conftest import as_json
from tests.cli.test_cli import ntm, sha256


@pytest.fixture
def kontum(tmp_path, monkeypatch):
    """A database from ``ntm init``, and a data folder of its own (where the user's name is kept)."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv(who.ENV, raising=False)
    db = tmp_path / "ntm.sqlite3"
    assert ntm(db, "init").returncode == 0
    return db


def test_set_and_list_under_the_public_names(kontum):
    for key, value in (("issuer", "ỦY BAN NHÂN DÂN\\nHUYỆN ĐĂK HÀ"), ("issuer_parent", ""), ("place", "Đăk Hà"),
                       ("signer_title", "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"), ("signer_name", "Nguyễn Văn A")):
        result = ntm(kontum, "settings", "set", key, value)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Đã lưu {key} = ")
    listed = as_json(ntm(kontum, "settings", "list", "--json"))
    assert listed["issuer"] == "ỦY BAN NHÂN DÂN\nHUYỆN ĐĂK HÀ" and listed["issuer_parent"] == ""
    assert listed["signer_title"] == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" and listed["signer_name"] == "Nguyễn Văn A"
    assert listed["place"] == "Đăk Hà" and listed["low_rule"] == "province" and listed["office"] == "Kon Tum"
    assert {"user_name", "number", "symbol", "recipients", "low_share", "low_margin"} <= set(listed)
    text = ntm(kontum, "settings", "list")
    assert "signer_title = KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH" in text.stdout  # one line, as typed for set


def test_refusals_change_nothing(kontum):
    before = sha256(kontum)
    unknown = ntm(kontum, "settings", "set", "colour", "blue")
    assert unknown.returncode == 3 and unknown.stderr.startswith("error:") and "signer_name" in unknown.stderr
    assert "Không có thiết lập «colour»" in unknown.stderr  # docs/cli.md: a bad key or value exits 3
    for key, value in (("low_share", "nhiều"), ("low_rule", "lowest"), ("office", "Atlantis")):
        refused = ntm(kontum, "settings", "set", key, value)
        assert refused.returncode == 3 and refused.stderr.startswith("error:"), (key, refused.stderr)
    assert sha256(kontum) == before


def test_the_user_name_is_kept_per_installation_and_shown_in_history(kontum, tmp_path):
    result = ntm(kontum, "settings", "set", "user_name", "Trần Thị B")
    assert result.returncode == 0, result.stderr
    kept = json.loads((tmp_path / "data" / who.FILE_NAME).read_text(encoding="utf-8"))
    assert kept == {"user_name": "Trần Thị B"}
    other = tmp_path / "other.sqlite3"  # another database on the same installation: the same person
    assert ntm(other, "init", "--units", "none").returncode == 0
    assert as_json(ntm(other, "settings", "list", "--json"))["user_name"] == "Trần Thị B"
    assert ntm(kontum, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn", "--criterion", "1",
               "--met", "yes").returncode == 0
    store = open_store(kontum)
    try:
        who_row = store.query("SELECT user FROM changes WHERE entity = 'criterion_result' ORDER BY rowid DESC")[0]
    finally:
        store.close()
    assert who_row["user"] == "Trần Thị B"
    assert ntm(kontum, "settings", "set", "user_name", " ").returncode == 3


def test_the_environment_names_the_user_for_scripts(kontum, monkeypatch):
    monkeypatch.setenv(who.ENV, "Bot của tỉnh")
    assert who.current() == "Bot của tỉnh"
    assert as_json(ntm(kontum, "settings", "list", "--json"))["user_name"] == "Bot của tỉnh"
    monkeypatch.delenv(who.ENV)
    assert who.stored_name() is None and who.current() == who.login_name()


def test_the_office_can_be_changed_after_the_first_start(kontum):
    assert ntm(kontum, "settings", "set", "office", "Sa Thầy").returncode == 0
    listed = as_json(ntm(kontum, "settings", "list", "--json"))
    assert listed["office"] == "Sa Thầy" and listed["issuer"] == "ỦY BAN NHÂN DÂN\nHUYỆN SA THẦY"
    assert ntm(kontum, "settings", "set", "office", "Kon Tum").returncode == 0  # the province, not the city
    assert as_json(ntm(kontum, "settings", "list", "--json"))["issuer"] == "ỦY BAN NHÂN DÂN\nTỈNH KON TUM"
    assert ntm(kontum, "settings", "set", "office", "Thành phố Kon Tum").returncode == 0
    assert as_json(ntm(kontum, "settings", "list", "--json"))["place"] == "Kon Tum"


def test_an_issuer_equal_to_the_default_is_kept_and_an_ended_district_refused(kontum_eras_copy):
    """Findings 7 and 8: in a database of both eras Kon Tum's districts ended on 30/06/2025."""
    assert ntm(kontum_eras_copy, "settings", "set", "office", "Kon Tum").returncode == 0
    before = sha256(kontum_eras_copy)
    refused = ntm(kontum_eras_copy, "settings", "set", "office", "Đăk Hà")
    assert refused.returncode == 3 and "30/06/2025" in refused.stderr, refused.stderr
    assert sha256(kontum_eras_copy) == before
    store = open_store(kontum_eras_copy)
    try:
        office = report_settings.office_unit(store)
        head = "\\n".join(report_settings.defaults(store).issuer)
    finally:
        store.close()
    assert office is not None and office.valid_to is None
    saved = ntm(kontum_eras_copy, "settings", "set", "issuer", head)  # the office's own default, set by hand
    assert saved.returncode == 0 and saved.stdout.startswith("Đã lưu issuer")
    store = open_store(kontum_eras_copy)
    try:
        assert json.loads(store.meta(report_settings.META_KEY))["issuer"] == head.split("\\n")
    finally:
        store.close()


def test_a_district_report_after_settings_set_carries_its_letterhead_and_signer(kontum, tmp_path):
    """Issue 21 "done when": ``ntm settings set`` then a district report: that district's People's
    Committee in the header, the signer's name under the signature, no number on page 1."""
    assert ntm(kontum, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn", "--criterion", "1",
               "--met", "yes").returncode == 0
    assert ntm(kontum, "settings", "set", "signer_name", "Nguyễn Văn A").returncode == 0
    store = open_store(kontum)
    try:
        from ntm_desktop import reports

        figures = reports.build(store, "district", 2020, district="Đăk Hà")
        chosen = report_settings.for_figures(store, figures)
    finally:
        store.close()
    assert chosen.issuer == ("ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ") and chosen.signer_name == "Nguyễn Văn A"
    out = tmp_path / "huyen.pdf"
    result = ntm(kontum, "report", "district", "--year", "2020", "--district", "Đăk Hà", "--format", "pdf",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    first = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                                    text=True, check=True).stdout.split())
    every = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert "Nguyễn Văn A" in every
    assert "HUYỆN ĐĂK HÀ" in first and "Đăk Hà, ngày" in first


def test_a_name_that_cannot_be_kept_is_refused(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("NTM_DATA_DIR", str(blocker))  # the data folder is a file: nothing can be written in it
    monkeypatch.delenv(who.ENV, raising=False)
    with pytest.raises(InputRejected) as refused:
        who.save_name("Nguyễn Văn A")
    assert refused.value.exit_code == 3 and who.stored_name() is None


def test_the_name_is_looked_for_where_the_data_folder_is(monkeypatch, tmp_path):
    """Without $NTM_DATA_DIR and portable mode, who.py finds the per-user folder itself (no
    platformdirs import at every command): the same folder as paths.data_dir()."""
    monkeypatch.delenv("NTM_DATA_DIR")
    for xdg in (None, str(tmp_path / "xdg")):
        if xdg is None:
            monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_DATA_HOME", xdg)
        assert who.user_file() == paths.data_dir() / who.FILE_NAME
