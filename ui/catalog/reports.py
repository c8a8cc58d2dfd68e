"""Texts of reports: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ui/reports/settings_dialog.py
    "set.title": ("Thiết lập", "Settings"),  # the menu's «Thiết lập…» and the Báo cáo tab's button open it
    "set.group.document": ("Văn bản", "Document"),
    "set.group.lagging": ("Địa phương chậm", "Lagging localities"),
    "set.group.user": ("Người dùng, nơi làm việc", "User and office"),
    "set.margin_suffix": (" điểm", " points"),
    "set.intro": (
        "Các thông tin này in ở phần đầu và phần ký của mọi báo cáo (thể thức theo Nghị định 30/2020/NĐ-CP)."
        " Mỗi dòng một dòng chữ.",
        "These fields are printed in the header and the signature of every report (layout of Decree"
        " 30/2020/NĐ-CP). One line of text per line.",
    ),
    "set.parent_body": ("Cơ quan chủ quản (nếu có)", "Parent body (if any)"),
    "set.issuer": ("Cơ quan ban hành", "Issuing body"),
    "set.issuer_name": ("Tên cơ quan trong câu (nếu cần)", "Issuing body in running text (if needed)"),
    "set.issuer_name_tip": (
        "Tên cơ quan ban hành viết trong câu «Kèm theo … của …», ví dụ «Ban Chỉ đạo các chương trình mục tiêu"
        " quốc gia tỉnh». Để trống: lấy từ dòng cơ quan ban hành.",
        "The issuing body as a sentence names it («Kèm theo … của …»). Empty: made from the issuing body's lines.",
    ),
    "set.place": ("Địa danh", "Place name"),
    "set.number": ("Số văn bản", "Number"),
    "set.number_tip": ("Để trống: văn thư ghi tay", "Blank: the clerk writes it by hand"),
    "set.symbol": ("Ký hiệu", "Symbol"),
    "set.signer": ("Thẩm quyền, chức vụ người ký", "Signing authority and title"),
    "set.signer_name": ("Họ và tên người ký", "Signer's name"),
    "set.recipients": ("Nơi nhận", "Recipients"),
    "set.low_share": ("Ngưỡng tỷ lệ xã đạt chuẩn (dưới mức này là thấp)", "Low-share threshold"),
    "set.low_share_tip": (
        "Báo cáo tỉnh nêu tên các địa phương có tỷ lệ xã đạt từng tiêu chí dưới ngưỡng này.",
        "The province report names the districts whose share of communes meeting a criterion is below this.",
    ),
    "set.low_rule": ("Cách xác định địa phương chậm (tỷ lệ xã đạt chuẩn thấp)", "How lagging localities are found"),
    "set.low_rule.province": ("Thấp hơn tỷ lệ chung của toàn tỉnh", "Below the province's own share"),
    "set.low_rule.share": ("Dưới một tỷ lệ cố định", "Below a fixed share"),
    "set.low_margin": ("Mức thấp hơn tỷ lệ chung của tỉnh (điểm phần trăm)",
                       "Below the province's share by more than (percentage points)"),
    "set.low_margin_tip": (
        "0: nêu mọi địa phương có tỷ lệ xã đạt thấp hơn tỷ lệ của toàn tỉnh (như báo cáo của tỉnh).",
        "0: name every locality whose share is below the province's (as the province's reports do).",
    ),
    "set.office": ("Cơ quan làm việc", "Working office"),
    "set.office_tip": (
        "Tỉnh hoặc huyện của văn phòng dùng chương trình: mặc định cho phần đầu báo cáo và cây đơn vị.",
        "The office's province or district: the default of the reports' header and of the unit tree.",
    ),
    "set.user_name": ("Họ và tên người dùng", "Your name"),
    "set.user_name_tip": (
        "Ghi trong lịch sử thay đổi (thay cho tên đăng nhập Windows); lưu trên máy này.",
        "Shown in the change history (instead of the Windows login); kept on this computer.",
    ),
    "set.save": ("Lưu", "Save"),
    "set.cancel": ("Hủy", "Cancel"),
    "who.title": ("Người sử dụng", "User"),
    "who.ask": (
        "Xin nhập họ và tên của anh/chị. Tên này được ghi vào lịch sử mỗi thay đổi (hỏi một lần trên máy này;"
        " sửa trong Tệp → Thiết lập).",
        "Please enter your name. It is recorded in the history of every change (asked once on this computer;"
        " change it in File → Settings).",
    ),
    # ui/reports/view.py
    "rep.kind": ("&Loại báo cáo", "Report &kind"),
    "rep.kind.commune": ("Phiếu đánh giá của xã", "Commune scorecard"),
    "rep.kind.district": ("Báo cáo tổng hợp cấp huyện", "District summary"),
    "rep.kind.province": ("Báo cáo tổng hợp cấp tỉnh", "Province summary"),
    "rep.kind.twinning": ("Báo cáo kết nghĩa (biểu 1a, 1b, 1c)", "Twinning report (tables 1a, 1b, 1c)"),
    "rep.year": ("&Năm", "&Year"),
    "rep.period": ("&Kỳ", "Peri&od"),  # mnemonics unique on the tab (issue 21 part 8)
    "rep.district": ("&Huyện", "&District"),
    "rep.commune": ("&Xã", "&Commune"),
    "rep.date": ("Ngày &báo cáo", "Report da&te"),
    "rep.annex": ("Kèm phụ lục phiếu đánh giá từng xã", "Annex: one scorecard page per commune"),
    "rep.preview": ("Xe&m trước", "Pre&view"),
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
    # issue 21 part 8 and issue 20 part 9: Word reports and printing (ui/reports/view.py)
    "rep.save_docx": ("Lưu &Word…", "Save as &Word…"),
    "rep.docx_tip": (
        "Báo cáo dạng Word (.docx) để chỉnh sửa câu chữ trước khi trình ký; cùng thể thức, số liệu,"
        " bảng và biểu đồ như bản PDF.",
        "The report as Word (.docx), to rework the wording before signing; the same layout, figures,"
        " tables and charts as the PDF.",
    ),
    "rep.docx_filter": ("Tệp Word (*.docx)", "Word files (*.docx)"),
    "rep.print": ("&In…", "P&rint…"),
    "rep.printing": ("Đang in…", "Printing…"),
    "rep.printed": ("Đã gửi {pages} trang đến máy in.", "Pages sent to the printer: {pages}."),  # no "1 pages"
    "rep.print_failed": ("Không mở được máy in đã chọn.", "The chosen printer could not be opened."),
}
