"""Reports as editable Word documents (.docx), in the Decree 30 layout of the PDF (issue 21 part 8)."""
