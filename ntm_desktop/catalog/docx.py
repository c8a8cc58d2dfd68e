"""Texts of docx: key → (Vietnamese, English).

The ``docx.style.*`` names are the Word styles of a report (ntm_desktop/reports/docx/page.py),
shown in Word's style list; the document is Vietnamese, so Word shows the Vietnamese name.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/reports/__init__.py
    "report.unknown_format": (
        "Định dạng không hợp lệ: {fmt} (pdf, docx hoặc xlsx).", "Unknown format: {fmt} (pdf, docx or xlsx)."),
    "report.written_docx": ("Đã ghi báo cáo (Word) vào {path}.", "Report (Word) written to {path}."),
    # ntm_desktop/reports/docx/page.py: Word styles, one per paragraph style of the PDF
    "docx.style.body": ("Báo cáo – Nội dung", "Report – Body"),
    "docx.style.plain": ("Báo cáo – Đoạn không thụt đầu dòng", "Report – Plain"),
    "docx.style.heading": ("Báo cáo – Đề mục", "Report – Heading"),
    "docx.style.subheading": ("Báo cáo – Đề mục nhỏ", "Report – Subheading"),
    "docx.style.title": ("Báo cáo – Tên loại văn bản", "Report – Title"),
    "docx.style.subtitle": ("Báo cáo – Trích yếu", "Report – Subtitle"),
    "docx.style.caption": ("Báo cáo – Tên bảng, biểu đồ", "Report – Caption"),
    "docx.style.note": ("Báo cáo – Ghi chú", "Report – Note"),
    "docx.style.annex_ref": ("Báo cáo – Dòng kèm theo của phụ lục", "Report – Annex reference"),
    "docx.style.cell": ("Báo cáo – Ô bảng", "Report – Table cell"),
    "docx.style.cell_bold": ("Báo cáo – Ô bảng đậm", "Report – Table cell bold"),
    "docx.style.cell_center": ("Báo cáo – Ô bảng giữa", "Report – Table cell centred"),
    "docx.style.cell_head": ("Báo cáo – Đầu bảng", "Report – Table header"),
    "docx.style.head": ("Báo cáo – Đầu bảng", "Report – Table header"),
    "docx.style.small": ("Báo cáo – Ô bảng nhỏ", "Report – Small cell"),
    "docx.style.small_head": ("Báo cáo – Đầu bảng nhỏ", "Report – Small table header"),
    "docx.style.issuer_parent": ("Báo cáo – Cơ quan chủ quản", "Report – Parent body"),
    "docx.style.issuer": ("Báo cáo – Cơ quan ban hành", "Report – Issuing body"),
    "docx.style.national": ("Báo cáo – Quốc hiệu", "Report – National title"),
    "docx.style.motto": ("Báo cáo – Tiêu ngữ", "Report – Motto"),
    "docx.style.number": ("Báo cáo – Số, ký hiệu", "Report – Number"),
    "docx.style.dateline": ("Báo cáo – Địa danh, ngày tháng", "Report – Place and date"),
    "docx.style.signer": ("Báo cáo – Chức vụ, người ký", "Report – Signer"),
    "docx.style.recipients_head": ("Báo cáo – Nơi nhận", "Report – Recipients heading"),
    "docx.style.recipients": ("Báo cáo – Danh sách nơi nhận", "Report – Recipients"),
}
