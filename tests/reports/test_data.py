"""The database the report tests share, and helpers to read PDFs back (pdftotext, pdffonts).

The data: the legacy 2019 table (Đăk Hà and Đăk Glei, 21 communes), a 2018 year for Đăk Hà
so that the reports compare with the previous year, and one commune of Đăk Tô whose
results come from two periods of 2019 (the counting rule takes each criterion's latest).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from ntm_desktop import assessments, criteria, summary, units
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store

TESTS = Path(__file__).resolve().parents[1]
SAMPLE = TESTS / "data" / "samples" / "legacy-table-2019.xlsx"
MIXED = ("Đăk Tô", "Diên Bình")  # results in 2019-Q2 and in the year 2019


def build_database(path: Path) -> Path:
    store = open_store(path)
    try:
        criteria.load_bundled(store)
        units.load_reference(store)
        preview = legacy_table.read_table(store, SAMPLE, 2019)
        legacy_table.apply(store, preview, 2019)
        batch = audit.new_batch("entered", "2018 figures for the report tests")
        for index, commune in enumerate(units.children(store, units.resolve_district(store, "Đăk Hà").id, "commune")):
            for number in range(1, 20):
                assessments.set_official(store, commune, Period(2018, "Y"), number, number <= 6 + index, batch=batch)
        commune = units.resolve_commune(store, MIXED[1], MIXED[0])
        assessments.set_official(store, commune, Period(2019, "Q", 2), 1, True, batch=batch)
        assessments.set_official(store, commune, Period(2019, "Q", 2), 3, True, batch=batch)
        assessments.set_official(store, commune, Period(2019, "Y"), 2, True, batch=batch)
        assessments.set_official(store, commune, Period(2019, "Y"), 3, False, batch=batch)
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def report_db_master(tmp_path_factory):
    return build_database(tmp_path_factory.mktemp("reports") / "master.sqlite3")


@pytest.fixture
def report_db(report_db_master, tmp_path):
    """A private copy of the shared database (tests may write to it)."""
    target = tmp_path / "reports.sqlite3"
    shutil.copyfile(report_db_master, target)
    return target


@pytest.fixture
def report_store(report_db):
    store = open_store(report_db)
    yield store
    store.close()


def flat(text: str) -> str:
    """Text as a person reads it: NFC, no-break spaces as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u2002", " ")
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first), "-l", str(last or first)]
    result = subprocess.run([*command, str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows: name, type and whether the font is embedded."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name, type (one or two words), encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def page_sizes(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def test_shared_database_holds_what_the_report_tests_expect(report_store):
    data = summary.summary(report_store, 2019)
    assert data["communes"] == 85
    assert data["by_district"]["Đăk Hà"]["communes"] - summary.summary(report_store, 2019, "Đăk Hà")["no_data"] == 10
    before = summary.summary(report_store, 2018, "Đăk Hà")
    assert before["no_data"] == 0 and before["per_criterion"]["1"] == 10
    mixed = summary.summary(report_store, 2019, MIXED[0])
    assert mixed["no_data"] == mixed["communes"] - 1


def test_pdf_tools_are_installed():
    for tool in ("pdftotext", "pdffonts", "pdfinfo"):
        assert shutil.which(tool), f"{tool} (poppler-utils) is needed by the report tests"
