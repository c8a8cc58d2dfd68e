"""The travelling entities: what each one is, how it is exported, compared and applied.

An entity has its change-log name, its CSV member and its columns. Export, import and
conflict resolution only talk to entities through :class:`Entity`; which entities
travel, and in which order (referenced entities first: units before values), is the
explicit list of logged kinds, :data:`ntm_desktop.history.KINDS`. A new kind of data
(twinning) travels by one more entity there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.groups import Groups


class Item:
    """One version of one record: from a package (incoming) or this database (local)."""

    __slots__ = ("nkey", "hlc", "seen", "base", "key", "data", "uuid", "at", "by", "deleted", "commune", "logged")

    def __init__(
        self, nkey: str, hlc: str, key: str, data: Any, seen: tuple[str, ...] = (),
        base: tuple[str, ...] = (), uuid: str | None = None, at: str | None = None, by: str | None = None,
        deleted: bool = False, commune: str | None = None, logged: bool = False,
    ) -> None:
        self.nkey = nkey
        self.hlc = hlc
        self.key = key  # content key: equal keys are equal contents
        self.data = data  # entity-specific: the parsed row (incoming) or the stored row (local)
        self.seen = seen
        self.base = base
        self.uuid = uuid
        self.at = at
        self.by = by
        self.deleted = deleted
        self.commune = commune  # commune nkey, for the per-commune preview
        self.logged = logged  # the package's history holds this version's change-log row


@dataclass
class Fresh:
    """A chunk of incoming records of communes this database holds nothing of (no
    record, no deletion, no open conflict of the entity): every one is new, so the chunk
    skips the per-record comparison. The entity's ``parse`` has checked its rows and
    says per commune how many there are, the newest stamp, and the versions the
    package's history does not carry (they get change-log rows)."""

    rows: list[list[str]]
    first: int  # CSV row number of rows[0] (the header is row 1)
    communes: dict[str, int]  # commune nkey → records
    newest: str
    unlogged: list[Item]


@dataclass
class Scope:
    """What a package covers: everything, or some communes (with their units)."""

    communes: set[int] | None = None  # commune unit ids; None = everything
    units: set[int] | None = None  # communes, their ancestors and descendants
    unit_nkeys: set[str] | None = None
    key: str = "all"  # watermark key
    label: str = ""
    description: dict[str, Any] = field(default_factory=lambda: {"all": True})

    @property
    def everything(self) -> bool:
        return self.communes is None


@dataclass
class Selection:
    """What an export takes: the scope, and for a changes-only package the records
    changed since the watermark (their nkeys per entity)."""

    scope: Scope
    since: int | None = None  # change-log id; None = full
    changed: dict[str, set[str]] = field(default_factory=dict)
    referenced_units: set[int] = field(default_factory=set)  # filled by exports of values
    referenced_sets: set[str] = field(default_factory=set)
    documents: list[tuple[str, bytes]] = field(default_factory=list)  # extra members (set files)
    referenced_rows: dict[str, set[str]] = field(default_factory=dict)  # table → nkeys others need

    @property
    def full(self) -> bool:
        return self.since is None


@dataclass
class Context:
    """What an import knows while it classifies and applies one package."""

    store: Store
    path: Path
    package_id: str
    origin: str
    batch_id: str
    label: str
    unit_ids: dict[str, int] = field(default_factory=dict)  # local units by nkey
    incoming_units: dict[str, Item] = field(default_factory=dict)
    incoming_sets: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> document
    applied_sets: set[str] = field(default_factory=set)  # set codes whose package version wins
    recompute: Groups = field(default_factory=Groups)  # (commune, period, criterion) whose status is due
    computed: Groups = field(default_factory=Groups)  # statuses stored with their rows (recompute's bits)
    recompute_sets: set[str] = field(default_factory=set)
    # entity name → communes whose records must be compared one by one (held here, deleted
    # here or in an open conflict); the others' chunks come as Fresh
    blocked: dict[str, set[str]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.computed = self.recompute.sharing()

    def bad(self, member: str, row: int, detail: str) -> InputRejected:
        return InputRejected("pkg.bad_content", path=self.path, member=member, row=row, detail=detail)

    def missing(self, what: str, key: str) -> InputRejected:
        return InputRejected("pkg.missing_ref", path=self.path, what=t(f"ref.{what}"), ref=key)


class Entity:
    """Base of the travelling entities; subclasses fill in the hooks."""

    name = ""
    member = ""
    columns: tuple[str, ...] = ()
    tombstones = True  # deletions travel as tombstones (from the change log's deletes)

    def header(self, store: Store) -> tuple[str, ...]:
        """The CSV header of the entity's member."""
        return self.columns

    # -- export -------------------------------------------------------------------------
    def export(self, store: Store, sel: Selection) -> Iterator[list[Any]]:
        """CSV rows of the records the selection takes (with hlc, seen and base)."""
        raise NotImplementedError

    def live(self, store: Store, nkey: str) -> bool:
        """Whether the record exists here (a delete in the log is then not a tombstone)."""
        raise NotImplementedError

    def in_scope(self, store: Store, nkey: str, scope: Scope) -> bool:
        return True

    # -- import -------------------------------------------------------------------------
    def parse(self, rows: Iterator[list[str]], ctx: Context) -> Iterator[list[Item] | Fresh]:
        raise NotImplementedError

    def check(self, items: list[Item], ctx: Context) -> None:
        """Refuse the package if an incoming record refers to something unknown."""

    fresh_chunks = False  # parse may yield Fresh chunks (for communes not in Context.blocked)

    def held_communes(self, ctx: Context) -> set[str]:
        """Commune nkeys of which this database holds any record of the entity."""
        return set()

    def write_fresh(self, chunk: Fresh, ctx: Context) -> None:
        """Store a Fresh chunk's records (all new)."""
        raise NotImplementedError

    def local(self, items: list[Item], ctx: Context) -> dict[str, Item]:
        """The live local versions of the incoming records, by nkey."""
        raise NotImplementedError

    def write(self, pairs: list[tuple[Item, Item | None]], ctx: Context) -> None:
        """Store incoming live versions (insert, or replace the local one)."""
        raise NotImplementedError

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        """Apply incoming tombstones over live local records."""
        raise NotImplementedError

    def restamp(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        """Equal contents under different stamps: keep the newer stamp (no change of data)."""

    def state(self, item: Item) -> dict[str, Any] | None:
        """The version's content as stored in change-log rows and conflicts."""
        raise NotImplementedError

    def state_key(self, state: dict[str, Any]) -> str:
        """Content key of a state dict (as logged by the service functions too)."""
        raise NotImplementedError

    def decided(self, item: Item, applies: bool, ctx: Context) -> None:
        """Told while classifying whether the incoming version will be stored."""

    def commune_of(self, nkey: str) -> str | None:
        return None

    def describe(self, store: Store, nkey: str) -> str:
        return nkey

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        """A value as a person reads it."""
        return "" if state is None else str(state)

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        """Write ``state`` as a new local version (a person chose it in a conflict)."""
        raise NotImplementedError

    # -- shared helpers -------------------------------------------------------------------
    def key_of(self, state: dict[str, Any] | None) -> str:
        return versions.DELETED_KEY if state is None else self.state_key(state)

