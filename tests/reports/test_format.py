"""Vietnamese forms of the reports: numbers, dates, counts and the standard sentences."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from ntm_desktop.reports import sentences, vn


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1847.561, None, "1.847,561"), (1135.11, 2, "1.135,11"), (14.75, 1, "14,8"), (14.849, 1, "14,8"),
     (1000000, None, "1.000.000"), (0.05, 1, "0,1"), (12, 1, "12,0")],
)
def test_numbers_use_vietnamese_marks(value, decimals, expected):
    assert vn.number(value, decimals) == expected


def test_percents():
    assert vn.percent(53.2) == "53,2%"
    assert vn.percent(57, 85) == "67,1%"  # 67.0588…
    assert vn.percent(1, 8) == "12,5%"  # half up, not to even
    assert vn.percent(3, 0) == "–"


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2026, 11, 15), "ngày 15 tháng 11 năm 2026"), (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
     (dt.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"), (dt.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026")],
)
def test_dates_as_nghi_dinh_30_writes_them(day, expected):
    assert vn.date_long(day) == expected


def test_counts_two_digits_and_exact_ratios():
    assert [vn.count2(n) for n in (0, 2, 9, 10, 46)] == ["0", "02", "09", "10", "46"]
    assert vn.ratio(4, 10) == "4/10"
    assert vn.ratio(0, 3) == "0/3"


def test_lists_and_unit_names():
    assert vn.join(["Sa Thầy", "Tu Mơ Rông", "Ia H'Drai"]) == "Sa Thầy, Tu Mơ Rông và Ia H'Drai"
    assert vn.join(["A"]) == "A" and vn.join([]) == ""
    assert vn.unit_phrase("huyện", "Đăk Hà") == "huyện Đăk Hà"
    assert vn.unit_phrase("thành phố", "Thành phố Kon Tum") == "thành phố Kon Tum"
    assert vn.bare_name("Thành phố Kon Tum") == "Kon Tum"
    assert vn.upper("huyện Đăk Hà") == "HUYỆN ĐĂK HÀ"


def test_text_for_reportlab_is_nfc_and_escaped():
    decomposed = unicodedata.normalize("NFD", "Đăk Hà <b> & Co")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert vn.markup(decomposed) == "Đăk Hà &lt;b&gt; &amp; Co"
    assert unicodedata.is_normalized("NFC", vn.markup(decomposed))


def test_criterion_sentence():
    assert sentences.criterion_line(2, "Giao thông", 57, 85) == "Tiêu chí số 2 về Giao thông: có 57/85 xã đạt chuẩn"


def test_criteria_met_everywhere_are_listed_together():
    crit = [{"number": 1, "name": "Quy hoạch"}, {"number": 3, "name": "Thủy lợi"}, {"number": 4, "name": "Điện"}]
    assert sentences.all_met_line(crit, [1, 3], 85) == (
        "Có 85/85 xã đã hoàn thành các tiêu chí: Số 1 về Quy hoạch; số 3 về Thủy lợi."
    )


def test_bands_sentence_of_the_province_documents():
    data = {"bands": {"19": 28, "15-18": 9, "10-14": 46, "5-9": 2, "<5": 0}, "average": 14.8, "communes": 85}
    previous = {"delta_average": 5.8, "year": 2015}
    assert sentences.bands_sentence("toàn tỉnh", data, None, previous) == (
        "Toàn tỉnh có 28 xã đạt chuẩn 19/19 tiêu chí; có 09 xã đạt từ 15 đến 18 tiêu chí, 46 xã đạt từ 10-14"
        " tiêu chí, 02 xã đạt từ 5-9 tiêu chí, không còn xã đạt dưới 5 tiêu chí. Bình quân đạt 14,8 tiêu"
        " chí/xã, tăng 5,8 tiêu chí so với năm 2015."
    )


def test_bands_sentence_with_empty_bands_stays_grammatical():
    data = {"bands": {"19": 0, "15-18": 0, "10-14": 3, "5-9": 0, "<5": 4}, "average": 5.0, "communes": 7}
    text = sentences.bands_sentence("toàn huyện", data)
    assert text.startswith("Toàn huyện chưa có xã đạt chuẩn 19/19 tiêu chí; không có xã đạt từ 15 đến 18")
    assert "có 03 xã đạt từ 10-14 tiêu chí, không có xã đạt từ 5-9 tiêu chí, có 04 xã đạt dưới 5 tiêu chí" in text
    assert "có không" not in text


def test_low_share_line():
    low = [{"district": "Sa Thầy", "met": 4, "communes": 10}, {"district": "Tu Mơ Rông", "met": 4, "communes": 11},
           {"district": "Ia H'Drai", "met": 0, "communes": 3}]
    assert sentences.low_line(low) == (
        "Các địa phương có số xã đạt chuẩn thấp là: Sa Thầy (đạt 4/10 xã), Tu Mơ Rông (đạt 4/11 xã)"
        " và Ia H'Drai (đạt 0/3 xã)."
    )
    assert sentences.low_line([]) == ""


def test_period_labels_stay_vietnamese(english):
    assert [vn.period_label(c) for c in ("2019", "2019-H1", "2019-Q2", "2019-M07")] == [
        "Năm 2019", "6 tháng đầu năm 2019", "Quý II/2019", "Tháng 7/2019"]
