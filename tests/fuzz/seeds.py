"""The valid seed files the fuzzer mutates, made by the program itself (so they follow its
formats as they change): a package from ``ntm export``, a template from ``ntm
export-template``, a criteria workbook from ``ntm criteria export``, a legacy table from
``ntm export-table`` and the two samples in tests/data/samples, a backup from ``ntm
backup``, and the database they came from. Kon Tum's reference units, a few values."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "data" / "samples"
YEAR = 2020
DISTRICT, COMMUNE = "Đăk Hà", "Hà Mòn"


@dataclass
class Seeds:
    folder: Path
    origin: Path  # the database that made the package (its key signs re-signed packages)
    target: Path  # the database the readers write into (a copy per case)
    package: Path
    template: Path
    criteria: Path
    tables: list[Path]
    backup: Path

    def of(self, reader: str) -> list[Path]:
        return {"package": [self.package], "template": [self.template], "criteria": [self.criteria],
                "table": self.tables, "backup": [self.backup], "database": [self.target]}[reader]


def _checkpoint(path: Path) -> None:
    """One self-contained file: the WAL folded in (the file stays in WAL mode, as the program keeps it)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)


def build(folder: Path) -> Seeds:
    """Write the seeds into ``folder`` (NTM_DATA_DIR must point somewhere private)."""
    import openpyxl

    from ntm_desktop import criteria, periods, units
    from ntm_desktop.criteria import workbook
    from ntm_desktop.excel import table_export, templates
    from ntm_desktop.store import backup
    from ntm_desktop.sync.package import export
    from tests.sync.test_support import make_store, set_official, set_value

    folder.mkdir(parents=True, exist_ok=True)
    origin = make_store(folder / "origin.sqlite3", "Huyện Đăk Hà")
    target = make_store(folder / "target.sqlite3", "Tỉnh Kon Tum")
    try:
        for store, value in ((origin, "80"), (target, "70")):
            set_value(store, DISTRICT, COMMUNE, "2.1", value, period=str(YEAR))
            set_value(store, DISTRICT, "Đăk Mar", "2.1", "75,5", period=str(YEAR), note="ghi chú")
            set_official(store, DISTRICT, COMMUNE, 1, True, period=str(YEAR))
        (folder / "usb").mkdir(exist_ok=True)
        package = export.export_package(origin, folder / "usb", full=True).path
        package = Path(shutil.move(package, folder / "seed.ntmpkg"))
        template = templates.export_template(
            target, [units.resolve_commune(target, COMMUNE, DISTRICT)], periods.Period(YEAR, "Y"),
            folder / "template.xlsx")
        book = openpyxl.load_workbook(template)
        sheet = next(ws for ws in book.worksheets if ws.title != templates.META_SHEET)
        for row in range(templates.FIRST_ROW, sheet.max_row + 1):
            if sheet.cell(row, templates.COLS["code"]).value in ("2.1", "3.1"):
                sheet.cell(row, templates.COLS["value"]).value = 66
                sheet.cell(row, templates.COLS["note"]).value = "mẫu"
        book.save(template)
        set_code = criteria.set_for_year(target, YEAR)
        criteria_book = workbook.export_set(target, set_code, folder / "criteria.xlsx")
        table = table_export.export_table(target, YEAR, folder / "table.xlsx", DISTRICT)
        saved = backup.backup_to(target, folder / "backup.sqlite3")
    finally:
        origin.close()
        target.close()
    tables = [table]
    for sample in sorted(SAMPLES.glob("legacy-table-*.xlsx")):
        tables.append(Path(shutil.copy(sample, folder / sample.name)))
    for path in (folder / "target.sqlite3", saved):
        _checkpoint(path)
    return Seeds(folder, folder / "origin.sqlite3", folder / "target.sqlite3", package, Path(template),
                 Path(criteria_book), tables, saved)


def private_data_dir(folder: Path) -> None:
    os.environ["NTM_DATA_DIR"] = str(folder / "data")
