"""Criteria sets read from and written to the layout of the decisions' appendices (CONTRACT §7)."""
