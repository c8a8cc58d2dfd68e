"""Legacy Vietnamese 8-bit text (TCVN3, VNI) read from Excel: tables, detection, conversion."""

import json
import unicodedata

import pytest

from ntm_desktop import paths
from ntm_desktop.excel import legacy_encoding as lt

REFERENCE = json.loads(
    (paths.reference_dir() / "kontum-units-2020.json").read_text(encoding="utf-8")
)
LETTERS = lt.vietnamese_letters()
LOWER = [letter for letter in LETTERS if letter.islower()]
UPPER = [letter for letter in LETTERS if letter.isupper()]
ENCODINGS = ("tcvn3", "vni")
PHRASES = [
    "Đăk Hà",
    "Ngọk Tụ",
    "Tiêu chí số 17 về Môi trường và an toàn thực phẩm",
    "Tu Mơ Rông",
    "Ia H'Drai",
]


def nfd(value):
    return unicodedata.normalize("NFD", value)


def reference_names():
    """Every district and commune name and every alias in the Kon Tum reference file."""
    names = set()
    for district in REFERENCE["districts"]:
        names.add(district["name"])
        names.update(commune["name"] for commune in district["communes"])
    for table in (REFERENCE["aliases"], REFERENCE["district_aliases"]):
        for name, aliases in table.items():
            names.add(name)
            names.update(aliases)
    return sorted(names)


def commune_names():
    return [c["name"] for district in REFERENCE["districts"] for c in district["communes"]]


def needs_capital_font(letter):
    """TCVN3 has capitals only for Ă Â Ê Ô Ơ Ư Đ; other accented capitals need an H font."""
    return letter.isupper() and not letter.isascii() and letter not in "ĂÂÊÔƠƯĐ"


# -- the alphabet -----------------------------------------------------------------------


def test_alphabet_has_134_letters_outside_ascii():
    assert len(LETTERS) == 146 == len(set(LETTERS))  # 12 vowels x 6 tones x 2 cases + đ Đ
    assert sum(not letter.isascii() for letter in LETTERS) == 134
    assert len(LOWER) == len(UPPER) == 73
    assert all(unicodedata.is_normalized("NFC", letter) for letter in LETTERS)


# -- tables: every letter round-trips -----------------------------------------------------


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_letter_round_trips(letter):
    encoded = lt.encode_legacy(letter, "vni")
    assert all(ord(c) < 256 for c in encoded)
    assert lt.decode_legacy(encoded, "vni") == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_tcvn3_letter_round_trips(letter):
    capital_font = needs_capital_font(letter)
    encoded = lt.encode_legacy(letter, "tcvn3", uppercase=capital_font)
    assert len(encoded) == 1 and ord(encoded) < 256
    assert lt.decode_legacy(encoded, "tcvn3", uppercase=capital_font) == letter


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_letter_inside_a_word_round_trips(encoding):
    """Each letter inside a syllable ("b" + letter + "n", "Đ" + ...) converts back."""
    for letter in LOWER:
        word = f"b{letter}n" if letter != "đ" else "đa"
        encoded = lt.encode_legacy(word, encoding)
        assert lt.decode_legacy(encoded, encoding) == word
        assert lt.to_unicode(encoded, encoding) == word


def test_tcvn3_table_has_67_lowercase_and_7_capital_letters():
    codes = {lt.encode_legacy(letter, "tcvn3") for letter in LOWER if not letter.isascii()}
    capitals = {lt.encode_legacy(letter, "tcvn3") for letter in "ĂÂÊÔƠƯĐ"}
    assert len(codes) == 67 and len(capitals) == 7
    assert all(0xA1 <= ord(code) <= 0xFE for code in codes | capitals)
    assert not codes & capitals


def test_tcvn3_capitals_with_tone_need_the_capital_font():
    with pytest.raises(ValueError):
        lt.encode_legacy("HÀ", "tcvn3")
    assert lt.encode_legacy("HÀ", "tcvn3", uppercase=True) == "Hµ"
    assert lt.decode_legacy("Hµ", "tcvn3", uppercase=True) == "HÀ"
    assert lt.decode_legacy("Hµ", "tcvn3") == "Hà"


@pytest.mark.parametrize(
    ("letter", "tcvn3", "vni"),
    [
        # Spot checks against the published code charts (see docs/legacy-encodings.md).
        ("à", "\xb5", "a\xf8"),
        ("á", "\xb8", "a\xf9"),
        ("ă", "\xa8", "a\xea"),
        ("ắ", "\xbe", "a\xe9"),
        ("â", "\xa9", "a\xe2"),
        ("ậ", "\xcb", "a\xe4"),
        ("đ", "\xae", "\xf1"),
        ("Đ", "\xa7", "\xd1"),
        ("ê", "\xaa", "e\xe2"),
        ("ệ", "\xd6", "e\xe4"),
        ("ì", "\xd7", "\xec"),
        ("ĩ", "\xdc", "\xf3"),
        ("ọ", "\xe4", "o\xef"),
        ("ô", "\xab", "o\xe2"),
        ("ơ", "\xac", "\xf4"),
        ("ợ", "\xee", "\xf4\xef"),
        ("ư", "\xad", "\xf6"),
        ("ừ", "\xf5", "\xf6\xf8"),
        ("ỵ", "\xfe", "\xee"),
        ("Ă", "\xa1", "A\xca"),
        ("Ư", "\xa6", "\xd6"),
        ("Ố", None, "O\xc1"),
        ("Ỵ", None, "\xce"),
    ],
)
def test_codes_match_the_published_charts(letter, tcvn3, vni):
    if tcvn3 is not None:
        assert lt.encode_legacy(letter, "tcvn3") == tcvn3
    assert lt.encode_legacy(letter, "vni") == vni


def test_known_garbled_forms():
    assert lt.encode_legacy("Đăk Hà", "tcvn3") == "§¨k Hµ"
    assert lt.encode_legacy("Đăk Hà", "vni") == "Ñaêk Haø"
    assert lt.to_unicode("§¨k Hµ") == "Đăk Hà"
    assert lt.to_unicode("Ñaêk Haø") == "Đăk Hà"


# -- phrases ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("phrase", PHRASES)
def test_phrase_round_trips(phrase, encoding):
    encoded = lt.encode_legacy(phrase, encoding)
    assert lt.decode_legacy(encoded, encoding) == phrase
    assert lt.to_unicode(encoded, encoding) == phrase


@pytest.mark.parametrize(
    ("phrase", "encoding"),
    [
        ("Đăk Hà", "tcvn3"),
        ("Đăk Hà", "vni"),
        ("Ngọk Tụ", "tcvn3"),
        ("Ngọk Tụ", "vni"),
        ("Tiêu chí số 17 về Môi trường và an toàn thực phẩm", "tcvn3"),
        ("Tiêu chí số 17 về Môi trường và an toàn thực phẩm", "vni"),
        ("Tu Mơ Rông", "tcvn3"),
        ("Tu Mơ Rông", "vni"),
        ("Tổng số tiêu chí đạt", "tcvn3"),
        ("Tổng số tiêu chí đạt", "vni"),
        ("UBND xã Đăk Long, huyện Đăk Glei", "tcvn3"),
        ("UBND xã Đăk Long, huyện Đăk Glei", "vni"),
        ("HĐND", "tcvn3"),
        ("Chưa đạt", "vni"),
        ("Chư Hreng", "vni"),
        ("Mường Hoong", "tcvn3"),
        ("Mường Hoong", "vni"),
        ("Người dân – 100%", "tcvn3"),
        ("Kết quả rà soát năm 2019 (đánh giá “Đạt”)", "vni"),
    ],
)
def test_legacy_phrases_are_detected_and_converted(phrase, encoding):
    encoded = lt.encode_legacy(phrase, encoding)
    assert lt.detect(encoded) == encoding
    assert lt.to_unicode(encoded) == phrase


def test_ascii_only_phrase_is_the_same_in_every_encoding():
    for encoding in ENCODINGS:
        assert lt.encode_legacy("Ia H'Drai", encoding) == "Ia H'Drai"
    assert lt.detect("Ia H'Drai") == "unicode"


# -- no false positives --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "",
        "x",
        "X",
        "TC1",
        "12",
        "3,5",
        "85%",
        "Ia Chim",
        "Kroong",
        "Xốp",
        "Hòa Bình",
        "Hoà Bình",
        "Pô Kô",
        "Đạt",
        "Không đạt",
        "Số hộ nghèo giảm 2,5%/năm",
        "Total score",
        "Commune name (official)",
        "N/A",
        "≥ 90%",
        "30 m²",
        "25°C",
        "10 µg/m³",
        "3 × 4",
        "± 5",
        "© 2020",
        "§ 3",
        "Ghi chú: “Đạt” – theo QĐ 1980/QĐ-TTg…",
        "Hello, world!",
        "café",
        "CÁC XÃ",
        "Thuý",
        "Quý",
        "Giữ",
        "Ia\u00a0Dal",
        "Ia H’Drai",
        nfd("Đăk Hà"),
        nfd("Hòa Bình"),
    ],
)
def test_plain_text_is_unicode_and_unchanged(value):
    assert lt.detect(value) == "unicode"
    assert lt.to_unicode(value) == unicodedata.normalize("NFC", value)


def test_foreign_letters_are_unknown_and_left_alone():
    for value in ("Müller", "naïve", "Ça va"):
        assert lt.detect(value) == "unknown"
        assert lt.to_unicode(value) == value


def test_reference_names_are_unicode_and_unchanged():
    names = reference_names()
    assert len(commune_names()) == 85
    assert len(names) > 85
    for name in names:
        assert lt.detect(name) == "unicode", name
        assert lt.to_unicode(name) == name, name
        assert lt.detect(nfd(name)) == "unicode", name
        assert lt.to_unicode(nfd(name)) == name, name
    assert lt.detect_column(names) == "unicode"
    assert all(before == after for before, after in lt.convert_cells(names))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_reference_names_converted_back_from_legacy(encoding):
    """Each name in legacy form is never taken for the other legacy encoding, and a
    column of them converts back exactly."""
    names = commune_names()
    encoded = [lt.encode_legacy(name, encoding) for name in names]
    other = "vni" if encoding == "tcvn3" else "tcvn3"
    assert all(lt.detect(cell) != other for cell in encoded)
    assert all(lt.detect(cell) != "unknown" for cell in encoded)
    assert lt.detect_column(encoded) == encoding
    assert [after for _, after in lt.convert_cells(encoded)] == names


# -- short ambiguous strings ----------------------------------------------------------------


def test_short_ambiguous_cells_stay_unicode_alone_but_follow_their_column():
    # VNI "Xoáp" is "Xốp", but "Xoáp" is also a well-formed Unicode syllable.
    assert lt.encode_legacy("Xốp", "vni") == "Xoáp"
    assert lt.detect("Xoáp") == "unicode"
    assert lt.to_unicode("Xoáp") == "Xoáp"
    column = [lt.encode_legacy(name, "vni") for name in ("Xốp", "Đăk Choong", "Đăk Man")]
    assert lt.detect_column(column) == "vni"
    assert lt.convert_cells(column)[0] == ("Xoáp", "Xốp")
    assert lt.to_unicode("Xoáp", "vni") == "Xốp"


def test_cell_readable_with_both_tables_follows_the_column():
    # "Chö": VNI "Chư" or TCVN3 "Chử"; alone the toneless reading wins.
    assert lt.detect("Chö") == "vni"
    tcvn3_column = ["Chö", "§¨k Hµ", "Ngäk Tô"]
    assert lt.detect_column(tcvn3_column) == "tcvn3"
    assert lt.convert_cells(tcvn3_column) == [
        ("Chö", "Chử"),
        ("§¨k Hµ", "Đăk Hà"),
        ("Ngäk Tô", "Ngọk Tụ"),
    ]


def test_single_symbols_are_not_evidence():
    assert lt.detect("×") == "unicode"
    assert lt.detect("µ") == "unicode"
    assert lt.detect("©") == "unicode"


# -- capital (H) fonts -------------------------------------------------------------------------


def test_tcvn3_capital_font_is_recognised():
    encoded = lt.encode_legacy("PHÒNG NÔNG NGHIỆP", "tcvn3", uppercase=True)
    assert encoded == "PHßNG N¤NG NGHIÖP"  # Ô has a capital code, Ò and Ệ do not
    assert lt.detect(encoded) == "tcvn3"
    assert lt.to_unicode(encoded) == "PHÒNG NÔNG NGHIỆP"
    assert lt.to_unicode(encoded, uppercase=False) == "PHòNG NÔNG NGHIệP"
    # Title case is read as such: "Hµ" is "Hà", not "HÀ".
    assert lt.to_unicode("Hµ") == "Hà"
    assert lt.to_unicode("Hµ", "tcvn3", uppercase=True) == "HÀ"


@pytest.mark.parametrize("phrase", ["ĐĂK HÀ", "TIÊU CHÍ SỐ 17", "NGỌK TỤ"])
def test_capital_words_round_trip_in_both_encodings(phrase):
    assert lt.to_unicode(lt.encode_legacy(phrase, "vni")) == phrase
    assert lt.to_unicode(lt.encode_legacy(phrase, "tcvn3", uppercase=True)) == phrase


# -- idempotence and normalisation ----------------------------------------------------------------


def _samples():
    values = [*PHRASES, *reference_names(), "Xoáp", "Chö", "Müller", "pÊ", "Hµ", "x", ""]
    for encoding in ENCODINGS:
        values += [lt.encode_legacy(p, encoding) for p in PHRASES]
        values += [lt.encode_legacy(n, encoding) for n in commune_names()]
    return values


def test_to_unicode_is_idempotent():
    for value in _samples():
        once = lt.to_unicode(value)
        assert lt.to_unicode(once) == once, value
        assert unicodedata.is_normalized("NFC", once)


def test_nfd_input_gives_the_same_result_as_nfc():
    for value in _samples():
        assert lt.to_unicode(nfd(value)) == lt.to_unicode(value), value
        assert lt.detect(nfd(value)) == lt.detect(value), value
    # VNI text that went through NFD ("aâ" -> "a" + U+0302) is still recognised.
    garbled = lt.encode_legacy("Tân Cảnh", "vni")
    assert nfd(garbled) != garbled
    assert lt.detect(nfd(garbled)) == "vni"
    assert lt.to_unicode(nfd(garbled)) == "Tân Cảnh"


def test_explicit_encoding_leaves_real_unicode_alone():
    assert lt.to_unicode("Đăk Hà", "tcvn3") == "Đăk Hà"
    assert lt.to_unicode(nfd("Ngọk Tụ"), "vni") == "Ngọk Tụ"
    assert lt.to_unicode("Hµ", "unicode") == "Hµ"


# -- column API ----------------------------------------------------------------------------------


def test_detect_column_majority_of_non_ascii_cells():
    tcvn3 = [lt.encode_legacy(p, "tcvn3") for p in ("Đăk Hà", "Ngọk Tụ", "Tu Mơ Rông")]
    vni = [lt.encode_legacy(p, "vni") for p in ("Đăk Hà", "Tu Mơ Rông")]
    ascii_cells = ["x", "TC1", "12", "Kroong", "Ia Chim"] * 5
    assert lt.detect_column(tcvn3 + vni + ascii_cells + [None, ""]) == "tcvn3"
    assert lt.detect_column(["Đăk Hà", "Xốp", *tcvn3[:1]]) == "unicode"
    assert lt.detect_column(ascii_cells) == "unicode"
    assert lt.detect_column([]) == "unicode"
    assert lt.detect_column([tcvn3[0], vni[0]]) == "unicode"  # a tie changes nothing


def test_convert_cells_gives_before_and_after_pairs():
    cells = ["§¨k Hµ", "Ñaêk Haø", "Đăk Hà", "x", None, "Müller"]
    assert lt.convert_cells(cells) == [
        ("§¨k Hµ", "Đăk Hà"),
        ("Ñaêk Haø", "Đăk Hà"),
        ("Đăk Hà", "Đăk Hà"),
        ("x", "x"),
        ("", ""),
        ("Müller", "Müller"),
    ]
    assert lt.convert_cells(["Hµ", "Đăk Hà"], "tcvn3") == [("Hµ", "Hà"), ("Đăk Hà", "Đăk Hà")]


def test_unknown_encoding_name_is_an_error():
    with pytest.raises(ValueError):
        lt.to_unicode("Hµ", "viscii")
    with pytest.raises(ValueError):
        lt.encode_legacy("ă", "cp1258")
    with pytest.raises(ValueError):
        lt.encode_legacy("≥", "vni")
