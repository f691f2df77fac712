# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help run test lint check schema bench clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# vietnamadminunits is data only (scripts/make_reference.py reads its files): its runtime deps (shapely, geopy)
# are not needed, hence --no-deps; pinned exactly so that the reference files regenerate byte for byte.
$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps vietnamadminunits==1.0.4
	touch $(STAMP)

run: $(STAMP) ## Set up, validate the bundled plans, run the main job (gap for Quảng Ngãi) and write its report
	$(BIN)/ytcs validate plans
	$(BIN)/ytcs plans
	$(BIN)/ytcs gap quang-ngai-2024-ct37 --data data/quang-ngai
	@mkdir -p out
	$(BIN)/ytcs report quang-ngai-2024-ct37 --data data/quang-ngai -o out/report.html
	@echo "Báo cáo / report: $(CURDIR)/out/report.html"

test: check ## Set up, run every static check, and the whole test suite
	$(BIN)/pytest -n 2 --durations=10

check: $(STAMP) ## Static checks only: lint and format, types, the layers' import contracts
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

lint: check ## The same as check

schema: $(STAMP) ## Regenerate the committed JSON Schemas of plan and catalog files
	$(BIN)/ytcs schema -o schema

bench: $(STAMP) ## ytcs against a DuckDB query on a national file, scaling, and where the time goes
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_compute.py

clean: ## Remove the environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist src/*.egg-info
