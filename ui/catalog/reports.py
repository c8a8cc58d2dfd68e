"""Texts of reports: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ui/reports/settings_dialog.py
    "set.title": ("Thiết lập báo cáo", "Report settings"),
    "set.intro": (
        "Các thông tin này in ở phần đầu và phần ký của mọi báo cáo (thể thức theo Nghị định 30/2020/NĐ-CP)."
        " Mỗi dòng một dòng chữ.",
        "These fields are printed in the header and the signature of every report (layout of Decree"
        " 30/2020/NĐ-CP). One line of text per line.",
    ),
    "set.parent_body": ("Cơ quan chủ quản (nếu có)", "Parent body (if any)"),
    "set.issuer": ("Cơ quan ban hành", "Issuing body"),
    "set.place": ("Địa danh", "Place name"),
    "set.number": ("Số văn bản", "Number"),
    "set.number_tip": ("Để trống để văn thư ghi số bằng tay.", "Leave empty for the clerk to write it by hand."),
    "set.symbol": ("Ký hiệu", "Symbol"),
    "set.signer": ("Thẩm quyền, chức vụ người ký", "Signing authority and title"),
    "set.signer_name": ("Họ và tên người ký", "Signer's name"),
    "set.recipients": ("Nơi nhận", "Recipients"),
    "set.low_share": ("Ngưỡng tỷ lệ xã đạt thấp", "Low-share threshold"),
    "set.low_share_tip": (
        "Báo cáo tỉnh nêu tên các địa phương có tỷ lệ xã đạt từng tiêu chí dưới ngưỡng này.",
        "The province report names the districts whose share of communes meeting a criterion is below this.",
    ),
    # ui/reports/view.py
    "rep.kind": ("&Loại báo cáo", "Report &kind"),
    "rep.kind.commune": ("Phiếu đánh giá của xã", "Commune scorecard"),
    "rep.kind.district": ("Báo cáo tổng hợp cấp huyện", "District summary"),
    "rep.kind.province": ("Báo cáo tổng hợp cấp tỉnh", "Province summary"),
    "rep.kind.twinning": ("Báo cáo kết nghĩa (biểu 1a, 1b, 1c)", "Twinning report (tables 1a, 1b, 1c)"),
    "rep.year": ("&Năm", "&Year"),
    "rep.period": ("&Kỳ", "&Period"),
    "rep.district": ("&Huyện", "&District"),
    "rep.commune": ("&Xã", "&Commune"),
    "rep.date": ("Ngày &báo cáo", "Report &date"),
    "rep.annex": ("Kèm phụ lục phiếu đánh giá từng xã", "Annex: one scorecard page per commune"),
    "rep.preview": ("&Xem trước", "&Preview"),
    "rep.save_pdf": ("Lưu &PDF…", "Save as &PDF…"),
    "rep.save_xlsx": ("Lưu &Excel…", "Save as &Excel…"),
    "rep.settings": ("&Tiêu đề, người ký…", "Header and &signer…"),
    "rep.working": ("Đang lập báo cáo…", "Building the report…"),
    "rep.pages": ("{pages} trang · lập lúc {time}", "{pages} pages · built at {time}"),
    "rep.stale": (
        "Số liệu hoặc lựa chọn đã thay đổi: bấm «Xem trước» để cập nhật.",
        "Data or choices changed: press «Preview» to update.",
    ),
    "rep.cancelled": ("Đã hủy.", "Cancelled."),
    "rep.failed": ("Không lập được báo cáo", "The report could not be built"),
    "rep.saved_title": ("Đã lưu báo cáo", "Report saved"),
    "rep.saved": ("Đã lưu báo cáo vào:\n{path}", "The report was saved to:\n{path}"),
    "rep.open_folder": ("Mở &thư mục", "Open &folder"),
    "rep.close": ("Đóng", "Close"),
    "rep.hint": (
        "Chọn loại báo cáo, phạm vi và năm rồi bấm «Xem trước». Báo cáo trình bày theo thể thức văn bản"
        " hành chính (Nghị định 30/2020/NĐ-CP); tiêu đề và người ký sửa ở «Tiêu đề, người ký…».",
        "Choose the report, scope and year, then press «Preview». Reports follow the administrative layout"
        " (Decree 30/2020/NĐ-CP); the header and signer are set in «Header and signer…».",
    ),
    "rep.pdf_filter": ("Tệp PDF (*.pdf)", "PDF files (*.pdf)"),
    "rep.xlsx_filter": ("Tệp Excel (*.xlsx)", "Excel files (*.xlsx)"),
}
