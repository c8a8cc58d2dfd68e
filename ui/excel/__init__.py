"""The window's Excel screens: File → Nhập biểu (legacy table) and Nhập phiếu (commune template)."""
