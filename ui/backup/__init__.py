"""The window's backup screens: File → Khôi phục (restore from a backup)."""
