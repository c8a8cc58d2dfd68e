"""Twinning core tests: each starts from the root ``test_store`` fixture (the Kon Tum units,
where Đăk Long is a commune of both Đăk Hà and Đăk Glei, and the small test criteria set)
and builds its agencies and twinnings through the public API, ``ntm_desktop.twinning``."""
