"""Twinned agencies (cơ quan kết nghĩa): who helps the communes and villages.

An agency has a name, a kind (:data:`~.kinds.AGENCY_KINDS`), a level (province or
district) with its owner unit (the province or the district it belongs to), a contact
person and a phone number. Its natural key is its owner and its name as first entered
(:func:`~.records.agency_nkey`), so a renamed agency keeps its identity and history.
Every write is one transaction with its change-log rows; refused input raises
InputRejected and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import ids, text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.twinning.kinds import AGENCY_LEVELS, agency_kind
from ntm_desktop.twinning.places import district_of, suggest
from ntm_desktop.twinning.records import agency_key, agency_nkey, save, state_of
from ntm_desktop.units import Unit


@dataclass(frozen=True)
class Agency:
    id: int
    uuid: str
    nkey: str
    name: str
    kind: str
    level: str  # "province" or "district"
    owner: str  # the province's or district's name
    owner_nkey: str
    owner_id: int
    contact: str | None
    phone: str | None
    note: str | None

    @property
    def district(self) -> str | None:
        return self.owner if self.level == "district" else None

    def kind_label(self) -> str:
        return t(f"twin.kind.{self.kind}")

    def level_label(self) -> str:
        return t(f"twin.level.{self.level}")

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "level": self.level, "owner": self.owner,
                "district": self.district, "contact": self.contact, "phone": self.phone,
                "note": self.note, "uuid": self.uuid}


AGENCY_SELECT = (
    "SELECT a.*, o.name AS owner_name, o.nkey AS owner_nkey FROM agencies a"
    " JOIN units o ON o.id = a.owner_id"
)


def agency_from_row(row: Any) -> Agency:
    return Agency(row["id"], row["uuid"], row["nkey"], row["name"], row["kind"], row["level"],
                  row["owner_name"], row["owner_nkey"], row["owner_id"], row["contact"],
                  row["phone"], row["note"])


def load_agencies(store: Store, where: str = "a.deleted = 0", params: list[Any] | None = None) -> list[Agency]:
    rows = store.query(f"{AGENCY_SELECT} WHERE {where}", params or [])
    return sorted((agency_from_row(r) for r in rows), key=lambda a: text.sort_key(a.name))


def get_agency(store: Store, agency_uuid: str) -> Agency:
    found = load_agencies(store, "a.uuid = ?", [agency_uuid])
    if not found:
        raise InputRejected("twin.missing_ref", what=agency_uuid)
    return found[0]


def list_agencies(
    store: Store, *, level: str | None = None, district: Unit | str | None = None, query: str | None = None
) -> list[Agency]:
    """Agencies (not deleted) in Vietnamese order; ``district`` keeps the province agencies
    and that district's own; ``query`` matches words of the name, accents optional."""
    found = load_agencies(store)
    if level:
        found = [a for a in found if a.level == level]
    if district is not None:
        dist = units.resolve_district(store, district) if isinstance(district, str) else district
        found = [a for a in found if a.level == "province" or a.owner_id == dist.id]
    if query and text.clean(query):
        found = [a for a in found if text.matches_filter(a.name, query)]
    return found


def agency_fits(store: Store, agency: Agency, unit: Unit | None) -> bool:
    """Whether ``agency`` may be twinned with ``unit``: a province agency anywhere, a
    district agency only within its own district."""
    if unit is None or agency.level == "province":
        return True
    district = district_of(store, unit)
    return district is not None and district.id == agency.owner_id


def resolve_agency(store: Store, name: str, *, unit: Unit | None = None, level: str | None = None) -> Agency:
    """The agency named ``name`` (case, spacing and, failing an exact match, accents
    ignored). Several agencies of that name (a province one and district ones) are told
    apart by ``level`` and by the district of ``unit``. Unknown: InputRejected with the
    closest names."""
    found = load_agencies(store, "a.deleted = 0 AND a.name_key = ?", [agency_key(name)])
    if not found:
        found = load_agencies(store, "a.deleted = 0 AND a.search_key = ?", [text.fold(name)])
    if len(found) > 1 and level:
        found = [a for a in found if a.level == level] or found
    if len(found) > 1 and unit is not None:
        found = [a for a in found if agency_fits(store, a, unit)] or found
        if len(found) > 1:  # a village twinning prefers its district's own agency
            preferred = "district" if unit.level == "village" else "province"
            found = [a for a in found if a.level == preferred] or found
    if len(found) == 1:
        return found[0]
    if found:
        owners = ", ".join(f"{a.name} ({a.owner})" for a in found)
        raise InputRejected("agency.ambiguous", name=name, owners=owners)
    names = [r["name"] for r in store.query("SELECT name FROM agencies WHERE deleted = 0")]
    close = text.closest(name, names, limit=5, cutoff=0.5)
    raise InputRejected("agency.unknown", suggest("agency.suggest", close), name=name)


def default_owner(store: Store, level: str, unit: Unit | None = None, name: str = "") -> Unit:
    """The province or district an agency of ``level`` belongs to: the ancestor of
    ``unit`` (a district, commune or village), else the only province in the database."""
    if level not in AGENCY_LEVELS:
        raise InputRejected("agency.bad_level", value=level)
    if unit is not None:
        owner = units.ancestor(store, unit, level)
        if owner is not None:
            return owner
    elif level == "province":
        provinces = units.all_of_level(store, "province")
        if len(provinces) == 1:
            return provinces[0]
    raise InputRejected("agency.no_owner", name=name)


def create_agency_in(
    store: Store, batch: audit.Batch, name: str, *, level: str, kind: str | None, owner: Unit,
    contact: str | None, phone: str | None, note: str | None,
) -> Agency:
    """Add an agency inside the caller's transaction, logged in ``batch`` (a twinning
    that names a new agency creates it in the same undoable step)."""
    name = text.clean(name)
    if not name:
        raise InputRejected("agency.empty_name")
    if level not in AGENCY_LEVELS:
        raise InputRejected("agency.bad_level", value=level)
    kind_code = agency_kind(kind, name)
    clash = load_agencies(store, "a.deleted = 0 AND a.owner_id = ? AND a.name_key = ?",
                          [owner.id, agency_key(name)])
    if clash:
        raise InputRejected("agency.exists", name=clash[0].name, owner=clash[0].owner)
    nkey = agency_nkey(owner.nkey, name)
    existing = state_of(store, "agency", nkey=nkey)
    if existing is not None and not existing["deleted"]:  # renamed away from this name
        nkey = f"{nkey}#{ids.new_uuid()[-8:]}"  # random bits (a version-7 uuid starts with the clock)
        existing = None
    state = {
        "uuid": existing["uuid"] if existing else ids.new_uuid(),
        "nkey": nkey, "deleted": 0, "name": name, "kind": kind_code, "level": level,
        "owner": owner.nkey, "contact": text.clean(contact) or None,
        "phone": text.clean(phone) or None, "note": text.clean(note) or None,
    }
    saved = save(store, batch, "agency", state)
    return get_agency(store, saved["uuid"])


def create_agency(
    store: Store, name: str, *, level: str = "province", kind: str | None = None,
    owner: Unit | None = None, contact: str | None = None, phone: str | None = None,
    note: str | None = None,
) -> tuple[Agency, audit.Batch]:
    """Add an agency. ``owner`` is its province or district (for ``level`` district, the
    district); by default the database's only province. Refuses a duplicate name."""
    owner = owner if owner is not None and owner.level == level else default_owner(store, level, owner, name)
    batch = audit.new_batch("entered", t("agency.label_add", name=text.clean(name)))
    with store.transaction():
        agency = create_agency_in(store, batch, name, level=level, kind=kind, owner=owner,
                                  contact=contact, phone=phone, note=note)
    return agency, batch


def update_agency(
    store: Store, agency: Agency, *, name: str | None = None, kind: str | None = None,
    contact: str | None = None, phone: str | None = None, note: str | None = None,
) -> audit.Batch | None:
    """Change an agency's name, kind, contact, phone or note (None keeps a field, "" clears
    it). Its natural key stays: a renamed agency keeps its identity and history."""
    state = state_of(store, "agency", uuid=agency.uuid)
    assert state is not None
    new = dict(state)
    if name is not None:
        clean_name = text.clean(name)
        if not clean_name:
            raise InputRejected("agency.empty_name")
        clash = load_agencies(store, "a.deleted = 0 AND a.owner_id = ? AND a.uuid != ? AND a.name_key = ?",
                              [agency.owner_id, agency.uuid, agency_key(clean_name)])
        if clash:
            raise InputRejected("agency.exists", name=clash[0].name, owner=clash[0].owner)
        new["name"] = clean_name
    if kind is not None:
        new["kind"] = agency_kind(kind, new["name"])
    for key, value in (("contact", contact), ("phone", phone), ("note", note)):
        if value is not None:
            new[key] = text.clean(value) or None
    if new == state:
        return None
    batch = audit.new_batch("entered", t("agency.label_edit", name=new["name"]))
    with store.transaction():
        save(store, batch, "agency", new)
    return batch


def delete_agency(store: Store, agency: Agency) -> audit.Batch:
    """Delete (tombstone) an agency that has no twinning recorded."""
    used = store.query("SELECT count(*) AS n FROM twinnings WHERE agency_id = ? AND deleted = 0", [agency.id])
    if used[0]["n"]:
        raise InputRejected("agency.in_use", name=agency.name, n=used[0]["n"])
    batch = audit.new_batch("entered", t("agency.label_delete", name=agency.name))
    with store.transaction():
        state = state_of(store, "agency", uuid=agency.uuid)
        assert state is not None
        save(store, batch, "agency", {**state, "deleted": 1})
    return batch
