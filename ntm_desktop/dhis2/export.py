"""``export``: a period's data value set, and its metadata, written to files (CONTRACT §1
``export-dhis2``; docs/dhis2.md). Everything is built in memory before anything is written, and
the files are written together (:mod:`.writing`): a refusal or a failed write leaves no file, or
the old ones, under the names given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ntm_desktop import files
from ntm_desktop.dhis2 import FORMATS, adx, formats, metadata, values, writing
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.store.database import Store

WRITERS: dict[str, Callable[[values.DataValueSet], bytes]] = {
    "json": formats.to_json,
    "adx": adx.to_adx,
    "csv": formats.to_csv,
}


@dataclass(frozen=True)
class Exported:
    path: Path
    metadata: Path | None
    period: Period
    data_set: str
    communes: int  # the communes sent: those with a status or an indicator value in the period
    left_out: int  # the communes in the programme with neither, not sent
    values: int


def export(store: Store, year: int, period: Period | None, fmt: str, out: Path,
           metadata_out: Path | None = None) -> Exported:
    """Write ``year``'s (or ``period``'s) data value set to ``out`` in ``fmt`` and, with
    ``metadata_out``, the metadata to import first. InputRejected (nothing written) when there is
    nothing to send or a file cannot be written."""
    if fmt not in WRITERS:
        raise InputRejected("dhis2.bad_format", value=fmt, formats=", ".join(FORMATS))
    if period is not None and period.year != year:
        raise InputRejected("period.other_year", value=period.code, year=year)
    if metadata_out is not None and Path(metadata_out).resolve() == Path(out).resolve():
        raise InputRejected("dhis2.same_file", path=out)
    dvs = values.build(store, year, period)
    if not dvs.in_scope:
        raise InputRejected("dhis2.no_communes", year=year)
    if not dvs.sent:
        raise InputRejected("dhis2.no_data", period=dvs.period.code, communes=len(dvs.in_scope))
    contents = [(Path(out), WRITERS[fmt](dvs))]
    if metadata_out is not None:
        contents.append((Path(metadata_out), metadata.to_json(dvs)))
    try:
        writing.write_all(contents)
    except writing.WriteFailed as failed:
        key = "dhis2.disk_full" if files.write_problem(failed.error) == "full" else "dhis2.cannot_write"
        raise InputRejected(key, path=failed.path) from failed
    return Exported(Path(out), Path(metadata_out) if metadata_out else None, dvs.period, dvs.data_set,
                    len(dvs.sent), len(dvs.in_scope) - len(dvs.sent), len(dvs.values))
