"""Texts of sync: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ntm_desktop/sync/texts.py
    # refusals of a package file (exit 3, nothing written)
    "pkg.missing": ("Không tìm thấy tệp gói {path}.", "Package file not found: {path}."),
    "pkg.empty": (
        "Tệp gói {path} rỗng (0 byte); gói bị từ chối.",
        "The package {path} is empty (0 bytes); it was refused.",
    ),
    "pkg.not_package": (
        "Tệp {path} không phải là gói dữ liệu NTM ({detail}); gói bị từ chối, dữ liệu không thay đổi.",
        "{path} is not an NTM data package ({detail}); it was refused and nothing changed.",
    ),
    "pkg.damaged": (
        "Gói {path} bị hỏng hoặc bị cắt cụt (có thể do rút USB khi đang ghi): {detail}. Gói bị từ chối, dữ liệu không "
        "thay đổi; hãy xuất lại gói.",
        "The package {path} is damaged or truncated (perhaps the stick was pulled while writing): {detail}. It was "
        "refused and nothing changed; export it again.",
    ),
    "pkg.unsafe": (
        "Gói {path} bị từ chối vì không an toàn: {detail}. Dữ liệu không thay đổi.",
        "The package {path} was refused as unsafe: {detail}. Nothing changed.",
    ),
    "pkg.too_big": (
        "Gói {path} bị từ chối: kích thước giải nén quá lớn hoặc bất thường ({detail}).",
        "The package {path} was refused: its unpacked size is too large or abnormal ({detail}).",
    ),
    "pkg.tampered": (
        "Gói {path} đã bị sửa sau khi tạo: phần «{member}» không khớp mã kiểm tra SHA-256. Gói bị từ chối, dữ liệu "
        "không thay đổi.",
        "The package {path} was altered after it was made: «{member}» does not match its SHA-256. It was refused and "
        "nothing changed.",
    ),
    "pkg.bad_signature": (
        "Chữ ký của gói {path} không hợp lệ: gói đã bị sửa hoặc không do máy «{name}» tạo. Gói bị từ chối, dữ liệu "
        "không thay đổi.",
        "The signature of {path} is not valid: the package was altered or not made by «{name}». It was refused and "
        "nothing changed.",
    ),
    "pkg.key_mismatch": (
        "Gói {path} ghi là của máy «{name}» ({installation}) nhưng được ký bằng khóa khác với khóa đã ghi nhận cho "
        "máy này (dấu vân tay đã biết {known}, trong gói {found}). Gói bị từ chối. Nếu máy đó được cài lại, hãy xác "
        "nhận rồi dùng: ntm peers trust {path} --replace",
        "{path} says it comes from «{name}» ({installation}) but is signed with a different key than the one "
        "remembered for it (known fingerprint {known}, package {found}). It was refused. If that installation was "
        "reinstalled, check and then run: ntm peers trust {path} --replace",
    ),
    "pkg.unknown_origin": (
        "Gói {path} đến từ máy chưa được tin cậy «{name}» ({installation}, dấu vân tay {fingerprint}), mà cơ sở dữ "
        "liệu này chỉ nhận gói của các máy đã biết. Gói bị từ chối. Để tin cậy máy này: ntm peers trust {path}",
        "{path} comes from an installation not trusted yet, «{name}» ({installation}, fingerprint {fingerprint}), and "
        "this database accepts packages from known installations only. It was refused. To trust it: ntm peers trust "
        "{path}",
    ),
    "pkg.revoked": (
        "Gói {path} đến từ máy «{name}» đã bị thu hồi tin cậy. Gói bị từ chối.",
        "{path} comes from «{name}», whose trust was revoked. It was refused.",
    ),
    "pkg.own": (
        "Gói {path} do chính máy này tạo (hoặc bởi một bản sao của cơ sở dữ liệu này); không nhập.",
        "{path} was made by this installation (or by a copy of this database); it is not imported.",
    ),
    "pkg.newer_format": (
        "Gói {path} được tạo bởi phiên bản mới hơn của chương trình (định dạng {found}, chương trình này đọc đến "
        "{supported}). Hãy cập nhật chương trình.",
        "{path} was made by a newer version of the program (format {found}; this program reads up to {supported}). "
        "Please update the program.",
    ),
    "pkg.unknown_entity": (
        "Gói {path} chứa loại dữ liệu mà chương trình này chưa biết ({names}). Hãy cập nhật chương trình.",
        "{path} holds kinds of data this program does not know ({names}). Please update the program.",
    ),
    "pkg.demo_into_real": (
        "Gói {path} được tạo từ dữ liệu mẫu (DEMO), số liệu không có thật: không nhập vào cơ sở dữ liệu thật."
        " Dữ liệu không thay đổi.",
        "{path} was made from the DEMO dataset (made-up figures): it is not imported into a real database."
        " Nothing changed.",
    ),
    "pkg.bad_manifest": (
        "Phần mô tả (manifest.json) của gói {path} không đúng: {detail}. Gói bị từ chối.",
        "The manifest (manifest.json) of {path} is malformed: {detail}. It was refused.",
    ),
    "pkg.bad_content": (
        "Nội dung gói {path} không đúng ở «{member}», dòng {row}: {detail}. Gói bị từ chối, dữ liệu không thay đổi.",
        "The content of {path} is wrong in «{member}», row {row}: {detail}. It was refused and nothing changed.",
    ),
    "pkg.missing_ref": (
        "Gói {path} cần {what} «{ref}» mà cơ sở dữ liệu này không có và gói không mang theo. Gói bị từ chối; hãy xin "
        "một gói đầy đủ (--full).",
        "{path} needs {what} «{ref}», which this database lacks and the package does not carry. It was refused; ask "
        "for a full package (--full).",
    ),
    "pkg.cannot_apply": (
        "Không áp dụng được gói {path}: {detail}. Dữ liệu không thay đổi.",
        "The package {path} could not be applied: {detail}. Nothing changed.",
    ),
    "pkg.cancelled": ("Đã hủy; dữ liệu không thay đổi.", "Cancelled; nothing changed."),
    "pkg.already": (
        "Gói {package} đã được nhập lúc {when}; không có gì thay đổi.",
        "The package {package} was already imported at {when}; nothing changed.",
    ),
    "ref.unit": ("đơn vị hành chính", "the administrative unit"),
    "ref.set": ("bộ tiêu chí", "the criteria set"),
    "ref.indicator": ("chỉ tiêu", "the indicator"),
    "ref.criterion": ("tiêu chí", "the criterion"),
    "ref.row": ("bản ghi", "the record"),
    # export
    "pkgexp.bad_name": (
        "Tên tệp «{name}» không dùng được trên USB (FAT32): {detail}.",
        "The file name «{name}» cannot be used on a USB stick (FAT32): {detail}.",
    ),
    "pkgexp.too_big": (
        "Gói sẽ vượt {limit} — quá lớn cho USB FAT32. Hãy thu hẹp phạm vi (--district/--commune).",
        "The package would exceed {limit}, too large for a FAT32 stick. Narrow the scope (--district/--commune).",
    ),
    "pkgexp.verify_failed": (
        "Đã ghi gói {path} nhưng đọc lại thấy lỗi: {detail}. Đừng dùng tệp này; hãy thử lại hoặc dùng USB khác.",
        "The package {path} was written but failed when read back: {detail}. Do not use it; try again or use another "
        "stick.",
    ),
    "pkgexp.stick_full": (
        "Không ghi được gói vào {path}: ổ đĩa hoặc USB đã đầy ({detail}). Không có tệp dở dang nào được để lại."
        " Hãy xóa bớt tệp trên USB hoặc dùng USB khác rồi xuất lại.",
        "Could not write the package to {path}: the disk or stick is full ({detail}). No half-written file was left."
        " Free some space on the stick or use another one, then export again.",
    ),
    "pkgexp.stick_gone": (
        "Không ghi được gói vào {path}: USB đã bị rút ra hoặc hỏng khi đang ghi ({detail}). Cơ sở dữ liệu không"
        " thay đổi. Hãy cắm lại USB và xuất lại.",
        "Could not write the package to {path}: the stick was removed or failed while writing ({detail}). The"
        " database is unchanged. Put the stick back and export again.",
    ),
    "pkgexp.write_failed": (
        "Không ghi được gói vào {path}: {detail}. Không có tệp dở dang nào được để lại.",
        "Could not write the package to {path}: {detail}. No half-written file was left.",
    ),
    "pkgexp.done": (
        "Đã ghi và kiểm tra lại gói {path} ({size}; {records} bản ghi, {history} dòng lịch sử). Có thể rút USB an "
        "toàn.",
        "Wrote and checked the package {path} ({size}; {records} records, {history} history rows). The stick is safe "
        "to remove.",
    ),
    "pkgexp.nothing_new": (
        "Không có thay đổi mới kể từ gói trước gửi {peer}; gói chỉ mang thông tin nhận dạng.",
        "Nothing changed since the last package sent to {peer}; the package carries identification only.",
    ),
    "pkgexp.anyone": ("bất kỳ máy nào", "anyone"),
    # import result
    "pkgimp.done": (
        "Đã nhập gói từ «{origin}»: mới {new}, cập nhật {updated}, xóa {deleted}, không đổi {unchanged}, xung đột "
        "{conflicts}.",
        "Imported the package from «{origin}»: {new} new, {updated} updated, {deleted} deleted, {unchanged} "
        "unchanged, {conflicts} conflicts.",
    ),
    "pkgimp.dry": (
        "Xem trước gói từ «{origin}» (chưa ghi gì): mới {new}, cập nhật {updated}, xóa {deleted}, không đổi "
        "{unchanged}, xung đột {conflicts}.",
        "Preview of the package from «{origin}» (nothing written): {new} new, {updated} updated, {deleted} deleted, "
        "{unchanged} unchanged, {conflicts} conflicts.",
    ),
    "pkgimp.conflicts_hint": (
        "Có {n} xung đột được giữ lại để xem xét: ntm conflicts list",
        "{n} conflicts were kept for review: ntm conflicts list",
    ),
    "pkgimp.first_use": (
        "Máy «{name}» (dấu vân tay {fingerprint}) được gặp lần đầu và đã được ghi nhận là tin cậy.",
        "«{name}» (fingerprint {fingerprint}) was seen for the first time and is now trusted.",
    ),
    "pkgimp.trust_known": ("máy đã biết", "known installation"),
    "pkgimp.trust_first": ("máy mới (sẽ được tin cậy khi nhập)", "new installation (trusted on import)"),
    "pkgimp.backup": ("Đã sao lưu trước khi nhập: {path}", "Backed up before the import: {path}"),
    # peers
    "peer.unknown": ("Không có máy nào khớp «{ref}».", "No known installation matches «{ref}»."),
    "peer.ambiguous": ("«{ref}» khớp nhiều máy: {names}.", "«{ref}» matches several installations: {names}."),
    "peer.bad_key": (
        "Khóa công khai «{value}» không hợp lệ (cần 32 byte Ed25519, base64).",
        "The public key «{value}» is not valid (32-byte Ed25519, base64).",
    ),
    "peer.trusted": (
        "Đã tin cậy máy «{name}» (dấu vân tay {fingerprint}).",
        "Trusted «{name}» (fingerprint {fingerprint}).",
    ),
    "peer.revoked": ("Đã thu hồi tin cậy máy «{name}».", "Revoked trust in «{name}»."),
    "peer.key_differs": (
        "Máy «{name}» đã được ghi nhận với khóa khác (dấu vân tay {known}). Chỉ thay khóa khi đã xác nhận máy đó được "
        "cài lại: thêm --replace.",
        "«{name}» is remembered with another key (fingerprint {known}). Replace it only once you have confirmed it "
        "was reinstalled: add --replace.",
    ),
    "peer.self": ("Đây là chính máy này.", "That is this installation itself."),
    "peer.mode_known": ("Chỉ nhận gói từ các máy đã biết.", "Packages are accepted from known installations only."),
    "peer.mode_tofu": (
        "Nhận gói từ máy mới và ghi nhận khóa của máy đó ở lần đầu (tin cậy lần đầu).",
        "Packages from a new installation are accepted and its key remembered (trust on first use).",
    ),
    "peer.status.trusted": ("tin cậy", "trusted"),
    "peer.status.revoked": ("đã thu hồi", "revoked"),
    "peer.how.first_use": ("lần đầu gặp", "first use"),
    "peer.how.manual": ("xác nhận thủ công", "confirmed by hand"),
    "peer.renamed": ("Tên máy này: «{name}».", "This installation's name: «{name}»."),
    "peer.bad_name": ("Tên máy không được để trống.", "The installation name cannot be empty."),
    # conflicts
    "conf.unknown": ("Không có xung đột số {id}.", "There is no conflict number {id}."),
    "conf.done_already": ("Xung đột số {id} đã được giải quyết.", "Conflict {id} is resolved already."),
    "conf.resolved_kept": (
        "Đã giữ giá trị hiện tại cho xung đột số {id}.",
        "Kept the current value for conflict {id}.",
    ),
    "conf.resolved_other": ("Đã chọn giá trị kia cho xung đột số {id}.", "Chose the other value for conflict {id}."),
    "conf.none": ("Không có xung đột nào.", "No conflicts."),
    "conf.deleted": ("(đã xóa)", "(deleted)"),
    "conf.open": ("chưa xử lý", "open"),
    "conf.res.kept": ("giữ giá trị hiện tại", "kept current"),
    "conf.res.other": ("chọn giá trị kia", "chose other"),
    "conf.res.superseded": ("đã có giá trị mới hơn", "superseded"),
    # scope labels
    "scope.all": ("toàn bộ", "everything"),
    "scope.district": ("huyện {name}", "district {name}"),
    "scope.communes": ("{n} xã: {names}", "{n} communes: {names}"),
    "kind.full": ("đầy đủ", "full"),
    "kind.changes": ("thay đổi", "changes"),
    "dir.sent": ("gửi", "sent"),
    "dir.received": ("nhận", "received"),
    "what.unit": ("Đơn vị", "Unit"),
    "what.unit_event": ("Lịch sử đơn vị", "Unit history"),
    "what.criteria_set": ("Bộ tiêu chí", "Criteria set"),
    "what.indicator_value": ("Giá trị chỉ tiêu", "Indicator value"),
    "what.criterion_result": ("Kết quả tiêu chí", "Criterion result"),
}
