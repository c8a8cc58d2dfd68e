"""Assessment tests (ntm_desktop/assessments/): values and statuses written through the
service functions into the root conftest's ``test_store`` (the Kon Tum units and the small
test criteria set), undone and redone through the change log; no mocks."""
