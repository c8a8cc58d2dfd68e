"""The criteria menu: sets imported from and exported to the decisions' appendix workbooks, and edited."""
