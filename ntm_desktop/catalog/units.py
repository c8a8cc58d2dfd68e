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
    # ntm_desktop/units/changes.py
    "unit.already_ended": (
        "Đơn vị {name} {code} đã kết thúc ngày {ended} (đã sáp nhập, chia tách hoặc giải thể);"
        " không thể thay đổi thêm: một xã không thể ở hai nơi.",
        "The unit {name} {code} already ended on {ended} (merged, split or dissolved); it cannot change"
        " again: a commune cannot be in two places.",
    ),
    "unit.before_start": (
        "Ngày {date} sớm hơn hoặc trùng ngày {name} bắt đầu có hiệu lực ({start}).",
        "The day {date} is not after {name} came into force ({start}).",
    ),
    "unit.named_twice": (
        "Đơn vị «{name}» được nêu hai lần trong cùng một thay đổi.",
        "The unit «{name}» is named twice in one change.",
    ),
    "unit.code_in_force": (
        "Mã {code} đang là mã của {name} vào ngày {date}: một xã không thể ở hai nơi.",
        "The code {code} belongs to {name} on {date}: a commune cannot be in two places.",
    ),
    "unit.name_taken": (
        "Đã có đơn vị «{name}» có hiệu lực ngày {date} ở cùng nơi.",
        "A unit «{name}» is already in force there on {date}.",
    ),
    "unit.not_in_force": (
        "Đơn vị {name} không có hiệu lực vào ngày {date}.",
        "The unit {name} is not in force on {date}.",
    ),
    "unit.merge_needs_two": (
        "Sáp nhập cần ít nhất hai đơn vị, hoặc một đơn vị nhập vào một đơn vị đã có.",
        "A merge needs at least two units, or one merged into an existing unit.",
    ),
    "unit.split_needs_two": (
        "Chia tách cần ít nhất hai đơn vị mới (--part TÊN[=MÃ], lặp lại).",
        "A split needs at least two new units (--part NAME[=CODE], repeated).",
    ),
    "unit.same_name": (
        "Tên mới trùng tên hiện tại của {name}.",
        "The new name is the current name of {name}.",
    ),
    "unit.parent_level": (
        "Đơn vị cấp xã mới phải thuộc một huyện (đến 30/06/2025) hoặc một tỉnh (từ 01/07/2025); «{name}» thì không.",
        "A new commune-level unit belongs to a district (until 30/06/2025) or a province (from 01/07/2025);"
        " «{name}» is neither.",
    ),
    "unit.no_name": (
        "Thiếu tên đơn vị mới.",
        "The new unit's name is missing.",
    ),
    "unit.programme_kind": (
        "Chỉ đơn vị cấp xã mới thuộc chương trình xây dựng xã nông thôn mới; {name} là {level}.",
        "Only commune-level units can be in the commune programme; {name} is a {level}.",
    ),
    # ntm_desktop/cli/units_changes.py
    "cli.unit_changed": (
        "Đã ghi ({kind}, {date}): {units}.",
        "Recorded ({kind}, {date}): {units}.",
    ),
    "cli.programme_in": ("thuộc", "in"),
    "cli.programme_out": ("không thuộc", "not in"),
    "cli.unit_programme": (
        "{name}: {state} chương trình xã nông thôn mới.",
        "{name}: {state} the commune programme.",
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
