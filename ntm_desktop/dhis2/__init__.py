"""Export of a period's results as a DHIS2 data value set (issue 21 part 6; CONTRACT §1 ``export-dhis2``)."""
