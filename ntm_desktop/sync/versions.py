"""Which version of a record came from which: clock stamps, what a version has seen.

Every version of a travelling record carries its hybrid-logical-clock stamp
(``<ms>-<counter>-<installation>``, :mod:`ntm_desktop.clock`). A version also says what
it has *seen*: the newest stamp of each other installation in its history (a version
vector), and short hashes of the contents of the versions before it (``base``). Versions
of one installation follow each other, so a stamp is covered by a later stamp of the
same installation.

Version B *descends* from version A when B's maker had seen A: A's stamp is covered by
B's stamp or its vector, or A's content is among B's bases (two installations loaded
from the same reference data hold the same content under different stamps). Versions of
which neither descends from the other are *concurrent*: the later stamp wins and the
other is kept as a conflict.

A record's local history is the change log (``changes``) plus the conflicts kept for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.store.sqlite_errors import StoredDamage, stored_json


def parse(stamp: str) -> tuple[int, int, str]:
    """``(ms, counter, installation)``; counters may have more than five digits. A stored stamp
    that is not one is damage (StoredDamage): packages' stamps are checked before they are written."""
    try:
        ms, counter, installation = stamp.split("-", 2)
        return int(ms), int(counter), installation
    except (ValueError, AttributeError):
        raise StoredDamage(f"a version stamp that is not one: {str(stamp)[:40]!r}") from None


def well_formed(stamp: str) -> bool:
    """A quick check of ``<13 digits>-<digits>-<installation>`` (bulk rows)."""
    if len(stamp) < 21 or stamp[13] != "-" or not stamp[:13].isdigit():
        return False
    counter, _, installation = stamp[14:].partition("-")
    return counter.isdigit() and bool(installation)


def order(stamp: str) -> tuple[int, int, str]:
    """A sort key for stamps (safe where plain string order is not: long counters)."""
    return parse(stamp)


def newer(a: str, b: str) -> bool:
    return order(a) > order(b)


def installation_of(stamp: str) -> str:
    return parse(stamp)[2]


def covers(target: str, stamp: str, seen: Iterable[str]) -> bool:
    """Whether a version stamped ``stamp`` that has seen ``seen`` has seen ``target``."""
    if target == stamp:
        return True
    t_ms, t_counter, t_inst = parse(target)
    for other in (stamp, *seen):
        o_ms, o_counter, o_inst = parse(other)
        if o_inst == t_inst and (o_ms, o_counter) >= (t_ms, t_counter):
            return True
    return False


def short(key: str) -> str:
    """The short content hash a ``base`` list holds."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def split(cell: str | None) -> tuple[str, ...]:
    return tuple(cell.split()) if cell else ()


@dataclass
class Ancestry:
    """A record's local history: newest stamp per installation and contents seen."""

    vector: dict[str, str] = field(default_factory=dict)
    bases: set[str] = field(default_factory=set)

    def add_stamp(self, stamp: str) -> None:
        inst = installation_of(stamp)
        current = self.vector.get(inst)
        if current is None or newer(stamp, current):
            self.vector[inst] = stamp

    def seen_for(self, current: str) -> list[str]:
        """The vector entries a version stamped ``current`` must carry besides itself."""
        out = []
        for stamp in self.vector.values():
            if not covers(stamp, current, ()):
                out.append(stamp)
        return sorted(out)

    def bases_for(self, current_key: str) -> list[str]:
        own = short(current_key)
        return sorted(b for b in self.bases if b != own)


StateKey = Callable[[dict[str, Any]], str]

DELETED_KEY = "\x00deleted"


def ancestry(
    store: Store, entity: str, state_key: StateKey, nkeys: list[str] | None = None, *, every: bool = False
) -> dict[str, Ancestry]:
    """Local histories of an entity's records: for the given nkeys; or (None) for every
    record (``every``), or for every record whose history is more than one insertion: the
    bulk entities, whose stored stamp is always that of their one logged insertion.
    Group rows of the change log (:func:`ntm_desktop.audit.members`) count for each
    record they hold."""
    conn = store.db.conn
    if nkeys is None and not every:
        nkeys = sorted(_eventful(store, entity))
    out: dict[str, Ancestry] = {}

    def add(nkey: str, stamp: str, states: Iterable[dict[str, Any] | None]) -> None:
        anc = out.setdefault(nkey, Ancestry())
        anc.add_stamp(stamp)
        for state in states:
            if state:  # "from nothing" is not a content two versions can share
                anc.bases.add(short(state_key(state)))

    if nkeys is None:
        rows: Iterable[Any] = conn.execute("SELECT nkey, hlc, old, new FROM changes WHERE entity = ?", [entity])
        conflicts: Iterable[Any] = conn.execute(
            "SELECT nkey, loser_hlc, loser_state, winner_hlc, winner_state FROM sync_conflicts WHERE entity = ?",
            [entity],
        )
        wanted: set[str] | None = None
    else:
        rows, conflicts = [], []
        wanted = set(nkeys)
        for start in range(0, len(nkeys), 500):
            chunk = nkeys[start : start + 500]
            groups = sorted({g for g in map(audit.group_key, chunk) if g is not None})
            keys = [*chunk, *groups]
            rows = [*rows, *conn.execute(
                f"SELECT nkey, hlc, old, new FROM changes WHERE nkey IN ({','.join('?' * len(keys))})", keys)]
            conflicts = [*conflicts, *conn.execute(
                f"SELECT nkey, loser_hlc, loser_state, winner_hlc, winner_state FROM sync_conflicts"
                f" WHERE nkey IN ({','.join('?' * len(chunk))})", chunk)]
    for nkey, stamp, old, new in rows:
        if audit.is_group(nkey):
            for member, _op, before, after in audit.members(nkey, old, new):
                if wanted is None or member in wanted:
                    add(member, stamp, (before, after))
        else:
            add(nkey, stamp, (stored_json(old), stored_json(new)))
    for nkey, loser, loser_state, winner, winner_state in conflicts:
        for stamp, state in ((loser, loser_state), (winner, winner_state)):
            add(nkey, stamp, (stored_json(state),))
    return out


def _eventful(store: Store, entity: str) -> set[str]:
    """Records of an entity whose history is more than their one logged insertion: more
    than one change (own rows and group rows together), an update or deletion, or a
    conflict. Counted by SQLite, without a Python object per change."""
    rows = store.db.conn.execute(
        "SELECT rec FROM ("
        " SELECT nkey AS rec, op <> 'insert' AS later FROM changes WHERE entity = ?1 AND nkey NOT LIKE '%|*'"
        " UNION ALL"
        " SELECT substr(c.nkey, 1, length(c.nkey) - 1) || j.key,"
        "  c.old IS NOT NULL AND json_type(c.old, '$.\"' || j.key || '\"') IS NOT NULL"
        "  FROM changes c, json_each(c.new) j WHERE c.entity = ?1 AND c.nkey LIKE '%|*'"
        ") GROUP BY rec HAVING count(*) > 1 OR max(later)"
        " UNION SELECT nkey FROM sync_conflicts WHERE entity = ?1",
        [entity],
    )
    return {r[0] for r in rows}
