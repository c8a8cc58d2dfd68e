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
    "dhis2.write_failed": (
        "Không ghi được tệp {path}: {detail}. Không có tệp dở dang nào được để lại.",
        "Could not write {path}: {detail}. No half-written file was left.",
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
