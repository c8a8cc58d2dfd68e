"""Excel tests (ntm_desktop/excel/): real .xlsx files written with openpyxl into tmp_path
(and the samples in tests/data/samples/), read back through the same doors the program
uses, legacy TCVN3/VNI text included; the root conftest's stores are the databases. No
mocks."""
