"""Plausibility checks: values a person should look at again (ranges, jumps from the previous period, sums), as warnings, never refusals."""
