"""Window texts of criteria: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ui/criteria/workbook_dialog.py
    "cwbui.import_title": ("Nhập bộ tiêu chí từ Excel", "Import a criteria set from Excel"),
    "cwbui.export_title": ("Xuất bộ tiêu chí ra Excel", "Export a criteria set to Excel"),
    "cwbui.file": ("Tệp:", "File:"),
    "cwbui.choose": ("Chọn tệp…", "Choose file…"),
    "cwbui.code": ("Mã bộ:", "Set code:"),
    "cwbui.name": ("Tên bộ:", "Set name:"),
    "cwbui.from": ("Áp dụng từ ngày:", "In force from:"),
    "cwbui.to": ("Đến ngày:", "Until:"),
    "cwbui.to_tip": (
        "Để trống: hết giai đoạn 5 năm (ví dụ 2030-12-31), hoặc giữ như bộ đang có.",
        "Blank: the end of the five-year period (e.g. 2030-12-31), or as the loaded set has it.",
    ),
    "cwbui.source": ("Căn cứ (quyết định):", "Source (decision):"),
    "cwbui.source_tip": ("Để trống: dùng tên tệp.", "Blank: the file name is used."),
    "cwbui.date_tip": ("Viết YYYY-MM-DD hoặc DD/MM/YYYY.", "Write YYYY-MM-DD or DD/MM/YYYY."),
    "cwbui.preview": ("Đọc lại", "Read again"),
    "cwbui.import": ("Nhập", "Import"),
    "cwbui.cancel": ("Hủy", "Cancel"),
    "cwbui.col_code": ("Mã", "Code"),
    "cwbui.qualitative": (
        "Ô giữ nguyên văn, do người đánh giá ({n}):", "Cells kept as text, assessed by a person ({n}):"
    ),
    "cwbui.no_qualitative": (
        "Mọi ngưỡng đều đọc được thành phép so sánh.", "Every threshold was read as a comparison."
    ),
    "cwbui.differences": ("Khác với bộ {code} đang có ({n}):", "Differences from the loaded set {code} ({n}):"),
    "cwbui.no_differences": (
        "Tiêu chí, chỉ tiêu và ngưỡng giống bộ {code} đang có.",
        "Criteria, indicators and thresholds are those of the loaded set {code}.",
    ),
    "cwbui.new_set": (
        "Bộ {code} chưa có: sẽ được thêm mới.", "Set {code} is not loaded yet: it will be added."
    ),
    "cwbui.qualitative_tip": (
        "Ngưỡng giữ nguyên văn: người đánh giá, phần mềm không tự tính đạt.",
        "A threshold kept as text: a person assesses it, the program never computes it met.",
    ),
    "cwbui.error": (
        "Không đọc được bộ tiêu chí — không nhập gì:", "The criteria set cannot be read — nothing imported:"
    ),
    "cwbui.imported": (
        "Đã nhập bộ tiêu chí {code}: {criteria} tiêu chí, {indicators} chỉ tiêu. Các trạng thái đã được tính lại.",
        "Criteria set {code} imported: {criteria} criteria, {indicators} indicators. Statuses were recomputed.",
    ),
    "cwbui.unchanged": ("Bộ tiêu chí {code} không thay đổi.", "Criteria set {code} did not change."),
    "cwbui.choose_set": ("Bộ tiêu chí cần xuất:", "Criteria set to export:"),
    "cwbui.exported": ("Đã xuất bộ tiêu chí {code} ra {path}.", "Criteria set {code} exported to {path}."),
    "cwbui.filter": ("Excel (*.xlsx);;Tất cả / All (*)", "Excel (*.xlsx);;All files (*)"),
}
