"""A data value set as an ADX message (IHE QRPH Aggregate Data Exchange, namespace
``urn:ihe:qrph:adx:2015``), valid against the ADX schema (tests/data/dhis2/adx_loose.xsd).

One ``group`` per org unit, with the period as an ISO 8601 interval (``2020-01-01/P1Y``) and the
DHIS2 data set (DHIS2 needs ``dataSet`` on the group). The ``value`` attribute is a decimal; a
BOOLEAN or TEXT value goes in an ``annotation`` element, which DHIS2 reads for every data element
that is not numeric (its ``value`` attribute then holds 1/0 for a boolean, 0 for text).
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from xml.etree import ElementTree as ET

from ntm_desktop.dhis2 import codes
from ntm_desktop.dhis2.formats import DEMO_COMMENT
from ntm_desktop.dhis2.values import DataValueSet

NAMESPACE = "urn:ihe:qrph:adx:2015"
ET.register_namespace("", NAMESPACE)  # the default namespace, as in the profile's samples


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def to_adx(dvs: DataValueSet, exported: dt.datetime | None = None) -> bytes:
    when = (exported or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    root = ET.Element(_q("adx"), {"exported": when.isoformat().replace("+00:00", "Z")})
    period = codes.adx_period(dvs.period)
    types = {d.code: d.value_type for d in dvs.data_elements}
    for org_unit, rows in groupby(dvs.values, key=lambda v: v.org_unit):
        group = ET.SubElement(root, _q("group"), {"orgUnit": org_unit, "period": period, "dataSet": dvs.data_set})
        for dv in rows:
            attrs = {"dataElement": dv.data_element}
            kind = types[dv.data_element]
            attrs["value"] = dv.value if kind == "NUMBER" else "1" if dv.value == "true" else "0"
            if dvs.demo:
                attrs["comment"] = DEMO_COMMENT
            element = ET.SubElement(group, _q("dataValue"), attrs)
            if kind != "NUMBER":
                ET.SubElement(element, _q("annotation")).text = dv.value
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
