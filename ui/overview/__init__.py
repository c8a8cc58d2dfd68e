"""The Tổng quan tab: every commune × every criterion of the set in force, at a glance."""
