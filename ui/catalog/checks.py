"""Window texts of checks: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "chkd.title": ("Kiểm tra số liệu bất thường", "Plausibility checks"),
    "chkd.year": ("Năm:", "Year:"),
    "chkd.period": ("Kỳ:", "Period:"),
    "chkd.all_periods": ("Mọi kỳ trong năm", "Every period of the year"),
    "chkd.hint": (
        "Các giá trị đáng xem lại: tỷ lệ ngoài 0-100%, thay đổi quá nhiều so với kỳ trước cùng loại"
        " (năm trước, quý trước…), số âm, tổng không khớp. Đây là cảnh báo, không phải lỗi."
        " Nhấp đúp một dòng để mở phiếu đánh giá của xã tại chỉ tiêu đó.",
        "Values worth a second look: a percentage outside 0-100%, a change too large from the previous"
        " period of the same kind (the year before, the quarter before…), a negative number, a sum that"
        " does not add up. These are warnings, not errors. Double-click a row to open the commune's"
        " scorecard at that indicator.",
    ),
    "chkd.col.commune": ("Xã", "Commune"),
    "chkd.col.period": ("Kỳ", "Period"),
    "chkd.col.indicator": ("Chỉ tiêu", "Indicator"),
    "chkd.col.value": ("Giá trị", "Value"),
    "chkd.col.previous": ("Kỳ trước", "Previous"),
    "chkd.col.message": ("Cảnh báo", "Warning"),
    "chkd.count": ("{n} cảnh báo", "{n} warning(s)"),
    "chkd.none": ("Không có cảnh báo nào trong kỳ này.", "No warnings in this period."),
    "chkd.refresh": ("Kiểm tra lại", "Check again"),
    "chkd.close": ("Đóng", "Close"),
}
