"""The Báo cáo tab and File → Thiết lập (the report header and signature)."""
