"""The coordination solver (综合查一次): plain data in, plain data out.

Pure Python by contract: nothing here may import Django or another fazhi app (import-linter
enforces it in CI). The solver itself arrives with the coordination issue.
"""
