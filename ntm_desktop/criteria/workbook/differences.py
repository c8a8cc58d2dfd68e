"""A set document as a :class:`CriteriaSet` (without a database), the cell text of a threshold
column, the rows of a preview, and what a workbook changes in the set already loaded."""

from __future__ import annotations

from typing import Any

from ntm_desktop import text
from ntm_desktop.criteria.documents import derived
from ntm_desktop.criteria.model import CriteriaSet, Criterion, Indicator
from ntm_desktop.criteria.workbook import labels, thresholds
from ntm_desktop.engine import Threshold


def document_set(doc: dict[str, Any]) -> CriteriaSet:
    """The set a (validated) document describes, ids 0: what loading it would give."""
    groups = {g["code"]: g for g in doc["groups"]}
    extra = derived(doc)
    crits = []
    for crit in doc["criteria"]:
        group = groups[crit["group"]]
        inds = tuple(
            Indicator(0, text.clean(i["code"]), text.clean(i["name"]), i.get("name_en"), i["type"], i.get("unit"),
                      i.get("certainty"), tuple(
                          Threshold(t["region"], t.get("op"),
                                    float(t["value"]) if t.get("op") is not None else None,
                                    t.get("year_from"), t.get("year_to"), t.get("text"), t.get("unit"))
                          for t in i.get("thresholds") or []))
            for i in crit["indicators"]
        )
        crits.append(Criterion(0, crit["number"], text.clean(crit["name"]), crit.get("name_en"), group["code"],
                               text.clean(group["name"]), group.get("name_en"), inds))
    return CriteriaSet(
        0, text.clean(doc["code"]), text.clean(doc["name"]), doc.get("name_en"), doc["level"], doc["tier"],
        doc["valid_from"], doc["valid_to"], doc.get("requires"), doc.get("decision"), tuple(crits),
        kind=extra["kind"], from_date=extra["from_date"], to_date=extra["to_date"], columns=extra["columns"],
        difficult_column=extra["difficult_column"], bands=tuple(extra["bands"]),
    )


def main_threshold(cs: CriteriaSet, ind: Indicator, column: str) -> Threshold | None:
    """The threshold a column shows: the open-ended one, else the latest year's."""
    mine = [t for t in ind.thresholds if t.region == column]
    open_ended = [t for t in mine if t.year_from is None and t.year_to is None]
    if open_ended:
        return open_ended[0]
    return max(mine, key=lambda t: t.year_to or cs.valid_to, default=None)


def shown(cs: CriteriaSet, ind: Indicator, column: str) -> str:
    """A threshold column's cell text ("" where the column has none)."""
    th = main_threshold(cs, ind, column)
    if th is None:
        return ""
    return thresholds.write(th.op, th.value, th.text, ind.type, th.unit)


def preview_table(cs: CriteriaSet) -> tuple[list[str], list[list[str]]]:
    """The set as the appendix shows it: a header and one row per group, criterion and indicator."""
    columns = cs.column_keys()
    header = ["TT", "Tên tiêu chí", "Mã", "Nội dung tiêu chí", *(labels.column_title(c) for c in columns)]
    rows: list[list[str]] = []
    group = None
    for crit in cs.criteria:
        if crit.group_code != group:
            group = crit.group_code
            rows.append([group, crit.group_name, "", "", *("" for _ in columns)])
        for index, ind in enumerate(crit.indicators):
            rows.append([str(crit.number) if index == 0 else "", crit.name if index == 0 else "", ind.code, ind.name,
                         *(shown(cs, ind, c) for c in columns)])
    return header, rows


def between(old: CriteriaSet, new: CriteriaSet) -> list[dict[str, Any]]:
    """What loading ``new`` changes in ``old``: criteria, indicators and threshold columns added,
    removed or changed, as ``{change, criterion | indicator, column, old, new}``."""
    out: list[dict[str, Any]] = []
    old_crits = {c.number: c for c in old.criteria}
    new_crits = {c.number: c for c in new.criteria}
    for number in sorted(old_crits.keys() | new_crits.keys()):
        a, b = old_crits.get(number), new_crits.get(number)
        if a is None or b is None or a.name != b.name:
            out.append({"change": "added" if a is None else "removed" if b is None else "changed",
                        "criterion": number, "old": a.name if a else None, "new": b.name if b else None})
    old_inds = {i.code: i for c in old.criteria for i in c.indicators}
    new_inds = {i.code: i for c in new.criteria for i in c.indicators}
    for code in sorted(old_inds.keys() | new_inds.keys(), key=_code_key):
        a_ind, b_ind = old_inds.get(code), new_inds.get(code)
        if a_ind is None or b_ind is None:
            out.append({"change": "added" if a_ind is None else "removed", "indicator": code,
                        "old": a_ind.name if a_ind else None, "new": b_ind.name if b_ind else None})
            continue
        if a_ind.name != b_ind.name or a_ind.type != b_ind.type:
            typed = a_ind.type != b_ind.type
            out.append({"change": "changed", "indicator": code,
                        "old": f"{a_ind.name} ({a_ind.type})" if typed else a_ind.name,
                        "new": f"{b_ind.name} ({b_ind.type})" if typed else b_ind.name})
        columns = dict.fromkeys([*(t.region for t in a_ind.thresholds), *(t.region for t in b_ind.thresholds)])
        for column in columns:
            before, after = shown(old, a_ind, column), shown(new, b_ind, column)
            if before != after:
                out.append({"change": "added" if not before else "removed" if not after else "changed",
                            "indicator": code, "column": column, "old": before or None, "new": after or None})
    return out


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))
