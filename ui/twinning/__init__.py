"""The Kết nghĩa tab: twinnings, the commune card, contributions, and their dialogs."""
