"""The PySide6 window of NTM Desktop. Everything it changes goes through ntm_desktop."""
