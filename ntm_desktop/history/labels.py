"""How the history of a record shows one of its states (the window's history dialog).

One function per shape of state; :data:`ntm_desktop.history.KINDS` says which one each
logged entity kind uses. A state's note follows in brackets whatever the kind.
"""

from __future__ import annotations

from typing import Any

from ntm_desktop import values
from ntm_desktop.i18n import t

State = dict[str, Any]


def value(state: State, value_type: str | None) -> str:
    """An indicator value as the scorecard shows it (``value_type``: its indicator's type)."""
    return values.display(value_type or "text", state["value"])


def official(state: State, _value_type: str | None) -> str:
    """A criterion's official status: met, not met, or none."""
    return str({1: t("status.met"), 0: t("status.not_met"), None: "—"}[state["official"]])


def dates(state: State, _value_type: str | None) -> str:
    """A twinning: its dates (day first, as the window shows dates) and decision."""
    shown = f"{_dmy(state['date_from'])} – {_dmy(state.get('date_to')) or '…'}"
    if state.get("decision"):
        shown = f"{shown}, {state['decision']}"
    if state.get("deleted"):
        shown = f"{shown} ✗"
    return shown


def name(state: State, _value_type: str | None) -> str:
    """Any other record: its name, where it has one."""
    return str(state.get("name", ""))


def _dmy(iso: str | None) -> str:
    """2024-06-15 → 15/06/2024."""
    if not iso:
        return ""
    year, month, day = str(iso)[:10].split("-")
    return f"{day}/{month}/{year}"
