"""File → Xuất sang DHIS2… (issue 21 part 6): the dialog writes, through the same core as
``ntm export-dhis2``, files whose met counts equal the summary, and says in Vietnamese why it
writes nothing when it cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from ntm_desktop import assessments, summary, units
from ntm_desktop.dhis2 import FORMATS, SUFFIXES
from ntm_desktop.dhis2 import export as core
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from tests.dhis2.formats import read_adx
from ui.reports.dhis2_dialog import Dhis2Dialog, export_dhis2


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def dialog(window, qtbot):
    batch = audit.new_batch("entered", "DHIS2 dialog test")
    for commune, numbers in (("Hà Mòn", range(1, 20)), ("Đăk Mar", (1, 2, 17))):
        unit = units.resolve_commune(window.store, commune, "Đăk Hà")
        for number in numbers:
            assessments.set_official(window.store, unit, Period(2020, "Y"), number, True, batch=batch)
    found = export_dhis2(window)
    qtbot.addWidget(found)
    found.year.setValue(2020)
    return found


def test_the_menu_opens_the_dialog_in_vietnamese(window, qtbot):
    action = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "Xuất sang &DHIS2…")
    action.trigger()
    qtbot.wait(20)
    opened = [w for w in window.findChildren(Dhis2Dialog) if w.isVisible()]
    assert len(opened) == 1
    assert opened[0].windowTitle() == "Xuất sang DHIS2"
    assert opened[0].period.itemText(0).startswith("Năm")
    opened[0].reject()


def test_export_writes_adx_and_metadata_counted_as_the_summary(dialog, tmp_path, warnings):
    dialog.format.setCurrentIndex(dialog.format.findData("adx"))
    assert Path(dialog.file.text()).name == "dhis2-2020.xml"  # a name that says what the file holds
    dialog.file.setText(str(tmp_path / "kontum-2020.xml"))
    dialog.with_metadata.setChecked(True)
    dialog.metadata.setText(str(tmp_path / "metadata.json"))
    done = dialog.export()
    assert warnings == [] and done is not None
    rows = read_adx(tmp_path / "kontum-2020.xml")
    expected = summary.summary(dialog.store, 2020)["per_criterion"]
    assert expected["1"] == 2 and expected["3"] == 1
    met = {n: sum(1 for e, _p, _u, v in rows if e == f"QG-2016-2020_TC{int(n):02d}" and v == "true") for n in expected}
    assert met == expected
    assert len({u for _e, _p, u, _v in rows}) == 2 == done.communes  # the two communes assessed
    assert done.left_out == 83
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert meta["dataSets"][0]["periodType"] == "Yearly"
    assert len(meta["dataSets"][0]["organisationUnits"]) == 85
    assert "2 xã" in dialog.result_label.text()
    assert t("dhis2.left_out", count=83, period="2020") in dialog.result_label.text()


def test_a_quarter_goes_in_its_own_period(dialog, tmp_path, warnings):
    unit = units.resolve_commune(dialog.store, "Hà Mòn", "Đăk Hà")  # the year's results count from its end only
    assessments.set_official(dialog.store, unit, Period(2020, "Q", 3), 4, True,
                             batch=audit.new_batch("entered", "DHIS2 dialog test"))
    dialog.period.setCurrentIndex(dialog.period.findData("2020-Q3"))
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    assert Path(dialog.file.text()).name == "dhis2-2020-Q3.json"
    dialog.file.setText(str(tmp_path / "q3.json"))
    assert dialog.export() is not None
    data = json.loads((tmp_path / "q3.json").read_text(encoding="utf-8"))
    assert data["period"] == "2020Q3" and data["dataSet"].endswith("_Quarterly")
    assert {(v["orgUnit"], v["dataElement"]) for v in data["dataValues"] if v["value"] == "true"} == {
        ("23521", "QG-2016-2020_TC04")}


def test_refusals_are_explained_and_write_nothing(dialog, tmp_path, warnings):
    dialog.file.setText("")
    assert dialog.export() is None
    assert warnings[-1] == "Hãy chọn tệp để ghi."
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    dialog.file.setText(str(blocker / "out.json"))
    assert dialog.export() is None
    assert warnings[-1] == t("dhis2.cannot_write", path=blocker / "out.json")  # no English system text
    same = tmp_path / "same.json"
    dialog.file.setText(str(same))
    dialog.with_metadata.setChecked(True)
    dialog.metadata.setText(str(same))
    assert dialog.export() is None
    assert "phải khác nhau" in warnings[-1]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(("ui.sqlite3", "data"))) == ["a-file"]


def test_a_period_without_results_is_refused(dialog, tmp_path, warnings):
    dialog.year.setValue(2021)
    dialog.file.setText(str(tmp_path / "2021.json"))
    assert dialog.export() is None
    assert warnings == [t("dhis2.no_data", period="2021", communes=85)]
    assert not (tmp_path / "2021.json").exists()


def test_the_wait_cursor_goes_whatever_the_export_raises(dialog, tmp_path, monkeypatch):
    def broken(*_args, **_kw):
        raise RuntimeError("a bug")

    monkeypatch.setattr(core, "export", broken)
    dialog.file.setText(str(tmp_path / "x.json"))
    with pytest.raises(RuntimeError):
        dialog.export()
    assert QApplication.overrideCursor() is None


def test_formats_and_suffixes_are_the_cores(dialog):
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == list(FORMATS)
    for fmt in FORMATS:
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        assert Path(dialog.file.text()).name == f"dhis2-2020{SUFFIXES[fmt]}"
