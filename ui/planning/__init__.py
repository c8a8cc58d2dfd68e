"""The Kế hoạch menu: targets, funding and the reporting cycle in the window."""
