"""The Đồng bộ (USB) tab and the File-menu actions of sync packages: export, import, conflicts,
peers. The import dialog asks for the conflicts screen with a signal that actions.py routes."""
