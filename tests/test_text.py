"""Vietnamese text handling: NFC at the door, match keys, accent folding, sorting."""

import unicodedata

import pytest

from ntm_desktop import text


def nfd(value):
    return unicodedata.normalize("NFD", value)


# -- clean ----------------------------------------------------------------------


def test_clean_makes_nfc_and_collapses_spaces():
    raw = nfd("  Đăk \t  Long \n")
    assert raw != "Đăk Long"  # really decomposed and padded
    assert text.clean(raw) == "Đăk Long"
    assert unicodedata.is_normalized("NFC", text.clean(raw))


def test_clean_none_nbsp_and_curly_apostrophe():
    assert text.clean(None) == ""
    assert text.clean("Ia\u00a0H\u2019Drai") == "Ia H'Drai"


# -- match keys -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "Đăk Long",
        "đăk long",
        "ĐĂK LONG",
        "  Đăk   Long ",
        "Xã Đăk Long",
        "xã  Đăk Long",
        "XÃ Đăk Long",
    ],
)
def test_match_key_ignores_case_spaces_and_commune_prefix(raw):
    assert text.match_key(raw) == text.match_key("Đăk Long") == "đăk long"
    assert text.match_key(nfd(raw)) == "đăk long"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Huyện Đăk Hà", "đăk hà"),
        ("Thành phố Kon Tum", "kon tum"),
        ("TP. Kon Tum", "kon tum"),
        ("Thị trấn Đăk Hà", "đăk hà"),
        ("Phường Quyết Thắng", "quyết thắng"),
    ],
)
def test_match_key_ignores_administrative_prefixes(raw, expected):
    assert text.match_key(raw) == expected
    assert text.match_key(nfd(raw)) == expected


def test_match_key_keeps_accents():
    assert text.match_key("Dak Long") != text.match_key("Đăk Long")
    assert text.match_key("Ngọk Tụ") != text.match_key("Ngọc Tụ")


def test_prefix_word_alone_is_a_name_not_a_prefix():
    assert text.match_key("Xã") == "xã"
    assert text.match_key("Huyện ") == "huyện"


def test_accented_name_starting_like_an_unaccented_prefix_is_kept():
    # "Xa Nghĩa" is a real spelling of Sa Nghĩa (Sa Thầy): "Xa" is part of the name.
    assert text.match_key("Xa Nghĩa") == "xa nghĩa"
    assert text.match_key("Xã Xa Nghĩa") == "xa nghĩa"
    assert text.match_key(nfd("Xã Xa Nghĩa")) == "xa nghĩa"


def test_unaccented_prefix_is_ignored_in_unaccented_input():
    assert text.search_key("xa dak long") == text.search_key("Xã Đăk Long") == "dak long"
    assert text.search_key("huyen dak ha") == text.search_key("Huyện Đăk Hà") == "dak ha"


# -- accent folding ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Đăk Long", "Đắk Long", "ĐĂK LONG", "Đăk Lông"])
def test_fold_drops_accents_and_d_stroke(name):
    assert text.fold(name) == "dak long"
    assert text.fold(nfd(name)) == "dak long"


def test_fold_of_both_dak_long_communes_matches_plain_query():
    # The same name in two districts: a plain query finds both.
    communes = [("Đăk Hà", "Đăk Long"), ("Đăk Glei", "Đăk Long"), ("Đăk Hà", "Hà Mòn")]
    found = [c for c in communes if text.matches_filter(c[1], "dak long")]
    assert found == communes[:2]


def test_matches_filter_needs_every_word():
    assert text.matches_filter("Đăk Tờ Lung", "lung dak")
    assert text.matches_filter(nfd("Đăk Tờ Lung"), "TO LUNG")
    assert not text.matches_filter("Đăk Tờ Lung", "dak long")
    assert text.matches_filter("Ngọk Tụ", "")


def test_search_key_drops_prefix_and_accents():
    assert text.search_key("Xã Ngọk Tụ") == "ngok tu"
    assert text.search_key(nfd("Huyện Tu Mơ Rông")) == "tu mo rong"


# -- sorting ---------------------------------------------------------------------------

ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()


def test_vietnamese_alphabet_order():
    shuffled = list(reversed(ALPHABET))
    assert sorted(shuffled, key=text.sort_key) == ALPHABET
    upper = [letter.upper() for letter in reversed(ALPHABET)]
    assert sorted(upper, key=text.sort_key) == [letter.upper() for letter in ALPHABET]


def test_names_sort_by_letter_before_tone():
    names = ["Đăk Hà", "Ea Sol", "Dân", "Ân", "Ăn", "An", "Bắc", "Bạc", "Ba"]
    expected = ["An", "Ăn", "Ân", "Ba", "Bạc", "Bắc", "Dân", "Đăk Hà", "Ea Sol"]
    assert sorted(names, key=text.sort_key) == expected


def test_d_stroke_sorts_after_every_d_word():
    names = ["Đăk Ang", "Diên Bình", "Dục", "Đoàn Kết", "Ea"]
    assert sorted(names, key=text.sort_key) == ["Diên Bình", "Dục", "Đăk Ang", "Đoàn Kết", "Ea"]


def test_tone_only_breaks_ties():
    assert text.sort_key("ba") < text.sort_key("bà")
    assert text.sort_key("bà") < text.sort_key("bác")  # shorter word first when a prefix
    assert text.sort_key("bá") < text.sort_key("bă")  # letter (a < ă) beats tone


def test_sort_key_same_for_nfd_and_nfc():
    for name in ["Đăk Hà", "Ngọk Tụ", "Tu Mơ Rông", "Ia H'Drai"]:
        assert text.sort_key(nfd(name)) == text.sort_key(name)


def test_district_names_sorted():
    districts = [
        "Thành phố Kon Tum", "Đăk Hà", "Đăk Tô", "Sa Thầy", "Ngọc Hồi", "Kon Rẫy",
        "Đăk Glei", "Kon Plông", "Tu Mơ Rông", "Ia H'Drai",
    ]
    assert sorted(districts, key=text.sort_key) == [
        "Đăk Glei", "Đăk Hà", "Đăk Tô", "Ia H'Drai", "Kon Plông", "Kon Rẫy",
        "Ngọc Hồi", "Sa Thầy", "Thành phố Kon Tum", "Tu Mơ Rông",
    ]


# -- closest ------------------------------------------------------------------------------

CANDIDATES = ["Đăk Long", "Đăk La", "Hà Mòn", "Ngọk Tụ", "Đăk Tờ Lung", "Tu Mơ Rông"]


def test_closest_puts_best_first():
    assert text.closest("Dak Lon", CANDIDATES)[0] == "Đăk Long"
    assert text.closest("ngoc tu", CANDIDATES)[0] == "Ngọk Tụ"
    assert text.closest(nfd("Hà Mon"), CANDIDATES)[0] == "Hà Mòn"


def test_closest_respects_cutoff_and_limit():
    assert text.closest("Zzzzzzzz", CANDIDATES) == []
    assert len(text.closest("Đăk", CANDIDATES, limit=2, cutoff=0.0)) == 2
    everything = text.closest("Đăk", CANDIDATES, limit=100, cutoff=0.0)
    assert sorted(everything) == sorted(CANDIDATES)


def test_closest_lists_a_name_once():
    assert text.closest("Dak Long", ["Đăk Long", "Đăk Long", "Đăk Lóng"]) == ["Đăk Long", "Đăk Lóng"]


def test_similarity_is_accent_insensitive():
    assert text.similarity("Dak Long", "Đăk Long") == 1.0
    assert text.similarity("Xã Đăk Long", "Đăk Long") == 1.0
    assert 0 < text.similarity("Đăk Long", "Đăk La") < 1
