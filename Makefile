# Everything runs inside .venv/, created from the hash-pinned lock files on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Dates in the built site come from the last commit, so two builds of one commit are identical.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: setup serve build test check lint lock clean anchors release verify-release bench vega-bundle

setup: $(STAMP)

$(STAMP): requirements.lock requirements-build.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-build.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	touch $(STAMP)

serve: setup
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The site check reads only the output, so it still holds if the build hook is ever left out of mkdocs.yml.
build: setup
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m myositis_evidence check-site site

check: setup
	$(BIN)/python -m myositis_evidence check

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/zizmor --offline --persona=pedantic --quiet .github/workflows .github/dependabot.yml

test: setup
	$(BIN)/python -m myositis_evidence check
	$(BIN)/python -m pytest

# Record the pages and anchors of this build as published (run before tagging a release; commit the result).
anchors: build
	$(BIN)/python -m myositis_evidence anchors site --update

# Publish the tagged commit as VERSION (e.g. make release VERSION=1.0); PUSH=1 pushes gh-pages. Needs SITE_URL
# (the published address) and a clean tree; refuses a version already on the local or the remote gh-pages.
release: setup
	$(BIN)/python -m myositis_evidence release $(VERSION) $(if $(PUSH),--push)

# Check a published VERSION on origin's gh-pages: its files against its manifest, its zip, latest, the root.
verify-release: setup
	$(BIN)/python -m myositis_evidence verify-release $(VERSION)

# The benchmark (several minutes): writes bench/RESULTS.md. Lighthouse comes from bench/package-lock.json.
bench: setup
	npm ci --prefix bench --no-audit --no-fund
	cd bench && ../$(BIN)/python run.py

# Make the vendored Vega bundle again after upgrading vl-convert-python (commit the result).
vega-bundle: setup
	$(BIN)/python -m myositis_evidence.charts.vega_bundle

# Regenerate the lock files after changing dependencies in pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile requirements-build.in --generate-hashes --python-version 3.11 -o requirements-build.lock

clean:
	rm -rf site .cache .pytest_cache
