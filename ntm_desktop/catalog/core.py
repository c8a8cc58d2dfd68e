"""Texts of core: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/i18n.py
    # errors: database
    "db.not_sqlite": (
        "Tệp {path} không phải là cơ sở dữ liệu SQLite của NTM Desktop (hoặc đã bị hỏng); tệp được giữ nguyên.",
        "{path} is not an NTM Desktop SQLite database (or it is damaged); the file was left untouched.",
    ),
    "db.corrupt": (
        "Cơ sở dữ liệu {path} bị hỏng: {detail}. Tệp được giữ nguyên; hãy khôi phục từ bản sao lưu.",
        "The database {path} is damaged: {detail}. The file was left untouched; restore it from a backup.",
    ),
    "db.too_new": (
        "Cơ sở dữ liệu {path} được tạo bởi phiên bản mới hơn của chương trình (lược đồ {found}, chương trình hỗ trợ "
        "đến {supported}). Hãy cập nhật chương trình.",
        "The database {path} was made by a newer version of the program (schema {found}, this program supports up to "
        "{supported}). Please update the program.",
    ),
    "db.foreign": (
        "Cơ sở dữ liệu {path} chứa các bước cập nhật lược đồ mà chương trình này không biết: {names}. Hãy cập nhật "
        "chương trình.",
        "The database {path} holds schema migrations this program does not know: {names}. Please update the program.",
    ),
    "db.locked": (
        "Cơ sở dữ liệu {path} đang bị khóa bởi một chương trình khác. Hãy đóng chương trình đó rồi thử lại.",
        "The database {path} is locked by another program. Close it and try again.",
    ),
    "copy.other_set": (
        "Không chép được: kỳ {source} đánh giá theo bộ tiêu chí {before}, kỳ {period} theo bộ {now}.",
        "Nothing copied: {source} was assessed on the set {before}, {period} on {now}.",
    ),
    "copy.nothing": (
        "Kỳ trước ({source}) của {commune} chưa có số liệu để chép.",
        "The period before ({source}) holds nothing of {commune} to copy.",
    ),
    "copy.done": (
        "Đã chép từ kỳ {source}: {values} giá trị chỉ tiêu và {statuses} kết quả công nhận; hãy rà soát lại.",
        "Copied from {source}: {values} indicator values and {statuses} official statuses; please review them.",
    ),
    "db.empty_file": (
        "Tệp {path} rỗng (0 byte): không phải cơ sở dữ liệu, có thể do ghi dở hoặc USB hỏng. Tệp được giữ nguyên;"
        " hãy khôi phục từ bản sao lưu (ntm restore), hoặc chạy ntm init để tạo cơ sở dữ liệu mới tại đó.",
        "{path} is empty (0 bytes): not a database, perhaps after a failed write or a faulty stick. It was left"
        " untouched; restore a backup (ntm restore), or run ntm init to create a new database there.",
    ),
    "db.cannot_open": (
        "Không mở được cơ sở dữ liệu {path}: {detail}",
        "Cannot open the database {path}: {detail}",
    ),
    "db.not_initialised": (
        "Cơ sở dữ liệu chưa có bộ tiêu chí nào. Hãy chạy: ntm init",
        "The database holds no criteria set yet. Run: ntm init",
    ),
    # errors: units
    "unit.unknown_any": (
        "Không tìm thấy đơn vị «{name}» (tỉnh, huyện hay xã, theo tên hoặc mã).",
        "Unknown unit «{name}» (a province, district or commune, by name or code).",
    ),
    "unit.ambiguous_any": (
        "«{name}» có thể là nhiều đơn vị: {units}. Hãy ghi mã của đơn vị.",
        "«{name}» may be several units: {units}. Give the unit's code.",
    ),
    "summary.unit_and_district": (
        "Chỉ dùng một trong --district và --unit.",
        "Use one of --district and --unit, not both.",
    ),
    "unit.unknown_district": (
        "Không tìm thấy huyện «{name}».",
        "Unknown district «{name}».",
    ),
    "unit.unknown_commune": (
        "Không tìm thấy xã «{name}»{where}.",
        "Unknown commune «{name}»{where}.",
    ),
    "unit.in_district": (" thuộc {district}", " in {district}"),
    "unit.ambiguous_commune": (
        "Tên xã «{name}» có ở nhiều huyện: {districts}. Hãy chỉ rõ huyện (--district).",
        "The commune name «{name}» exists in several districts: {districts}. Name the district (--district).",
    ),
    "unit.ambiguous_district": (
        "Tên «{name}» khớp với nhiều huyện: {districts}.",
        "The name «{name}» matches several districts: {districts}.",
    ),
    "unit.suggest": ("Có phải là: {names}?", "Did you mean: {names}?"),
    "unit.exists": (
        "Xã «{commune}» đã có trong {district}.",
        "The commune «{commune}» already exists in {district}.",
    ),
    "unit.code_taken": (
        "Mã {code} đã được dùng cho «{other}».",
        "The code {code} is already used by «{other}».",
    ),
    "unit.bad_code": (
        "Mã đơn vị «{code}» không hợp lệ (chỉ gồm chữ số).",
        "Unit code «{code}» is invalid (digits only).",
    ),
    "unit.no_province": (
        "Chưa có tỉnh nào trong cơ sở dữ liệu. Hãy chạy: ntm init",
        "No province in the database yet. Run: ntm init",
    ),
    "unit.bad_reference": (
        "Tệp đơn vị hành chính {path} không đúng định dạng: {detail}",
        "The administrative units file {path} is malformed: {detail}",
    ),
    # errors: criteria
    "criteria.unknown_set": (
        "Không có bộ tiêu chí «{code}». Các bộ hiện có: {codes}.",
        "No criteria set «{code}». Available: {codes}.",
    ),
    "criteria.no_set_for_year": (
        "Không có bộ tiêu chí nào áp dụng cho năm {year}.",
        "No criteria set applies to the year {year}.",
    ),
    "criteria.bad_file": (
        "Tệp bộ tiêu chí {path} không hợp lệ: {detail}",
        "The criteria set file {path} is invalid: {detail}",
    ),
    "criteria.unknown_criterion": (
        "Bộ tiêu chí {set} không có tiêu chí số {number}.",
        "The criteria set {set} has no criterion {number}.",
    ),
    "criteria.unknown_indicator": (
        "Bộ tiêu chí {set} không có chỉ tiêu {code}.",
        "The criteria set {set} has no indicator {code}.",
    ),
    # errors: values
    "value.not_bool": (
        "Giá trị «{value}» không hợp lệ cho chỉ tiêu có/không: hãy nhập Có hoặc Không.",
        "«{value}» is not valid for a yes/no indicator: enter yes or no.",
    ),
    "value.not_number": ("«{value}» không phải là số.", "«{value}» is not a number."),
    "value.percent_range": (
        "Tỷ lệ phải từ 0 đến 100%, không được là {value}.",
        "A percentage must be between 0 and 100, not {value}.",
    ),
    "value.negative": ("Giá trị không được âm: {value}.", "The value cannot be negative: {value}."),
    "value.too_long": ("Nội dung quá dài (tối đa {max} ký tự).", "The text is too long (at most {max} characters)."),
    "period.bad": (
        "Kỳ «{value}» không hợp lệ. Dùng: 2024, 2024-H1, 2024-Q3 hoặc 2024-M07.",
        "Invalid period «{value}». Use 2024, 2024-H1, 2024-Q3 or 2024-M07.",
    ),
    "year.bad": ("Năm «{value}» không hợp lệ.", "Invalid year «{value}»."),
    "met.bad": ("Giá trị «{value}» không hợp lệ: dùng yes hoặc no.", "Invalid value «{value}»: use yes or no."),
    "cli.unexpected": (
        "Lỗi không mong đợi: {detail}. Chi tiết được ghi vào {log}.",
        "Unexpected error: {detail}. Details were written to {log}.",
    ),
    "cli.set_needs": (
        "Cần --criterion N --met yes|no, hoặc --indicator N.M --value V.",
        "Give --criterion N --met yes|no, or --indicator N.M --value V.",
    ),
    "cli.no_change": ("Không có thay đổi: giá trị đã như vậy.", "No change: the value was already so."),
    "cli.saved": ("Đã ghi: {what}", "Saved: {what}"),
    "cli.init_done": (
        "Đã khởi tạo {path}: lược đồ {schema}, {sets} bộ tiêu chí, {communes} xã.",
        "Initialised {path}: schema {schema}, {sets} criteria sets, {communes} communes.",
    ),
    "cli.unit_added": ("Đã thêm xã {commune} ({district}).", "Added the commune {commune} ({district})."),
    # statuses and labels
    "status.met": ("Đạt", "Met"),
    "status.not_met": ("Chưa đạt", "Not met"),
    "status.unknown": ("Chưa xác định", "Undetermined"),
    "status.no_threshold": ("Chưa có ngưỡng", "No threshold yet"),
    "status.no_value": ("Chưa nhập", "Not entered"),
    "status.not_evaluated": ("Không đánh giá", "Not evaluated"),
    # the bands of a criteria set (criteria/shape.py); the reports' words, "từ 15 đến 18"
    "band.full": ("Đạt {n}/{n} tiêu chí", "All {n} criteria met"),
    "band.range": ("Đạt từ {low} đến {high} tiêu chí", "{low}-{high} criteria met"),
    "band.one": ("Đạt {n} tiêu chí", "{n} criteria met"),
    "band.under": ("Đạt dưới {n} tiêu chí", "Under {n} criteria met"),
    "band.full_card": ("Đạt chuẩn {n}/{n} tiêu chí", "All {n} criteria met"),
    "band.none": ("Đạt {met}/{n} tiêu chí", "{met} of {n} criteria met"),
    "period.Y": ("Năm {year}", "Year {year}"),
    "period.H1": ("6 tháng đầu năm {year}", "First half of {year}"),
    "period.H2": ("6 tháng cuối năm {year}", "Second half of {year}"),
    "period.Q": ("Quý {roman}/{year}", "Quarter {n}/{year}"),
    "period.M": ("Tháng {n}/{year}", "Month {n}/{year}"),
    "type.bool": ("Có/Không", "Yes/No"),
    "type.percent": ("Tỷ lệ %", "Percent"),
    "type.number": ("Số", "Number"),
    "type.text": ("Văn bản", "Text"),
    "value.yes": ("Có", "Yes"),
    "value.no": ("Không", "No"),
    "source.entered": ("nhập tay", "entered"),
    "source.imported": ("nhập từ tệp", "imported"),
    "source.computed": ("tính toán", "computed"),
    "source.reference": ("dữ liệu gốc", "reference data"),
    "source.undo": ("hoàn tác", "undo"),
    "rule.effective": (
        "Cách tính: tiêu chí được tính là đạt theo kết quả công nhận chính thức nếu đã ghi; nếu chưa ghi thì theo "
        "kết quả tính từ các chỉ tiêu.",
        "Rule: a criterion counts as met by its official status where one is recorded, otherwise by the status "
        "computed from its indicators.",
    ),
    "demo.label": ("DỮ LIỆU MẪU (DEMO)", "DEMO DATA"),
    # ntm_desktop/logs.py
    "problem.usb_removed": (
        "Không tìm thấy thư mục dữ liệu {folder}: có thể USB đã bị rút ra. Hãy cắm lại USB "
        "rồi mở lại. Những gì đã lưu trước đó không bị mất; thao tác vừa rồi chưa được lưu.",
        "The data folder {folder} is gone: the USB stick may have been pulled out. Plug it "
        "back in and open it again. What was saved before is safe; the last action was not saved.",
    ),
    "problem.locked": (
        "Cơ sở dữ liệu đang bị một chương trình khác khóa (có thể NTM Desktop đang mở nó ở "
        "một cửa sổ khác). Hãy đóng chương trình đó rồi thử lại.",
        "The database is locked by another program (perhaps NTM Desktop in another window). "
        "Close that program and try again.",
    ),
    "problem.read_only": (
        "Không ghi được vào {folder}: tệp hoặc ổ đĩa chỉ cho đọc (USB gạt khóa chống ghi, "
        "hoặc thư mục không có quyền ghi). Hãy mở khóa hoặc chép dữ liệu sang thư mục ghi được.",
        "Cannot write to {folder}: the file or the disk is read-only (a write-protected USB "
        "stick, or a folder without write permission). Unlock it or copy the data to a writable folder.",
    ),
    "problem.disk_full": (
        "Ổ đĩa đã đầy; thao tác vừa rồi chưa được lưu. Hãy giải phóng dung lượng (xóa bớt "
        "tệp hoặc bản sao lưu cũ) rồi thử lại.",
        "The disk is full; the last action was not saved. Free some space (delete files or "
        "old backups) and try again.",
    ),
    "problem.bug": (
        "Chương trình gặp lỗi không mong muốn. Dữ liệu đã lưu trước đó vẫn an toàn. Chi "
        "tiết đã được ghi vào tệp nhật ký; hãy gửi tệp đó cho người hỗ trợ.",
        "The program hit an unexpected error. Data saved before is safe. The details were "
        "written to the log file; please send it to whoever supports you.",
    ),
}
