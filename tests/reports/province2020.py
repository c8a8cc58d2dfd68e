"""A 2020-like province table (figures of the shape of Kon Tum's published 2020 review): the 85
communes of the 10 district-level units, 19 criteria, written as a legacy criteria table and
imported as an office would.

Criterion 2 carries the published figures (DOMAIN.md, "How results are reported"): 57/85
communes, Sa Thầy 4/10, Tu Mơ Rông 4/11, Ia H'Drai 0/3, the seven others at or above the
province's share. The other criteria are invented, of the same shape: some with a district
between 50% and the province's share, one where the city lags.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from ntm_desktop import criteria, units
from ntm_desktop.excel import table_import
from ntm_desktop.store.database import open_store

REFERENCE = Path(__file__).resolve().parents[2] / "db" / "reference" / "kontum-units-2020.json"
YEAR = 2020
# the district-level units in the reference file's order, with their communes in the program
ORDER = ("Thành phố Kon Tum", "Đăk Hà", "Đăk Tô", "Sa Thầy", "Ngọc Hồi", "Kon Rẫy", "Đăk Glei", "Kon Plông",
         "Tu Mơ Rông", "Ia H'Drai")
SIZES = (11, 10, 8, 10, 7, 6, 11, 8, 11, 3)
ALL = SIZES
# criterion → communes meeting it, per district in ORDER
COUNTS: dict[int, tuple[int, ...]] = {
    1: ALL,
    2: (10, 7, 6, 4, 5, 5, 8, 8, 4, 0),  # published: 57/85; Sa Thầy 4/10, Tu Mơ Rông 4/11, Ia H'Drai 0/3
    3: ALL,
    4: (11, 10, 8, 9, 7, 6, 10, 8, 10, 3),
    5: (9, 6, 5, 3, 5, 3, 5, 4, 3, 1),
    6: (8, 8, 6, 5, 6, 4, 6, 5, 4, 1),
    7: (5, 9, 7, 8, 6, 5, 9, 7, 8, 2),
    8: ALL,
    9: (11, 8, 6, 6, 6, 5, 7, 6, 6, 1),
    10: (11, 7, 5, 4, 5, 4, 5, 4, 3, 0),
    11: (10, 6, 4, 3, 4, 3, 4, 3, 2, 0),
    12: ALL,
    13: (11, 10, 8, 9, 7, 6, 11, 8, 10, 2),
    14: (11, 9, 7, 8, 6, 5, 9, 6, 8, 2),
    15: (11, 10, 7, 8, 7, 6, 10, 7, 9, 2),
    16: (10, 8, 6, 6, 6, 5, 7, 5, 6, 1),
    17: (8, 6, 4, 3, 5, 3, 3, 3, 2, 0),
    18: (11, 9, 8, 8, 7, 6, 10, 7, 9, 2),
    19: ALL,
}


def communes() -> dict[str, list[str]]:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return {d["name"]: [c["name"] for c in d["communes"]] for d in data["districts"]}


def write_table(path: Path) -> Path:
    """The table as a district office keeps it: title rows, then STT | Huyện | Tên xã | TC1 … TC19."""
    wb = Workbook()
    ws = wb.active
    ws.append([f"KẾT QUẢ RÀ SOÁT THỰC HIỆN BỘ TIÊU CHÍ NÔNG THÔN MỚI NĂM {YEAR}"])
    ws.append([])
    ws.append(["STT", "Huyện", "Tên xã", *[f"TC{n}" for n in COUNTS], "Tổng số tiêu chí đạt"])
    names = communes()
    row_number = 0
    for index, district in enumerate(ORDER):
        members = names[district]
        assert len(members) == SIZES[index], district
        for position, commune in enumerate(members):
            # commune `position` meets criterion n when it is among the first COUNTS[n] after a shift by n,
            # so that the met criteria are spread over the communes
            marks = ["x" if (position + n) % len(members) < COUNTS[n][index] else None for n in COUNTS]
            row_number += 1
            ws.append([row_number, district, commune, *marks, sum(1 for m in marks if m)])
    wb.save(path)
    return path


def build(path: Path) -> Path:
    """A database holding the table's year (criteria sets, Kon Tum's units, the 85 communes' results)."""
    table = write_table(path.with_suffix(".xlsx"))
    store = open_store(path)
    try:
        criteria.load_bundled(store)
        units.load_reference(store)
        preview = table_import.read_table(store, table, YEAR)
        table_import.apply(store, preview, YEAR)
    finally:
        store.close()
    return path
