"""twinning."""
