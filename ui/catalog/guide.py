"""Texts of the in-program user guide (F1): key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ui/help/dialog.py (the pages themselves are resources/help/vi/*.html and en/*.html)
    "help.title": ("Hướng dẫn sử dụng", "User guide"),
    "help.contents": ("Mục lục", "Contents"),
    # ui/main_window.py
    "act.guide": ("&Hướng dẫn sử dụng", "User &guide"),
}
