"""The funding workbook (docs/planning.md): read it into figures, write it (a template holding
the figures already recorded), all checked before anything is written.

Sheet «Nguồn vốn» (or the first sheet): ``Năm | Huyện | Xã | Mã xã | Nguồn vốn | Cấp | Loại |
Số tiền (triệu đồng) | Ghi chú``, one row per figure. No district and no commune: the province;
a district alone: the district; a commune (by name, or by code): the commune. ``Nguồn vốn`` is a
code (``central``) or a label (``Ngân sách trung ương``); ``Cấp`` only for the local budget;
``Loại`` ``Kế hoạch`` or ``Giải ngân`` (empty: giải ngân). An import replaces the entries of the
same year, unit, source, level and kind: importing it twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.funding import records, service
from ntm_desktop.i18n import t
from ntm_desktop.store import backup
from ntm_desktop.store.database import Store
from ntm_desktop.targets.sheets import Cell, Table, find_sheet, read_table, sheet_names, write_book

SHEET = "Nguồn vốn"
COLUMNS = {
    "year": ("Năm", "Year"),
    "district": ("Huyện", "Huyện/TP", "District"),
    "commune": ("Xã", "Tên xã", "Commune"),
    "code": ("Mã xã", "Code"),
    "source": ("Nguồn vốn", "Nguồn", "Source"),
    "level": ("Cấp", "Cấp ngân sách", "Level"),
    "kind": ("Loại", "Kế hoạch/Giải ngân", "Kind"),
    "amount": ("Số tiền (triệu đồng)", "Số tiền", "Triệu đồng", "Amount (million VND)", "Amount"),
    "note": ("Ghi chú", "Note"),
}


def _text(cell: Cell | None) -> str | None:
    return cell.text or None if cell is not None and not cell.blank else None


def _unit(store: Store, table: Table, row: dict[str, Cell], year: int,
          cache: dict[tuple[Any, ...], units.Unit | None]) -> units.Unit | None:
    on = f"{year}-12-31"
    code, commune, district = row.get("code"), row.get("commune"), row.get("district")
    if code is not None and not code.blank:
        key: tuple[Any, ...] = ("code", code.text, on)
        if key not in cache:
            with table.at(code):
                cache[key] = units.resolve_code(store, code.text, on)
        return cache[key]
    if commune is not None and not commune.blank:
        key = ("commune", commune.text, _text(district), on)
        if key not in cache:
            with table.at(commune):
                cache[key] = units.resolve_commune(store, commune.text, _text(district), on=on)
        return cache[key]
    if district is not None and not district.blank and text.fold(district.text) not in ("toan tinh", "tinh"):
        key = ("district", district.text)
        if key not in cache:
            with table.at(district):
                cache[key] = units.resolve_district(store, district.text)
        return cache[key]
    return None


def read(store: Store, path: Path) -> list[service.Entry]:
    """The figures a workbook names, each checked; InputRejected naming the file, sheet and cell."""
    path = Path(path)
    names = sheet_names(path)
    sheet = find_sheet(names, (SHEET, "Nguon von", "Funding")) or (names[0] if names else None)
    table = read_table(path, sheet, COLUMNS, ("year", "source", "amount"))
    out = []
    cache: dict[tuple[Any, ...], units.Unit | None] = {}
    for row in table.rows:
        with table.at(row["year"]):
            year = service.year_of(table.needed(row["year"]))
        unit = _unit(store, table, row, year, cache)
        with table.at(row["source"]):
            source = service.sources.source(table.needed(row["source"]))
        with table.at(row["amount"]):
            amount = service.amount_of(table.needed(row["amount"]))
        level, kind = row.get("level"), row.get("kind")
        if kind is not None and not kind.blank:
            with table.at(kind):
                service.sources.kind(kind.value)
        with table.at(level if level is not None and not level.blank else row["source"]):
            item = service.entry(store, year=year, source=source, amount=amount, kind=_text(kind) or "disbursed",
                                 level=_text(level), unit=unit, note=_text(row.get("note")))
        out.append(item)
    stems = [i.stem for i in out]
    if len(set(stems)) != len(stems):
        twice = next(i for i in out if stems.count(i.stem) > 1)
        raise InputRejected("fund.twice", what=service.key_words(twice))
    return out


def import_file(store: Store, path: Path, *, dry_run: bool = False) -> dict[str, Any]:
    """Read, check and (unless ``dry_run``) record the workbook's figures in one batch;
    ``{file, entries, total, changed, dry_run}`` (``changed``: figures that differ from those held)."""
    items = read(store, path)
    changed = sum(1 for i in items if _differs(store, i))
    if not dry_run and changed:
        backup.auto_backup(store, "import")  # DESIGN: an automatic backup before every import (after the checks)
        service.put(store, items, source="imported", label=Path(path).name)
    total = sum(i.amount or 0 for i in items if i.kind == "disbursed")
    return {"file": str(path), "entries": len(items), "disbursed_total": service.number(
        Decimal(str(total))), "changed": changed, "dry_run": dry_run}


def _differs(store: Store, item: service.Entry) -> bool:
    held = records.live(store, "r.nkey LIKE ? ESCAPE '\\'", [service.like_stem(item.stem)])
    return not (len(held) == 1 and held[0]["nkey"] == item.stem + records.SET_ENTRY
                and float(held[0]["amount"]) == item.amount and held[0]["note"] == item.note)


def write(store: Store, out: Path, year_from: int | None = None, year_to: int | None = None) -> Path:
    """The workbook with the figures recorded (each key's total; a template when there are none):
    it imports back unchanged."""
    rows = records.live(store)
    unit_rows = {r["id"]: dict(r) for r in store.query(
        "SELECT u.id, u.name, u.code, u.level, p.name AS parent, p.level AS parent_level FROM units u"
        " LEFT JOIN units p ON p.id = u.parent_id WHERE u.id IN (SELECT unit_id FROM funding)")}
    totals: dict[tuple[Any, ...], float] = {}
    notes: dict[tuple[Any, ...], str | None] = {}
    for r in rows:
        if (year_from is not None and r["year"] < year_from) or (year_to is not None and r["year"] > year_to):
            continue
        key = (r["year"], r["unit_id"], r["source"], r["level"], r["kind"])
        totals[key] = totals.get(key, 0.0) + float(r["amount"])
        notes[key] = r["note"] if key not in notes else None
    body = []
    for key, amount in totals.items():
        year, unit_id, source, level, kind = key
        unit = unit_rows.get(unit_id) if unit_id is not None else None
        district = commune = code = ""
        if unit is not None and unit["level"] == "district":
            district = unit["name"]
        elif unit is not None:
            commune, code = unit["name"], unit["code"] or ""
            district = unit["parent"] if unit["parent_level"] == "district" else ""
        body.append([year, district, commune, code, t(f"fund.source.{source}"),
                     t(f"fund.level.{level}") if level else "", t(f"fund.kind.{kind}"), amount, notes[key] or ""])
    return write_book(Path(out), [(SHEET, "NGUỒN VỐN THỰC HIỆN CHƯƠNG TRÌNH (triệu đồng)",
                                   [COLUMNS[k][0] for k in COLUMNS], body, [8, 20, 20, 10, 30, 12, 12, 20, 30])])
