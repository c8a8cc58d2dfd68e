"""Report tests (ntm_desktop/reports/): PDFs and workbooks rendered from a real database and
read back with pdftotext, pdffonts and openpyxl. The shared report database and the PDF
helpers live in ``test_data.py``, which the root conftest loads as a plugin
(``pytest_plugins``) because tests/ui uses the same database."""
