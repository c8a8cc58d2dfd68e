"""The funding sources, counterpart levels and kinds of figure (CONTRACT §8), and reading them
as people write them: the codes of the command line (``central``) or the Vietnamese labels of a
workbook (``Ngân sách trung ương``, ``NSTW``), matched without accents and case."""

from __future__ import annotations

from collections.abc import Mapping

from ntm_desktop import i18n, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

SOURCES = ("central", "local", "carried", "integrated", "credit", "enterprise", "people")
LEVELS = ("province", "district", "commune")
KINDS = ("disbursed", "plan")
STATE_BUDGET = ("central", "local", "carried")  # ngân sách nhà nước trực tiếp

# other spellings a workbook may use (besides the codes and the catalog's labels in both languages)
_SOURCE_WORDS = {
    "central": ("ngân sách trung ương", "nstw", "trung ương", "vốn trung ương", "ngân sách tw"),
    "local": ("ngân sách địa phương", "nsđp", "nsdp", "đối ứng", "vốn đối ứng", "địa phương"),
    "carried": ("chuyển nguồn", "vốn chuyển nguồn"),
    "integrated": ("lồng ghép", "vốn lồng ghép"),
    "credit": ("tín dụng", "vốn tín dụng"),
    "enterprise": ("doanh nghiệp", "vốn doanh nghiệp", "enterprises"),
    "people": ("nhân dân", "cộng đồng", "nhân dân và cộng đồng", "dân góp", "nhân dân, cộng đồng"),
}
_LEVEL_WORDS = {"province": ("tỉnh", "cấp tỉnh"), "district": ("huyện", "cấp huyện"), "commune": ("xã", "cấp xã")}
_KIND_WORDS = {"plan": ("kế hoạch", "kh"), "disbursed": ("giải ngân", "thực hiện", "gn", "đã giải ngân")}


def _table(codes: tuple[str, ...], words: Mapping[str, tuple[str, ...]], prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for code in codes:
        names = [code, *words.get(code, ()), *i18n.MESSAGES.get(f"{prefix}.{code}", ("", ""))]
        for name in names:
            if name:
                out[text.fold(name)] = code
    return out


def _find(raw: object, codes: tuple[str, ...], words: Mapping[str, tuple[str, ...]], prefix: str) -> str | None:
    return _table(codes, words, prefix).get(text.fold(str(raw or "")))


def source(raw: object) -> str:
    """The source code ``raw`` names, or InputRejected listing the known ones."""
    found = _find(raw, SOURCES, _SOURCE_WORDS, "fund.source")
    if found is None:
        raise InputRejected("fund.unknown_source", source=text.clean(str(raw or "")), known=known_sources())
    return found


def known_sources() -> str:
    return ", ".join(f"{code} ({t(f'fund.source.{code}')})" for code in SOURCES)


def level(raw: object) -> str:
    found = _find(raw, LEVELS, _LEVEL_WORDS, "fund.level")
    if found is None:
        raise InputRejected("fund.unknown_level", level=text.clean(str(raw or "")), known=", ".join(LEVELS))
    return found


def kind(raw: object) -> str:
    found = _find(raw, KINDS, _KIND_WORDS, "fund.kind")
    if found is None:
        raise InputRejected("fund.unknown_kind", kind=text.clean(str(raw or "")), known=", ".join(KINDS))
    return found
