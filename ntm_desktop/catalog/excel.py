"""Texts of excel: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/excel/safety.py
    "xlsx.missing": ("Không tìm thấy tệp {path}.", "File not found: {path}."),
    "xlsx.empty": ("Tệp {path} rỗng (0 byte).", "The file {path} is empty (0 bytes)."),
    "xlsx.not_xlsx": (
        "Tệp {path} không phải là tệp Excel .xlsx đọc được ({detail}).",
        "{path} is not a readable Excel .xlsx file ({detail}).",
    ),
    "xlsx.truncated": (
        "Tệp {path} bị cắt cụt hoặc hỏng (không đọc được cấu trúc zip).",
        "{path} is truncated or damaged (its zip structure cannot be read).",
    ),
    "xlsx.bomb": (
        "Tệp {path} bị từ chối: nội dung giải nén quá lớn hoặc bất thường ({detail}).",
        "{path} was refused: its unpacked content is too large or abnormal ({detail}).",
    ),
    "xlsx.hostile": (
        "Tệp {path} bị từ chối: chứa XML không an toàn ({detail}).",
        "{path} was refused: it holds unsafe XML ({detail}).",
    ),
    "xlsx.no_sheet": (
        "Tệp {path} không có trang tính «{sheet}». Các trang: {sheets}.",
        "{path} has no sheet «{sheet}». Sheets: {sheets}.",
    ),
    # ntm_desktop/excel/table_export.py
    "table.exported": ("Đã xuất biểu vào {path}.", "Table exported to {path}."),
    # ntm_desktop/excel/table_import.py
    "table.no_header": (
        "Không tìm thấy dòng tiêu đề có các số tiêu chí 1 đến {count} liền nhau trong {rows} dòng đầu của trang"
        " «{sheet}» ({path}).",
        "No header row with criteria numbers 1 to {count} in consecutive cells in the first {rows} rows of sheet"
        " «{sheet}» ({path}).",
    ),
    "table.no_commune_col": (
        "{path}, trang «{sheet}»: không thấy cột tên xã (tiêu đề như «Xã», «Tên xã», «Tên đơn vị») ở dòng {row}.",
        "{path}, sheet «{sheet}»: no commune column (headed «Xã», «Tên xã», «Tên đơn vị») in row {row}.",
    ),
    "table.bad_mark": (
        "Ô {cell} (trang «{sheet}», xã {commune}, tiêu chí {number}): giá trị «{value}» không hiểu được. Dùng x/Đạt"
        " cho đạt; để trống, «-», «0» hoặc «CĐ» cho chưa đạt.",
        "Cell {cell} (sheet «{sheet}», commune {commune}, criterion {number}): «{value}» is not understood. Use x/Đạt"
        " for met; empty, «-», «0» or «CĐ» for not met.",
    ),
    "table.no_district": (
        "Dòng {row} (xã {commune}): không biết xã thuộc huyện nào (không có cột huyện và chưa có dòng «Huyện …» phía"
        " trên).",
        "Row {row} (commune {commune}): its district is unknown (no district column and no «Huyện …» row above).",
    ),
    "table.overwrites": (
        "Bảng sẽ thay đổi {n} kết quả công nhận đã có của năm này, trong đó {entered} kết quả do người nhập tay.",
        "The table changes {n} official statuses already stored for the year, {entered} of them entered by hand.",
    ),
    "table.wrong_count": (
        "Bảng có {found} tiêu chí (dòng tiêu đề {row}, trang «{sheet}», {path}) nhưng bộ tiêu chí {set} áp dụng"
        " năm {year} có {count} tiêu chí: hãy chọn đúng năm hoặc dùng bảng theo bộ tiêu chí của năm đó.",
        "The table has {found} criteria (header row {row}, sheet «{sheet}», {path}) but the criteria set {set}"
        " used in {year} has {count}: choose the right year or use a table of that year's set.",
    ),
    "table.district_ended": (
        "Dòng {row}: huyện «{district}» không còn từ {end}; năm {year} không có cấp huyện — hãy ghi xã mới"
        " theo tên hoặc cột mã, không theo huyện cũ.",
        "Row {row}: the district «{district}» ended on {end}; {year} has no districts — name the new"
        " communes by name or a code column, not by their former district.",
    ),
    "table.unknown_district": (
        "Dòng {row}: không tìm thấy huyện «{district}».",
        "Row {row}: unknown district «{district}».",
    ),
    "table.unknown_commune": (
        "Dòng {row}: không tìm thấy xã «{commune}» thuộc {district}.{hint}",
        "Row {row}: unknown commune «{commune}» in {district}.{hint}",
    ),
    "table.duplicate": (
        "Xã {commune} ({district}) có hai lần trong bảng: dòng {first} và dòng {second}.",
        "The commune {commune} ({district}) appears twice: rows {first} and {second}.",
    ),
    "table.rejected": (
        "Không nhập bảng {path}: có {n} lỗi. Không có gì được ghi vào cơ sở dữ liệu.",
        "The table {path} was not imported: {n} errors. Nothing was written to the database.",
    ),
    "table.total_mismatch": (
        "Dòng tổng {row} («{label}»), tiêu chí {number} (ô {cell}): bảng ghi {written}, nhưng đếm được {counted} xã.",
        "Total row {row} («{label}»), criterion {number} (cell {cell}): the table says {written}, counted {counted}.",
    ),
    "table.total_formula": (
        "Dòng tổng {row} («{label}») chứa công thức chưa có giá trị tính sẵn (tệp được lưu bởi chương trình không"
        " tính công thức); không đối chiếu được.",
        "Total row {row} («{label}») holds formulas with no cached values (the file was saved by a program that does"
        " not compute them); not cross-checked.",
    ),
    "table.count_mismatch": (
        "Dòng {row} (xã {commune}): cột «Tổng số tiêu chí đạt» (ô {cell}) ghi {written}, nhưng đếm được {counted}.",
        "Row {row} (commune {commune}): the «criteria met» column (cell {cell}) says {written}, counted {counted}.",
    ),
    "table.converted": (
        "Cột {column}: {n} ô gõ bằng bảng mã {encoding} đã được chuyển sang Unicode (ví dụ: {example}).",
        "Column {column}: {n} cells typed in {encoding} were converted to Unicode (e.g. {example}).",
    ),
    "table.unknown_code": (
        "Dòng {row} (xã {commune}): không có đơn vị cấp xã nào mang mã «{code}».",
        "Row {row} (commune {commune}): no commune-level unit has the code «{code}».",
    ),
    "table.ambiguous_commune": (
        "Dòng {row}: có nhiều xã tên «{commune}» có hiệu lực ngày {day} ({units}); thêm cột «Mã xã» để chỉ rõ.",
        "Row {row}: several communes named «{commune}» are in force on {day} ({units}); add a «Mã xã» (code)"
        " column to tell them apart.",
    ),
    "table.unknown_commune_on": (
        "Dòng {row}: không tìm thấy xã «{commune}» trong các đơn vị có hiệu lực ngày {day}.{hint}",
        "Row {row}: no commune «{commune}» among the units in force on {day}.{hint}",
    ),
    "table.no_rows": (
        "Trang «{sheet}» không có dòng xã nào dưới tiêu đề.",
        "Sheet «{sheet}» has no commune rows under its header.",
    ),
    # ntm_desktop/excel/table_import.py
    "import.cancelled": ("Đã hủy; không có gì được ghi.", "Cancelled; nothing was written."),
    # ntm_desktop/excel/templates.py
    "tpl.exported": ("Đã xuất phiếu ({n} xã) vào {path}.", "Template for {n} communes written to {path}."),
    "tpl.not_template": (
        "Tệp {path} không phải là phiếu thu thập của NTM Desktop (thiếu trang định danh).",
        "{path} is not an NTM Desktop data-collection template (no identity sheet).",
    ),
    "tpl.newer": (
        "Phiếu {path} được tạo bởi phiên bản mới hơn (mẫu số {found}). Hãy cập nhật chương trình.",
        "The template {path} was made by a newer version (template {found}). Please update the program.",
    ),
    "tpl.bad_identity": (
        "Trang định danh của phiếu {path} bị hỏng hoặc bị sửa: {detail}",
        "The identity sheet of {path} is damaged or was edited: {detail}",
    ),
    "tpl.unknown_commune": (
        "Phiếu {path}, trang «{sheet}»: xã {commune} không có trong cơ sở dữ liệu này.",
        "{path}, sheet «{sheet}»: the commune {commune} is not in this database.",
    ),
    "tpl.wrong_target": (
        "Phiếu {path} dành cho {what_file}, không phải {what_wanted}.",
        "The template {path} is for {what_file}, not {what_wanted}.",
    ),
    "tpl.bad_value": (
        "Trang «{sheet}», ô {cell} (chỉ tiêu {code}): {reason}",
        "Sheet «{sheet}», cell {cell} (indicator {code}): {reason}",
    ),
    "tpl.formula_no_value": (
        "Trang «{sheet}», ô {cell} (chỉ tiêu {code}): có công thức nhưng không có giá trị tính sẵn; hãy mở tệp bằng"
        " Excel, lưu lại rồi nhập.",
        "Sheet «{sheet}», cell {cell} (indicator {code}): a formula with no cached value; open and save the file in"
        " Excel, then import.",
    ),
    "tpl.moved_row": (
        "Trang «{sheet}», dòng {row}: mã chỉ tiêu «{code}» không thuộc bộ tiêu chí {set}.",
        "Sheet «{sheet}», row {row}: indicator code «{code}» is not in the criteria set {set}.",
    ),
    "tpl.rejected": (
        "Không nhập phiếu {path}: có {n} lỗi. Không có gì được ghi vào cơ sở dữ liệu.",
        "The template {path} was not imported: {n} errors. Nothing was written to the database.",
    ),
    "tpl.title": ("PHIẾU THU THẬP SỐ LIỆU TIÊU CHÍ NÔNG THÔN MỚI", "NTM CRITERIA DATA-COLLECTION SHEET"),
    "tpl.hint": (
        "Chỉ nhập vào các ô màu vàng (cột Giá trị và Ghi chú). Có/Không chọn từ danh sách; tỷ lệ từ 0 đến 100. Để"
        " trống = không thay đổi.",
        "Fill in the yellow cells only (Value and Note). Yes/No from the list; percentages 0 to 100. Blank = no"
        " change.",
    ),
}
