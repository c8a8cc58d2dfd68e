"""Texts of the DHIS2 export dialog: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "act.export_dhis2": ("Xuất sang &DHIS2…", "Export to &DHIS2…"),
    "dhis2ui.title": ("Xuất sang DHIS2", "Export to DHIS2"),
    "dhis2ui.hint": (
        "Tạo tệp dữ liệu để nhập vào DHIS2 (hệ thống báo cáo số liệu tổng hợp): trạng thái đạt/chưa đạt của "
        "từng tiêu chí đúng như bảng tổng hợp, và giá trị các chỉ tiêu. Lần đầu, hãy gửi kèm tệp siêu dữ liệu để "
        "quản trị DHIS2 nhập trước, rồi mới nhập tệp dữ liệu.",
        "Make a file to import into DHIS2 (the aggregate reporting system): each criterion's met/not met status "
        "exactly as the summary counts it, and the indicator values. The first time, send the metadata file too: "
        "the DHIS2 administrator imports it first, then the data file.",
    ),
    "dhis2ui.hint_tip": (
        "Cho quản trị DHIS2: nhập tệp dữ liệu với idScheme=CODE (mã của phần tử dữ liệu và đơn vị).",
        "For the DHIS2 administrator: import the data file with idScheme=CODE (codes of data elements and units).",
    ),
    "dhis2ui.year": ("Năm:", "Year:"),
    "dhis2ui.period": ("Kỳ:", "Period:"),
    "dhis2ui.format": ("Định dạng:", "Format:"),
    "dhis2ui.format.json": ("JSON (dataValueSets)", "JSON (dataValueSets)"),
    "dhis2ui.format.adx": ("ADX (XML, IHE)", "ADX (XML, IHE)"),
    "dhis2ui.format.csv": ("CSV (dataValueSets)", "CSV (dataValueSets)"),
    "dhis2ui.file": ("Tệp dữ liệu:", "Data file:"),
    "dhis2ui.browse": ("Chọn…", "Browse…"),
    "dhis2ui.with_metadata": ("Ghi cả tệp siêu dữ liệu (nhập vào DHIS2 trước):",
                              "Also write the metadata file (import it into DHIS2 first):"),
    "dhis2ui.export": ("&Xuất", "&Export"),
    "dhis2ui.close": ("Đóng", "Close"),
    "dhis2ui.save_title": ("Lưu tệp cho DHIS2", "Save the file for DHIS2"),
    "dhis2ui.metadata_title": ("Lưu tệp siêu dữ liệu DHIS2", "Save the DHIS2 metadata file"),
    "dhis2ui.no_file": ("Hãy chọn tệp để ghi.", "Choose the file to write."),
    "dhis2ui.no_metadata_file": ("Hãy chọn tệp siêu dữ liệu để ghi, hoặc bỏ chọn ô siêu dữ liệu.",
                                 "Choose the metadata file to write, or untick the metadata box."),
    "dhis2ui.done": ("Đã ghi {path}: {period}, {communes} xã, {values} giá trị.",
                     "Wrote {path}: {period}, {communes} communes, {values} values."),
    "dhis2ui.done_metadata": ("Siêu dữ liệu: {path}", "Metadata: {path}"),
}
