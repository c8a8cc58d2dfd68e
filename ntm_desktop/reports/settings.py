"""Report settings: the header and signature fields entered once per database.

Kept as one JSON value in the ``meta`` table (``report_settings``) and written, like every
change, in one transaction with its change-log row (entity ``report_settings``) so it has a
history and can be undone. These are the installation's own letterhead: a sync package
must not carry them to another installation.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.reports import vn
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

META_KEY = "report_settings"
ENTITY = "report_settings"
NKEY = "settings:report"
MAX_LINE = 200
MAX_LINES = 20


@dataclass(frozen=True)
class ReportSettings:
    """What the header block, the signature and the low-share lines of a report use."""

    parent_body: str = ""  # cơ quan chủ quản, above the issuing body (optional, not bold)
    issuer: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")
    place: str = "Kon Tum"
    number: str = ""  # left blank: the clerk writes the number by hand
    symbol: str = "BC-UBND"
    signer: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer_name: str = ""
    recipients: tuple[str, ...] = ("Văn phòng Điều phối nông thôn mới tỉnh", "Lưu: VT")
    low_share: float = 50.0  # districts below this share (%) are named in the province report
    extra: dict[str, Any] = field(default_factory=dict)  # keys written by newer versions, kept

    def number_line(self) -> str:
        """``Số: 12/BC-UBND``, or ``Số:      /BC-UBND`` with room for a hand-written number."""
        number = self.number or "\u00a0" * 10
        return f"Số: {number}/{self.symbol}" if self.symbol else f"Số: {number}"

    def recipient_lines(self) -> list[str]:
        """``- …;`` per line and ``.`` after the last, as Nghị định 30/2020 writes them."""
        lines = [line.strip().lstrip("-–").strip().rstrip(";.,").strip() for line in self.recipients]
        lines = [line for line in lines if line]
        return [f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]


def defaults(store: Store) -> ReportSettings:
    """Settings for a database that has none yet: the working district's People's Committee
    when one is chosen, else the province's (the one in force now, in a database of both eras)."""
    home = units.by_nkey(store, store.meta("home_district") or "")
    if home is None:
        provinces = units.all_of_level(store, "province")
        home = provinces[0] if len(provinces) == 1 else None
    if home is None:  # both eras (Kon Tum, then Quảng Ngãi): the one province in force now issues reports
        current = store.query("SELECT id FROM units WHERE level = 'province' AND valid_to IS NULL")
        home = units.get(store, current[0]["id"]) if len(current) == 1 else None
    if home is None:
        return ReportSettings()
    phrase = vn.unit_phrase(home.kind, home.name)
    return ReportSettings(issuer=("ỦY BAN NHÂN DÂN", vn.upper(phrase)), place=vn.bare_name(home.name))


def _from_state(state: dict[str, Any], base: ReportSettings) -> ReportSettings:
    known = {f.name for f in fields(ReportSettings)} - {"extra"}
    values: dict[str, Any] = {}
    for key in known & set(state):
        value = state[key]
        values[key] = tuple(value) if isinstance(value, list) else value
    extra = {k: v for k, v in state.items() if k not in known}
    return replace(base, **values, extra=extra)


def _state(settings: ReportSettings) -> dict[str, Any]:
    data = asdict(settings)
    extra = data.pop("extra")
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
    return {**extra, **data}


def load(store: Store) -> ReportSettings:
    """The stored settings, filled in with the defaults for anything not stored."""
    base = defaults(store)
    raw = store.meta(META_KEY)
    if not raw:
        return base
    try:
        state = json.loads(raw)
    except ValueError:
        return base
    return _from_state(state, base) if isinstance(state, dict) else base


def _clean_lines(name: str, lines: Any) -> tuple[str, ...]:
    if isinstance(lines, str):
        lines = lines.splitlines()
    out = tuple(text.clean(line) for line in lines if text.clean(line))
    if len(out) > MAX_LINES or any(len(line) > MAX_LINE for line in out):
        raise InputRejected("report.settings_too_long", field=name, max=MAX_LINE, lines=MAX_LINES)
    return out


def _clean_text(name: str, value: Any) -> str:
    cleaned = text.clean(value)
    if len(cleaned) > MAX_LINE:
        raise InputRejected("report.settings_too_long", field=name, max=MAX_LINE, lines=1)
    return cleaned


def clean(settings: ReportSettings) -> ReportSettings:
    """Validated, NFC-normalised settings; InputRejected (nothing written) otherwise."""
    try:
        low = float(str(settings.low_share).replace(",", "."))
    except ValueError:
        raise InputRejected("report.settings_bad_share", value=settings.low_share) from None
    if not 0 <= low <= 100:
        raise InputRejected("report.settings_bad_share", value=settings.low_share)
    return replace(
        settings,
        parent_body=_clean_text("parent_body", settings.parent_body),
        issuer=_clean_lines("issuer", settings.issuer),
        place=_clean_text("place", settings.place),
        number=_clean_text("number", settings.number),
        symbol=_clean_text("symbol", settings.symbol),
        signer=_clean_lines("signer", settings.signer),
        signer_name=_clean_text("signer_name", settings.signer_name),
        recipients=_clean_lines("recipients", settings.recipients),
        low_share=low,
    )


def save(store: Store, settings: ReportSettings, batch: audit.Batch | None = None) -> audit.Batch | None:
    """Store the settings (one transaction with its change-log row). Returns the batch to
    undo it, or None when nothing changed."""
    settings = clean(settings)
    new = _state(settings)
    raw = store.meta(META_KEY)
    old = json.loads(raw) if raw else None
    if old == new:
        return None
    batch = batch or audit.new_batch("entered", "report settings")
    with store.transaction():
        store.set_meta(META_KEY, json.dumps(new, ensure_ascii=False, sort_keys=True))
        audit.record(store, batch, entity=ENTITY, entity_uuid=NKEY, nkey=NKEY, old=old, new=new)
    return batch


def _restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> None:
    raw = store.meta(META_KEY)
    old = json.loads(raw) if raw else None
    if old == state:
        return
    with store.transaction():
        if state is None:  # the undo of the first save: no settings row at all, as before it
            store.delete_meta(META_KEY)
        else:
            store.set_meta(META_KEY, json.dumps(state, ensure_ascii=False, sort_keys=True))
        audit.record(store, batch, entity=ENTITY, entity_uuid=NKEY, nkey=NKEY, old=old, new=state)

