"""The ``fazhi`` console command: every Django management command, plus fazhi's own.

fazhi migrate | fazhi demo | fazhi serve | fazhi worker | fazhi import enterprises FILE.xlsx
fazhi ledger verify | fazhi shell | fazhi check | …
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
