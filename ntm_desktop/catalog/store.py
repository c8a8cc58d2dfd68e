"""Texts of store: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/store/network.py (Store.network: shown by the window and the CLI)
    "db.network_short": ("Thư mục mạng: chế độ ghi an toàn", "Network folder: safe write mode"),
    "db.network_mode": (
        "Cơ sở dữ liệu {path} nằm trong thư mục mạng: chương trình ghi ở chế độ an toàn (chậm hơn). Chỉ nên"
        " để một máy ghi vào đó một lúc; tốt nhất hãy chép tệp về máy.",
        "The database {path} is in a network folder: the program writes in a safe mode (slower). Let one"
        " machine write to it at a time; better, copy the file to this computer.",
    ),
    # ntm_desktop/store/backup.py
    "backup.failed_check": (
        "Bản sao lưu {path} không vượt qua kiểm tra toàn vẹn: {detail}",
        "The backup {path} failed its integrity check: {detail}",
    ),
    "backup.done": ("Đã sao lưu vào {path}.", "Backed up to {path}."),
    "backup.source_missing": (
        "Không tìm thấy cơ sở dữ liệu {path} để sao lưu.",
        "The database {path} to back up was not found.",
    ),
    "backup.reason.daily": ("hằng ngày", "daily"),
    "backup.reason.before-import": ("trước khi nhập dữ liệu", "before an import"),
    "backup.reason.before-schema": ("trước khi nâng cấp cấu trúc", "before a schema upgrade"),
    "backup.reason.before-restore": ("trước khi khôi phục", "before a restore"),
    "backup.reason.damaged": ("bản hỏng được giữ lại", "damaged copy kept aside"),
    "backup.reason.manual": ("sao lưu thủ công", "manual backup"),
    # ntm_desktop/store/restore.py
    "restore.missing": ("Không tìm thấy tệp sao lưu {path}.", "The backup file {path} was not found."),
    "restore.not_backup": (
        "Tệp {path} không phải là bản sao lưu cơ sở dữ liệu NTM Desktop; không khôi phục gì.",
        "{path} is not a backup of an NTM Desktop database; nothing was restored.",
    ),
    "restore.corrupt": (
        "Bản sao lưu {path} bị hỏng ({detail}); không khôi phục gì, cơ sở dữ liệu hiện tại giữ nguyên.",
        "The backup {path} is damaged ({detail}); nothing was restored and the current database is unchanged.",
    ),
    "restore.too_new": (
        "Bản sao lưu {path} do phiên bản mới hơn của chương trình tạo ra (lược đồ {found}, chương "
        "trình hỗ trợ đến {supported}); hãy cập nhật chương trình. Không khôi phục gì.",
        "The backup {path} was made by a newer version of the program (schema {found}, this "
        "program supports up to {supported}); update the program. Nothing was restored.",
    ),
    "restore.same_file": (
        "Tệp {path} chính là cơ sở dữ liệu đang dùng; hãy chọn một bản sao lưu khác.",
        "{path} is the database in use; choose a backup.",
    ),
    "restore.page_size": (
        "Không khôi phục được khi cơ sở dữ liệu đang mở ở nơi khác (kích thước trang khác nhau: "
        "{found} và {current}). Hãy đóng các cửa sổ khác rồi thử lại bằng lệnh ntm restore.",
        "Cannot restore while the database is open elsewhere (page sizes differ: {found} and "
        "{current}). Close other windows and try again with ntm restore.",
    ),
    "restore.verify_failed_back": (
        "Sau khi khôi phục, cơ sở dữ liệu {path} không khớp với bản sao lưu ({detail}), nên đã được trả lại như"
        " trước khi khôi phục; không có gì thay đổi. Bản sao trước khi khôi phục: {before}.",
        "After the restore the database {path} did not match the backup ({detail}), so it was put back as it was"
        " before; nothing changed. The copy made before the restore: {before}.",
    ),
    "restore.verify_failed": (
        "Sau khi khôi phục, cơ sở dữ liệu {path} không khớp với bản sao lưu ({detail}). Bản trước khi khôi phục: "
        "{before}.",
        "After the restore the database {path} does not match the backup ({detail}). The copy made before the "
        "restore: {before}.",
    ),
    "restore.count.districts": ("huyện", "districts"),
    "restore.count.communes": ("xã", "communes"),
    "restore.count.criteria_sets": ("bộ tiêu chí", "criteria sets"),
    "restore.count.indicator_values": ("giá trị chỉ tiêu", "indicator values"),
    "restore.count.official_results": ("kết quả tiêu chí chính thức", "official criterion results"),
    "restore.count.changes": ("dòng lịch sử thay đổi", "change-history rows"),
    "restore.count.records": ("bản ghi tất cả", "records in all"),
}
