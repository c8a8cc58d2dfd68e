"""Importing and exporting criteria-set workbooks: the preview (what was read, the cells kept
as qualitative thresholds, the differences from the set loaded with that code), loading it
through ``criteria.load_document`` (logged) and recomputing the statuses of the values
entered against the set, and exporting a loaded set."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop import text
from ntm_desktop.assessments import evaluator
from ntm_desktop.criteria.documents import derived, validate
from ntm_desktop.criteria.model import CriteriaSet
from ntm_desktop.criteria.sets import get_set
from ntm_desktop.criteria.tables import load_document
from ntm_desktop.criteria.workbook import differences, reader, writer
from ntm_desktop.criteria.workbook.opening import read_grid
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import backup
from ntm_desktop.store.database import Store

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass
class WorkbookPreview:
    path: Path
    sheet: str
    header_row: int
    document: dict[str, Any]
    set: CriteriaSet
    cells: dict[tuple[str, str], str]  # (indicator code, column) → the cell its threshold came from
    qualitative: list[dict[str, Any]]
    differences: list[dict[str, Any]] = field(default_factory=list)
    replaces: bool = False

    @property
    def indicator_count(self) -> int:
        return sum(len(c.indicators) for c in self.set.criteria)

    def thresholds(self) -> list[dict[str, Any]]:
        out = []
        for crit in self.set.criteria:
            for ind in crit.indicators:
                for th in ind.thresholds:
                    entry: dict[str, Any] = {
                        "indicator": ind.code, "column": th.region, "cell": self.cells.get((ind.code, th.region)),
                        "shown": differences.shown(self.set, ind, th.region), "text": th.text, "unit": th.unit}
                    if th.op is not None:
                        entry["op"] = "=" if th.op == "==" else th.op
                        value = th.value or 0.0
                        entry["value"] = (bool(value) if ind.type == "bool"
                                          else int(value) if float(value).is_integer() else value)
                    out.append(entry)
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "sheet": self.sheet, "header_row": self.header_row,
            "code": self.set.code, "name": self.set.name, "from_date": self.set.from_date,
            "to_date": self.set.to_date, "columns": self.set.columns, "column_keys": list(self.set.column_keys()),
            "criteria": len(self.set.criteria), "indicators": self.indicator_count,
            "thresholds": self.thresholds(), "qualitative": self.qualitative,
            "replaces": self.replaces, "differences": self.differences,
        }

    def summary_lines(self) -> list[str]:
        lines = [t("cwb.summary", path=self.path.name, sheet=self.sheet, criteria=len(self.set.criteria),
                   indicators=self.indicator_count, thresholds=len(self.thresholds()),
                   qualitative=len(self.qualitative), columns=", ".join(self.set.column_keys()))]
        if self.qualitative:
            lines.append(t("cwb.qualitative"))
            lines += [t("cwb.qualitative_line", **q) for q in self.qualitative]
        if self.replaces:
            lines.append(t("cwb.replaces", code=self.set.code, n=len(self.differences)))
            lines += [change_line(d) for d in self.differences]
        else:
            lines.append(t("cwb.new_set", code=self.set.code))
        return lines


def change_line(diff: dict[str, Any]) -> str:
    if "criterion" in diff:
        what = t("cwb.what.criterion", number=diff["criterion"])
    elif diff.get("column"):
        what = t("cwb.what.threshold", code=diff["indicator"], column=diff["column"])
    else:
        what = t("cwb.what.indicator", code=diff["indicator"])
    return t(f"cwb.change.{diff['change']}", what=what, old=diff.get("old"), new=diff.get("new"))


def parse_date(value: str | None, *, end: bool = False) -> str | None:
    """YYYY-MM-DD, DD/MM/YYYY or a year (its first day, or with ``end`` its last) → ISO."""
    if value is None or not str(value).strip():
        return None
    raw = str(value).strip()
    try:
        if raw.isdigit() and len(raw) == 4:
            return f"{raw}-12-31" if end else f"{raw}-01-01"
        found = _DMY.match(raw)
        if found:
            return dt.date(int(found[3]), int(found[2]), int(found[1])).isoformat()
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise InputRejected("cwb.bad_date", value=raw) from None


def period_end(from_date: str) -> str:
    """The end of the five-year programme period holding ``from_date`` (2016-2020, 2021-2025…)."""
    year = int(from_date[:4])
    return f"{year + 4 - (year - 1) % 5}-12-31"


def read_workbook(path: Path | str, *, code: str, name: str, from_date: str, to_date: str | None = None,
                  source: str | None = None, base: dict[str, Any] | None = None) -> WorkbookPreview:
    """Read an appendix workbook into a validated set document (no database). ``base`` is the
    document of the set loaded with that code: what the layout has no place for is kept from it."""
    path = Path(path)
    if not text.clean(code) or not text.clean(name):
        raise InputRejected("cwb.no_code_name")
    start = parse_date(from_date)
    if start is None:
        raise InputRejected("cwb.bad_date", value=from_date)
    finish = parse_date(to_date, end=True)
    if finish is None:
        kept = derived(base)["to_date"] if base else None
        finish = kept if kept and kept >= start else period_end(start)
    if start > finish:
        raise InputRejected("cwb.dates_reversed", from_date=start, to_date=finish)
    grid = read_grid(path)
    read = reader.read_sheet(grid)
    document, qualitative = reader.to_document(read, path, code=code, name=name, from_date=start, to_date=finish,
                                               source=source, base=base)
    validate(document, path)
    cells = {(ind.code, key): cell for crit in read.criteria for ind in crit["read"] for key, cell in ind.cells.items()}
    return WorkbookPreview(path, read.sheet, read.layout.header_row, document, differences.document_set(document),
                           cells, qualitative)


def preview_import(store: Store, path: Path | str, *, code: str, name: str, from_date: str,
                   to_date: str | None = None, source: str | None = None) -> WorkbookPreview:
    """:func:`read_workbook` against the database: keeps what the loaded set of that code has
    beyond the layout, and lists the differences from it. Writes nothing."""
    rows = store.query("SELECT content FROM criteria_sets WHERE code = ?", [text.clean(code)])
    base = json.loads(rows[0]["content"]) if rows else None
    preview = read_workbook(path, code=code, name=name, from_date=from_date, to_date=to_date, source=source,
                            base=base)
    if rows:
        preview.replaces = True
        preview.differences = differences.between(get_set(store, preview.set.code), preview.set)
    return preview


def apply(store: Store, preview: WorkbookPreview) -> bool:
    """Load the previewed set (replacing the one of that code; values stay attached by indicator
    code) and recompute the statuses computed from it. Returns True if anything changed."""
    backup.auto_backup(store, "import")  # DESIGN: an automatic backup before every import
    changed = load_document(store, preview.document, source="workbook", note=preview.path.name)
    if changed:
        evaluator.recompute_sets(store, {preview.set.code})
    return changed


def export_set(store: Store, code: str, out: Path | str) -> Path:
    """Write the loaded set ``code`` as an appendix workbook."""
    return writer.write_workbook(get_set(store, code), out)
