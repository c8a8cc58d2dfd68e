"""Export of a period's results as a DHIS2 data value set (issue 21 part 6; CONTRACT §1 ``export-dhis2``).

- :mod:`.codes`: codes of org units, data elements and the data set; DHIS2 and ADX periods;
- :mod:`.values`: the data value set, counted as the summary counts (:func:`.values.build`);
- :mod:`.formats` (JSON, CSV) and :mod:`.adx` (ADX XML): the files;
- :mod:`.metadata`: the data elements, data set and org units an administrator imports first.

Everything is built in memory before anything is written, and each file is written atomically:
a refusal or a failed write leaves no file, or the old one, under the names given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ntm_desktop.dhis2 import adx, formats, metadata, values
from ntm_desktop.errors import InputRejected
from ntm_desktop.files import atomic_write
from ntm_desktop.periods import Period
from ntm_desktop.store.database import Store

WRITERS: dict[str, Callable[[values.DataValueSet], bytes]] = {
    "json": formats.to_json,
    "adx": adx.to_adx,
    "csv": formats.to_csv,
}
FORMATS = tuple(WRITERS)
SUFFIXES = {"json": ".json", "adx": ".xml", "csv": ".csv"}


@dataclass(frozen=True)
class Exported:
    path: Path
    metadata: Path | None
    period: Period
    data_set: str
    communes: int
    values: int


def _writer(content: bytes) -> Callable[[Path], object]:
    return lambda tmp: tmp.write_bytes(content)


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
    if not dvs.communes:
        raise InputRejected("dhis2.no_communes", year=year)
    files = [(Path(out), WRITERS[fmt](dvs))]
    if metadata_out is not None:
        files.append((Path(metadata_out), metadata.to_json(dvs)))
    for path, content in files:
        try:
            atomic_write(path, _writer(content))
        except OSError as exc:
            raise InputRejected("dhis2.write_failed", path=path, detail=exc.strerror or exc) from exc
    return Exported(Path(out), Path(metadata_out) if metadata_out else None, dvs.period, dvs.data_set,
                    len(dvs.communes), len(dvs.values))
