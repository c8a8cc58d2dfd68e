"""Twinning building blocks: kinds, dates, records, and the one writer of their rows.

Every twinning write (agencies, assignments, contributions) goes through :func:`save`,
which writes a record's whole state (upsert by uuid, else by natural key), stamps it
with the clock and logs the change; the restorers of undo/redo and sync packages call
the same function. States name other records by natural key (agency nkey, unit nkey,
twinning nkey), never by local ids, so they mean the same on every installation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ntm_desktop import clock, i18n, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

AGENCY_LEVELS = ("province", "district")



# -- kinds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyKind:
    code: str

    def label(self) -> str:
        return t(f"twin.kind.{self.code}")


AGENCY_KINDS = tuple(
    AgencyKind(code) for code in ("department", "mass_org", "company", "armed", "bank", "central", "other")
)
AGENCY_KIND_CODES = tuple(k.code for k in AGENCY_KINDS)

# How a name usually begins, per kind (accent-folded); used to propose a kind.
_KIND_PREFIXES = (
    ("bank", ("ngan hang",)),
    ("armed", ("bo chi huy", "bo doi", "cong an", "don bien phong", "trung doan", "su doan",
               "lu doan", "ban chi huy quan su", "ban chqs", "bchqs")),
    ("company", ("cong ty", "tong cong ty", "doanh nghiep", "ctcp", "cty")),
    ("mass_org", ("uy ban mat tran", "ubmttq", "mat tran", "hoi ", "tinh doan", "huyen doan",
                  "lien doan", "doan thanh nien", "lien minh")),
    ("central", ("cuc ", "kho bac", "chi cuc", "bao hiem xa hoi", "vien kiem sat", "toa an")),
    ("department", ("so ", "ban ", "van phong", "phong ", "thanh tra", "dai phat thanh",
                    "bao ", "truong ", "benh vien", "trung tam")),
)


def guess_kind(name: str) -> str:
    """The agency kind a name suggests (``Sở Tài chính`` → department), else ``other``."""
    folded = text.fold(name) + " "
    for code, prefixes in _KIND_PREFIXES:
        if folded.startswith(prefixes):
            return code
    return "other"


def agency_kind(value: str | None, name: str = "") -> str:
    """A kind code from a code or a label (any language, accents optional); None guesses."""
    if value is None or not text.clean(value):
        return guess_kind(name)
    key = text.fold(value)
    for kind in AGENCY_KINDS:
        if key in (kind.code, text.fold(i18n.MESSAGES[f"twin.kind.{kind.code}"][0]),
                   text.fold(i18n.MESSAGES[f"twin.kind.{kind.code}"][1])):
            return kind.code
    raise InputRejected(
        "agency.bad_kind", value=value,
        kinds=", ".join(f"{k.code} ({k.label()})" for k in AGENCY_KINDS),
    )




@dataclass(frozen=True)
class ContributionKind:
    """One kind of contribution, counted in its own unit (money kinds in đồng)."""

    code: str
    vi: str
    en: str
    unit_vi: str
    unit_en: str
    money: bool  # the figure is an amount in đồng (no separate quantity)
    group: str  # "production" (table 1a) or "social" (table 1b); see TABLES

    def label(self) -> str:
        return self.vi if i18n.language() == "vi" else self.en

    def unit(self) -> str:
        return self.unit_vi if i18n.language() == "vi" else self.unit_en

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "vi": self.vi, "en": self.en, "unit_vi": self.unit_vi,
                "unit_en": self.unit_en, "money": self.money, "group": self.group}


CONTRIBUTION_KINDS = (
    ContributionKind("staff_trips", "Cán bộ xuống xã", "Staff trips", "lượt", "trips", False, "production"),
    ContributionKind("money_production", "Kinh phí hỗ trợ sản xuất", "Money for production",
                     "đồng", "VND", True, "production"),
    ContributionKind("models", "Mô hình kinh tế hộ", "Household economic models", "mô hình", "models",
                     False, "production"),
    ContributionKind("households", "Hộ được giúp đỡ", "Households helped", "hộ", "households",
                     False, "production"),
    ContributionKind("labour_days", "Ngày công lao động", "Labour days", "ngày công", "days",
                     False, "production"),
    ContributionKind("money_social", "Kinh phí an sinh xã hội", "Money for social work",
                     "đồng", "VND", True, "social"),
    ContributionKind("houses", "Nhà tình nghĩa, nhà Đại đoàn kết", "Houses built or repaired",
                     "căn", "houses", False, "social"),
    ContributionKind("scholarships", "Học bổng, bộ dụng cụ học tập", "Scholarships and school kits",
                     "suất", "awards", False, "social"),
    ContributionKind("gifts", "Quà (Tết, 27/7)", "Gifts (Tết, 27 July)", "suất", "gifts", False, "social"),
    ContributionKind("medical", "Khám chữa bệnh miễn phí", "Free medical checks", "lượt người",
                     "people", False, "social"),
)
KIND_BY_CODE = {k.code: k for k in CONTRIBUTION_KINDS}


def contribution_kind(value: str) -> ContributionKind:
    """A contribution kind from its code or its label (any language, accents optional)."""
    key = text.fold(value)
    for kind in CONTRIBUTION_KINDS:
        if key in (kind.code, text.fold(kind.vi), text.fold(kind.en)):
            return kind
    raise InputRejected(
        "contrib.bad_kind", value=value,
        kinds=", ".join(f"{k.code} ({k.label()})" for k in CONTRIBUTION_KINDS),
    )


# -- dates --------------------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: str | date) -> date:
    """A date from ISO ``YYYY-MM-DD`` (or ``dd/mm/yyyy``); InputRejected otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text.clean(value)
    try:
        if _ISO.match(raw):
            return date.fromisoformat(raw)
        match = _DMY.match(raw)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise InputRejected("twin.bad_date", value=value)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def show_date(day: date | None) -> str:
    """``dd/mm/yyyy`` as the window and the reports show dates; empty for None."""
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass(frozen=True)
class Decision:
    """A decision (quyết định): its number, date and signer; any part may be missing."""

    number: str | None = None
    on: date | None = None
    signer: str | None = None

    @classmethod
    def of(cls, number: str | None = None, on: str | date | None = None,
           signer: str | None = None) -> Decision | None:
        """A cleaned decision, or None when nothing is given."""
        decision = cls(text.clean(number) or None, parse_date(on) if on else None,
                       text.clean(signer) or None)
        return decision if decision != cls() else None

    def describe(self) -> str:
        head = self.number or ""
        if self.on:
            head = t("twin.decision_on", number=head, date=show_date(self.on)).strip()
        if self.signer:
            head = f"{head} ({self.signer})".strip()
        return head


# -- keys -------------------------------------------------------------------------------------


def agency_key(name: str) -> str:
    """Key comparing agency names: NFC, trimmed, case folded. Unlike text.match_key it keeps
    a leading ``Tỉnh``/``Huyện`` (``Tỉnh đoàn`` is not ``Đoàn``)."""
    return text.clean(name).casefold()


def agency_nkey(owner_nkey: str, name: str) -> str:
    """``agency|<province or district unit nkey>|<name key>``: level and owner come from the
    owner's nkey (``province:62``, ``district:610``)."""
    return f"agency|{owner_nkey}|{agency_key(name)}"


def twinning_nkey(agency_nkey_: str, unit_nkey: str, start: date) -> str:
    return f"tw|{agency_nkey_}|{unit_nkey}|{start.isoformat()}"


def contribution_nkey(row_uuid: str) -> str:
    return f"contrib|{row_uuid}"


def number_out(value: float | None) -> float | int | None:
    """A stored quantity as JSON shows it: whole numbers without ``.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


# -- records --------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Assignment:
    """One twinning: an agency with a commune (or a village) from ``start`` until ``end``
    (exclusive: the day it stopped; None while active)."""

    id: int
    uuid: str
    nkey: str
    agency_id: int
    agency_uuid: str
    agency_nkey: str
    agency: str
    agency_level: str
    agency_kind: str
    unit_id: int
    unit_nkey: str
    unit_level: str  # "commune" or "village"
    district_id: int | None
    district: str
    commune_id: int
    commune_nkey: str
    commune: str
    village: str | None
    start: date
    end: date | None
    decision: str | None
    decision_date: date | None
    decision_signer: str | None
    end_decision: str | None
    end_decision_date: date | None
    end_decision_signer: str | None
    note: str | None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def place(self) -> str:
        """``Đăk Long (Đăk Hà)``, or ``Thôn 1, xã Đăk Long (Đăk Hà)`` for a village."""
        if self.village:
            return t("twin.place_village", village=self.village, commune=self.commune, district=self.district)
        return f"{self.commune} ({self.district})"

    def start_decision(self) -> Decision | None:
        return Decision.of(self.decision, self.decision_date, self.decision_signer)

    def stop_decision(self) -> Decision | None:
        return Decision.of(self.end_decision, self.end_decision_date, self.end_decision_signer)

    def as_json(self) -> dict[str, Any]:
        """CONTRACT §1 keys (agency, district, commune, from, to, decision) and more beside."""
        return {
            "agency": self.agency,
            "district": self.district,
            "commune": self.commune,
            "from": iso(self.start),
            "to": iso(self.end),
            "decision": self.decision,
            "village": self.village,
            "agency_level": self.agency_level,
            "agency_kind": self.agency_kind,
            "decision_date": iso(self.decision_date),
            "decision_signer": self.decision_signer,
            "end_decision": self.end_decision,
            "end_decision_date": iso(self.end_decision_date),
            "end_decision_signer": self.end_decision_signer,
            "note": self.note,
            "uuid": self.uuid,
        }


ASSIGNMENT_SELECT = (
    "SELECT t.*, a.uuid AS a_uuid, a.nkey AS a_nkey, a.name AS a_name, a.level AS a_level,"
    " a.kind AS a_kind, u.level AS u_level, u.name AS u_name, u.nkey AS u_nkey,"
    " p.id AS p_id, p.name AS p_name, p.nkey AS p_nkey, g.id AS g_id, g.name AS g_name"
    " FROM twinnings t JOIN agencies a ON a.id = t.agency_id JOIN units u ON u.id = t.unit_id"
    " LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units g ON g.id = p.parent_id"
)


def assignment_from_row(r: Any) -> Assignment:
    village = r["u_level"] == "village"
    return Assignment(
        r["id"], r["uuid"], r["nkey"], r["agency_id"], r["a_uuid"], r["a_nkey"], r["a_name"],
        r["a_level"], r["a_kind"], r["unit_id"], r["u_nkey"], r["u_level"],
        r["g_id"] if village else r["p_id"],
        (r["g_name"] if village else r["p_name"]) or "",
        r["p_id"] if village else r["unit_id"],
        r["p_nkey"] if village else r["u_nkey"],
        r["p_name"] if village else r["u_name"],
        r["u_name"] if village else None,
        date.fromisoformat(r["date_from"]), from_iso(r["date_to"]),
        r["decision"], from_iso(r["decision_date"]), r["decision_signer"],
        r["end_decision"], from_iso(r["end_decision_date"]), r["end_decision_signer"], r["note"],
    )


def assignment_sort_key(a: Assignment) -> tuple:
    return (text.sort_key(a.district), text.sort_key(a.commune), text.sort_key(a.village or ""),
            a.start, text.sort_key(a.agency))


def load_assignments(store: Store, where: str = "t.deleted = 0", params: list[Any] | None = None) -> list[Assignment]:
    rows = store.query(f"{ASSIGNMENT_SELECT} WHERE {where}", params or [])
    return sorted((assignment_from_row(r) for r in rows), key=assignment_sort_key)


@dataclass(frozen=True)
class Contribution:
    id: int
    uuid: str
    twinning_uuid: str
    on: date
    kind: str
    quantity: float | None
    amount: int | None
    source: str | None
    note: str | None

    def kind_info(self) -> ContributionKind:
        return KIND_BY_CODE[self.kind]

    def as_json(self) -> dict[str, Any]:
        return {"date": iso(self.on), "kind": self.kind, "quantity": number_out(self.quantity),
                "amount": self.amount, "source": self.source, "note": self.note, "uuid": self.uuid}


def contribution_from_row(r: Any) -> Contribution:
    return Contribution(r["id"], r["uuid"], r["t_uuid"], date.fromisoformat(r["on_date"]), r["kind"],
                        r["quantity"], r["amount"], r["source"], r["note"])


# -- states and the one writer -------------------------------------------------------------------
#
# A record's state is its row: every column but id, uuid, nkey, hlc and updated_at, with
# a reference column ``x_id`` given as ``x`` holding the referenced record's nkey
# (``owner_id`` → ``owner: "province:62"``), plus ``uuid`` and ``nkey``. This is also
# how a generic table entity of the sync packages reads these tables, so the change log,
# packages and conflicts all see the same states. ``deleted`` is ordinary content: a
# deletion is logged as an update to ``deleted: 1``.

STATE_FIELDS = {
    "agency": ("name", "name_key", "search_key", "kind", "level", "owner", "contact", "phone", "note",
               "deleted"),
    "twinning": ("agency", "unit", "date_from", "date_to", "decision", "decision_date", "decision_signer",
                 "end_decision", "end_decision_date", "end_decision_signer", "note", "deleted"),
    "contribution": ("twinning", "on_date", "year", "kind", "quantity", "amount", "source", "note", "deleted"),
}
_REFS = {"owner": "units", "agency": "agencies", "unit": "units", "twinning": "twinnings"}
_STATE_SQL = {
    "agency": "SELECT a.*, o.nkey AS owner FROM agencies a JOIN units o ON o.id = a.owner_id",
    "twinning": (
        "SELECT t.*, a.nkey AS agency, u.nkey AS unit FROM twinnings t"
        " JOIN agencies a ON a.id = t.agency_id JOIN units u ON u.id = t.unit_id"
    ),
    "contribution": (
        "SELECT c.*, t.nkey AS twinning FROM contributions c JOIN twinnings t ON t.id = c.twinning_id"
    ),
}
_TABLE = {"agency": "agencies", "twinning": "twinnings", "contribution": "contributions"}
_ALIAS = {"agency": "a", "twinning": "t", "contribution": "c"}


def state_of(store: Store, entity: str, *, uuid: str | None = None, nkey: str | None = None) -> dict[str, Any] | None:
    """The stored state of one record (tombstones included), by uuid or natural key."""
    column, value = ("uuid", uuid) if uuid is not None else ("nkey", nkey)
    rows = store.query(f"{_STATE_SQL[entity]} WHERE {_ALIAS[entity]}.{column} = ?", [value])
    if not rows:
        return None
    return {"uuid": rows[0]["uuid"], "nkey": rows[0]["nkey"], **{f: rows[0][f] for f in STATE_FIELDS[entity]}}


def _ref_id(store: Store, table: str, nkey: str) -> int:
    rows = store.query(f"SELECT id FROM {table} WHERE nkey = ?", [nkey])
    if not rows:
        raise InputRejected("twin.missing_ref", what=nkey)
    return rows[0]["id"]


def _columns(store: Store, entity: str, state: dict[str, Any]) -> dict[str, Any]:
    """Column values of a state; derived columns (name keys, year) follow their source."""
    values: dict[str, Any] = {}
    for field in STATE_FIELDS[entity]:
        value = state.get(field)
        if field in _REFS:
            values[f"{field}_id"] = _ref_id(store, _REFS[field], value)
        else:
            values[field] = value
    values["deleted"] = int(bool(state.get("deleted")))
    if entity == "agency":
        values["name_key"] = agency_key(values["name"])
        values["search_key"] = text.fold(values["name"])
    if entity == "contribution":
        values["year"] = int(str(values["on_date"])[:4])
        values["quantity"] = None if values["quantity"] is None else float(values["quantity"])
    return values


def save(store: Store, batch: audit.Batch, entity: str, state: dict[str, Any], *,
         hlc: str | None = None, at: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it. Call inside a transaction.

    ``state`` holds :data:`STATE_FIELDS` (missing ones are empty) with ``uuid`` and
    ``nkey``; ``deleted: 1`` leaves a tombstone. The row is found by the state's uuid,
    else by its natural key (the same record made on another installation, whose uuid
    the row keeps); otherwise inserted. ``hlc`` and ``at`` keep another installation's
    stamp and time (sync); by default the write gets a new stamp. Returns the stored state.
    """
    table = _TABLE[entity]
    old = state_of(store, entity, uuid=state["uuid"]) or state_of(store, entity, nkey=state["nkey"])
    values = _columns(store, entity, state)
    hlc = hlc or store.next_hlc()
    values["updated_at"] = at or clock.now_iso()
    values["hlc"] = hlc
    if old is not None:
        sets = ", ".join(f"{k} = ?" for k in values)
        store.db.execute(f"UPDATE {table} SET {sets} WHERE uuid = ?", [*values.values(), old["uuid"]])
        row_uuid = old["uuid"]
    else:
        cols = ["uuid", "nkey", *values]
        store.db.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [state["uuid"], state["nkey"], *values.values()],
        )
        row_uuid = state["uuid"]
    new = state_of(store, entity, uuid=row_uuid)
    assert new is not None
    if new != old:
        audit.record(store, batch, entity=entity, entity_uuid=row_uuid, nkey=new["nkey"],
                     old=old, new=new, hlc=hlc, at=at)
    return new


def restore(store: Store, entity: str, entity_uuid: str, state: dict[str, Any] | None,
            batch: audit.Batch, nkey: str | None = None) -> None:
    """Undo/redo (and sync): bring a record to ``state``; None leaves a tombstone. A state
    without uuid or nkey (as a generic sync writer logs it) takes them from the arguments."""
    if state is None:
        current = state_of(store, entity, uuid=entity_uuid) or (
            state_of(store, entity, nkey=nkey) if nkey else None)
        if current is None or current["deleted"]:
            return
        save(store, batch, entity, {**current, "deleted": 1})
        return
    save(store, batch, entity, {"uuid": entity_uuid, "nkey": nkey, **state})


def _restorer(entity: str) -> audit.Restorer:
    def restorer(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None,
                 batch: audit.Batch) -> None:
        restore(store, entity, entity_uuid, state, batch, nkey)

    return restorer


for _entity in _TABLE:
    audit.register_restorer(_entity, _restorer(_entity))
