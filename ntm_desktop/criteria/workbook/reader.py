"""Reading a decision's appendix workbook into a criteria-set document (CONTRACT §7).

The first worksheet; title rows above a header holding ``TT``, the criterion's name, its
content and the threshold columns (one common, one per region or one per commune group,
maybe under a merged super-header). Group rows (``I``, ``II`` …) set the criterion group;
criterion rows have their number in TT; an indicator's code leads its content. Every
refusal names the file, the sheet and the cell or row, and nothing is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop import text
from ntm_desktop.criteria.workbook import labels
from ntm_desktop.criteria.workbook.opening import Grid, cell_name
from ntm_desktop.criteria.workbook.thresholds import Parsed, parse
from ntm_desktop.errors import InputRejected

HEADER_SCAN_ROWS = 30
# "2.1. …", "2.1 …", "10. …"; a letter prefix is kept ("TC8. …" is criterion 8's)
_CODE = re.compile(r"^([A-Z]{0,4}(\d{1,3})(?:\.\d{1,3})*)(?:\.(?!\d)|\s|$)\s*(.*)$", re.DOTALL)
_TT_CODE = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?$")
_UNIT = re.compile(r"\(([^()]{1,40})\)\s*$")


@dataclass
class Layout:
    """Where the header put things: columns are 1-based."""

    header_row: int
    first_row: int
    tt: int
    name: int
    content: int
    thresholds: dict[int, str]  # column → threshold column key ("*", a region, a group)
    columns: str  # "region" or "group"


@dataclass
class ReadIndicator:
    code: str
    name: str
    row: int
    cells: dict[str, str] = field(default_factory=dict)  # column key → cell holding the threshold
    parsed: dict[str, Parsed] = field(default_factory=dict)


@dataclass
class Read:
    """What the sheet holds, before it becomes a document."""

    sheet: str
    layout: Layout
    groups: list[dict[str, Any]] = field(default_factory=list)
    criteria: list[dict[str, Any]] = field(default_factory=list)  # with "read": list[ReadIndicator]


def _refuse(grid: Grid, key: str, **fields: Any) -> InputRejected:
    return InputRejected(key, path=grid.path, sheet=grid.title, **fields)


def find_layout(grid: Grid) -> Layout:
    for row in range(1, min(grid.max_row, HEADER_SCAN_ROWS) + 1):
        keys = {col: labels.key(grid.value(row, col)) for col in range(1, grid.max_col + 1) if grid.value(row, col)}
        tt = next((c for c, k in keys.items() if k in labels.TT_LABELS), None)
        if tt is None:
            continue
        name = next((c for c, k in keys.items() if c > tt and (k in labels.NAME_LABELS or k.startswith("ten "))), None)
        if name is None:
            continue
        content = next((c for c, k in keys.items() if c > name and (k in labels.CONTENT_LABELS
                                                                      or k.startswith("noi dung"))), None)
        if content is None:
            continue
        return _threshold_columns(grid, row, tt, name, content)
    raise _refuse(grid, "cwb.no_header", rows=HEADER_SCAN_ROWS)


def _threshold_columns(grid: Grid, row: int, tt: int, name: int, content: int) -> Layout:
    found: dict[int, tuple[str, str]] = {}
    sub_header = False
    for col in range(content + 1, grid.max_col + 1):
        below, origin = grid.spread(row + 1, col)
        kind = labels.column_key(below) if origin[0] == row + 1 else None
        if kind is not None:
            sub_header = True
        else:
            kind = labels.column_key(grid.spread(row, col)[0])
        if kind is not None:
            found[col] = kind
    if not found:
        raise _refuse(grid, "cwb.no_threshold_columns", row=row)
    kinds = {k for k, _ in found.values() if k != "common"}
    if len(kinds) > 1:
        raise _refuse(grid, "cwb.mixed_columns", row=row)
    seen: dict[str, int] = {}
    for col, (_kind, key) in found.items():
        if key in seen:
            raise _refuse(grid, "cwb.repeated_column", cell=cell_name(row, col), first=cell_name(row, seen[key]))
        seen[key] = col
    return Layout(row, row + (2 if sub_header else 1), tt, name, content,
                  {col: key for col, (_kind, key) in found.items()}, "group" if "group" in kinds else "region")


def _threshold_cells(grid: Grid, layout: Layout, row: int) -> dict[str, tuple[Any, tuple[int, int]]]:
    """column key → (value, cell holding it); a merged range spreads only from a threshold column."""
    out = {}
    for col, key in layout.thresholds.items():
        value, origin = grid.spread(row, col)
        if value is not None and origin[1] in layout.thresholds and origin[0] >= layout.first_row:
            out[key] = (value, origin)
    return out


def read_sheet(grid: Grid) -> Read:
    layout = find_layout(grid)
    read = Read(grid.title, layout)
    current: dict[str, Any] | None = None
    expected = 1
    codes: dict[str, str] = {}
    for row in range(layout.first_row, grid.max_row + 1):
        tt = grid.value(row, layout.tt)
        if labels.roman(tt):
            title = next((text.clean(str(grid.value(row, c))) for c in range(layout.tt + 1, grid.max_col + 1)
                          if grid.value(row, c) is not None), "")
            read.groups.append({"code": text.clean(str(tt)).rstrip("."), "name": title or text.clean(str(tt)),
                                "criteria": []})
            current = None
            continue
        number = labels.number(tt)
        cells = _threshold_cells(grid, layout, row)
        content = grid.value(row, layout.content)
        if number is not None:
            if number != expected:
                raise _refuse(grid, "cwb.out_of_sequence", cell=cell_name(row, layout.tt), found=number,
                              expected=expected)
            expected += 1
            if not read.groups:
                read.groups.append({"code": "I", "name": "Tiêu chí", "criteria": []})
            name = text.clean(str(grid.value(row, layout.name) or "")) or f"Tiêu chí {number}"
            current = {"number": number, "name": name, "group": read.groups[-1]["code"], "read": [],
                       "cell": cell_name(row, layout.tt)}
            read.criteria.append(current)
            read.groups[-1]["criteria"].append(number)
            if content is not None or cells:
                _indicator(grid, layout, row, current, content, cells, codes)
            continue
        if current is None or (content is None and not cells):
            continue  # title, note or blank rows, and a merged name's lower rows
        if content is None and grid.is_merged_inside(row, layout.content):
            continue
        # some appendices put the indicator's code in TT ("2.1") and only its text in the content
        hint = text.clean(str(tt)).rstrip(".") if tt is not None and _TT_CODE.match(text.clean(str(tt))) else None
        _indicator(grid, layout, row, current, content, cells, codes, hint)
    if not read.criteria:
        raise _refuse(grid, "cwb.no_criteria", row=layout.header_row)
    for crit in read.criteria:
        if not crit["read"]:
            raise _refuse(grid, "cwb.no_indicators", cell=crit["cell"], number=crit["number"])
    return read


def _indicator(grid: Grid, layout: Layout, row: int, crit: dict[str, Any], content: Any,
               cells: dict[str, tuple[Any, tuple[int, int]]], codes: dict[str, str], hint: str | None = None) -> None:
    written = text.clean(str(content)) if content is not None else ""
    number = str(crit["number"])
    code: str | None = None
    name = written
    found = _CODE.match(written)
    if hint is not None and not (found and found[2] == number):
        if hint.split(".")[0] != number:
            raise _refuse(grid, "cwb.foreign_code", cell=cell_name(row, layout.tt), code=hint, number=crit["number"])
        found, code = None, hint
    if found:
        if found[2] == number:
            code, name = found[1], text.clean(found[3])
        elif "." in found[1]:
            raise _refuse(grid, "cwb.foreign_code", cell=cell_name(row, layout.content), code=found[1],
                          number=crit["number"])
    if code is None:
        if not written and not crit["read"]:
            code = number
        else:
            k = len(crit["read"]) + 1
            while f"{number}.{k}" in codes:
                k += 1
            code = f"{number}.{k}"
    here = cell_name(row, layout.content)
    if code in codes:
        raise _refuse(grid, "cwb.repeated_code", cell=here, code=code, first=codes[code])
    codes[code] = here
    indicator = ReadIndicator(code, name or crit["name"], row)
    for key, (value, origin) in cells.items():
        parsed = parse(value, grid.formats.get(origin))
        if parsed.kind != "none":
            indicator.parsed[key] = parsed
            indicator.cells[key] = cell_name(*origin)
    crit["read"].append(indicator)


def indicator_type(name: str, parsed: list[Parsed]) -> str:
    """The value type the thresholds call for; without thresholds, from the name."""
    kinds = {p.kind for p in parsed}
    if "percent" in kinds:
        return "number" if any(p.kind == "percent" and float(p.value or 0) > 100 for p in parsed) else "percent"
    if "number" in kinds:
        return "number"
    if kinds:
        return "bool"  # yes/no, or texts a person assesses
    if text.fold(name).startswith("ty le"):
        return "percent"
    return "number" if _UNIT.search(name) else "bool"


def _settled(value_type: str, parsed: Parsed) -> Parsed:
    """A threshold that does not fit the indicator's type is kept as text a person assesses."""
    fits = (
        parsed.kind == "text"
        or (value_type == "bool" and parsed.kind == "bool")
        or (value_type in ("percent", "number") and parsed.kind in ("percent", "number")
            and (value_type != "percent" or 0 <= float(parsed.value or 0) <= 100))
    )
    if fits:
        return parsed
    if parsed.kind == "bool":
        return Parsed("text", text=parsed.text)
    shown = f"{parsed.value:g}".replace(".", ",") + (parsed.unit or "")
    return Parsed("text", text=f"{ {'>=': '≥', '<=': '≤', '==': '='}.get(parsed.op or '', parsed.op)} {shown}")


def to_document(read: Read, path: Path, *, code: str, name: str, from_date: str, to_date: str,
                source: str | None, base: dict[str, Any] | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The set document, and the cells kept as qualitative thresholds."""
    qualitative: list[dict[str, Any]] = []
    criteria = []
    # an indicator the workbook gives no comparison for keeps the type it has in the loaded set
    known = {i["code"]: (i["type"], i.get("unit")) for c in (base or {}).get("criteria", []) for i in c["indicators"]}
    for crit in read.criteria:
        indicators = []
        for ind in crit["read"]:
            value_type = indicator_type(ind.name, list(ind.parsed.values()))
            if ind.code in known and all(p.kind == "text" for p in ind.parsed.values()):
                value_type = known[ind.code][0]
            thresholds = []
            for key, parsed in ind.parsed.items():
                settled = _settled(value_type, parsed)
                if settled.kind == "text":
                    qualitative.append({"sheet": read.sheet, "cell": ind.cells[key], "indicator": ind.code,
                                        "column": key, "text": settled.text})
                thresholds.append(settled.threshold(key, "S1"))
            unit = "%" if value_type == "percent" else None
            if ind.code in known and known[ind.code][0] == value_type:
                unit = known[ind.code][1]
            elif value_type == "number" and _UNIT.search(ind.name):
                unit = text.clean(_UNIT.search(ind.name)[1])  # type: ignore[index]
            indicators.append({"code": ind.code, "name": ind.name, "type": value_type, "unit": unit,
                               "certainty": "V", "source": "S1", "thresholds": thresholds})
        criteria.append({"number": crit["number"], "name": crit["name"], "group": crit["group"],
                         "responsible": [], "indicators": indicators})
    groups, seen = [], set()
    # a group of the loaded set keeps its code and English name (the workbook numbers groups I, II…)
    named = {text.fold(g.get("name")): g for g in (base or {}).get("groups", []) if isinstance(g, dict)}
    for group in read.groups:
        if not group["criteria"]:
            continue
        known_group = named.get(text.fold(group["name"]))
        if known_group is not None and isinstance(known_group.get("code"), str):
            group = dict(group, code=known_group["code"])
            if known_group.get("name_en"):
                group["name_en"] = known_group["name_en"]
        code_ = group["code"]
        while code_ in seen:
            code_ += "'"
        seen.add(code_)
        for crit in criteria:
            if crit["number"] in group["criteria"]:
                crit["group"] = code_
        groups.append(dict(group, code=code_))
    base = base or {}
    title = text.clean(source) if source and text.clean(source) else path.name
    document: dict[str, Any] = {
        "format": 1, "code": text.clean(code), "name": text.clean(name), "name_en": base.get("name_en"),
        "level": base.get("level", "commune"), "tier": base.get("tier", "basic"),
        "valid_from": int(from_date[:4]), "valid_to": int(to_date[:4]), "from_date": from_date, "to_date": to_date,
        "requires": base.get("requires"),
        "decision": title if source and text.clean(source) else base.get("decision") or title,
        "sources": [{"id": "S1", "title": title, "note": f"{path.name}, {read.sheet}", "workbook": True}],
        "columns": read.layout.columns, "groups": groups, "criteria": criteria,
        "imported_from": {"kind": "workbook"},  # the file and sheet are in source S1's note
    }
    given = bool(source and text.clean(source))
    kept = [x for x in base.get("sources") or [] if isinstance(x, dict) and x.get("id") == "S1" and x.get("workbook")]
    if not given and kept:
        document["sources"] = [kept[0]]  # re-importing without --source keeps the loaded set's
    for key in ("kind", "rules", "bands"):
        if base.get(key) is not None:
            document[key] = base[key]
    if document.get("rules", {}).get("difficult_column") and document["columns"] != base.get("columns", "region"):
        document.pop("rules")  # the rule named a column of the other kind
    return document, qualitative
