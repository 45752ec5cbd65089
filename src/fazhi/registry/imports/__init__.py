"""Excel import and export of the registers (openpyxl).

Default is all-or-nothing: every bad row and column is reported and nothing is written. With
``partial`` the valid rows are written and the bad ones come back in an error workbook.
Re-importing the same file changes nothing: rows are matched on their natural key.
"""

from fazhi.registry.imports.base import ImportReport, RowError, read_rows, template_workbook
from fazhi.registry.imports.kinds import IMPORTERS, get_importer, run_import

__all__ = [
    "IMPORTERS",
    "ImportReport",
    "RowError",
    "get_importer",
    "read_rows",
    "run_import",
    "template_workbook",
]
