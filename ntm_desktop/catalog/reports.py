"""Texts of reports: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "report.unit_alone": (
        "--unit thay cho --district, --commune và --code: chỉ dùng một cách chỉ đơn vị.",
        "--unit stands for --district, --commune and --code: name the unit one way only.",
    ),
    "report.unit_not_here": (
        "Báo cáo năm {year} của cơ sở dữ liệu này là của các xã thuộc tỉnh khác, không phải {unit}.",
        "This database's {year} report covers the communes of another province, not {unit}.",
    ),
    "report.unit_kind": (
        "{unit} là {level}: không lập được báo cáo loại «{kind}» cho đơn vị này.",
        "{unit} is a {level}: a «{kind}» report cannot be made for it.",
    ),
    "report.level.province": ("tỉnh", "province"),
    "report.level.district": ("đơn vị cấp huyện", "district"),
    "report.level.commune": ("đơn vị cấp xã", "commune"),
    "period.other_year": ("Kỳ «{value}» không thuộc năm {year}: hãy chọn một kỳ của năm {year} (ví dụ {year}-Q2).",
                          "The period «{value}» is not in {year}: choose a period of {year} (e.g. {year}-Q2)."),
    "report.twinning_period": ("Báo cáo kết nghĩa tính theo năm: bỏ --period.",
                               "The twinning report is yearly: leave out --period."),
    # ntm_desktop/reports/__init__.py
    "report.needs_commune": ("Báo cáo xã cần tên xã (--commune).", "A commune report needs --commune."),
    "report.needs_district": ("Báo cáo huyện cần tên huyện (--district).", "A district report needs --district."),
    "report.province_scope": (
        "Báo cáo tỉnh tổng hợp cả tỉnh: không dùng --district hoặc --commune.",
        "The province report covers the whole province: do not give --district or --commune.",
    ),
    "report.no_districts": (
        "Năm {year} không còn cấp huyện ({district} kết thúc ngày {ended}): không lập được báo cáo huyện."
        " Hãy lập báo cáo tỉnh (ntm report province) hoặc báo cáo xã (--code).",
        "The year {year} has no districts ({district} ended on {ended}): there is no district report."
        " Make the province report (ntm report province) or a commune report (--code).",
    ),
    "report.bad_kind": ("Loại báo cáo không hợp lệ: {kind}.", "Unknown report kind: {kind}."),
    "report.cancelled": ("Đã hủy lập báo cáo; không có tệp nào được ghi.", "Report cancelled; no file was written."),
    "report.written": ("Đã ghi báo cáo vào {path} ({pages} trang).", "Report written to {path} ({pages} pages)."),
    "report.written_xlsx": ("Đã ghi báo cáo vào {path}.", "Report written to {path}."),
    # ntm_desktop/reports/settings.py
    "report.settings_bad_share": (
        "Ngưỡng tỷ lệ thấp phải là số từ 0 đến 100 (nhận được «{value}»).",
        "The low-share threshold must be a number from 0 to 100 (got «{value}»).",
    ),
    "report.settings_too_long": (
        "Trường «{field}» quá dài (tối đa {max} ký tự mỗi dòng, {lines} dòng).",
        "The field «{field}» is too long (at most {max} characters a line, {lines} lines).",
    ),
    "report.settings_saved": ("Đã lưu thiết lập báo cáo.", "Report settings saved."),
    "report.settings_bad_margin": (
        "Khoảng cách dưới tỷ lệ của tỉnh phải là số từ 0 đến 100 điểm phần trăm (nhận được «{value}»).",
        "The margin below the province's share must be a number from 0 to 100 points (got «{value}»).",
    ),
    "report.settings_bad_rule": (
        "Cách chọn địa phương có số xã đạt chuẩn thấp không hợp lệ: «{value}» (chọn một trong: {rules}).",
        "Unknown rule for the lagging localities: «{value}» (one of: {rules}).",
    ),
    # ntm_desktop/cli/settings.py, ntm_desktop/store/who.py
    "settings.unknown_key": ("Không có thiết lập «{name}». Các thiết lập: {keys}.",
                             "There is no setting «{name}». The settings: {keys}."),
    "settings.saved": ("Đã lưu {name} = {value}", "Saved {name} = {value}"),
    "settings.office_ended": (
        "{name} đã kết thúc ngày {end}: không chọn làm cơ quan đang làm việc được. Hãy chọn tỉnh hoặc một đơn vị"
        " còn hiệu lực (báo cáo của {name} cho các năm trước vẫn mang tiêu đề của {name}).",
        "{name} ended on {end}: it cannot be the working office. Choose the province or a unit in force"
        " (reports of {name} for earlier years still carry its letterhead).",
    ),
    "who.cannot_save": ("Không lưu được tên người dùng vào {path}: {detail}.",
                        "Could not keep the user name in {path}: {detail}."),
    "who.bad_name": ("Tên người dùng không được để trống và dài tối đa {max} ký tự.",
                     "The user name must not be empty and has at most {max} characters."),
}
