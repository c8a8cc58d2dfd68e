"""Vietnamese forms for reports: numbers, percents, dates, counts, lists, unit names.

Everything a report prints passes through :func:`nfc` (reportlab misplaces the accents
of decomposed text). Numbers follow :mod:`ntm_desktop.values`: ``1.847,561``, ``53,2%``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from xml.sax.saxutils import escape

from ntm_desktop import i18n, periods, values

# the national title and motto over every administrative document (Nghị định 30/2020, Phụ lục I),
# here so that the workbook needs no reportlab (layout.py has the same two lines for the PDF)
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def nfc(text: object) -> str:
    """NFC form of any text (None → empty)."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def markup(text: object) -> str:
    """NFC text made safe for a reportlab Paragraph (``&``, ``<``, ``>`` escaped)."""
    return escape(nfc(text))


def number(value: float, decimals: int | None = None) -> str:
    """1847.561 → ``1.847,561``; with ``decimals``, rounded half up to that many places."""
    if decimals is not None:
        value = float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return values.format_number(value, decimals)


def percent(part: float, whole: float | None = None, decimals: int = 1) -> str:
    """``percent(53.2)`` or ``percent(57, 85)`` → ``53,2%`` / ``67,1%``; a share of nothing is ``–``."""
    value = float(part)
    if whole is not None:
        if not whole:
            return "–"
        value = float(Decimal(str(part)) * 100 / Decimal(str(whole)))
    return number(value, decimals) + "%"


def share(part: int, whole: int) -> float:
    """Percentage ``part`` of ``whole`` (0 when ``whole`` is 0)."""
    return 100.0 * part / whole if whole else 0.0


def count2(n: int) -> str:
    """Counts of communes as the administrative style writes them: ``09``, ``46``, ``0``."""
    return f"{n:02d}" if 0 < n < 10 else str(n)


def ratio(part: int, whole: int) -> str:
    """The exact ``N/M`` form (never padded)."""
    return f"{part}/{whole}"


def signed(delta: float, decimals: int | None = None) -> str:
    """``+3``, ``-1,2``, ``0`` for comparison columns."""
    text = number(abs(delta), decimals)
    if delta > 0:
        return "+" + text
    if delta < 0:
        return "-" + text
    return text


def change_words(delta: float, unit: str, decimals: int | None = None) -> str:
    """``tăng 5,8 tiêu chí`` / ``giảm 2 xã`` / ``không thay đổi``."""
    if delta > 0:
        return f"tăng {number(delta, decimals)} {unit}"
    if delta < 0:
        return f"giảm {number(-delta, decimals)} {unit}"
    return "không thay đổi"


def date_long(day: dt.date) -> str:
    """``ngày 15 tháng 11 năm 2026``; days under 10 and January/February take a leading
    zero (``ngày 05 tháng 02 năm 2026``), as Nghị định 30/2020 writes them."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_short(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def join(items: list[str], last: str = "và") -> str:
    """``A, B và C``."""
    items = [nfc(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


# district-level towns: named with their kind (``thành phố Kon Tum``) and apart from the districts
URBAN = ("thành phố", "thị xã")
_KINDS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "huyện", "tỉnh", "xã", "phường")


def unit_phrase(kind: str, name: str) -> str:
    """``huyện Đăk Hà``, ``thành phố Kon Tum`` (the kind is not repeated when the stored
    name already starts with it: ``Thành phố Kon Tum``)."""
    name, kind = nfc(name), nfc(kind).lower()
    low = name.casefold()
    for known in _KINDS:
        if low.startswith(known + " "):
            return known + name[len(known):]
    return f"{kind} {name}".strip()


def bare_name(name: str) -> str:
    """The name without a leading administrative kind: ``Thành phố Kon Tum`` → ``Kon Tum``."""
    name = nfc(name)
    low = name.casefold()
    for known in _KINDS:
        if low.startswith(known + " "):
            return name[len(known) + 1:]
    return name


def period_label(code: str) -> str:
    """``2019-Q2`` → ``Quý II/2019`` (always Vietnamese: the reports are Vietnamese documents)."""
    period = periods.parse(code)
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    key = {"Y": "period.Y", "H": f"period.H{period.n}", "Q": "period.Q", "M": "period.M"}[period.kind]
    return i18n.MESSAGES[key][0].format(year=period.year, n=period.n, roman=roman.get(period.n, ""))


def when(figures: dict[str, Any]) -> str:
    """What a report's sentences say of its time: «năm 2020», or «quý II/2020» for a quarter's."""
    return str(figures.get("when") or f"năm {figures['year']}")


def previous_when(previous: dict[str, Any]) -> str:
    """What a comparison is made with: «năm 2019», or «quý I/2020» for the quarter before."""
    return str(previous.get("label") or f"năm {previous['year']}")


def keep(text: str) -> str:
    """Words that must not be split over two lines (a unit's name): spaces made non-breaking."""
    return nfc(text).replace(" ", "\u00a0")


def upper(text: str) -> str:
    return nfc(text).upper()


def sentence_case(text: str) -> str:
    """First letter in capitals (``có 5 xã`` → ``Có 5 xã``)."""
    text = nfc(text)
    return text[:1].upper() + text[1:]


_ACRONYMS = {"UBND", "HĐND", "NTM", "CTMTQG", "MTQG", "MTTQ", "BCĐ", "PTNT", "VPĐP", "TP", "TW", "CP"}
# bodies named in lower case after their first word (Ủy ban nhân dân tỉnh …)
_PLAIN_BODIES = (("ủy", "ban", "nhân", "dân"), ("hội", "đồng", "nhân", "dân"))
# a body whose field of work follows in capitals: Sở Nông nghiệp và Môi trường, Ban Chỉ đạo,
# Văn phòng Điều phối, Phòng Kinh tế, Chi cục Phát triển nông thôn, Trung tâm Dịch vụ nông nghiệp
_FIELD_BODIES = (("văn", "phòng"), ("chi", "cục"), ("trung", "tâm"), ("sở",), ("phòng",), ("bộ",), ("cục",),
                 ("ban",))
# kinds of unit after which the unit's name follows, capitalised word by word (longest first)
_UNIT_KINDS = (("thành", "phố"), ("thị", "xã"), ("thị", "trấn"), ("đặc", "khu"), ("tỉnh",), ("huyện",), ("quận",),
               ("xã",), ("phường",))


def _starts(words: list[str], at: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many words of a phrase of ``phrases`` start at ``words[at]`` (0: none)."""
    for phrase in phrases:
        if tuple(w.lower() for w in words[at:at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _capital(word: str) -> str:
    return "'".join(part[:1].upper() + part[1:] for part in word.split("'"))


def body_name(lines: tuple[str, ...] | list[str]) -> str:
    """An issuing body's name as running text names it: ``ỦY BAN NHÂN DÂN`` / ``TỈNH KON TUM`` →
    ``Ủy ban nhân dân tỉnh Kon Tum``. Lines typed in mixed case are kept as typed; lines in capitals
    are put in sentence case, with the field of a department or board capitalised (``Sở Nông nghiệp
    và Môi trường``, ``Ban Chỉ đạo``, ``Văn phòng Điều phối``), the unit's name after its kind
    (tỉnh, huyện, xã, phường, thị trấn, đặc khu …) capitalised word by word (and after an
    apostrophe: ``Ia H'Drai``) and acronyms (UBND, NTM, CTMTQG …) kept. A body these rules do not
    know is named by the ``issuer_name`` setting instead."""
    words = " ".join(nfc(line).strip() for line in lines if nfc(line).strip()).split()
    if not words:
        return ""
    if any(w != w.upper() for w in words):
        return " ".join(words)
    out: list[str] = []
    proper = field = False
    i = 0
    while i < len(words):
        if words[i] in _ACRONYMS:
            out.append(words[i])
            i += 1
            continue
        plain, kind = _starts(words, i, _PLAIN_BODIES), _starts(words, i, _UNIT_KINDS)
        head = 0 if proper or plain or kind else _starts(words, i, _FIELD_BODIES)
        size = plain or kind or head
        if size:
            phrase = [w.lower() for w in words[i:i + size]]
            out += [_capital(phrase[0]) if i == 0 or head else phrase[0], *phrase[1:]]
            proper, field, i = bool(kind), bool(head), i + size
            if head:
                field = True
                if i < len(words) and words[i] not in _ACRONYMS:
                    out.append(_capital(words[i].lower()))  # the field's first word
                    i += 1
            continue
        low = words[i].lower()
        capital = proper or i == 0 or (field and out and out[-1] == "và")
        out.append(_capital(low) if capital else low)
        i += 1
    return " ".join(out)


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """``3`` → ``III``: the numbers of annexes and of a report's parts."""
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out
