"""Running one mutated file through one reader, in process, and checking the contract
(CONTRACT §1): the file is accepted, or refused with InputRejected (exit 3) whose message is
short and names the file, and after a refusal the database is the same file, byte for
byte (content, statistics, journal). Anything else is a :class:`Crash`.

The readers are called as the ``ntm`` commands call them: ``merge.import_package`` (import),
``table_import.read_table``/``check``/``apply`` (import-table), ``templates.read_template``/
``apply_template`` (import-template), ``workbook.preview_import``/``apply`` (criteria
import), ``restore.restore_into`` (restore); a damaged database goes through ``cli.main``
itself with a few commands, since every command must refuse it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import resource
import shutil
import signal
import traceback
from collections.abc import Callable
from pathlib import Path

from ntm_desktop.errors import InputRejected, NtmError
from tests.fuzz import mutate
from tests.fuzz.draw import Draw
from tests.fuzz.seeds import COMMUNE, DISTRICT, YEAR, Seeds

READERS = ("package", "table", "template", "criteria", "backup", "database")
MAX_MESSAGE = 1000  # characters of a refusal's message or one detail line
CASE_SECONDS = 30  # a case running longer hangs (the seeds take 0.02-0.5 s)
CASE_MEMORY = 3 * 1024**3  # address space of the process during a case: more is a memory bomb


class Hang(BaseException):
    """A case ran past CASE_SECONDS (BaseException: no reader's ``except Exception`` takes it)."""


@contextlib.contextmanager
def bounded(seconds: int = CASE_SECONDS, memory: int = CASE_MEMORY):  # noqa: ANN201 - a context manager
    """Run a case with a time limit (SIGALRM) and a memory limit (the soft RLIMIT_AS): a hang
    or a memory bomb becomes an exception in the fuzzer instead of a stuck or killed machine."""
    def ring(_signum: int, _frame: object) -> None:
        raise Hang(f"over {seconds} s")

    old_handler = signal.signal(signal.SIGALRM, ring)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old_handler)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class Crash(AssertionError):
    """The contract broken: an exception other than a refusal, a changed database, a long message."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


class Harness:
    """A scratch folder with a fresh copy of the target database for every case."""

    def __init__(self, seeds: Seeds, work: Path, *, automatic_backups: bool = True) -> None:
        from ntm_desktop.store.database import open_store
        from ntm_desktop.sync.trust import identity

        self.seeds = seeds
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.pristine = seeds.target.read_bytes()
        self.pristine_digest = hashlib.sha256(self.pristine).hexdigest()
        self.origin = open_store(seeds.origin, create=False)
        self.sign: Callable[[bytes], str] = lambda raw: identity.sign(self.origin, raw)
        self.seed_bytes = {reader: [p.read_bytes() for p in seeds.of(reader)] for reader in READERS}
        self.db = work / "db" / "ntm.sqlite3"
        self.case_file = {r: work / f"case-{r}{s}" for r, s in (
            ("package", ".ntmpkg"), ("table", ".xlsx"), ("template", ".xlsx"), ("criteria", ".xlsx"),
            ("backup", ".sqlite3"), ("database", ".sqlite3"))}
        self.cases = 0
        if not automatic_backups:
            # the long run's choice (scripts/fuzz_long.py): the copy of the database an import
            # makes first reads no input and costs half of a package case
            from ntm_desktop.store import backup

            backup.auto_backup = lambda store, reason: None  # type: ignore[assignment]
        self.all_commands = False  # a damaged database: every command, not one by turns
        self._written: tuple[int, int] | None = None  # (size, mtime) of the pristine copy last written

    def close(self) -> None:
        self.origin.close()

    # -- mutation --------------------------------------------------------------------------
    def mutate(self, reader: str, draw: Draw) -> tuple[bytes, str]:
        seed = draw.choice(self.seed_bytes[reader])
        if reader == "package":
            return mutate.package(draw, seed, self.sign)
        if reader in ("backup", "database"):
            return mutate.database(draw, seed)
        worksheets = (lambda n: n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml") \
            if draw.int(0, 2) else (lambda _n: True)
        return mutate.zip_file(draw, seed, worksheets)

    # -- running ---------------------------------------------------------------------------
    def _fresh_db(self) -> None:
        """The pristine target database, rewritten only when the last case may have changed
        it (its size or time differ from when it was written): most cases are refusals."""
        folder = self.db.parent
        if self.cases % 50 == 0 and folder.exists():
            shutil.rmtree(folder)  # automatic backups of earlier cases
        folder.mkdir(parents=True, exist_ok=True)
        sides = [Path(f"{self.db}{side}") for side in ("-wal", "-shm", "-journal")]
        if self._written is not None and not any(p.exists() for p in sides) and self.db.exists():
            stat = self.db.stat()
            if (stat.st_size, stat.st_mtime_ns) == self._written:
                return
        for side in sides:
            side.unlink(missing_ok=True)
        self.db.write_bytes(self.pristine)
        stat = self.db.stat()
        self._written = (stat.st_size, stat.st_mtime_ns)

    def run(self, reader: str, data: bytes, label: str = "") -> str:
        """Run ``data`` through ``reader``: 'accepted' or 'refused <key>'; raises Crash."""
        self.cases += 1
        case = self.case_file[reader]
        case.write_bytes(data)
        self._fresh_db()
        try:
            with bounded():
                outcome = getattr(self, f"_run_{reader}")(case)
        except Crash:
            raise
        except InputRejected as refusal:
            self._check_refusal(reader, case, refusal, label)
            return f"refused {refusal.key}"
        except BaseException as exc:  # noqa: BLE001 - the very thing looked for
            if isinstance(exc, KeyboardInterrupt):
                raise
            ours = [f for f in traceback.extract_tb(exc.__traceback__) if "ntm_desktop" in f.filename]
            where = f" at {ours[-1].filename.split('ntm_desktop')[-1]}:{ours[-1].lineno}" if ours else ""
            raise Crash(f"{reader} [{label}]: {type(exc).__name__}{where}: {str(exc)[:300]}\n"
                        + "".join(traceback.format_exception(exc)[-6:])) from exc
        return outcome

    def _check_refusal(self, reader: str, case: Path, refusal: InputRejected, label: str) -> None:
        where = f"{reader} [{label}] {refusal.key}"
        message = refusal.message
        if len(message) > MAX_MESSAGE or any(len(str(d)) > MAX_MESSAGE for d in refusal.details):
            raise Crash(f"{where}: a refusal of {len(str(refusal))} characters")
        if case.name not in str(refusal) and str(self.db) not in str(refusal) and self.db.name not in str(refusal):
            raise Crash(f"{where}: the refusal does not name the file: {message[:200]}")
        if _digest(self.db) != self.pristine_digest:
            raise Crash(f"{where}: the database changed although the file was refused")
        for side in ("-wal", "-journal"):
            if Path(f"{self.db}{side}").exists() and Path(f"{self.db}{side}").stat().st_size:
                raise Crash(f"{where}: {side} left beside the database")

    def _store(self):  # noqa: ANN202 - a Store
        from ntm_desktop.store.database import open_store

        return open_store(self.db, create=False)

    def _run_package(self, case: Path) -> str:
        from ntm_desktop.sync import merge

        store = self._store()
        try:
            report = merge.import_package(store, case)
            report.as_json()
            report.message()
        finally:
            store.close()
        return "accepted"

    def _run_table(self, case: Path) -> str:
        from ntm_desktop.excel import table_import

        store = self._store()
        try:
            preview = table_import.read_table(store, case, YEAR)
            preview.as_json()
            problems = table_import.check(preview, False)
            if problems:
                raise InputRejected("table.rejected", [p.message for p in problems], path=case, n=len(problems))
            table_import.overwrites(store, preview, YEAR)
            table_import.apply(store, preview, YEAR)
        finally:
            store.close()
        return "accepted"

    def _run_template(self, case: Path) -> str:
        from ntm_desktop.excel import templates

        store = self._store()
        try:
            preview = templates.read_template(store, case)
            preview.as_json()
            if preview.errors:
                raise InputRejected("tpl.rejected", preview.errors, path=case, n=len(preview.errors))
            templates.apply_template(store, preview)
        finally:
            store.close()
        return "accepted"

    def _run_criteria(self, case: Path) -> str:
        from ntm_desktop.criteria import workbook

        store = self._store()
        try:
            preview = workbook.preview_import(store, case, code="FZ1", name="Bộ thử", from_date="2026-01-01")
            preview.as_json()
            preview.summary_lines()
            workbook.apply(store, preview)
        finally:
            store.close()
        return "accepted"

    def _run_backup(self, case: Path) -> str:
        from ntm_desktop.store import restore

        restore.restore_into(self.db, case)
        code, output = self.cli(["summary", "--year", str(YEAR), "--json"])
        # a value changed into another valid one can make the figures refuse (exit 3, "no
        # criteria set for 2020"); the restored database itself must open and never crash
        if code not in (0, 3) or (code == 3 and str(self.db) in output):
            raise Crash(f"backup accepted, then the restored database fails (exit {code}): {output[-300:]}")
        return "accepted"

    DATABASE_COMMANDS = (
        ("summary", "--year", str(YEAR), "--json"),
        ("units", "list"),
        ("set", "--year", str(YEAR), "--district", DISTRICT, "--commune", COMMUNE, "--indicator", "2.1",
         "--value", "55"),
        ("export", "--out", "{out}", "--full"),
        ("backup", "--out", "{out}"),
        ("conflicts", "list"),
    )

    def _run_database(self, case: Path) -> str:
        """The damaged file as the database of ``ntm`` commands: one by turns, or every one
        (``all_commands``, for the corpus); each must work or refuse (exit 3) untouched."""
        commands = self.DATABASE_COMMANDS if self.all_commands else \
            [self.DATABASE_COMMANDS[self.cases % len(self.DATABASE_COMMANDS)]]
        outcomes = [self._one_command(case, command) for command in commands]
        return "refused exit 3" if "refused exit 3" in outcomes else "accepted"

    def _one_command(self, case: Path, template: tuple[str, ...]) -> str:
        shutil.copyfile(case, self.db)
        for side in ("-wal", "-shm", "-journal"):
            Path(f"{self.db}{side}").unlink(missing_ok=True)
        before = _digest(self.db)
        out = self.work / "out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        command = [part.replace("{out}", str(out)) for part in template]
        code, output = self.cli(command)
        if code not in (0, 3):
            raise Crash(f"database: ntm {' '.join(command)} exit {code}: {output[-600:]}")
        if code == 3:
            if _digest(self.db) != before:
                raise Crash(f"database: ntm {command[0]} refused the file but changed it")
            if len(output) > 4 * MAX_MESSAGE:
                raise Crash(f"database: ntm {command[0]}: a refusal of {len(output)} characters")
            if list(out.glob("*.part")) or list(out.glob(".*.part")):
                raise Crash(f"database: ntm {command[0]} left a .part file")
            return "refused exit 3"
        return "accepted"

    def cli(self, argv: list[str]) -> tuple[int, str]:
        from ntm_desktop import cli

        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(["--db", str(self.db), *argv])
        return code, stdout.getvalue()[-2000:] + stderr.getvalue()


__all__ = ["READERS", "Crash", "Harness", "NtmError"]
