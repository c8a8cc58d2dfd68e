"""Report settings: the header and signature fields entered once per database.

Kept as one JSON value in the ``meta`` table (``report_settings``) and written, like every
change, in one transaction with its change-log row (entity ``report_settings``) so it has a
history and can be undone. These are the installation's own letterhead: a sync package
must not carry them to another installation.

Only what a person **chose** is stored: the keys set explicitly (``ntm settings set``, a field
edited in the dialog, a value that differs from the working office's default), even when the
value equals that default (a province office issuing district reports under its own
letterhead); an empty value goes back to the default. Settings an older version stored whole
(every field) keep only the values that differ from the defaults (:func:`_chosen`). The
working office itself (``home_province``/``home_district``) is logged under the same entity
(natural key :data:`OFFICE_NKEY`) so that a change of office and of settings is one undoable
batch (:func:`save_office`). The defaults follow the report's own unit (:func:`for_figures`): a
district report carries its district's People's Committee, a province report the province's, unless the issuing body was
set by hand. ``ntm settings`` and the window use the public names of :data:`PUBLIC`
(CONTRACT §1: ``issuer``, ``issuer_parent``, ``place``, ``signer_title``, ``signer_name``, …).
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
from ntm_desktop.units import Unit

META_KEY = "report_settings"
# "province": below the province's own share of communes meeting the criterion (minus
# low_margin points), the province's practice (docs/reports.md); "share": below low_share %
LOW_RULES = ("province", "share")
OLD_LOW_SHARE = 50.0  # the fixed share every version before 2026-12 used by default
LINES = ("issuer", "signer", "recipients")  # fields of several lines
# CONTRACT §1: the public names (ntm settings, docs) → the fields of ReportSettings
PUBLIC = {
    "issuer": "issuer", "issuer_parent": "parent_body", "place": "place", "signer_title": "signer",
    "signer_name": "signer_name", "number": "number", "symbol": "symbol", "recipients": "recipients",
    "issuer_name": "issuer_name", "low_rule": "low_rule", "low_margin": "low_margin", "low_share": "low_share",
}
ENTITY = "report_settings"
NKEY = "settings:report"
OFFICE_NKEY = "settings:office"  # the working office, logged under ENTITY too
OFFICE_KEYS = ("home_province", "home_district")
# every field an older version stored (it saved the whole form): such a state is filtered
WHOLE = frozenset({"parent_body", "issuer", "place", "number", "symbol", "signer", "signer_name", "recipients",
                   "low_share"})
MAX_LINE = 200
MAX_LINES = 20


@dataclass(frozen=True)
class ReportSettings:
    """What the header block, the signature and the low-share lines of a report use."""

    parent_body: str = ""  # cơ quan chủ quản, above the issuing body (optional, not bold)
    issuer: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")
    # the issuing body as running text names it («Kèm theo … của Ban Chỉ đạo …»); empty: made from
    # ``issuer`` by vn.body_name, which knows the common bodies only
    issuer_name: str = ""
    place: str = "Kon Tum"
    number: str = ""  # left blank: the clerk writes the number by hand
    symbol: str = "BC-UBND"
    signer: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer_name: str = ""
    recipients: tuple[str, ...] = ("Văn phòng Điều phối nông thôn mới tỉnh", "Lưu: VT")
    low_share: float = 50.0  # with low_rule "share": districts below this share (%) are named
    low_rule: str = "province"  # which districts the province report names as lagging (LOW_RULES)
    low_margin: float = 0.0  # with low_rule "province": points below the province's share
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

    def body_name(self) -> str:
        """The issuing body in running text: ``issuer_name`` when set, else made from ``issuer``."""
        return self.issuer_name or vn.body_name(self.issuer)


def office_unit(store: Store) -> Unit | None:
    """The working office's unit: the home district when one is chosen and still exists, else the
    province (the one in force now in a database of both eras: Kon Tum, then Quảng Ngãi). A home
    district that has ended (Kon Tum's districts on 30/06/2025) is ignored, as an ended province
    is: its People's Committee issues nothing now (a report of such a district for an earlier
    year still carries its letterhead: :func:`for_figures`)."""
    home = units.by_nkey(store, store.meta("home_district") or "")
    if home is not None and home.valid_to is not None:
        home = None
    if home is None:  # a province chosen as the office, while it exists (Kon Tum ended on 30/06/2025)
        province = units.by_nkey(store, store.meta("home_province") or "")
        home = province if province is not None and province.valid_to is None else None
    if home is None:
        provinces = units.all_of_level(store, "province")
        home = provinces[0] if len(provinces) == 1 else None
    if home is None:  # both eras (Kon Tum, then Quảng Ngãi): the one province in force now issues reports
        current = store.query("SELECT id FROM units WHERE level = 'province' AND valid_to IS NULL")
        home = units.get(store, current[0]["id"]) if len(current) == 1 else None
    return home


def unit_defaults(unit: Unit | None) -> ReportSettings:
    """The letterhead of ``unit``'s People's Committee (``ỦY BAN NHÂN DÂN`` / ``HUYỆN ĐĂK HÀ``,
    place ``Đăk Hà``); the built-in defaults without a unit."""
    if unit is None:
        return ReportSettings()
    phrase = vn.unit_phrase(unit.kind, unit.name)
    return ReportSettings(issuer=("ỦY BAN NHÂN DÂN", vn.upper(phrase)), place=vn.bare_name(unit.name))


def defaults(store: Store) -> ReportSettings:
    """Settings for a database that has none yet: the working office's People's Committee
    (the home district when one is chosen, else the province)."""
    return unit_defaults(office_unit(store))


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


def _stored(store: Store) -> dict[str, Any]:
    raw = store.meta(META_KEY)
    if not raw:
        return {}
    try:
        state = json.loads(raw)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def _chosen(store: Store, state: dict[str, Any]) -> dict[str, Any]:
    """What a person chose: every stored key, except in a state an older version stored whole
    (:data:`WHOLE`), where only the values that differ from the working office's defaults count.
    A state stored before ``low_rule`` existed keeps its fixed share only where it was changed
    from the old default (50%): an untouched one takes the province's practice."""
    home = _state(defaults(store))
    whole = WHOLE <= set(state)
    chosen = {k: v for k, v in state.items() if not whole or k == "low_rule" or k not in home or home[k] != v}
    if "low_rule" not in chosen:
        old_share = chosen.get("low_share")
        if isinstance(old_share, (int, float)) and float(old_share) != OLD_LOW_SHARE:
            chosen["low_rule"] = "share"
    return chosen


def load(store: Store, unit: Unit | None = None) -> ReportSettings:
    """The stored choices over the defaults: those of ``unit`` (the report's district or province)
    when given, else those of the working office."""
    base = unit_defaults(unit) if unit is not None else defaults(store)
    return _from_state(_chosen(store, _stored(store)), base)


def report_unit(store: Store, figures: dict[str, Any]) -> Unit | None:
    """The unit whose People's Committee issues a report by default: the district of a district
    report (or of a district's twinning report), the province of a province report, a commune's
    district (its province after 1 July 2025); None where the figures name none."""
    kind = figures.get("kind")
    if kind in ("district", "province"):
        nkey = (figures.get("scope") or {}).get("nkey")
    elif kind == "commune":
        nkey = (figures.get("district") or figures.get("province") or {}).get("nkey")
    elif kind == "twinning":
        nkey = (figures.get("scope") or {}).get("nkey")
    else:
        nkey = None
    return units.by_nkey(store, nkey) if nkey else None


def for_figures(store: Store, figures: dict[str, Any]) -> ReportSettings:
    """The settings a report of ``figures`` prints: what was chosen, over its own unit's
    letterhead (issue 21 part 1: a district report is its district's, not the province's)."""
    unit = report_unit(store, figures)
    return load(store, unit) if unit is not None else load(store)


def rebase(settings: ReportSettings, old: ReportSettings, new: ReportSettings) -> ReportSettings:
    """``settings`` with every field still at the ``old`` defaults moved to the ``new`` ones: the
    form of a working office that has just changed (what was not chosen follows the office)."""
    moved = {f.name: getattr(new, f.name) for f in fields(ReportSettings)
             if f.name != "extra" and getattr(settings, f.name) == getattr(old, f.name)}
    return replace(settings, **moved)


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


def _percent(value: Any, key: str) -> float:
    try:
        number = float(str(value).replace(",", ".").rstrip("%").strip())
    except ValueError:
        raise InputRejected(key, value=value) from None
    if not 0 <= number <= 100:
        raise InputRejected(key, value=value)
    return number


def clean(settings: ReportSettings) -> ReportSettings:
    """Validated, NFC-normalised settings; InputRejected (nothing written) otherwise."""
    low = _percent(settings.low_share, "report.settings_bad_share")
    margin = _percent(settings.low_margin, "report.settings_bad_margin")
    rule = text.clean(settings.low_rule).lower()
    if rule not in LOW_RULES:
        raise InputRejected("report.settings_bad_rule", value=settings.low_rule, rules=", ".join(LOW_RULES))
    return replace(
        settings,
        parent_body=_clean_text("parent_body", settings.parent_body),
        issuer=_clean_lines("issuer", settings.issuer),
        issuer_name=_clean_text("issuer_name", settings.issuer_name),
        place=_clean_text("place", settings.place),
        number=_clean_text("number", settings.number),
        symbol=_clean_text("symbol", settings.symbol),
        signer=_clean_lines("signer", settings.signer),
        signer_name=_clean_text("signer_name", settings.signer_name),
        recipients=_clean_lines("recipients", settings.recipients),
        low_share=low,
        low_rule=rule,
        low_margin=margin,
    )


def _write(store: Store, new: dict[str, Any], batch: audit.Batch | None) -> audit.Batch | None:
    """Store the chosen values ``new`` (one transaction with its change-log row), or nothing
    when they are what is stored already."""
    old = _stored(store) or None
    if old == new:
        return None
    batch = batch or audit.new_batch("entered", "report settings")
    with store.transaction():
        store.set_meta(META_KEY, json.dumps(new, ensure_ascii=False, sort_keys=True))
        audit.record(store, batch, entity=ENTITY, entity_uuid=NKEY, nkey=NKEY, old=old, new=new)
    return batch


def _empty(value: Any) -> bool:
    return value in ("", [], ())


def save(store: Store, settings: ReportSettings, batch: audit.Batch | None = None,
         explicit: frozenset[str] | set[str] = frozenset()) -> audit.Batch | None:
    """Store the settings (one transaction with its change-log row): the values that differ from
    the working office's defaults, those chosen before, those in ``explicit`` (the fields the
    user edited, even to the default's value), and always the rule of lagging districts; an empty
    value goes back to the default. Returns the batch to undo it, or None when nothing changed."""
    settings = clean(settings)
    home = _state(defaults(store))
    kept = set(_chosen(store, _stored(store))) | set(explicit)
    new = {k: v for k, v in _state(settings).items()
           if k == "low_rule" or (not _empty(v) and (home.get(k, object()) != v or k in kept))}
    if set(new) == {"low_rule"} and new["low_rule"] == home["low_rule"] and not _stored(store):
        return None  # the defaults saved on a database that has no settings: nothing to keep
    return _write(store, new, batch)


def public(store: Store) -> dict[str, Any]:
    """The settings under their public names (CONTRACT §1): several lines joined by ``\\n``."""
    current = load(store)
    out: dict[str, Any] = {}
    for name, attr in PUBLIC.items():
        value = getattr(current, attr)
        out[name] = "\n".join(value) if attr in LINES else value
    return out


def split_lines(value: str) -> list[str]:
    """Lines of a value typed on one command line: ``\\n`` (backslash n) or a real newline."""
    return value.replace("\\n", "\n").splitlines()


def set_public(store: Store, name: str, value: str) -> audit.Batch | None:
    """``ntm settings set NAME VALUE`` for a report setting: an empty value goes back to the
    default; setting ``low_share`` chooses the fixed-share rule. Validated before anything is
    written (InputRejected otherwise); returns the batch, or None when nothing changed."""
    attr = PUBLIC[name]
    state = _chosen(store, _stored(store))
    state.setdefault("low_rule", load(store).low_rule)
    cleaned = text.clean(value)
    if not cleaned:
        state.pop(attr, None)
        if attr == "low_rule":
            state["low_rule"] = ReportSettings.low_rule
    elif attr in LINES:
        state[attr] = split_lines(value)
    else:
        state[attr] = cleaned
    if attr == "low_share" and cleaned:
        state["low_rule"] = "share"
    full = _state(clean(_from_state(state, defaults(store))))
    new = {k: full[k] for k in state if k == "low_rule" or not _empty(full[k])}  # what was set is kept
    return _write(store, new, None)


def _office_state(store: Store) -> dict[str, Any] | None:
    state = {key: store.meta(key) or None for key in OFFICE_KEYS}
    return state if any(state.values()) else None


def save_office(store: Store, province: str | None, district: str | None,
                batch: audit.Batch | None = None) -> audit.Batch | None:
    """Store the working office (unit keys, or None) with its change-log row (entity
    :data:`ENTITY`, key :data:`OFFICE_NKEY`), in one transaction, in ``batch`` when given (the
    dialog saves office and settings as one undoable batch). None when nothing changed."""
    old = _office_state(store)
    new = {"home_province": province or None, "home_district": district or None}
    if old == new or (old is None and not any(new.values())):
        return None
    batch = batch or audit.new_batch("entered", "working office")
    with store.transaction():
        for key in OFFICE_KEYS:
            store.set_meta(key, new[key])
        audit.record(store, batch, entity=ENTITY, entity_uuid=OFFICE_NKEY, nkey=OFFICE_NKEY, old=old, new=new)
    return batch


def _restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> None:
    if nkey == OFFICE_NKEY:
        state = state or {}
        save_office(store, state.get("home_province"), state.get("home_district"), batch)
        return
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



def show(state: dict[str, Any], _value_type: str | None = None) -> str:
    """A stored state as the history shows it: what was chosen, under the public names
    (``signer_name = Nguyễn Văn A; low_rule = province``)."""
    names = {attr: name for name, attr in PUBLIC.items()}
    parts = []
    for key in sorted(state, key=lambda k: list(names).index(k) if k in names else len(names)):
        value = state[key]
        shown = " / ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{names.get(key, key)} = {shown}")
    return "; ".join(parts)
