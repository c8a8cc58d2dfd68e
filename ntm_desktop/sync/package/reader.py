"""Opening a package and checking it, in this order, before anything is applied:
the zip (:mod:`.zipsafe`), the manifest and its format version, every member's
SHA-256, then the origin's signature. Any failure refuses the package (exit 3).

A member the import reads whole anyway may have its SHA-256 checked as it is read
instead (``open_package(defer=…)``): the history member of a national package is two
thirds of its bytes, and hashing it at opening cost 1.9 s of the import's 50 (issue 22).
Its rows are then read through :class:`.zipsafe.Hashing`, and the reading that reaches
its end refuses the package (``pkg.tampered``) when the bytes are not the signed ones;
the import writes in one transaction, so the refusal still changes nothing. The large
import's helper process checks the member it reads the same way
(:mod:`ntm_desktop.sync.merge.history_stage`)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Collection, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from ntm_desktop.errors import InputRejected
from ntm_desktop.history import travelling
from ntm_desktop.sync.package import fields, zipsafe
from ntm_desktop.sync.package import format as fmt
from ntm_desktop.sync.trust import identity

MAX_MANIFEST = 16 * 1024 * 1024
MAX_DOCUMENT = 32 * 1024 * 1024
ROWS_CHUNK = 5_000  # rows read and checked at a time by Package.rows
# what reading a member's text can raise besides a zip's errors (a field over csv's limit is a csv.Error)
_CONTENT_ERRORS = (*zipsafe.READ_ERRORS, UnicodeDecodeError, csv.Error)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} không phải số JSON / is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} quá lớn / too large")
    return value


class Package:
    """A verified package: its manifest and members, readable as CSV rows."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any], raw: bytes,
                 deferred: Collection[str] = ()) -> None:
        self.path = path
        self.archive = archive
        self.manifest = manifest
        self.raw_manifest = raw
        self.deferred = frozenset(deferred)  # members whose SHA-256 is checked as they are read

    @property
    def id(self) -> str:
        return self.manifest["package_id"]

    @property
    def origin(self) -> dict[str, Any]:
        return self.manifest["origin"]

    def verify_deferred(self) -> None:
        """Check now the SHA-256 of the members whose check waited for their reading, for a caller
        that will not read them (a package already received: a tampered copy is still refused)."""
        for name in sorted(self.deferred):
            _check_digest(self.path, self.archive, self.archive.getinfo(name), self.manifest["members"][name], 0,
                          lambda _done: None)

    def has(self, member: str) -> bool:
        return member in self.manifest["members"]

    def rows(self, member: str, columns: tuple[str, ...] | None = None) -> Iterator[list[str]]:
        """The member's data rows (read from the archive opened and checked above); its
        header must be ``columns`` when given. Read and checked a chunk at a time
        (:meth:`fields.Checker.fine`); in a chunk holding a bad row, the rows before it
        still come out before the refusal, as when every row was checked on its own."""
        checker = self._checker(member, columns)
        return iter(()) if checker is None else self._checked_rows(member, checker)

    def _checked_rows(self, member: str, checker: fields.Checker) -> Iterator[list[str]]:
        check = checker.row
        for first, rows, damage in self._read(member, ROWS_CHUNK):
            if checker.fine(rows):
                yield from rows
            else:
                for number, row in enumerate(rows, start=first):
                    check(number, row)
                    yield row
            if damage is not None:
                raise damage

    def batches(self, member: str, columns: tuple[str, ...] | None = None,
                size: int = 20_000) -> Iterator[tuple[int, list[list[str]]]]:
        """The member's data rows in batches: (row number of the first, rows); header = 1.
        A batch holding a bad row never comes out: the refusal names its first bad row."""
        checker = self._checker(member, columns)
        if checker is None:
            return
        for first, rows, damage in self._read(member, size):
            checker.chunk(first, rows)
            if damage is not None:
                raise damage
            yield first, rows

    def _checker(self, member: str, columns: tuple[str, ...] | None) -> fields.Checker | None:
        """The checks of the member's rows (None: no such member); its header must be
        ``columns`` when given."""
        if not self.has(member):
            return None
        head = self.header(member)
        if columns is not None and tuple(head) != tuple(columns):
            raise InputRejected("pkg.bad_content", path=self.path, member=member, row=1,
                                detail=f"tiêu đề / header {','.join(head)[:120]}")
        return fields.Checker(self.path, member, head)

    def _read(self, member: str, size: int) -> Iterator[tuple[int, list[list[str]], InputRejected | None]]:
        """The member's data rows, ``size`` at a time, unchecked: (number of the first row,
        rows, None), and where the member is damaged the rows before the damage with the
        refusal to raise after them."""
        first = 2
        hashing: list[zipsafe.Hashing] = []  # the member's bytes as read, when its SHA-256 was deferred

        def hashed(raw: IO[bytes]) -> IO[bytes]:
            hashing.append(zipsafe.Hashing(raw, int(self.manifest["members"][member]["size"])))
            return io.BufferedReader(hashing[-1])

        rows = fmt.read_rows(self.archive, member, hashed if member in self.deferred else None)
        while True:
            chunk: list[list[str]] = []
            try:
                chunk.extend(islice(rows, size))  # keeps the rows read before an error
            except _CONTENT_ERRORS as exc:
                yield first, chunk, InputRejected("pkg.damaged", path=self.path,
                                                  detail=f"{member}: {zipsafe.short(exc)}")
                return
            if not chunk:
                if hashing and not hashing[0].matches(self.manifest["members"][member]["sha256"]):
                    yield first, chunk, InputRejected("pkg.tampered", path=self.path, member=member)
                return
            yield first, chunk, None
            first += len(chunk)

    def header(self, member: str) -> list[str]:
        if not self.has(member):
            return []
        try:
            return fmt.header(self.archive, member)
        except _CONTENT_ERRORS as exc:
            raise InputRejected("pkg.damaged", path=self.path, detail=f"{member}: {zipsafe.short(exc)}") from None

    def text(self, member: str) -> str:
        if not self.has(member):
            raise KeyError(member)
        try:
            return zipsafe.read_bounded(self.archive, member, MAX_DOCUMENT).decode("utf-8")
        except _CONTENT_ERRORS as exc:
            raise InputRejected("pkg.damaged", path=self.path, detail=f"{member}: {zipsafe.short(exc)}") from None

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _manifest(path: Path, archive: zipfile.ZipFile) -> tuple[dict[str, Any], bytes]:
    names = set(archive.namelist())
    if fmt.MANIFEST not in names:
        raise InputRejected("pkg.not_package", path=path, detail="không có / no manifest.json")
    try:
        raw = zipsafe.read_bounded(archive, fmt.MANIFEST, MAX_MANIFEST)
    except zipsafe.READ_ERRORS as exc:
        raise InputRejected("pkg.damaged", path=path, detail=f"{fmt.MANIFEST}: {zipsafe.short(exc)}") from None
    try:
        manifest = json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputRejected("pkg.bad_manifest", path=path, detail=zipsafe.short(exc, 120)) from None
    except RecursionError:
        raise InputRejected("pkg.bad_manifest", path=path, detail="lồng quá sâu / nested too deep") from None
    if not isinstance(manifest, dict) or manifest.get("format") != fmt.FORMAT:
        raise InputRejected("pkg.not_package", path=path, detail="manifest.json không phải của NTM / not NTM's")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputRejected("pkg.bad_manifest", path=path, detail="format_version")
    if version > fmt.FORMAT_VERSION:
        raise InputRejected("pkg.newer_format", path=path, found=version, supported=fmt.FORMAT_VERSION)
    _validate(path, manifest)
    return manifest, raw


def _validate(path: Path, manifest: dict[str, Any]) -> None:
    fields.check_manifest(path, manifest)
    for name in manifest["members"]:
        if zipsafe.check_name(name) is not None or name in (fmt.MANIFEST, fmt.SIGNATURE):
            raise InputRejected("pkg.bad_manifest", path=path, detail=f"members: {name[:60]}")


def open_package(path: Path, progress: Callable[[int, int], None] | None = None,
                 defer: Collection[str] = ()) -> Package:
    """The package at ``path``, checked; InputRejected (nothing written) if anything is off.
    Members named in ``defer`` have their size checked now and their SHA-256 as they are
    read (:class:`Package`: the caller reads them to their end before it keeps anything)."""
    path = Path(path)
    archive = zipsafe.open_checked(path)
    try:
        manifest, raw = _manifest(path, archive)
        deferred = set(defer) & set(manifest["members"])
        _check_members(path, archive, manifest, progress, deferred)
        _check_signature(path, archive, manifest, raw)
        known = {e.name for e in travelling()}
        unknown = sorted({str(e.get("entity"))[:64] for e in manifest["members"].values()
                          if e.get("entity") and e.get("entity") not in known})
        if unknown:
            raise InputRejected("pkg.unknown_entity", path=path, names=", ".join(unknown[:5]))
    except BaseException:
        archive.close()
        raise
    return Package(path, archive, manifest, raw, deferred)


def _check_members(
    path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any], progress: Callable[[int, int], None] | None,
    deferred: Collection[str] = (),
) -> None:
    listed = manifest["members"]
    present = {i.filename: i for i in archive.infolist() if not i.filename.endswith("/")}
    extra = sorted(set(present) - set(listed) - {fmt.MANIFEST, fmt.SIGNATURE})
    if extra:
        raise InputRejected("pkg.tampered", path=path, member=extra[0])
    total = sum(int(e["size"]) for e in listed.values()) or 1
    done = 0
    for name, entry in listed.items():
        info = present.get(name)
        if info is None:
            raise InputRejected("pkg.damaged", path=path, detail=f"thiếu / missing {name}")
        if info.file_size != entry["size"]:
            raise InputRejected("pkg.tampered", path=path, member=name)
        if name in deferred:  # hashed as it is read (Package._read)
            done += info.file_size
            continue
        done = _check_digest(path, archive, info, entry, done,
                             lambda so_far: progress(so_far, total) if progress else None)


def _check_digest(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict[str, Any], done: int,
                  step: Callable[[int], None]) -> int:
    """Refuse the member unless its SHA-256 is the manifest's; ``done`` plus its bytes read."""
    name = info.filename
    digest = hashlib.sha256()
    try:
        with archive.open(info) as handle:
            while True:
                block = handle.read(1 << 20)
                if not block:
                    break
                digest.update(block)
                done += len(block)
                step(done)
    except RuntimeError as exc:  # e.g. encrypted member
        raise InputRejected("pkg.unsafe", path=path, detail=f"{name}: {zipsafe.short(exc)}") from None
    except zipsafe.READ_ERRORS as exc:
        raise InputRejected("pkg.damaged", path=path, detail=f"{name}: {zipsafe.short(exc)}") from None
    if digest.hexdigest() != entry["sha256"]:
        raise InputRejected("pkg.tampered", path=path, member=name)
    return done


def _check_signature(path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any], raw: bytes) -> None:
    origin = manifest["origin"]
    if fmt.SIGNATURE not in archive.namelist():
        raise InputRejected("pkg.bad_signature", path=path, name=origin["name"])
    try:
        signature = zipsafe.read_bounded(archive, fmt.SIGNATURE, 4096).decode("ascii")
    except (*zipsafe.READ_ERRORS, UnicodeDecodeError):
        raise InputRejected("pkg.bad_signature", path=path, name=origin["name"]) from None
    try:
        identity.decode_key(origin["public_key"])
    except InputRejected:
        raise InputRejected("pkg.bad_signature", path=path, name=origin["name"]) from None
    if not identity.verify(origin["public_key"], raw, signature):
        raise InputRejected("pkg.bad_signature", path=path, name=origin["name"])
