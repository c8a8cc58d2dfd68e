"""Kinds of twinning data: agency levels and kinds, contribution kinds.

An agency is a province or a district agency (:data:`AGENCY_LEVELS`) of one of seven
kinds (:data:`AGENCY_KINDS`); a contribution is one of ten kinds (:data:`CONTRIBUTION_KINDS`),
five for production (table 1a) and five for social work (table 1b), two of them counted
in đồng. Kinds are fixed data, so they sit at the bottom of the package: every other
twinning module may read them, and they read no other twinning module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import i18n, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

AGENCY_LEVELS = ("province", "district")


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
    group: str  # "production" (table 1a) or "social" (table 1b); see contributions.TABLES

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
