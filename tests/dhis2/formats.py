"""Strict readers of the files the export writes, following DHIS2's published formats
(docs/dhis2.md): they refuse any key, column, element or attribute the format does not define,
so that a test passing here means DHIS2 would find what it expects."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "dhis2" / "adx_loose.xsd"
ADX = "{urn:ihe:qrph:adx:2015}"
DHIS2_PERIOD = re.compile(r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$")
ADX_PERIOD = re.compile(r"^\d{4}-\d{2}-01/P(1Y|6M|3M|1M)$")
CSV_HEADER = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value",
              "storedby", "lastupdated", "comment", "followup"]
VALUE_KEYS = {"dataElement", "period", "orgUnit", "value", "comment", "categoryOptionCombo",
              "attributeOptionCombo", "storedBy", "followup"}


def read_json(path: Path) -> list[tuple[str, str, str, str]]:
    """(dataElement, period, orgUnit, value) of a DHIS2 data value set in JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) <= {"dataSet", "period", "orgUnit", "completeDate", "dataValues"}
    rows = []
    for dv in data["dataValues"]:
        assert set(dv) <= VALUE_KEYS, dv
        assert all(isinstance(dv[k], str) for k in ("dataElement", "period", "orgUnit", "value"))
        assert DHIS2_PERIOD.match(dv["period"]) and dv["period"] == data["period"]
        rows.append((dv["dataElement"], dv["period"], dv["orgUnit"], dv["value"]))
    return rows


def read_csv(path: Path) -> list[tuple[str, str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == CSV_HEADER
    rows = []
    for line in lines[1:]:
        assert len(line) == len(CSV_HEADER), line
        assert DHIS2_PERIOD.match(line[1]) and line[3] == line[4] == ""  # DHIS2's default option combos
        rows.append((line[0], line[1], line[2], line[5]))
    return rows


def read_adx(path: Path) -> list[tuple[str, str, str, str]]:
    """(dataElement, period, orgUnit, value) of an ADX message; a boolean or text value is its
    annotation (what DHIS2 reads for a data element that is not numeric)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{ADX}adx" and set(root.attrib) == {"exported"}
    rows = []
    for group in root:
        assert group.tag == f"{ADX}group" and {"orgUnit", "period", "dataSet"} == set(group.attrib)
        assert ADX_PERIOD.match(group.get("period"))
        for dv in group:
            assert dv.tag == f"{ADX}dataValue" and set(dv.attrib) <= {"dataElement", "value", "comment"}
            float(dv.get("value"))  # xs:decimal
            notes = list(dv)
            assert len(notes) <= 1 and all(n.tag == f"{ADX}annotation" for n in notes)
            value = notes[0].text if notes else dv.get("value")
            rows.append((dv.get("dataElement"), group.get("period"), group.get("orgUnit"), value))
    return rows


def xmllint_errors(path: Path) -> str | None:
    """None when xmllint (Debian's libxml2-utils) validates the file against the ADX schema."""
    result = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMA), str(path)],
                            capture_output=True, text=True, timeout=60)
    return None if result.returncode == 0 else result.stderr


HAVE_XMLLINT = shutil.which("xmllint") is not None
