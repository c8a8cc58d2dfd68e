"""Beside a new commune's scorecard: what the communes it was formed from had reached
(CONTRACT §5: "a new commune shows, beside its own results, those of the communes it was
formed from"). One line under the scorecard's header, each former commune with its criteria
met in its last assessed year and its recognitions; a click opens that commune in that year.
Above it, the commune's own recognitions (đạt chuẩn NTM, nâng cao …, issue 17 part 6), revoked
ones struck through. Hidden when there is neither."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from ntm_desktop import criteria, summary, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store


def _recognition() -> ModuleType:
    """The recognitions' package, imported with the first commune shown rather than before the first
    paint (issue 22)."""
    from ntm_desktop import recognition  # 2.8 ms of CPU, more through PySide6's import hook (December 2026)

    return recognition


def escape(text: str) -> str:
    """``html.escape``, imported with the first commune shown rather than before the first paint."""
    from html import escape as html_escape  # 1.4 ms of CPU with html.entities (issue 22, December 2026)

    return html_escape(text)


@dataclass(frozen=True)
class Former:
    """A former commune and what it had reached: ``year`` None when it holds no results."""

    unit: units.Unit
    year: int | None
    met: int = 0
    total: int = 0
    recognitions: tuple[dict, ...] = ()


def formers(store: Store, commune: units.Unit) -> list[Former]:
    """The communes ``commune`` was formed from (:func:`ntm_desktop.units.origins`), each with
    the criteria it met in its last year holding results, counted as the summary counts them
    (the latest period of the year, official over computed, the year's criteria set)."""
    found = units.origins(store, commune)
    if not found:
        return []
    last = summary.last_assessed_years(store, [u.id for u in found])
    held = {f.unit.id: tuple(f.recognitions) for f in _recognition().of_formers(store, commune)}
    # the year's masks are every commune's (0.7 s on 10,000 communes where none are kept, issue 22):
    # read once for the formers of the same year, and only their bits counted
    masks: dict[tuple[int, int], dict[int, int]] = {}
    out = []
    for unit in found:
        year = last.get(unit.id)
        mine = held.get(unit.id, ())
        if year is None:
            out.append(Former(unit, None, recognitions=mine))
            continue
        try:
            cs = criteria.get_set(store, criteria.set_for_year(store, year))
        except NtmError:
            out.append(Former(unit, None, recognitions=mine))
            continue
        if (year, cs.id) not in masks:
            masks[year, cs.id] = summary.met_masks(store, year, cs.id)
        met = masks[year, cs.id].get(unit.id, 0).bit_count()  # bit n: criterion n met
        out.append(Former(unit, year, met, len(cs.criteria), mine))
    return out


def reform_of(store: Store, commune: units.Unit) -> dict | None:
    """The event that formed ``commune`` (date and decision), from the unit history."""
    if not commune.code:
        return None
    for event in units.history(store, commune.code):
        if event["kind"] in ("merged", "split", "moved") and any(u["code"] == commune.code for u in event["to"]):
            return event
    return None


class OriginsLabel(QLabel):
    """Empty and hidden for a commune formed from no other; ``open_former(unit_id, year)``
    when the user clicks a former commune."""

    open_former = Signal(int, int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("originsLabel")
        self.setWordWrap(True)
        self._links = False  # rich text with links: set up with the first text (_show_text)
        self.setStyleSheet("background: #eef4fb; border: 1px solid #c5d7ec; padding: 4px;")
        self.linkActivated.connect(self._on_link)
        self.formers: list[Former] = []
        self.own: list[dict] = []  # the commune's own recognitions
        self.hide()

    def show_for(self, commune: units.Unit | None) -> None:
        self.formers = formers(self.store, commune) if commune is not None else []
        self.own = _recognition().of_unit(self.store, commune) if commune is not None else []
        if commune is None or not (self.formers or self.own):
            self.clear()
            self.hide()
            return
        lines = []
        if self.own:
            shown = " · ".join(_struck(r) for r in self.own)
            lines.append(f"<b>{escape(t('recog.panel_head'))}</b> {shown}")
        if self.formers:
            event = reform_of(self.store, commune)
            if event is not None:
                year, month, day_of = event["date"].split("-")
                day = f"{day_of}/{int(month)}/{year}"  # 01/7/2025, as the resolutions write it
                head = t("origins.head_event", date=day, decision=event["decision"] or "—")
            else:
                head = t("origins.head")
            lines.append(f"<b>{escape(head)}</b> " + " · ".join(self.line(f) for f in self.formers))
        self._show_text("<br>".join(lines))

    def _show_text(self, html: str) -> None:
        """Show ``html``; the label takes rich text and links from its first text on, not before the
        first paint: naming QtCore.Qt there builds its 93 enums (ui/scorecard/roles.py)."""
        if not self._links:
            self.setTextFormat(QtCore.Qt.TextFormat.RichText)
            self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.LinksAccessibleByMouse)
            self._links = True
        self.setText(html)
        self.show()

    @staticmethod
    def parts(former: Former) -> tuple[str, str]:
        """(``Xã Đăk Hà (cũ)``, ``19/19 tiêu chí năm 2024``) or the name and "no results"."""
        name = f"{(former.unit.kind or 'xã').capitalize()} {former.unit.name} ({t('origins.old')})"
        if former.year is None:
            return name, t("origins.none")
        return name, t("origins.result", met=former.met, total=former.total, year=former.year)

    def line(self, former: Former) -> str:
        """One former commune, a link where it holds results (a click opens it in that year)."""
        name, result = (escape(part) for part in self.parts(former))
        held = ""
        if former.recognitions:
            held = f"; {escape(t('recog.panel_former'))} " + ", ".join(_struck(r) for r in former.recognitions)
        if former.year is None:
            return f"{name}: {result}{held}"
        return f'<a href="{former.unit.id}:{former.year}">{name}</a>: {result}{held}'

    def plain(self) -> list[str]:
        """The former communes' lines as text (tests), with their recognitions where they hold any."""
        out = []
        for former in self.formers:
            line = ": ".join(self.parts(former))
            if former.recognitions:
                brief = _recognition().brief
                line += f"; {t('recog.panel_former')} " + ", ".join(brief(r) for r in former.recognitions)
            out.append(line)
        return out

    def plain_own(self) -> list[str]:
        """The commune's own recognitions as text (tests)."""
        return [_recognition().brief(r) for r in self.own]

    def _on_link(self, link: str) -> None:
        unit_id, _, year = link.partition(":")
        self.open_former.emit(int(unit_id), int(year))


def _struck(state: dict) -> str:
    """A recognition as rich text: struck through once revoked."""
    shown = escape(_recognition().brief(state))
    return f"<s>{shown}</s>" if state.get("revoked_on") else shown
