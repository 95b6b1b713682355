# Everything runs inside .venv/, created from the hash-pinned lock files on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve build test check lint lock clean

setup: $(STAMP)

$(STAMP): requirements.lock requirements-build.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-build.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	touch $(STAMP)

serve: setup
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict

check: setup
	$(BIN)/python -m myositis_evidence check

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

test: setup
	$(BIN)/python -m myositis_evidence check
	$(BIN)/python -m pytest

# Regenerate the lock files after changing dependencies in pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile requirements-build.in --generate-hashes --python-version 3.11 -o requirements-build.lock

clean:
	rm -rf site .cache .pytest_cache
