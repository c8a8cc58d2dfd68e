"""A data value set in DHIS2's JSON and CSV formats (docs/dhis2.md; ADX is in :mod:`.adx`).

JSON: ``{"dataSet", "period", "dataValues": [{"dataElement", "period", "orgUnit", "value"}]}``,
identifiers by code. CSV: DHIS2's column order ``dataelement,period,orgunit,categoryoptioncombo,
attributeoptioncombo,value,storedby,lastupdated,comment,followup`` with a header row (DHIS2
skips the first row by default); empty option combos mean DHIS2's default ones.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ntm_desktop.dhis2 import codes
from ntm_desktop.dhis2.values import DataValueSet

CSV_COLUMNS = ("dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value",
               "storedby", "lastupdated", "comment", "followup")
STORED_BY = "ntm-desktop"
DEMO_COMMENT = "DEMO"


def as_json(dvs: DataValueSet) -> dict[str, Any]:
    period = codes.period_id(dvs.period)
    rows = []
    for dv in dvs.values:
        row = {"dataElement": dv.data_element, "period": period, "orgUnit": dv.org_unit, "value": dv.value}
        if dvs.demo:
            row["comment"] = DEMO_COMMENT
        rows.append(row)
    return {"dataSet": dvs.data_set, "period": period, "dataValues": rows}


def to_json(dvs: DataValueSet) -> bytes:
    return (json.dumps(as_json(dvs), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_csv(dvs: DataValueSet) -> bytes:
    period = codes.period_id(dvs.period)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    comment = DEMO_COMMENT if dvs.demo else ""
    for dv in dvs.values:
        writer.writerow([dv.data_element, period, dv.org_unit, "", "", dv.value, STORED_BY, "", comment, "false"])
    return out.getvalue().encode("utf-8")
