"""Twinning (kết nghĩa): agencies, assignments over time, contributions (issue 4)."""

from __future__ import annotations
