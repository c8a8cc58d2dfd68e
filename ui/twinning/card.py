"""The Kết nghĩa tab's commune card: the agencies twinned with the selected twinning's
commune now, before and from a later date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout

from ntm_desktop import twinning as tw
from ntm_desktop import units
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store


def card_html(card: tw.CommuneCard, current: tw.Assignment, on: date) -> str:
    """The card as rich text, the selected twinning in bold."""

    def line(a: tw.Assignment, span: str) -> str:
        where = f" — {a.village}" if a.village else ""
        decision = ""
        if a.decision:
            decision = f"<br><span style='color:#555'>{t('twui.decision_short', d=a.decision)}</span>"
        bold = "<b>{}</b>" if a.uuid == current.uuid else "{}"
        return f"<li>{bold.format(a.agency)}{where}<br>{span}{decision}</li>"

    def block(title: str, items: list[str]) -> str:
        body = "".join(items) or f"<li><i>{t('twui.card_none')}</i></li>"
        return f"<p style='margin-bottom:0'><b>{title}</b></p><ul style='margin-top:2px'>{body}</ul>"

    html = [f"<h3 style='margin-bottom:2px'>Xã {card.commune.name}</h3>"
            f"<div style='color:#555'>{card.district}{' · ĐBKK' if card.commune.dbkk else ''}</div>"]
    html.append(block(t("twui.card_current", day=tw.show_date(on)),
                      [line(a, t("twui.since", day=tw.show_date(a.start))) for a in card.current]))
    html.append(block(t("twui.card_past"),
                      [line(a, f"{tw.show_date(a.start)} – {tw.show_date(a.end)}") for a in card.past]))
    if card.upcoming:
        html.append(block(t("twui.card_upcoming"),
                          [line(a, t("twui.since", day=tw.show_date(a.start))) for a in card.upcoming]))
    return "".join(html)


class CommuneCardBox(QGroupBox):
    """The card in a scrolling box; ``label`` is the text (object name ``communeCard``)."""

    def __init__(self, store: Store) -> None:
        super().__init__(t("twui.card_title"))
        self.store = store
        self.label = QLabel(t("twui.card_pick"))
        self.label.setObjectName("communeCard")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.label)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    def show_twinning(self, current: tw.Assignment | None, on: date) -> None:
        """The card of the commune of ``current`` as of ``on`` (None: ask to pick a row)."""
        if current is None:
            self.label.setText(t("twui.card_pick"))
            return
        card = tw.commune_card(self.store, units.get(self.store, current.commune_id), on)
        self.label.setText(card_html(card, current, on))
