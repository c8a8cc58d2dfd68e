"""Texts of cli: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/cli/__init__.py
    "criteria.in_force": ("Năm {year} dùng bộ tiêu chí {code}.", "The year {year} uses the criteria set {code}."),
    # ntm_desktop/cli/__init__.py
    "table.summary": (
        "{file}, trang «{sheet}»: tiêu đề ở dòng {header}; {rows} dòng xã, khớp {matched}.",
        "{file}, sheet «{sheet}»: header in row {header}; {rows} commune rows, {matched} matched.",
    ),
    "table.result": (
        "Kết quả: nhập mới {imported}, cập nhật {updated}, không đổi {unchanged}, bỏ qua {skipped} dòng tổng.",
        "Result: {imported} imported, {updated} updated, {unchanged} unchanged, {skipped} total rows skipped.",
    ),
    # ntm_desktop/cli/__init__.py
    "tpl.sheet_line": (
        "{commune}: {values} giá trị — mới {new}, cập nhật {updated}, không đổi {unchanged}",
        "{commune}: {values} values — {new} new, {updated} updated, {unchanged} unchanged",
    ),
    # ntm_desktop/cli/common.py
    "cli.usage": ("Cách dùng không đúng: {message}", "Usage error: {message}"),
    # ntm_desktop/cli/report.py
    "report.bad_date": ("Ngày không hợp lệ: «{value}» (dạng YYYY-MM-DD).", "Invalid date «{value}» (use YYYY-MM-DD)."),
    # ntm_desktop/cli/restore.py
    "restore.show": ("Bản sao lưu: {path}", "Backup: {path}"),
    "restore.show_taken": ("  Thời điểm sao lưu: {taken}{reason}", "  Taken: {taken}{reason}"),
    "restore.show_installation": ("  Máy tạo ra: {name} ({id})", "  Made by: {name} ({id})"),
    "restore.show_schema": ("  Phiên bản cấu trúc dữ liệu: {schema}", "  Schema version: {schema}"),
    "restore.show_last_change": ("  Thay đổi cuối cùng: {at}", "  Last change: {at}"),
    "restore.show_years": ("  Các năm có kết quả: {low}–{high}", "  Years with results: {low}–{high}"),
    "restore.show_counts": ("  Nội dung: {counts}", "  Holds: {counts}"),
    "restore.will_replace": (
        "Khôi phục sẽ thay thế cơ sở dữ liệu {db}; bản hiện tại được sao lưu trước.",
        "Restoring replaces the database {db}; the current one is backed up first.",
    ),
    "restore.confirm": ("Khôi phục? [c/K] ", "Restore? [y/N] "),
    "restore.cancelled": ("Đã hủy; không thay đổi gì.", "Cancelled; nothing changed."),
    "restore.needs_yes": (
        "Cần xác nhận: thêm --yes để khôi phục không hỏi lại (hoặc --dry-run để chỉ xem).",
        "Confirmation needed: add --yes to restore without asking (or --dry-run to look only).",
    ),
    "restore.dry_run": ("(--dry-run: không thay đổi gì)", "(--dry-run: nothing changed)"),
    "restore.done": ("Đã khôi phục {db} từ {path}.", "Restored {db} from {path}."),
    "restore.before": (
        "Bản của cơ sở dữ liệu trước khi khôi phục: {path}",
        "The database as it was before the restore: {path}",
    ),
    "restore.needs_file": (
        "Hãy chỉ ra tệp sao lưu (hoặc --list để xem các bản sao lưu tự động).",
        "Name the backup file (or --list to see the automatic backups).",
    ),
    "restore.list_empty": ("Chưa có bản sao lưu tự động nào trong {folder}.", "No automatic backups in {folder} yet."),
    "restore.other_installation": (
        "  Lưu ý: bản sao lưu này của máy khác ({name}); sau khi khôi phục, máy này mang định danh đó.",
        "  Note: this backup is another installation's ({name}); after the restore this one takes its identity.",
    ),
    # ntm_desktop/cli/sync.py
    "cli.sync.commune_line": (
        "  {district} / {commune}: mới {new}, cập nhật {updated}, xóa {deleted}, "
        "không đổi {unchanged}, xung đột {conflicts}",
        "  {district} / {commune}: {new} new, {updated} updated, {deleted} deleted, "
        "{unchanged} unchanged, {conflicts} conflicts",
    ),
    "cli.sync.conflict_line": (
        "#{id} [{state}] {what}\n"
        "     hiện tại: {current} — {current_by}, {current_at} ({current_inst})\n"
        "     giá trị kia: {other} — {other_by}, {other_at} ({other_inst})",
        "#{id} [{state}] {what}\n"
        "     current: {current} — {current_by}, {current_at} ({current_inst})\n"
        "     other: {other} — {other_by}, {other_at} ({other_inst})",
    ),
    "cli.sync.me": (
        "Máy này: {name}\n  mã: {installation}\n  dấu vân tay khóa: {fingerprint}\n  khóa công khai: {key}\n  {mode}",
        "This installation: {name}\n  id: {installation}\n  key fingerprint: {fingerprint}\n"
        "  public key: {key}\n  {mode}",
    ),
    "cli.sync.peer_line": (
        "{name}\t{installation}\t{fingerprint}\t{status}, {how}\tlần cuối: {last}",
        "{name}\t{installation}\t{fingerprint}\t{status}, {how}\tlast seen: {last}",
    ),
    "cli.sync.no_peers": ("Chưa biết máy nào khác.", "No other installation known yet."),
    "cli.sync.package_line": (
        "{when}\t{direction}\t{peer}\t{kind}\t{file}\t{summary}",
        "{when}\t{direction}\t{peer}\t{kind}\t{file}\t{summary}",
    ),
    "cli.sync.no_packages": ("Chưa có gói nào được gửi hoặc nhận.", "No package sent or received yet."),
    # ntm_desktop/cli/twinning_handlers.py
    "cli.tw_assigned": (
        "Đã ghi kết nghĩa: {agency} – {place} từ {start}.",
        "Twinning recorded: {agency} – {place} from {start}.",
    ),
    "cli.tw_ended": (
        "Đã kết thúc kết nghĩa: {agency} – {place} từ {end}.",
        "Twinning ended: {agency} – {place} on {end}.",
    ),
    "cli.tw_reassigned": (
        "Đã phân công lại {agency}: {old} → {new} từ {on}.",
        "Reassigned {agency}: {old} → {new} from {on}.",
    ),
    "cli.tw_none": ("Không có kết nghĩa nào.", "No twinning."),
    "cli.tw_agency_added": (
        "Đã thêm cơ quan {name} ({level}, {owner}).",
        "Added the agency {name} ({level}, {owner}).",
    ),
    "cli.tw_agency_saved": ("Đã lưu cơ quan {name}.", "Saved the agency {name}."),
    "cli.tw_contrib_added": ("Đã ghi đóng góp: {what}.", "Contribution recorded: {what}."),
    "cli.tw_warning": ("cảnh báo", "warning"),
    "cli.tw_total": ("Cộng", "Total"),
    "cli.tw_value": ("Tổng giá trị (đồng)", "Total value (đồng)"),
    # ntm_desktop/cli/demo.py
    "cli.demo_done": (
        "Đã tạo dữ liệu mẫu (DEMO, số liệu không có thật) trong {path}: {communes} xã.",
        "Demo data (DEMO, invented figures) made in {path}: {communes} communes.",
    ),
    "cli.demo_already": ("{path} đã là cơ sở dữ liệu mẫu (DEMO): không thay đổi gì.",
                         "{path} is a demo database already: nothing changed."),
    "cli.demo_real_data": (
        "{path} đã có số liệu đánh giá hoặc kết nghĩa: không ghi dữ liệu mẫu vào đó. Hãy dùng một tệp mới (--db).",
        "{path} holds assessment values or twinnings: demo data is never written into it. Use a new file (--db).",
    ),
}
