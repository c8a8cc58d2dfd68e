"""The targets workbook (docs/planning.md): read it into targets, write it (a template holding
the targets already set), all checked before anything is written.

Sheet «Mục tiêu» (or the first sheet): ``Năm | Huyện | Tiêu chí | Số xã | Nghị quyết | Ghi chú``,
one row per criterion target; an empty ``Huyện`` (or ``Toàn tỉnh``) is the province. Sheet
«Mục tiêu của xã» (optional): ``Năm | Huyện | Xã | Mã xã | Mục tiêu | Tiêu chí | Nghị quyết |
Ghi chú``, one row per commune target (``Mục tiêu``: đạt chuẩn, nâng cao, kiểu mẫu, hiện đại,
tiêu chí). Importing sets every target the file names; importing it twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import backup
from ntm_desktop.store.database import Store
from ntm_desktop.targets import records, service
from ntm_desktop.targets.sheets import Cell, Table, find_sheet, read_table, sheet_names, write_book

SHEET = "Mục tiêu"
COMMUNE_SHEET = "Mục tiêu của xã"
_PROVINCE_WORDS = {text.fold(w) for w in ("", "toàn tỉnh", "tỉnh", "*")}
COLUMNS = {
    "year": ("Năm", "Năm mục tiêu", "Year"),
    "district": ("Huyện", "Huyện/TP", "Huyện, thành phố", "Phạm vi", "District"),
    "criterion": ("Tiêu chí", "Tiêu chí số", "TC", "Số TT tiêu chí", "Criterion"),
    "communes": ("Số xã", "Mục tiêu (số xã)", "Số xã đạt", "Mục tiêu", "Communes"),
    "decision": ("Nghị quyết", "Văn bản", "Decision"),
    "note": ("Ghi chú", "Note"),
}
COMMUNE_COLUMNS = {
    "year": ("Năm", "Năm mục tiêu", "Year"),
    "district": ("Huyện", "Huyện/TP", "District"),
    "commune": ("Xã", "Tên xã", "Commune"),
    "code": ("Mã xã", "Mã", "Code"),
    "kind": ("Mục tiêu", "Loại", "Kind"),
    "criterion": ("Tiêu chí", "Tiêu chí số", "Criterion"),
    "decision": ("Nghị quyết", "Văn bản", "Decision"),
    "note": ("Ghi chú", "Note"),
}
_KIND_WORDS = {
    "ntm": ("ntm", "đạt chuẩn", "đạt chuẩn ntm", "đạt chuẩn nông thôn mới", "nông thôn mới"),
    "nang-cao": ("nang-cao", "nâng cao", "ntm nâng cao", "đạt chuẩn nông thôn mới nâng cao"),
    "kieu-mau": ("kieu-mau", "kiểu mẫu", "ntm kiểu mẫu", "đạt chuẩn nông thôn mới kiểu mẫu"),
    "hien-dai": ("hien-dai", "hiện đại", "ntm hiện đại", "đạt chuẩn nông thôn mới hiện đại"),
    "criterion": ("criterion", "tiêu chí", "đạt tiêu chí"),
}
_KINDS = {text.fold(w): k for k, words in _KIND_WORDS.items() for w in words}


def _kind(raw: Any) -> str:
    found = _KINDS.get(text.fold(str(raw or "")))
    if found is None:
        raise InputRejected("target.unknown_kind", kind=text.clean(str(raw or "")),
                            kinds="đạt chuẩn, nâng cao, kiểu mẫu, hiện đại, tiêu chí")
    return found


def _optional(cell: Cell | None) -> str | None:
    return cell.text or None if cell is not None and not cell.blank else None


def _counts(store: Store, table: Table) -> list[service.Count]:
    out = []
    districts: dict[str, units.Unit | None] = {}
    for row in table.rows:
        with table.at(row["year"]):
            year = service.year_of(table.needed(row["year"]))
        with table.at(row["criterion"]):
            criterion = service.whole(table.needed(row["criterion"]), COLUMNS["criterion"][0])
        with table.at(row["communes"]):
            communes = service.whole(table.needed(row["communes"]), COLUMNS["communes"][0])
        district = None
        if "district" in row and text.fold(row["district"].text) not in _PROVINCE_WORDS:
            name = row["district"].text
            if name not in districts:
                with table.at(row["district"]):
                    districts[name] = units.resolve_district(store, name)
            district = districts[name]
        item = service.Count(year, criterion, communes, district, _optional(row.get("decision")),
                             _optional(row.get("note")))
        with table.at(row["communes"]):  # each row checked on its own, so that a refusal names its cell
            service.check_count(store, item, {})
        out.append(item)
    return out


def _communes(store: Store, table: Table) -> list[service.CommuneTarget]:
    out = []
    for row in table.rows:
        with table.at(row["year"]):
            year = service.year_of(table.needed(row["year"]))
        with table.at(row["kind"]):
            kind = _kind(table.needed(row["kind"]))
        on = f"{year}-12-31"
        code, name = row.get("code"), row.get("commune")
        if code is not None and not code.blank:
            with table.at(code):
                commune = units.resolve_code(store, code.text, on)
        elif name is not None and not name.blank:
            with table.at(name):
                commune = units.resolve_commune(store, name.text, _optional(row.get("district")), on=on)
        else:
            raise table.bad(name or row["year"], InputRejected("plan.empty_cell"))
        criterion = row.get("criterion")
        number = None
        if criterion is not None and not criterion.blank:
            with table.at(criterion):
                number = service.whole(criterion.value, COMMUNE_COLUMNS["criterion"][0])
        item = service.CommuneTarget(commune, kind, year, number, _optional(row.get("decision")),
                                     _optional(row.get("note")))
        with table.at(criterion if criterion is not None and not criterion.blank else row["kind"]):
            service.check_commune(store, item, {})
        out.append(item)
    return out


def read(store: Store, path: Path) -> tuple[list[service.Count], list[service.CommuneTarget]]:
    """The targets a workbook names, each checked; InputRejected naming the file, sheet and cell."""
    path = Path(path)
    names = sheet_names(path)
    first = find_sheet(names, (SHEET, "Muc tieu", "Targets")) or (names[0] if names else None)
    second = find_sheet(names, (COMMUNE_SHEET, "Muc tieu cua xa", "Commune targets"))
    counts: list[service.Count] = []
    if first is not None and first != second:
        counts = _counts(store, read_table(path, first, COLUMNS, ("year", "criterion", "communes")))
    communes = _communes(store, read_table(path, second, COMMUNE_COLUMNS, ("year", "kind"))) if second else []
    return counts, communes


def import_file(store: Store, path: Path, *, dry_run: bool = False) -> dict[str, Any]:
    """Read, check and (unless ``dry_run``) set the workbook's targets in one batch each;
    ``{file, targets, commune_targets, changed}`` (``changed``: records a real import writes)."""
    counts, communes = read(store, path)
    changed = _pending(store, counts, communes)
    if not dry_run and changed:
        backup.auto_backup(store, "import")  # DESIGN: an automatic backup before every import (after the checks)
        label = Path(path).name
        service.set_counts(store, counts, source="imported", label=label)
        service.set_communes(store, communes, source="imported", label=label)
    return {"file": str(path), "targets": len(counts), "commune_targets": len(communes), "changed": changed,
            "dry_run": dry_run}


def _pending(store: Store, counts: list[service.Count], communes: list[service.CommuneTarget]) -> int:
    n = 0
    for item in counts:
        held = records.state_of(store, nkey=records.nkey_of(item.scope.nkey if item.scope else None, "communes",
                                                             item.year, item.criterion))
        if held is None or held["deleted"] or (held["communes"], held["decision"], held["note"]) != (
                item.communes, item.decision, item.note):
            n += 1
    for target in communes:
        _nkey, state = service.check_commune(store, target, {})
        n += state is not None
    return n


def write(store: Store, out: Path) -> Path:
    """The workbook with every target set (a template when none is): imports back unchanged."""
    rows = service.listing(store)
    counts = [[r["year"], r["district"] or "Toàn tỉnh", r["criterion"], r["communes"], r["decision"] or "",
               r["note"] or ""] for r in rows if r["kind"] == "communes"]
    words = {"ntm": "Đạt chuẩn", "nang-cao": "Nâng cao", "kieu-mau": "Kiểu mẫu", "hien-dai": "Hiện đại",
             "criterion": "Tiêu chí"}
    communes = [[r["year"], r["district"] or "", r["commune"], r["code"] or "", words[r["kind"]],
                 r["criterion"] if r["criterion"] is not None else "", r["decision"] or "", r["note"] or ""]
                for r in rows if r["kind"] != "communes"]
    return write_book(Path(out), [
        (SHEET, "MỤC TIÊU THEO NGHỊ QUYẾT (số xã đạt từng tiêu chí)",
         [COLUMNS[k][0] for k in ("year", "district", "criterion", "communes", "decision", "note")], counts,
         [8, 22, 10, 10, 24, 30]),
        (COMMUNE_SHEET, "MỤC TIÊU CỦA TỪNG XÃ (năm đạt chuẩn, nâng cao, kiểu mẫu, tiêu chí)",
         [COMMUNE_COLUMNS[k][0] for k in ("year", "district", "commune", "code", "kind", "criterion", "decision",
                                          "note")], communes, [8, 20, 22, 10, 14, 10, 24, 30]),
    ])
