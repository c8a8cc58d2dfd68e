"""The scorecard says what the set in force says: a 2026 commune on QĐ 51/2025 reads "10/10"
(never 19), a commune of 2020 keeps the 19-criterion bands. Window on a Kon Tum database of
both eras made by ``ntm init --province "Kon Tum"``, results entered through the core."""

import pytest

from ntm_desktop import assessments, text, units
from ntm_desktop.periods import parse as period
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store
from ntm_desktop.summary import communes_in_scope
from tests.cli.test_cli import ntm
from ui.app import prepare
from ui.main_window import MainWindow


def _enter(store, commune, year, met, count):
    batch = audit.new_batch("entered", f"test {commune.name} {year}")
    for number in range(1, count + 1):
        assessments.set_official(store, commune, period(str(year)), number, number in met, batch=batch)


@pytest.fixture
def eras_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "eras.sqlite3"
    assert ntm(db, "init", "--province", "Kon Tum").returncode == 0
    store = open_store(db)
    prepare(store)
    chosen = sorted(communes_in_scope(store, 2026), key=lambda c: text.sort_key(c["name"]))
    full, partial = (units.get(store, c["id"]) for c in chosen[:2])
    _enter(store, full, 2026, set(range(1, 11)), 10)
    _enter(store, partial, 2026, {1, 2, 3, 5, 8, 9, 10}, 10)
    old = units.resolve_commune(store, "Hà Mòn", "Đăk Hà", on="2020-12-31")
    _enter(store, old, 2020, set(range(1, 17)), 19)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win, full, partial, old
    store.close()


def test_a_2026_commune_reads_10_of_10(eras_window):
    win, full, partial, old = eras_window
    card = win.scorecard
    win.open_commune(full.id, 2026)
    assert card.model.card.criteria_set.code == "QG-2026-2030"
    assert card.count.text() == "10/10 tiêu chí"
    assert card.band.text() == "Đạt chuẩn 10/10 tiêu chí"
    assert card.model.rowCount() == 1  # one group of the ten criteria
    win.open_commune(partial.id, 2026)
    assert (card.count.text(), card.band.text()) == ("7/10 tiêu chí", "Đạt 7/10 tiêu chí")
    assert "19" not in card.count.text() + card.band.text()
    # 2020 on the 19-criterion set: its bands, as the reports write them
    win.open_commune(old.id, 2020)
    assert (card.count.text(), card.band.text()) == ("16/19 tiêu chí", "Đạt từ 15 đến 18 tiêu chí")
