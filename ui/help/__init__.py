"""F1: the user guide of the current tab, offline (issue 20 part 9)."""
