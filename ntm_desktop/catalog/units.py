"""Texts of the units of both eras (ntm_desktop/units/national.py, names.py, eras.py and the
``units`` and ``init --province`` commands): key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/units/national.py
    "unit.unknown_province": (
        "Không tìm thấy tỉnh «{name}» trong danh mục đơn vị hành chính (trước và sau 01/07/2025).",
        "Unknown province «{name}» (the national lists before and after 1 July 2025).",
    ),
    # ntm_desktop/units/names.py
    "unit.unknown_code": (
        "Không có đơn vị cấp xã nào mang mã {code}.",
        "No commune-level unit has the code {code}.",
    ),
    "unit.code_on_date": (
        "Mã {code} là mã của nhiều đơn vị ({units}); không đơn vị nào trong số đó có hiệu lực ngày {date}.",
        "The code {code} names several units ({units}); none of them is in force on {date}.",
    ),
    # ntm_desktop/summary.py
    "summary.no_districts": (
        "Năm {year} không còn cấp huyện: {district} kết thúc ngày {ended}. Hãy bỏ --district.",
        "The year {year} has no districts: {district} ended on {ended}. Leave out --district.",
    ),
    # ntm_desktop/cli/eras.py
    "cli.province_loaded": (
        "Đã nạp {provinces} tỉnh, {districts} huyện, {communes} đơn vị cấp xã (cả hai thời kỳ);"
        " {events} dòng lịch sử mới (sắp xếp ngày 01/07/2025).",
        "Loaded {provinces} provinces, {districts} districts, {communes} commune-level units (both eras);"
        " {events} new history rows (the rearrangement of 1 July 2025).",
    ),
    "cli.set_names": (
        "Hãy chỉ rõ xã: --commune (và --district nếu cần) hoặc --code.",
        "Name the commune: --commune (and --district where needed) or --code.",
    ),
}
