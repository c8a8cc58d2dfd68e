"""Texts of the DHIS2 export dialog: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "act.export_dhis2": ("Xuất sang &DHIS2…", "Export to &DHIS2…"),
}
