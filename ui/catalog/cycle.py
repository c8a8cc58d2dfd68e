"""Window texts of cycle: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ui/planning/period_dialog.py
    "pcd.title": ("Kỳ báo cáo và khóa số liệu", "Reporting periods and locks"),
    "pcd.year": ("Năm:", "Year:"),
    "pcd.period": ("Kỳ:", "Period:"),
    "pcd.hint": ("Khóa ở tỉnh hoặc huyện áp dụng cho mọi xã bên dưới; khóa cả năm áp dụng cho các quý, tháng "
                 "của năm đó. Kỳ đã khóa không sửa được số liệu cho đến khi mở khóa kèm lý do.",
                 "A lock on the province or a district covers every commune under it; locking a year locks "
                 "its quarters and months. A locked period cannot be edited until it is unlocked with a reason."),
    "pcd.col.unit": ("Đơn vị", "Unit"),
    "pcd.col.state": ("Trạng thái", "State"),
    "pcd.col.by": ("Người thực hiện", "By"),
    "pcd.col.at": ("Thời điểm (UTC)", "When (UTC)"),
    "pcd.col.reason": ("Lý do / ghi chú", "Reason / note"),
    "pcd.covered": ("Đã khóa (theo {unit}, {period})", "Locked (by {unit}, {period})"),
    "pcd.reason": ("Lý do:", "Reason:"),
    "pcd.reason_tip": ("Bắt buộc khi mở khóa", "Needed to unlock"),
    "pcd.submit": ("&Gửi (đã nộp)", "&Submit"),
    "pcd.lock": ("&Khóa", "&Lock"),
    "pcd.unlock": ("&Mở khóa…", "&Unlock…"),
    "pcd.close": ("Đóng", "Close"),
    "pcd.pick": ("Hãy chọn một đơn vị trong danh sách.", "Choose a unit in the list."),
    "pcd.ask_title": ("Mở khóa số liệu", "Unlock"),
    "pcd.ask": ("Lý do mở khóa {period} của {name} (được lưu trong lịch sử):",
                "Why unlock {period} of {name} (kept in the history):"),
    "pcd.done.submit": ("Đã gửi {period} của {name}", "Submitted {period} of {name}"),
    "pcd.done.lock": ("Đã khóa {period} của {name}", "Locked {period} of {name}"),
    "pcd.done.unlock": ("Đã mở khóa {period} của {name}", "Unlocked {period} of {name}"),
    "pcd.unchanged": ("Không thay đổi: {period} của {name} đã ở trạng thái «{state}».",
                      "Nothing changed: {period} of {name} is already «{state}»."),
}
