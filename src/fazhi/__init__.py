"""fazhi (法治): the county rule-of-law platform."""
