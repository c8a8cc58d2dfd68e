"""Texts of sync: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ui/sync/conflicts.py
    "sconf.show_resolved": ("Hiện cả xung đột đã xử lý", "Show resolved conflicts too"),
    "sconf.count": ("{open} xung đột chưa xử lý, {all} tất cả", "{open} open, {all} in all"),
    "sconf.col_id": ("Số", "No."),
    "sconf.col_what": ("Nội dung", "What"),
    "sconf.col_state": ("Trạng thái", "State"),
    "sconf.col_detected": ("Phát hiện lúc", "Found"),
    "sconf.current": ("Giá trị đang dùng", "Value in use"),
    "sconf.other": ("Giá trị kia (bị thay)", "The other value (replaced)"),
    "sconf.by": ("Người sửa: {user}", "Changed by: {user}"),
    "sconf.on": ("Máy: {installation}", "Installation: {installation}"),
    "sconf.at": ("Lúc: {when}", "When: {when}"),
    "sconf.keep": ("Giữ giá trị này", "Keep this value"),
    "sconf.choose": ("Chọn giá trị này", "Choose this value"),
    "sconf.pick": (
        "Chọn một xung đột ở danh sách để xem hai giá trị cạnh nhau.",
        "Pick a conflict in the list to see both values side by side.",
    ),
    "sconf.none": (
        "Không có xung đột nào. Khi hai máy cùng sửa một giá trị, giá trị mới hơn được dùng và giá trị kia được giữ ở "
        "đây để xem xét.",
        "No conflicts. When two installations change the same value, the newer one is used and the other is kept here "
        "for review.",
    ),
    "sconf.resolved": ("Đã xử lý ({how}) lúc {when}", "Resolved ({how}) at {when}"),
    "sconf.title": ("Xung đột", "Conflicts"),
    # ui/sync/export_dialog.py
    "sexp.title": ("Xuất gói dữ liệu", "Export a data package"),
    "sexp.where": ("Ghi vào", "Write to"),
    "sexp.drives": ("USB tìm thấy:", "USB sticks found:"),
    "sexp.no_drive": (
        "Không thấy USB nào. Cắm USB rồi bấm «Tìm lại», hoặc chọn một thư mục.",
        "No USB stick found. Plug one in and press «Look again», or choose a folder.",
    ),
    "sexp.rescan": ("Tìm lại", "Look again"),
    "sexp.folder": ("Chọn thư mục…", "Choose a folder…"),
    "sexp.for": ("Gửi cho", "For"),
    "sexp.anyone": ("Bất kỳ máy nào", "Any installation"),
    "sexp.full": ("Gửi toàn bộ dữ liệu (không chỉ các thay đổi)", "Send everything (not only the changes)"),
    "sexp.scope": ("Phạm vi", "Scope"),
    "sexp.scope_all": ("Toàn bộ", "Everything"),
    "sexp.scope_district": ("Một huyện", "One district"),
    "sexp.scope_communes": ("Một số xã của huyện", "Some communes of the district"),
    "sexp.since": ("Chỉ các thay đổi kể từ gói gửi lúc {when}.", "Only the changes since the package sent at {when}."),
    "sexp.first": ("Lần đầu gửi: gói sẽ mang toàn bộ dữ liệu.", "First package: it carries everything."),
    "sexp.run": ("&Xuất", "&Export"),
    "sexp.working": ("Đang ghi gói…", "Writing the package…"),
    "sexp.pick_folder": ("Hãy chọn USB hoặc thư mục để ghi gói.", "Choose a stick or a folder to write to."),
    "sexp.pick_communes": ("Hãy đánh dấu ít nhất một xã.", "Tick at least one commune."),
    "sexp.failed": ("Không xuất được gói", "The package was not written"),
    # ui/sync/import_dialog.py
    "simp.title": ("Nhập gói dữ liệu", "Import a data package"),
    "simp.file": ("Tệp: {path}", "File: {path}"),
    "simp.checking": ("Đang kiểm tra gói…", "Checking the package…"),
    "simp.importing": ("Đang nhập gói…", "Importing the package…"),
    "simp.origin": (
        "<b>Từ máy:</b> {name} · dấu vân tay {fingerprint} — {trust}",
        "<b>From:</b> {name} · fingerprint {fingerprint} — {trust}",
    ),
    "simp.first_use": (
        "<span style='color:#8a5a00'>máy mới: sẽ được ghi nhận là tin cậy khi nhập. Nếu chưa chắc, hãy so dấu vân tay "
        "với máy đó.</span>",
        "<span style='color:#8a5a00'>new installation: it will be trusted on import. If unsure, compare the "
        "fingerprint with it.</span>",
    ),
    "simp.known": (
        "<span style='color:#1d6b2a'>máy đã biết</span>",
        "<span style='color:#1d6b2a'>known installation</span>",
    ),
    "simp.made": (
        "Tạo lúc {when} · gói {kind} · phạm vi: {scope}",
        "Made at {when} · {kind} package · scope: {scope}",
    ),
    "simp.preview": (
        "Nếu nhập: <b>mới {new}</b>, <b>cập nhật {updated}</b>, xóa {deleted}, không đổi {unchanged}, <b>xung đột "
        "{conflicts}</b>.",
        "If imported: <b>{new} new</b>, <b>{updated} updated</b>, {deleted} deleted, {unchanged} unchanged, "
        "<b>{conflicts} conflicts</b>.",
    ),
    "simp.conflict_note": (
        "Xung đột: hai máy cùng sửa một giá trị. Giá trị mới hơn được dùng; giá trị kia được giữ lại để xem xét (Tệp "
        "→ Xung đột cần xem xét).",
        "Conflicts: both installations changed the same value. The newer one is used; the other is kept for review "
        "(File → Conflicts to review).",
    ),
    "simp.col_district": ("Huyện", "District"),
    "simp.col_commune": ("Xã", "Commune"),
    "simp.col_new": ("Mới", "New"),
    "simp.col_updated": ("Cập nhật", "Updated"),
    "simp.col_deleted": ("Xóa", "Deleted"),
    "simp.col_unchanged": ("Không đổi", "Unchanged"),
    "simp.col_conflicts": ("Xung đột", "Conflicts"),
    "simp.col_what": ("Giá trị", "Value"),
    "simp.col_kept": ("Sẽ dùng", "Will be used"),
    "simp.col_other": ("Giữ để xem xét", "Kept for review"),
    "simp.scope_all": ("toàn bộ", "everything"),
    "simp.run": ("&Nhập", "&Import"),
    "simp.cancel": ("Hủy", "Cancel"),
    "simp.close": ("Đóng", "Close"),
    "simp.refused": ("Gói bị từ chối", "Package refused"),
    "simp.result": (
        "{message}\n\nBản sao lưu trước khi nhập: {backup}",
        "{message}\n\nBackup taken before the import: {backup}",
    ),
    "simp.see_conflicts": ("Xem các xung đột ngay?", "Review the conflicts now?"),
    # ui/sync/peers.py
    "speer.title": ("Các máy đã biết", "Known installations"),
    "speer.close": ("Đóng", "Close"),
    "speer.me": (
        "<b>Máy này:</b> {name}<br>mã {installation} · dấu vân tay khóa <b>{fingerprint}</b>",
        "<b>This installation:</b> {name}<br>id {installation} · key fingerprint <b>{fingerprint}</b>",
    ),
    "speer.rename": ("Đổi tên máy này…", "Rename this installation…"),
    "speer.rename_prompt": (
        "Tên để các máy khác nhận ra máy này (ví dụ «Phòng NN huyện Đăk Hà – laptop 2»):",
        "A name the other installations will know this one by (e.g. «Phòng NN huyện Đăk Hà – laptop 2»):",
    ),
    "speer.known_only": (
        "Chỉ nhận gói từ các máy đã được tin cậy (nên dùng ở cấp tỉnh)",
        "Accept packages from trusted installations only (advised for a province)",
    ),
    "speer.col_name": ("Tên máy", "Name"),
    "speer.col_id": ("Mã", "Id"),
    "speer.col_fp": ("Dấu vân tay", "Fingerprint"),
    "speer.col_status": ("Trạng thái", "Status"),
    "speer.col_how": ("Tin cậy do", "Trusted by"),
    "speer.col_last": ("Gói gần nhất", "Last package"),
    "speer.trust_file": ("Tin cậy máy tạo ra một gói…", "Trust the maker of a package…"),
    "speer.revoke": ("Thu hồi tin cậy", "Revoke trust"),
    "speer.retrust": ("Tin cậy lại", "Trust again"),
    "speer.confirm_trust": (
        "Tin cậy máy «{name}»?\nDấu vân tay khóa: {fingerprint}\n\nHãy so dấu vân tay này với máy đó (qua điện thoại) "
        "trước khi đồng ý.",
        "Trust «{name}»?\nKey fingerprint: {fingerprint}\n\nCompare this fingerprint with that installation (by "
        "phone) before agreeing.",
    ),
    "speer.confirm_revoke": (
        "Thu hồi tin cậy máy «{name}»? Gói của máy này sẽ bị từ chối.",
        "Revoke trust in «{name}»? Its packages will be refused.",
    ),
    "speer.none": ("Chưa biết máy nào khác. Máy gửi gói đầu tiên sẽ xuất hiện ở đây.",
                   "No other installation known yet. The first one to send a package appears here."),
    "speer.filter": ("Gói dữ liệu NTM (*.ntmpkg);;Tất cả / All (*)", "NTM data packages (*.ntmpkg);;All (*)"),
    # ui/sync/view.py
    "syncv.intro": (
        "Dữ liệu đi bằng USB: từ máy xách tay về phòng, từ huyện lên tỉnh và ngược lại. Mỗi gói được ký; gói bị sửa "
        "sẽ bị từ chối.",
        "Data travels on USB sticks: laptop to office, district to province and back. Packages are signed; an altered "
        "one is refused.",
    ),
    "syncv.me": (
        "Máy này: <b>{name}</b> · dấu vân tay {fingerprint}",
        "This installation: <b>{name}</b> · fingerprint {fingerprint}",
    ),
    "syncv.export": ("Xuất gói dữ liệu…", "Export a data package…"),
    "syncv.import": ("Nhập gói dữ liệu…", "Import a data package…"),
    "syncv.tab_conflicts": ("Xung đột ({n})", "Conflicts ({n})"),
    "syncv.tab_packages": ("Gói đã gửi và nhận", "Packages sent and received"),
    "syncv.tab_peers": ("Các máy đã biết", "Known installations"),
    "syncv.peer_filter": ("Máy:", "Installation:"),
    "syncv.all_peers": ("Tất cả", "All"),
    "syncv.col_when": ("Lúc", "When"),
    "syncv.col_direction": ("Chiều", "Direction"),
    "syncv.col_peer": ("Máy", "Installation"),
    "syncv.col_kind": ("Loại", "Kind"),
    "syncv.col_scope": ("Phạm vi", "Scope"),
    "syncv.col_file": ("Tệp", "File"),
    "syncv.col_summary": ("Nội dung", "Content"),
    "syncv.anyone": ("(bất kỳ máy nào)", "(any installation)"),
    "syncv.received": (
        "mới {new}, cập nhật {updated}, xóa {deleted}, xung đột {conflicts}",
        "{new} new, {updated} updated, {deleted} deleted, {conflicts} conflicts",
    ),
    "syncv.sent": ("{records} bản ghi, {history} dòng lịch sử", "{records} records, {history} history rows"),
    "syncv.none": ("Chưa gửi hoặc nhận gói nào.", "No package sent or received yet."),
}
