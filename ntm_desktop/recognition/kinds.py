"""The kinds of recognition (CONTRACT §5, DOMAIN: xã đạt chuẩn NTM, nâng cao, kiểu mẫu, hiện đại)
and how a user sees them and their dates."""

from __future__ import annotations

from ntm_desktop.i18n import t

# in the order of the levels: a commune reaches nâng cao after đạt chuẩn, and so on
KINDS = ("ntm", "nang-cao", "kieu-mau", "hien-dai")


def label(kind: str) -> str:
    """``Đạt chuẩn nông thôn mới nâng cao`` (English with ``--lang en``)."""
    return t(f"recog.kind.{kind}")


def short(kind: str) -> str:
    """``NTM nâng cao``: the kind in a list or a table cell."""
    return t(f"recog.short.{kind}")


def dmy(iso: str | None) -> str:
    """2020-12-30 → 30/12/2020 (dates are ISO in the data and day first for people)."""
    if not iso:
        return ""
    year, month, day = str(iso)[:10].split("-")
    return f"{day}/{month}/{year}"


def brief(state: dict) -> str:
    """``NTM nâng cao 2024 (46/QĐ-UBND, 01/03/2024; thu hồi 9/QĐ-UBND, 01/01/2025)``: a
    recognition in a line of the window or the command line."""
    shown = f"{short(state['kind'])} {state['year']} ({state['decision']}, {dmy(state['decided_on'])}"
    if state.get("revoked_on"):
        shown += f"; {t('recog.revoked_mark')} {state.get('revoked_decision') or ''}, {dmy(state['revoked_on'])}"
    return shown + ")"
