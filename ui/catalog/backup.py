"""Texts of backup: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ui/backup/restore_dialog.py
    "rst.title": ("Khôi phục từ bản sao lưu", "Restore from a backup"),
    "rst.intro": (
        "Chọn một bản sao lưu. Trước khi thay thế, chương trình tự sao lưu cơ sở dữ liệu hiện tại.",
        "Pick a backup. Before replacing anything the program backs up the current database.",
    ),
    "rst.col_time": ("Thời điểm", "Taken"),
    "rst.col_reason": ("Lý do", "Reason"),
    "rst.col_size": ("Dung lượng", "Size"),
    "rst.none": ("(chưa có bản sao lưu tự động nào)", "(no automatic backup yet)"),
    "rst.other": ("Chọn tệp sao lưu khác…", "Choose another backup file…"),
    "rst.chosen": ("tệp đã chọn", "chosen file"),
    "rst.filter": (
        "Cơ sở dữ liệu SQLite (*.sqlite3 *.sqlite *.db);;Tất cả / All (*)",
        "SQLite databases (*.sqlite3 *.sqlite *.db);;All (*)",
    ),
    "rst.do": ("&Khôi phục", "&Restore"),
    "rst.close": ("Đóng", "Close"),
    "rst.pick": ("Chọn một bản sao lưu ở danh sách.", "Pick a backup in the list."),
    "rst.taken": ("Thời điểm sao lưu", "Taken"),
    "rst.installation": ("Máy tạo ra", "Made by"),
    "rst.last_change": ("Thay đổi cuối cùng", "Last change"),
    "rst.years": ("Các năm có kết quả", "Years with results"),
    "rst.holds": ("Nội dung", "Holds"),
    "rst.other_installation": (
        "Bản sao lưu này của máy khác; sau khi khôi phục, máy này mang định danh của máy đó.",
        "This backup is another installation's; after the restore this one takes its identity.",
    ),
    "rst.confirm": (
        "Thay thế cơ sở dữ liệu {db}\nbằng bản sao lưu ngày {taken}?\n\nBản hiện tại sẽ được sao lưu trước.",
        "Replace the database {db}\nwith the backup of {taken}?\n\nThe current one is backed up first.",
    ),
    "rst.working": ("Đang khôi phục…", "Restoring…"),
    "rst.done": (
        "Đã khôi phục từ bản sao lưu ngày {taken}.\nBản trước khi khôi phục được giữ ở:\n{before}",
        "Restored from the backup of {taken}.\nThe database as it was before is kept in:\n{before}",
    ),
    "rst.failed": ("Không khôi phục được", "The restore failed"),
}
