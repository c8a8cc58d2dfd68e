"""Texts of excel: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "imp.confirm_overwrite": (
        "Bảng này sẽ thay đổi {n} kết quả công nhận do người nhập tay. Vẫn nhập bảng?",
        "This table changes {n} official statuses that were entered by hand. Import it anyway?",
    ),
    "imp.none_found": ("— không tìm thấy xã nào gần tên này —", "— no commune with a close name —"),
    # ui/excel/import_dialog.py
    "imp.title": ("Nhập biểu tiêu chí từ Excel", "Import a criteria table from Excel"),
    "imp.file": ("Tệp: {path}", "File: {path}"),
    "imp.year": ("Năm của số liệu", "Year of the figures"),
    "imp.detected": (
        "Trang «{sheet}»: dòng tiêu đề {header}; cột xã {commune}; cột huyện {district}; tiêu chí 1-19 ở cột "
        "{first}-{last}.",
        "Sheet «{sheet}»: header row {header}; commune column {commune}; district column {district}; criteria 1-19 in "
        "columns {first}-{last}.",
    ),
    "imp.group_rows": ("(theo dòng «Huyện …»)", "(from «Huyện …» rows)"),
    "imp.counts": (
        "{rows} dòng xã, khớp {matched}; bỏ qua {totals} dòng tổng ({total_rows}).",
        "{rows} commune rows, {matched} matched; {totals} total rows skipped ({total_rows}).",
    ),
    "imp.errors": ("Lỗi (phải sửa trong tệp trước khi nhập):", "Errors (fix the file before importing):"),
    "imp.warnings": ("Cảnh báo:", "Warnings:"),
    "imp.unknown": (
        "Xã chưa khớp — chọn xã tương ứng hoặc tạo mới:",
        "Unmatched communes — pick the match or create it:",
    ),
    "imp.create": ("➕ Tạo xã mới «{name}» thuộc {district}", "➕ Create «{name}» in {district}"),
    "imp.run": ("Nhập", "Import"),
    "imp.reading": ("Đang đọc tệp…", "Reading the file…"),
    "imp.writing": ("Đang nhập…", "Importing…"),
    "imp.done": (
        "Đã nhập: mới {imported}, cập nhật {updated}, không đổi {unchanged}, bỏ qua {skipped} dòng tổng.{created}\nCó "
        "thể hoàn tác toàn bộ bằng Ctrl+Z.",
        "Imported: {imported} new, {updated} updated, {unchanged} unchanged, {skipped} total rows "
        "skipped.{created}\nCtrl+Z undoes the whole import.",
    ),
    "imp.created": (" Đã tạo {n} xã mới.", " {n} communes created."),
    "imp.reload": ("Đọc lại", "Read again"),
    # the preview's columns: the district and commune as the file names them (in Vietnamese
    # in both languages, as the file's own headers), then both languages together
    "imp.col_district": ("Huyện", "Huyện"),
    "imp.col_commune": ("Xã", "Xã"),
    "imp.col_row": ("Dòng / Row", "Dòng / Row"),
    "imp.col_in_file": ("Trong tệp / In file", "Trong tệp / In file"),
    "imp.col_choose": ("Chọn / Choose", "Chọn / Choose"),
    # ui/excel/template_dialog.py
    "tplw.title": ("Nhập phiếu thu thập số liệu", "Import a data-collection template"),
    "tplw.identity": (
        "Phiếu cho kỳ: {period} — bộ tiêu chí {set} — {n} xã. Phiếu chỉ nhập được vào đúng xã và kỳ đã ghi trong tệp.",
        "Template for: {period} — criteria set {set} — {n} communes. It can only go onto the communes and period it "
        "names.",
    ),
    "tplw.col_commune": ("Xã", "Commune"),
    "tplw.col_values": ("Giá trị", "Values"),
    "tplw.col_new": ("Mới", "New"),
    "tplw.col_updated": ("Cập nhật", "Updated"),
    "tplw.col_unchanged": ("Không đổi", "Unchanged"),
    "tplw.errors": ("Lỗi (sửa trong tệp rồi nhập lại):", "Errors (fix the file, then import again):"),
    "tplw.done": ("Đã nhập {n} giá trị. Có thể hoàn tác bằng Ctrl+Z.", "{n} values imported. Ctrl+Z undoes it."),
    "tplw.scope": ("Xuất phiếu cho:", "Template for:"),
    "tplw.this_commune": ("Xã {name}", "Commune {name}"),
    "tplw.whole_district": ("Cả {name} (mỗi xã một trang)", "All of {name} (a sheet per commune)"),
    "tplw.pick_commune": ("Hãy chọn một xã trước.", "Select a commune first."),
}
