"""The DHIS2 metadata to import before the data (docs/dhis2.md): the data elements, the data set
and the org units, each with its code and a UID derived from it (:func:`.codes.uid`), so that a
second import updates the same objects. References between them are by UID, which DHIS2's
metadata import accepts whatever its identifier settings; the data itself refers by code.
"""

from __future__ import annotations

import json
from typing import Any

from ntm_desktop.dhis2 import codes
from ntm_desktop.dhis2.values import DataValueSet


def _ref(kind: str, code: str) -> dict[str, str]:
    return {"id": codes.uid(kind, code)}


def as_json(dvs: DataValueSet) -> dict[str, Any]:
    elements = []
    for d in dvs.data_elements:
        element: dict[str, Any] = {
            **_ref("dataElement", d.code), "code": d.code, "name": d.name, "shortName": d.code,
            "description": d.description, "valueType": d.value_type, "domainType": "AGGREGATE",
            "aggregationType": d.aggregation,
        }
        if d.value_type == "NUMBER":
            element["zeroIsSignificant"] = True  # 0 km, 0% are results, not missing values
        elements.append(element)
    org_units = []
    for u in dvs.org_units:
        unit: dict[str, Any] = {**_ref("organisationUnit", u.code), "code": u.code, "name": u.name,
                                "shortName": u.name[: codes.MAX_CODE], "openingDate": u.opening}
        if u.closed:
            unit["closedDate"] = u.closed
        if u.parent:
            unit["parent"] = _ref("organisationUnit", u.parent)
        org_units.append(unit)
    period_type = codes.PERIOD_TYPES[dvs.period.kind]
    data_set = {
        **_ref("dataSet", dvs.data_set), "code": dvs.data_set, "name": f"NTM {dvs.set_name} ({period_type})"[:230],
        "shortName": dvs.data_set, "periodType": period_type,
        "dataSetElements": [{"dataElement": _ref("dataElement", d.code)} for d in dvs.data_elements],
        "organisationUnits": [_ref("organisationUnit", code) for code in dvs.assigned],
    }
    return {"dataElements": elements, "dataSets": [data_set], "organisationUnits": org_units}


def to_json(dvs: DataValueSet) -> bytes:
    return (json.dumps(as_json(dvs), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
