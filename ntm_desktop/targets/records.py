"""Target records: natural keys, states, and the one writer of ``targets``.

Every write goes through :func:`save`, which writes a record's whole state (found by uuid,
else by natural key), stamps it with the clock and logs the change; undo and redo
(:func:`restore`, listed in :data:`ntm_desktop.history.KINDS`) call the same function. Sync
packages write rows that keep the sender's stamp through :class:`SyncRows`. A state names
its unit by the unit's nkey (``None``: the whole province), never by a local id, which is
also how sync's generic table entity reads the table. ``deleted`` is ordinary content: a
removed target leaves a tombstone (``deleted: 1``) that travels like any version.
"""

from __future__ import annotations

from typing import Any

from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.store.record_table import RecordTable, unit_id

ENTITY = "target"
TABLE = "targets"
COMMUNE_KINDS = ("ntm", "nang-cao", "kieu-mau", "hien-dai", "criterion")
KINDS = ("communes", *COMMUNE_KINDS)
STATE_FIELDS = ("unit", "kind", "year", "criterion", "communes", "decision", "note", "deleted")
_STATE_SQL = "SELECT r.*, u.nkey AS unit FROM targets r LEFT JOIN units u ON u.id = r.unit_id"
PROVINCE = "*"  # the scope key of a province-wide target (no unit)


def nkey_of(unit_nkey: str | None, kind: str, year: int, criterion: int | None) -> str:
    """``target|<scope>|communes|<year>|<criterion>`` for a scope's count (one per scope, year
    and criterion), ``target|<commune nkey>|<kind>|<criterion or ->`` for a commune's target
    year (one per commune and kind: setting it again moves the year)."""
    if kind == "communes":
        return f"target|{unit_nkey or PROVINCE}|communes|{int(year)}|{criterion}"
    return f"target|{unit_nkey}|{kind}|{criterion if criterion is not None else '-'}"


RECORDS = RecordTable(ENTITY, TABLE, STATE_FIELDS, _STATE_SQL)
state_of = RECORDS.state_of


def live(store: Store, where: str = "", params: list[Any] | None = None) -> list[dict[str, Any]]:
    """The live states (no tombstones) matching ``where`` (SQL on ``r`` and ``u``), each with its
    ``unit_id``, by year, scope and criterion."""
    return RECORDS.states(store, "r.deleted = 0" + (f" AND {where}" if where else ""), params,
                         order="r.year, r.kind, coalesce(u.name, ''), r.criterion, r.id")


def _columns(store: Store, state: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {f: state.get(f) for f in STATE_FIELDS if f != "unit"}
    values["unit_id"] = unit_id(store, state.get("unit"), "plan.missing_unit", optional=True)
    values["year"] = int(values["year"])
    for name in ("criterion", "communes"):
        values[name] = None if values[name] is None else int(values[name])
    values["deleted"] = int(bool(values["deleted"]))
    return values


def save(store: Store, batch: audit.Batch, state: dict[str, Any], *, hlc: str | None = None,
         at: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it (nothing when it is unchanged). Call inside a
    transaction. The row is found by the state's uuid, else by its natural key, else inserted.
    Returns the stored state."""
    return RECORDS.write(store, batch, state, _columns(store, state), hlc=hlc, at=at, skip_unchanged=True)


def restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> None:
    """Undo/redo (and a conflict's resolution): bring a record to ``state``; None leaves a
    tombstone. A state without uuid or nkey takes them from the arguments."""
    RECORDS.restore(store, entity_uuid, nkey, state, batch, save)


def show(state: dict[str, Any], _value_type: str | None) -> str:
    """A state as the history dialog shows it: ``2020 · tiêu chí 2: 35 xã`` / ``2024 · NTM``."""
    if state["kind"] == "communes":
        shown = t("target.show_count", year=state["year"], criterion=state["criterion"], communes=state["communes"])
    elif state["kind"] == "criterion":
        shown = t("target.show_criterion", year=state["year"], criterion=state["criterion"])
    else:
        shown = t("target.show_kind", year=state["year"], kind=t(f"target.kind.{state['kind']}"))
    if state.get("deleted"):
        shown += " ✗"
    return shown


# sync's bulk door: the rows of ``targets`` as sync writes them (the ``rows`` of its ``TableEntity``)
SYNC_ROWS = RECORDS.rows
