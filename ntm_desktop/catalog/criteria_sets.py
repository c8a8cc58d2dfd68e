"""Texts of criteria_sets: key → (Vietnamese, English)."""

_WHERE_VI = "Tệp {path}, trang «{sheet}»"
_WHERE_EN = "{path}, sheet «{sheet}»"

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/criteria/workbook/: refusals (nothing imported)
    "cwb.no_header": (
        _WHERE_VI + ": không thấy dòng tiêu đề (các cột TT, Tên tiêu chí, Nội dung tiêu chí) trong {rows} dòng đầu."
        " Không nhập gì.",
        _WHERE_EN + ": no header row (columns TT, Tên tiêu chí, Nội dung tiêu chí) in the first {rows} rows."
        " Nothing was imported.",
    ),
    "cwb.no_threshold_columns": (
        _WHERE_VI + ", dòng {row}: không có cột chỉ tiêu nào (Chỉ tiêu chung, tên vùng như TDMNPB, hay Xã nhóm 1…)."
        " Không nhập gì.",
        _WHERE_EN + ", row {row}: no threshold column (Chỉ tiêu chung, a region such as TDMNPB, or Xã nhóm 1…)."
        " Nothing was imported.",
    ),
    "cwb.mixed_columns": (
        _WHERE_VI + ", dòng {row}: vừa có cột theo vùng vừa có cột theo nhóm xã; một bộ chỉ dùng một cách."
        " Không nhập gì.",
        _WHERE_EN + ", row {row}: both region and commune-group columns; a set uses one or the other."
        " Nothing was imported.",
    ),
    "cwb.repeated_column": (
        _WHERE_VI + ", ô {cell}: cột chỉ tiêu này đã có ở ô {first}. Không nhập gì.",
        _WHERE_EN + ", cell {cell}: this threshold column already stands at {first}. Nothing was imported.",
    ),
    "cwb.out_of_sequence": (
        _WHERE_VI + ", ô {cell}: tiêu chí số {found} không đúng thứ tự (cần số {expected}). Không nhập gì.",
        _WHERE_EN + ", cell {cell}: criterion {found} is out of sequence ({expected} expected). Nothing was imported.",
    ),
    "cwb.repeated_code": (
        _WHERE_VI + ", ô {cell}: mã chỉ tiêu {code} đã có ở ô {first}. Không nhập gì.",
        _WHERE_EN + ", cell {cell}: indicator code {code} already used at {first}. Nothing was imported.",
    ),
    "cwb.foreign_code": (
        _WHERE_VI + ", ô {cell}: mã chỉ tiêu {code} thuộc tiêu chí khác, không thuộc tiêu chí {number}."
        " Không nhập gì.",
        _WHERE_EN + ", cell {cell}: indicator code {code} belongs to another criterion, not criterion {number}."
        " Nothing was imported.",
    ),
    "cwb.no_criteria": (
        _WHERE_VI + ": không có dòng tiêu chí nào (số thứ tự 1, 2… ở cột TT) dưới dòng tiêu đề {row}."
        " Không nhập gì.",
        _WHERE_EN + ": no criterion row (1, 2… in the TT column) below the header row {row}. Nothing was imported.",
    ),
    "cwb.no_indicators": (
        _WHERE_VI + ", ô {cell}: tiêu chí {number} không có chỉ tiêu nào (cột Nội dung tiêu chí và các cột chỉ tiêu"
        " trống). Không nhập gì.",
        _WHERE_EN + ", cell {cell}: criterion {number} has no indicator (its content and threshold cells are empty)."
        " Nothing was imported.",
    ),
    "cwb.too_large": (
        "Tệp {path} quá lớn hoặc bất thường cho một phụ lục bộ tiêu chí ({detail}). Không nhập gì.",
        "{path} is too large or abnormal for a criteria-set appendix ({detail}). Nothing was imported.",
    ),
    "cwb.bad_date": (
        "Ngày «{value}» không đọc được: hãy viết YYYY-MM-DD (ví dụ 2026-01-01) hoặc DD/MM/YYYY.",
        "Date «{value}» cannot be read: write YYYY-MM-DD (e.g. 2026-01-01) or DD/MM/YYYY.",
    ),
    "cwb.dates_reversed": (
        "Ngày bắt đầu {from_date} sau ngày kết thúc {to_date}.",
        "The start date {from_date} is after the end date {to_date}.",
    ),
    "cwb.no_code_name": (
        "Cần mã bộ tiêu chí (--code) và tên bộ (--name), không để trống.",
        "A set code (--code) and a set name (--name) are needed, not blank.",
    ),
    # the preview and results (ntm criteria import/export, the window)
    "cwb.summary": (
        "{path}, trang «{sheet}»: {criteria} tiêu chí, {indicators} chỉ tiêu, {thresholds} ngưỡng"
        " ({qualitative} ô do người đánh giá); cột chỉ tiêu: {columns}.",
        "{path}, sheet «{sheet}»: {criteria} criteria, {indicators} indicators, {thresholds} thresholds"
        " ({qualitative} cells assessed by a person); threshold columns: {columns}.",
    ),
    "cwb.qualitative": (
        "Ô giữ nguyên văn (người đánh giá):", "Cells kept as text (assessed by a person):"
    ),
    "cwb.qualitative_line": (
        "  {sheet}!{cell}: «{text}» (chỉ tiêu {indicator}, cột {column})",
        "  {sheet}!{cell}: «{text}» (indicator {indicator}, column {column})",
    ),
    "cwb.new_set": ("Bộ tiêu chí mới: {code}.", "A new criteria set: {code}."),
    "cwb.replaces": (
        "Thay bộ tiêu chí {code} đang có: {n} thay đổi.", "Replaces the loaded criteria set {code}: {n} changes."
    ),
    "cwb.change.added": ("  + thêm {what}: {new}", "  + added {what}: {new}"),
    "cwb.change.removed": ("  - bỏ {what}: {old}", "  - removed {what}: {old}"),
    "cwb.change.changed": ("  ~ đổi {what}: {old} → {new}", "  ~ changed {what}: {old} → {new}"),
    "cwb.what.criterion": ("tiêu chí {number}", "criterion {number}"),
    "cwb.what.indicator": ("chỉ tiêu {code}", "indicator {code}"),
    "cwb.what.threshold": ("ngưỡng {code} cột {column}", "threshold {code} column {column}"),
    "cwb.dry_run": ("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.", "Dry run: nothing was written to the database."),
    "cwb.imported": (
        "Đã nhập bộ tiêu chí {code}: {criteria} tiêu chí, {indicators} chỉ tiêu. Đây là bản nháp: các gói đồng bộ"
        " chỉ mang bộ này xuống các đơn vị sau khi công bố (ntm criteria publish --set {code}).",
        "Criteria set {code} imported: {criteria} criteria, {indicators} indicators. This is a draft: packages"
        " carry it to the offices only once published (ntm criteria publish --set {code}).",
    ),
    "cwb.unchanged": (
        "Bộ tiêu chí {code} đã có đúng như vậy; không thay đổi gì.",
        "Criteria set {code} is already loaded exactly so; nothing changed.",
    ),
    "cwb.exported": ("Đã xuất bộ tiêu chí {code} ra {path}.", "Criteria set {code} exported to {path}."),
    # versions and editing (ntm_desktop/criteria/versions.py, editing.py; ntm criteria versions|publish)
    "cv.already_published": (
        "Phiên bản {version} của bộ tiêu chí {code} đã được công bố; hãy sửa rồi lưu thành phiên bản mới.",
        "Version {version} of criteria set {code} is already published; edit it and save a new version.",
    ),
    "cv.published": (
        "Đã công bố bộ tiêu chí {code}, phiên bản {version}: các gói đồng bộ từ nay mang phiên bản này.",
        "Criteria set {code} version {version} published: packages carry this version from now on.",
    ),
    "cv.line": ("  phiên bản {version}  {loaded_at}  {source}{by}  {state}{current}",
                "  version {version}  {loaded_at}  {source}{by}  {state}{current}"),
    "cv.state.published": ("công bố {at}{by}", "published {at}{by}"),
    "cv.state.draft": ("bản nháp (chưa công bố)", "draft (not published)"),
    "cv.current": (" ← đang dùng", " ← in use"),
    "cv.source.bundled": ("kèm chương trình", "shipped with the program"),
    "cv.source.file": ("từ tệp", "from a file"),
    "cv.source.workbook": ("nhập từ Excel", "imported from Excel"),
    "cv.source.edited": ("sửa trong chương trình", "edited in the program"),
    "cv.source.package": ("nhận qua gói đồng bộ", "received in a package"),
    "cv.list_version": ("phiên bản {version}{draft}", "version {version}{draft}"),
    "cv.list_draft": (", chưa công bố", ", not published"),
    "ce.empty_name": ("Tên không được để trống ({what}).", "A name may not be blank ({what})."),
    "ce.bad_type": (
        "Chỉ tiêu {code}: kiểu giá trị phải là một trong {types}.",
        "Indicator {code}: the value type must be one of {types}.",
    ),
    "ce.type_mismatch": (
        "Chỉ tiêu {code}: «{typed}» là một con số, nhưng chỉ tiêu có kiểu {type}; hãy đổi kiểu trước"
        " hoặc ghi Đạt/Không.",
        "Indicator {code}: «{typed}» is a number but the indicator's type is {type}; change the type first"
        " or write Đạt/Không.",
    ),
}
