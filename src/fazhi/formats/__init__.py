"""One date and time format on every page (issue 24): 2026-12-07 and 2026-12-07 14:30, as the
to-do lists, the tables and the forms' date fields already write them. Official documents keep
their own Chinese dates (cases.services.doc_context.cn_date)."""
