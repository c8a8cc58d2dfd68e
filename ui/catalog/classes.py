"""Window texts of commune groups and regions (ui/scorecard/classify_dialog.py): key → (Vietnamese,
English). Group and region names are the core's (ntm_desktop/catalog/classes.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cls.title": ("Nhóm xã, vùng", "Commune groups and regions"),
    "cls.what": ("Xếp vào", "Classify as"),
    "cls.from": ("Từ ngày", "From"),
    "cls.note": ("Ghi chú", "Note"),
    "cls.decision_tip": ("Ví dụ: Quyết định 123/QĐ-UBND của UBND tỉnh", "For example: Decision 123/QĐ-UBND"),
    "cls.communes": ("Xã", "Communes"),
    "cls.communes_tip": (
        "Các xã có hiệu lực vào ngày đã chọn; chọn nhiều xã bằng Ctrl+bấm hoặc Shift+bấm.",
        "The communes in force on the chosen day; choose several with Ctrl+click or Shift+click.",
    ),
    "cls.facts": ("Nhóm, vùng đã ghi của các xã đã chọn:", "Groups and regions recorded for the communes chosen:"),
    "cls.col.commune": ("Xã", "Commune"),
    "cls.col.what": ("Nhóm / vùng", "Group / region"),
    "cls.col.from": ("Từ ngày", "From"),
    "cls.col.to": ("Đến ngày", "To"),
    "cls.col.decision": ("Quyết định", "Decision"),
    "cls.hint.group": (
        "Bộ tiêu chí 2026-2030 đánh giá xã theo nhóm có hiệu lực vào ngày cuối kỳ. Nhóm 1: xã liền kề đô thị,"
        " nông nghiệp dưới 10% kinh tế hoặc được định hướng là đô thị mới; nhóm 3: xã khu vực II, III vùng"
        " đồng bào dân tộc thiểu số và miền núi; nhóm 2: các xã còn lại.",
        "The 2026-2030 sets assess a commune by its group in force on the period's last day. Group 1: next"
        " to an urban area, agriculture under 10% of the economy, or a planned new urban area; group 3: area"
        " II and III communes of ethnic-minority and mountain areas; group 2: the others.",
    ),
    "cls.hint.region": (
        "Bộ tiêu chí 2016-2025 đánh giá xã theo vùng: vùng ghi ở đây từ ngày đã chọn, nếu không thì vùng của"
        " tỉnh. Theo QĐ 318, xã ĐBKK và xã ATK áp dụng mức vùng Trung du miền núi phía Bắc.",
        "The 2016-2025 sets assess a commune by region: the one recorded here from the chosen day, else its"
        " province's. Under QĐ 318, especially difficult and safe-zone communes use the Northern midlands"
        " and mountains thresholds.",
    ),
    "cls.label": ("{names}: {what} từ {date}", "{names}: {what} from {date}"),
    "cls.unchanged": ("Không có gì thay đổi: các xã đã chọn đã được xếp như vậy.",
                      "Nothing changed: the communes chosen are already classified so."),
}
