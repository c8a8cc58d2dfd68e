"""Texts of cycle: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/cycle/records.py
    "cycle.state.open": ("Đang mở", "Open"),
    "cycle.state.submitted": ("Đã gửi", "Submitted"),
    "cycle.state.locked": ("Đã khóa", "Locked"),
    "cycle.show": ("{state} — {by}, {at}", "{state} — {by}, {at}"),
    "cycle.show_reason": ("(lý do: {reason})", "(reason: {reason})"),
    "cycle.bad_state": ("Trạng thái kỳ báo cáo không hợp lệ: «{state}».", "Invalid period state «{state}»."),
    "cycle.missing_unit": ("Không có đơn vị {unit} trong cơ sở dữ liệu.", "No unit {unit} in the database."),
    # ntm_desktop/cycle/locks.py
    "cycle.locked": ("{period} của {name} đã bị khóa bởi {by} lúc {at}: không sửa được số liệu. "
                     "Hãy mở khóa (kèm lý do) trước khi sửa.",
                     "{period} of {name} was locked by {by} at {at}: its data cannot be edited. "
                     "Unlock it (with a reason) first."),
    "cycle.locked_on": ("Khóa trên: {unit}, {period}", "Lock on: {unit}, {period}"),
    # ntm_desktop/cycle/service.py
    "cycle.bad_action": ("Thao tác không hợp lệ: «{action}» (submit, lock, unlock).",
                         "Invalid action «{action}» (submit, lock, unlock)."),
    "cycle.reason_needed": ("Mở khóa {period} của {name} cần ghi lý do (--reason).",
                            "Unlocking {period} of {name} needs a reason (--reason)."),
    "cycle.not_locked": ("{period} của {name} không bị khóa.", "{period} of {name} is not locked."),
    "cycle.locked_above": ("{period} của {name} bị khóa ở cấp trên: hãy mở khóa ở đơn vị đã khóa.",
                           "{period} of {name} is locked by a unit above it: unlock it there."),
    "cycle.template_locked": ("Không nhập được biểu {path}: kỳ {period} của {names} đã bị khóa số liệu.",
                              "The template {path} cannot be imported: {period} is locked for {names}."),
    "cycle.table_locked": ("Không nhập được bảng: {n} xã đã bị khóa số liệu năm {year}: {names}.",
                           "The table cannot be imported: {n} communes are locked for {year}: {names}."),
    # ntm_desktop/cli/cycle.py
    "cycle.done.submit": ("Đã gửi {period} của {name}.", "Submitted {period} of {name}."),
    "cycle.done.lock": ("Đã khóa {period} của {name}.", "Locked {period} of {name}."),
    "cycle.done.unlock": ("Đã mở khóa {period} của {name} (lý do: {reason}).",
                          "Unlocked {period} of {name} (reason: {reason})."),
    "cycle.unchanged": ("{period} của {name} đã ở trạng thái «{state}»: không thay đổi.",
                        "{period} of {name} is already «{state}»: nothing changed."),
    "cycle.unsent": ("Cảnh báo: {n} thay đổi số liệu của kỳ này làm tại máy này chưa có trong gói đồng bộ nào "
                     "đã gửi đi. Hãy xuất gói gửi cấp trên.",
                     "Warning: {n} changes to this period's data made here are in no package sent yet. "
                     "Export a package for the office above."),
    "cycle.none": ("Chưa có kỳ báo cáo nào được gửi hoặc khóa.", "No period has been submitted or locked yet."),
    "cycle.names": ("Chỉ dùng một trong --district và --code.", "Use only one of --district and --code."),
    # ntm_desktop/sync/merge (values stamped after a lock)
    "cycle.conflict_locked": ("khóa số liệu", "period locked"),
}
