"""Texts of twinning: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/twinning/places.py, agencies.py, assignments.py
    "twin.until": (", kết thúc ngày {end}", ", ended on {end}"),
    "twin.open": (" (đang hiệu lực)", " (still active)"),
    "twin.overlap": (
        "«{agency}» đã kết nghĩa với {place} từ {start}{until}; kết nghĩa từ {new_start} bị trùng thời gian."
        " Không ghi gì.",
        "«{agency}» is already twinned with {place} from {start}{until}; a twinning from {new_start} would overlap."
        " Nothing was written.",
    ),
    "twin.end_before_start": (
        "Ngày kết thúc {end} phải sau ngày bắt đầu {start} (kết nghĩa «{agency}» – {place}). Không ghi gì.",
        "The end date {end} must be after the start date {start} (twinning «{agency}» – {place}). Nothing was written.",
    ),
    "twin.already_ended": (
        "Kết nghĩa «{agency}» – {place} đã kết thúc từ {end}.",
        "The twinning «{agency}» – {place} already ended on {end}.",
    ),
    "twin.no_pair": (
        "«{agency}» chưa từng kết nghĩa với {place}.",
        "«{agency}» has never been twinned with {place}.",
    ),
    "twin.no_open": (
        "Không có kết nghĩa «{agency}» – {place} nào đang hiệu lực. Các lần kết nghĩa: {spans}.",
        "No active twinning «{agency}» – {place}. Its twinnings: {spans}.",
    ),
    "twin.not_place": (
        "Chỉ kết nghĩa được với xã hoặc thôn, không phải «{name}».",
        "Only a commune or a village can be twinned, not «{name}».",
    ),
    "twin.outside_district": (
        "«{agency}» là cơ quan cấp huyện của {owner}, không kết nghĩa được với {place}.",
        "«{agency}» is a district agency of {owner}; it cannot be twinned with {place}.",
    ),
    "twin.same_place": (
        "Phân công lại phải sang một xã (thôn) khác, không phải {place}.",
        "A reassignment must move to another commune (village), not {place}.",
    ),
    "twin.deleted": ("Kết nghĩa này đã bị xóa.", "This twinning was deleted."),
    "twin.warn_second": (
        "«{agency}» cũng đang kết nghĩa với {places} (thường mỗi cơ quan chỉ kết nghĩa một xã một lúc).",
        "«{agency}» is also twinned with {places} (an agency normally has one commune at a time).",
    ),
    "agency.unknown": ("Không tìm thấy cơ quan «{name}».", "Unknown agency «{name}»."),
    "agency.suggest": ("Có phải là: {names}?", "Did you mean: {names}?"),
    "agency.ambiguous": (
        "Tên «{name}» khớp với nhiều cơ quan: {owners}. Hãy chỉ rõ cấp (--level) hoặc huyện.",
        "The name «{name}» matches several agencies: {owners}. Give the level (--level) or the district.",
    ),
    "agency.near": (
        "Đã thêm cơ quan mới «{name}»; có cơ quan tên rất gần: {names}. Nếu gõ nhầm, hãy hoàn tác.",
        "Added the new agency «{name}»; an agency with a very close name exists: {names}. If it was a typo, undo.",
    ),
    "agency.exists": ("Cơ quan «{name}» đã có ({owner}).", "The agency «{name}» already exists ({owner})."),
    "agency.empty_name": ("Tên cơ quan không được để trống.", "The agency name cannot be empty."),
    "agency.bad_level": (
        "Cấp «{value}» không hợp lệ: dùng province (tỉnh) hoặc district (huyện).",
        "Invalid level «{value}»: use province or district.",
    ),
    "agency.no_owner": (
        "Không xác định được tỉnh/huyện quản lý cơ quan «{name}»; hãy chọn huyện.",
        "Cannot tell which province or district the agency «{name}» belongs to; choose the district.",
    ),
    "agency.in_use": (
        "Không xóa được «{name}»: còn {n} kết nghĩa ghi cho cơ quan này. Hãy xóa các kết nghĩa đó trước.",
        "Cannot delete «{name}»: {n} twinnings are recorded for it. Delete those first.",
    ),
    "village.unknown": (
        "Không tìm thấy thôn «{name}» ở xã {commune}.",
        "No village «{name}» in the commune {commune}.",
    ),
    "village.near": (
        "Đã thêm thôn mới «{name}» ở xã {commune}; có thôn tên rất gần: {names}. Nếu gõ nhầm, hãy hoàn tác.",
        "Added the new village «{name}» in {commune}; a village with a very close name exists: {names}."
        " If it was a typo, undo.",
    ),
    "village.empty_name": ("Tên thôn không được để trống.", "The village name cannot be empty."),
    "twin.label_assign": ("Kết nghĩa {agency} – {place}", "Twin {agency} – {place}"),
    "twin.label_end": ("Kết thúc kết nghĩa {agency} – {place}", "End twinning {agency} – {place}"),
    "twin.label_reassign": ("Phân công lại {agency}: {old} → {new}", "Reassign {agency}: {old} → {new}"),
    "twin.label_delete": ("Xóa kết nghĩa {agency} – {place}", "Delete twinning {agency} – {place}"),
    "twin.label_edit": ("Sửa kết nghĩa {agency} – {place}", "Edit twinning {agency} – {place}"),
    "agency.label_add": ("Thêm cơ quan {name}", "Add agency {name}"),
    "agency.label_edit": ("Sửa cơ quan {name}", "Edit agency {name}"),
    "agency.label_delete": ("Xóa cơ quan {name}", "Delete agency {name}"),
    # ntm_desktop/twinning/kinds.py, dates.py, agencies.py, assignments.py, records.py
    # labels
    "twin.level.province": ("Cấp tỉnh", "Province"),
    "twin.level.district": ("Cấp huyện", "District"),
    "twin.kind.department": ("Sở, ban, ngành", "Department or board"),
    "twin.kind.mass_org": ("Mặt trận, đoàn thể", "Front or mass organisation"),
    "twin.kind.company": ("Doanh nghiệp", "Company"),
    "twin.kind.armed": ("Lực lượng vũ trang", "Armed unit"),
    "twin.kind.bank": ("Ngân hàng", "Bank branch"),
    "twin.kind.central": ("Cơ quan Trung ương trên địa bàn", "Central agency in the province"),
    "twin.kind.other": ("Khác", "Other"),
    "twin.decision_on": ("{number} ngày {date}", "{number} of {date}"),
    "twin.place_village": ("{village}, xã {commune} ({district})", "{village}, {commune} commune ({district})"),
    # errors (exit 3, nothing written)
    "twin.bad_date": (
        "Ngày «{value}» không hợp lệ. Dùng dạng YYYY-MM-DD (ví dụ 2021-03-15) hoặc dd/mm/yyyy.",
        "Invalid date «{value}». Use YYYY-MM-DD (e.g. 2021-03-15) or dd/mm/yyyy.",
    ),
    "twin.missing_ref": (
        "Không tìm thấy bản ghi được tham chiếu: {what}.",
        "The referenced record is missing: {what}.",
    ),
    # ntm_desktop/twinning/kinds.py
    "agency.bad_kind": (
        "Loại cơ quan «{value}» không hợp lệ. Các loại: {kinds}.",
        "Unknown agency kind «{value}». Kinds: {kinds}.",
    ),
    "contrib.bad_kind": (
        "Loại đóng góp «{value}» không hợp lệ. Các loại: {kinds}.",
        "Unknown contribution kind «{value}». Kinds: {kinds}.",
    ),
    # ntm_desktop/twinning/contributions.py
    "contrib.bad_amount": (
        "Giá trị «{value}» không hợp lệ: nhập số tiền bằng đồng, số nguyên không âm (ví dụ 15.000.000).",
        "Invalid amount «{value}»: give a whole, non-negative number of đồng (e.g. 15.000.000).",
    ),
    "contrib.bad_quantity": (
        "Số lượng «{value}» không hợp lệ: nhập một số không âm.",
        "Invalid quantity «{value}»: give a non-negative number.",
    ),
    "contrib.empty": (
        "Đóng góp «{kind}» cần {what} lớn hơn 0.",
        "The contribution «{kind}» needs {what} greater than 0.",
    ),
    "contrib.what_amount": ("số tiền (đồng)", "an amount (đồng)"),
    "contrib.what_quantity": ("số lượng hoặc giá trị", "a quantity or a value"),
    "contrib.deleted_twinning": (
        "Không ghi được: kết nghĩa này đã bị xóa.", "Not saved: this twinning was deleted."
    ),
    "contrib.outside": (
        "Ngày {date} nằm ngoài thời gian kết nghĩa {agency} – {place} ({span}).",
        "{date} is outside the twinning {agency} – {place} ({span}).",
    ),
    "contrib.bad_by": (
        "Cách gộp «{value}» không hợp lệ: dùng agency, commune hoặc district.",
        "Invalid grouping «{value}»: use agency, commune or district.",
    ),
    "contrib.unknown": ("Không tìm thấy đóng góp {uuid}.", "No contribution {uuid}."),
    "contrib.label_add": ("Đóng góp {kind}: {agency} – {place}", "Contribution {kind}: {agency} – {place}"),
    "contrib.label_edit": ("Sửa đóng góp {kind}: {agency}", "Edit contribution {kind}: {agency}"),
    "contrib.label_delete": ("Xóa đóng góp {kind}: {agency}", "Delete contribution {kind}: {agency}"),
    "twin.table_1a": (
        "Biểu 1a: Kết quả hỗ trợ phát triển sản xuất của các cơ quan, đơn vị cấp tỉnh kết nghĩa",
        "Table 1a: Support for production by twinned province agencies",
    ),
    "twin.table_1b": (
        "Biểu 1b: Kết quả hỗ trợ văn hóa, an sinh xã hội của các cơ quan, đơn vị cấp tỉnh kết nghĩa",
        "Table 1b: Culture and social work by twinned province agencies",
    ),
    "twin.table_1c": (
        "Biểu 1c: Kết quả giúp đỡ của các cơ quan, đơn vị cấp huyện kết nghĩa",
        "Table 1c: Support by twinned district teams",
    ),
}
