"""Exit 0 when the PostgreSQL server named by the URL answers; used by `make test`."""

import sys

import psycopg

try:
    with psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3):
        pass
except psycopg.Error:
    sys.exit(1)
