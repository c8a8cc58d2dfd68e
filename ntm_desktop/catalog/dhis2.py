"""Texts of dhis2: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "dhis2.bad_format": (
        "Định dạng «{value}» không hỗ trợ; hãy chọn một trong: {formats}.",
        "Format “{value}” is not supported; choose one of: {formats}.",
    ),
    "dhis2.same_file": (
        "Tệp dữ liệu và tệp siêu dữ liệu phải khác nhau ({path}).",
        "The data file and the metadata file must differ ({path}).",
    ),
    "dhis2.no_communes": (
        "Năm {year} không có xã nào trong chương trình: không có gì để xuất sang DHIS2.",
        "No commune is in the programme in {year}: there is nothing to export to DHIS2.",
    ),
    "dhis2.no_data": (
        "Kỳ {period} chưa có xã nào (trong {communes} xã thuộc chương trình) có kết quả hay giá trị chỉ tiêu:"
        " không có gì để xuất sang DHIS2.",
        "No commune (of the {communes} in the programme) has a result or an indicator value for {period}:"
        " there is nothing to export to DHIS2.",
    ),
    "dhis2.left_out": (
        "{count} xã chưa có kết quả hay giá trị chỉ tiêu nào cho kỳ {period} nên không được gửi: DHIS2 để trống,"
        " không ghi là «chưa đạt».",
        "{count} communes have no result or indicator value for {period} and were left out: DHIS2 leaves them"
        " empty rather than “not met”.",
    ),
    "dhis2.cannot_write": (
        "Không ghi được tệp {path}: hãy kiểm tra thư mục có tồn tại và được phép ghi (không phải USB chỉ đọc)."
        " Không tệp nào được ghi.",
        "Could not write {path}: check that the folder exists and may be written to (not a read-only stick)."
        " No file was written.",
    ),
    "dhis2.disk_full": (
        "Không ghi được tệp {path}: đĩa hoặc USB đã đầy. Không tệp nào được ghi.",
        "Could not write {path}: the disk or stick is full. No file was written.",
    ),
    "dhis2.written": (
        "Đã ghi {path}: kỳ {period}, bộ dữ liệu {data_set}, {communes} xã, {values} giá trị.",
        "Wrote {path}: period {period}, data set {data_set}, {communes} communes, {values} values.",
    ),
    "dhis2.metadata_written": (
        "Đã ghi siêu dữ liệu {path}: nhập tệp này vào DHIS2 trước, rồi nhập dữ liệu với idScheme=CODE.",
        "Wrote the metadata {path}: import it into DHIS2 first, then the data with idScheme=CODE.",
    ),
}
