"""Texts of checks: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "chk.range.low": (
        "{commune}: chỉ tiêu {indicator}, {period}: giá trị {value} thấp hơn mức tối thiểu {limit}",
        "{commune}: indicator {indicator}, {period}: the value {value} is below the minimum {limit}",
    ),
    "chk.range.high": (
        "{commune}: chỉ tiêu {indicator}, {period}: giá trị {value} vượt mức tối đa {limit}",
        "{commune}: indicator {indicator}, {period}: the value {value} is above the maximum {limit}",
    ),
    "chk.change.up": (
        "{commune}: chỉ tiêu {indicator} tăng từ {previous} ({prev}) lên {value} ({period}),"
        " tăng {change} điểm, quá {limit} điểm",
        "{commune}: indicator {indicator} rose from {previous} ({prev}) to {value} ({period}),"
        " {change} points, more than {limit}",
    ),
    "chk.change.down": (
        "{commune}: chỉ tiêu {indicator} giảm từ {previous} ({prev}) xuống {value} ({period}),"
        " giảm {change} điểm, quá {limit} điểm",
        "{commune}: indicator {indicator} fell from {previous} ({prev}) to {value} ({period}),"
        " {change} points, more than {limit}",
    ),
    "chk.ratio.up": (
        "{commune}: chỉ tiêu {indicator} tăng từ {previous} ({prev}) lên {value} ({period}), gấp hơn {limit} lần",
        "{commune}: indicator {indicator} rose from {previous} ({prev}) to {value} ({period}),"
        " more than {limit} times",
    ),
    "chk.ratio.down": (
        "{commune}: chỉ tiêu {indicator} giảm từ {previous} ({prev}) xuống {value} ({period}),"
        " còn dưới 1/{limit}",
        "{commune}: indicator {indicator} fell from {previous} ({prev}) to {value} ({period}),"
        " to less than 1/{limit}",
    ),
    "chk.sum": (
        "{commune}: chỉ tiêu {indicator}, {period}: giá trị {value} khác tổng các chỉ tiêu {parts} ({total})",
        "{commune}: indicator {indicator}, {period}: the value {value} differs from the sum of {parts} ({total})",
    ),
    "chk.none": ("Không có cảnh báo nào.", "No warnings."),
    "chk.count": ("{n} cảnh báo.", "{n} warning(s)."),
}
