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
    "cwbui.col_tt": ("TT", "No."),
    "cwbui.col_criterion": ("Tên tiêu chí", "Criterion"),
    "cwbui.col_code": ("Mã", "Code"),
    "cwbui.col_content": ("Nội dung tiêu chí", "Content"),
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
        "Đã nhập bộ tiêu chí {code}: {criteria} tiêu chí, {indicators} chỉ tiêu. Các trạng thái đã được tính lại."
        " Đây là bản nháp: hãy công bố (Tiêu chí → Sửa, công bố bộ tiêu chí…) để gửi xuống các đơn vị.",
        "Criteria set {code} imported: {criteria} criteria, {indicators} indicators. Statuses were recomputed."
        " This is a draft: publish it (Tiêu chí → Sửa, công bố bộ tiêu chí…) to send it to the offices.",
    ),
    "cwbui.unchanged": ("Bộ tiêu chí {code} không thay đổi.", "Criteria set {code} did not change."),
    "cwbui.choose_set": ("Bộ tiêu chí cần xuất:", "Criteria set to export:"),
    "cwbui.exported": ("Đã xuất bộ tiêu chí {code} ra {path}.", "Criteria set {code} exported to {path}."),
    "cwbui.filter": ("Excel (*.xlsx);;Tất cả / All (*)", "Excel (*.xlsx);;All files (*)"),
    # ui/criteria/editor.py
    "ceui.title": ("Sửa, công bố bộ tiêu chí", "Edit and publish criteria sets"),
    "ceui.set": ("Bộ tiêu chí:", "Criteria set:"),
    "ceui.set_item": ("{code} — phiên bản {version} ({state})", "{code} — version {version} ({state})"),
    "ceui.state": ("Đang dùng phiên bản {version}: {state}", "In use: version {version}, {state}"),
    "ceui.published": ("đã công bố", "published"),
    "ceui.draft": ("bản nháp, chưa công bố", "draft, not published"),
    "ceui.add": ("Thêm chỉ tiêu…", "Add indicator…"),
    "ceui.remove": ("Xóa chỉ tiêu", "Remove indicator"),
    "ceui.up": ("Lên", "Up"),
    "ceui.down": ("Xuống", "Down"),
    "ceui.undo": ("Hoàn tác (Ctrl+Z)", "Undo (Ctrl+Z)"),
    "ceui.sources": ("Căn cứ (nguồn) của bộ:", "The set's sources:"),
    "ceui.add_source": ("Thêm căn cứ…", "Add source…"),
    "ceui.source_title": ("Tên văn bản (số, ngày, cơ quan ban hành):", "Document (number, date, issuer):"),
    "ceui.versions": ("Các phiên bản:", "Versions:"),
    "ceui.note": ("Căn cứ sửa đổi:", "Reason for the change:"),
    "ceui.note_tip": ("Ví dụ: Quyết định 12/QĐ-UBND ngày 01/03/2027", "E.g. Decision 12/QĐ-UBND of 01/03/2027"),
    "ceui.save": ("Lưu thành phiên bản mới", "Save as a new version"),
    "ceui.publish": ("Công bố", "Publish"),
    "ceui.close": ("Đóng", "Close"),
    "ceui.col_code": ("Mã", "Code"),
    "ceui.col_name": ("Tiêu chí / chỉ tiêu", "Criterion / indicator"),
    "ceui.col_type": ("Kiểu", "Type"),
    "ceui.col_unit": ("Đơn vị", "Unit"),
    "ceui.type.bool": ("Đạt/Không", "Yes/no"),
    "ceui.type.percent": ("Tỷ lệ %", "Percent"),
    "ceui.type.number": ("Số", "Number"),
    "ceui.type.text": ("Chữ", "Text"),
    "ceui.cell_tip": (
        "Gõ ngưỡng: ≥ 90%, ≤ 5,5%, > 3, Tối thiểu 85%, Đạt, Không; để trống là không có ngưỡng.",
        "Type a threshold: ≥ 90%, ≤ 5,5%, > 3, Tối thiểu 85%, Đạt, Không; blank is no threshold.",
    ),
    "ceui.qualitative_tip": (
        "Chữ nghiêng: ngưỡng giữ nguyên văn, người đánh giá; phần mềm không tự tính đạt.",
        "Italics: a threshold kept as text, assessed by a person; the program never computes it met.",
    ),
    "ceui.bounded_tip": (
        "Cột này còn có ngưỡng theo năm; ô chỉ sửa ngưỡng không giới hạn năm.",
        "This column also has thresholds by year; the cell edits the one without years.",
    ),
    "ceui.refused": ("Không nhận sửa đổi này: {error}", "This change was not kept: {error}"),
    "ceui.unsaved": (
        "Có thay đổi chưa lưu: bấm «Lưu thành phiên bản mới».", "Changes not saved yet: press «Save as a new version»."
    ),
    "ceui.saved": (
        "Đã lưu bộ {code} thành phiên bản {version} (bản nháp: chưa gửi đi cho đến khi công bố)."
        " Các trạng thái đã được tính lại.",
        "Set {code} saved as version {version} (a draft: not sent until published). Statuses were recomputed.",
    ),
    "ceui.choose_row": ("Hãy chọn một dòng chỉ tiêu trước.", "Choose an indicator row first."),
    "ceui.new_code": ("Mã chỉ tiêu mới của tiêu chí {number}:", "Code of the new indicator of criterion {number}:"),
    "ceui.new_name": ("Tên chỉ tiêu {code}:", "Name of indicator {code}:"),
    "ceui.discard": ("Bỏ các thay đổi chưa lưu?", "Discard the changes not saved?"),
}
