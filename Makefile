# fazhi: two commands do all set-up on a fresh machine with Python >= 3.11 and make.
#   make demo   install, migrate, load the demo county, serve on 127.0.0.1:8000
#   make test   install, then ruff, mypy, import-linter and pytest on SQLite (with branch coverage) and
#               PostgreSQL, and again on SQLite at a second, awkward instant
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# PostgreSQL for the second test run: FAZHI_TEST_POSTGRES=URL (or 1 for the local default).
PG_URL_DEFAULT := postgres://postgres@127.0.0.1:5432/test

# The second instant (issue 12): a UTC evening when Beijing is already on 1 January of a year the
# bundled holiday data does not know. Every test runs at a frozen instant (tests/conftest.py).
SECOND_INSTANT := 2027-12-31T17:30:00Z

.PHONY: install demo serve test lint test-sqlite test-postgres test-instant bench messages clean

$(UV):
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 或更高版本 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(UV)
	$(UV) sync --locked --quiet

demo: install
	$(BIN)/fazhi migrate --no-input -v0
	$(BIN)/fazhi demo
	@echo "打开 http://127.0.0.1:8000/ 并用上面的演示账号登录"
	$(BIN)/fazhi serve

serve: install
	$(BIN)/fazhi migrate --no-input -v0
	$(BIN)/fazhi serve

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/bandit -q -c pyproject.toml -r src
	$(BIN)/mypy
	$(BIN)/lint-imports
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/fazhi makemigrations --check --dry-run -v0
	$(BIN)/python scripts/check_messages.py
	$(BIN)/python scripts/check_tracked.py

test-sqlite: install
	rm -f .coverage .coverage.*
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/pytest -q -n 2 --dist loadfile --cov=fazhi --cov-branch --cov-report=term:skip-covered
	$(BIN)/python scripts/check_coverage.py

test-instant: install
	@echo "第二个时刻: FAZHI_TEST_NOW=$(SECOND_INSTANT) (SQLite)"
	FAZHI_TEST_NOW=$(SECOND_INSTANT) FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/pytest -q -n 2 --dist loadfile -m "not browser"

test-postgres: install
	@url="$${FAZHI_TEST_POSTGRES:-}"; [ "$$url" = "1" ] || [ -z "$$url" ] && url="$(PG_URL_DEFAULT)"; \
	if [ -z "$${FAZHI_TEST_POSTGRES:-}" ] && ! $(BIN)/python scripts/pg_ready.py "$$url"; then \
	  echo "PostgreSQL 不可用 ($$url): 跳过 PostgreSQL 测试 (设置 FAZHI_TEST_POSTGRES 可强制运行)"; exit 0; fi; \
	FAZHI_VAR_DIR=$$(mktemp -d) FAZHI_CONN_MAX_AGE=0 FAZHI_DATABASE_URL="$$url" $(BIN)/pytest -q -n 2 --dist loadfile

test: lint test-sqlite test-postgres test-instant

bench: install
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/run.py
	$(BIN)/python bench/coordination.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/coordination_run.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/checkin.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/supervision.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/cases.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/training.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/disputes.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/decisions.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/publicity.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/people.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/reports.py
	FAZHI_VAR_DIR=$$(mktemp -d) $(BIN)/python bench/report_county.py

messages: install
	cd src/fazhi && ../../$(BIN)/fazhi makemessages -l zh_Hans --no-obsolete --no-location && ../../$(BIN)/fazhi compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) $(TOOLS) var
