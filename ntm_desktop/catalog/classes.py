"""Texts of commune groups and regions as dated facts (ntm_desktop/units/classes.py, the threshold
column of ntm_desktop/assessments, ``ntm units classify`` and ``ntm units classes``):
key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/units/classes.py: refusals (exit 3, nothing changed)
    "class.bad_kind": ("Loại phân loại không hợp lệ: {kind} (nhóm hoặc vùng).", "Unknown classification {kind}"
                       " (group or region)."),
    "class.bad_group": ("Nhóm xã không hợp lệ: «{value}». Nhóm xã là một trong: {allowed}.",
                        "Unknown commune group «{value}». A group is one of: {allowed}."),
    "class.bad_region": ("Vùng không hợp lệ: «{value}». Vùng là một trong: {allowed}.",
                         "Unknown region «{value}». A region is one of: {allowed}."),
    "class.bad_date": ("Ngày không hợp lệ: «{value}» (cần dạng YYYY-MM-DD).",
                       "Invalid date «{value}» (expected YYYY-MM-DD)."),
    "class.not_commune": ("{name} không phải đơn vị cấp xã: chỉ xếp nhóm, vùng cho xã.",
                          "{name} is not a commune-level unit: only communes get a group or region."),
    "class.unit_ended": ("Xã {name} đã kết thúc ngày {ended}; không thể xếp nhóm, vùng từ ngày {date}.",
                         "The commune {name} ended on {ended}; it cannot get a group or region from {date}."),
    "class.before_start": ("Xã {name} chỉ có từ ngày {start}; không thể xếp nhóm, vùng từ ngày {date}.",
                           "The commune {name} exists from {start} only; it cannot get a group or region"
                           " from {date}."),
    # kinds and columns (the scorecard, the dialog, the CLI)
    "class.kind.group": ("Nhóm xã", "Commune group"),
    "class.kind.region": ("Vùng", "Region"),
    "class.column.group": ("Xã nhóm {value}", "Commune group {value}"),
    "class.column.common": ("Chỉ tiêu chung", "Common"),
    "class.column.region": ("Vùng {name}", "Region: {name}"),
    "class.column.none_group": ("Chưa xếp nhóm xã (chỉ áp dụng chỉ tiêu chung)",
                                "No commune group yet (only the common thresholds apply)"),
    "class.column.none_region": ("Chưa có vùng (chỉ áp dụng chỉ tiêu chung)",
                                 "No region (only the common thresholds apply)"),
    "class.basis.inherited": (" (theo tỉnh)", " (from the province)"),
    "class.basis.difficult": (" (xã ĐBKK/ATK, QĐ 318)", " (especially difficult or safe-zone commune, QĐ 318)"),
    "class.region.TDMNPB": ("Trung du miền núi phía Bắc", "Northern midlands and mountains"),
    "class.region.DBSH": ("Đồng bằng sông Hồng", "Red River Delta"),
    "class.region.BTB": ("Bắc Trung Bộ", "North Central Coast"),
    "class.region.DHNTB": ("Duyên hải Nam Trung Bộ", "South Central Coast"),
    "class.region.TN": ("Tây Nguyên", "Central Highlands"),
    "class.region.DNB": ("Đông Nam Bộ", "Southeast"),
    "class.region.DBSCL": ("Đồng bằng sông Cửu Long", "Mekong Delta"),
    # ntm_desktop/cli/classify.py
    "cli.classified": ("Đã ghi: {name} — {what} từ ngày {date}.", "Recorded: {name} — {what} from {date}."),
    "cli.class_unchanged": ("Không có gì thay đổi: {name} đã là {what} vào ngày {date}.",
                            "Nothing changed: {name} already is {what} on {date}."),
    "cli.classes_none": ("Chưa có nhóm xã, vùng nào được ghi.", "No group or region recorded yet."),
}
