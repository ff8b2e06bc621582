# Practice Companion: `make run` serves the assistant, `make test` checks everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# pyenv picks 3.10 through .python-version; otherwise any python3.10 on the PATH.
PYTHON310 ?= $(shell (pyenv which python3.10 2>/dev/null || command -v python3.10) 2>/dev/null)

export COUNCIL ?= haringey
AUDIT_STRICT ?= 0
export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export ACTIONS_HOST ?= 127.0.0.1
export ACTION_SERVER_SECRET ?= dev-only-action-secret
export TRACKER_DB ?= $(CURDIR)/var/tracker.db
export RASA_CACHE_DIRECTORY ?= $(CURDIR)/.rasa/cache
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_DETERMINISTIC_OPS := 1
export TF_INTER_OP_PARALLELISM_THREADS ?= 1
export TF_INTRA_OP_PARALLELISM_THREADS ?= 2
export PYTHONHASHSEED := 0
export SANIC_REGISTER := False

.PHONY: help install run chat train check checks lint typecheck audit validate postgres redis chromium unit stories e2e with-model test bench teams-package clean

help:
	@echo "make run    install, train if needed, serve on :$(RASA_PORT) (REST) and :$(ACTIONS_PORT) (actions)"
	@echo "make chat   talk to the running assistant in this terminal"
	@echo "make test   install, validate, train, run every test"
	@echo "make bench  benchmarks against a stock Rasa assistant (see bench/README.md)"
	@echo "make teams-package  the Teams app zip in dist/ (needs TEAMS_APP_ID)"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then echo "Python 3.10 not found: install it (e.g. 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10"; exit 2; fi
	@echo "[practice] creating $(VENV) with $(PYTHON310)"
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip 'setuptools==70.3.0' wheel
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

check: install
	@$(PY) -m bot config check

train: install
	@$(PY) -m bot train

run: install
	@mkdir -p var
	@$(PY) -m bot run

chat: install
	@$(PY) -m bot chat --url http://localhost:$(RASA_PORT)/webhooks/rest/webhook --sender $${SENDER:-demo-worker}

lint: install
	$(VENV)/bin/ruff check bot actions components tests bench teams
	$(VENV)/bin/ruff format --check bot actions components tests bench teams

typecheck: install
	$(VENV)/bin/mypy bot actions components teams

# Known vulnerabilities in every package installed in $(VENV), from PyPI's advisory data (or OSV's:
# PIP_AUDIT_VULNERABILITY_SERVICE=osv make audit). Each accepted one is in pip-audit-allow.txt with why.
# pip-audit has a venv of its own: it needs packaging>=23 and CacheControl>=0.13, Rasa 3.6 pins both
# lower. A finding fails the audit. When the advisory service cannot be reached at all (as on the CI
# machines, whose registry mirror has no per-release advisories), nothing is checked: `make test` says so
# loudly and carries on; AUDIT_STRICT=1 makes that a failure.
audit: install
	@$(VENV)/audit-tool/bin/pip-audit --version 2>/dev/null | grep -q '^pip-audit 2\.10\.' || \
		{ $(PY) -m venv --clear $(VENV)/audit-tool && $(VENV)/audit-tool/bin/pip install --quiet 'pip-audit>=2.10,<2.11'; }
	@set -o pipefail; PIPAPI_PYTHON_LOCATION=$(PY) $(VENV)/audit-tool/bin/pip-audit --progress-spinner off --skip-editable \
		$$(sed -e 's/#.*//' pip-audit-allow.txt | awk -F'|' 'NF > 1 {gsub(/[ \t]/, "", $$1); print "--ignore-vuln", $$1}') \
		| tee $(VENV)/audit-tool/report.txt
	@if grep -q 'could not be audited' $(VENV)/audit-tool/report.txt; then \
		if [ "$(AUDIT_STRICT)" = 1 ]; then echo "[practice] audit FAILED: the packages above could not be checked" \
			"(is the vulnerability service reachable?)" >&2; exit 1; \
		else echo "[practice] WARNING: audit NOT RUN: the advisory service could not be reached, so nothing was" \
			"checked. Run 'make audit AUDIT_STRICT=1' where PyPI's advisories or OSV answer." >&2; fi; fi

validate: install
	$(PY) -m bot config check
	$(PY) -m rasa data validate --domain domain.yml --data data --config config.yml --fail-on-warnings

# The migration and decision-log tests run on a real PostgreSQL too: install it when it is missing.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "[practice] installing PostgreSQL (Debian package postgresql)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "PostgreSQL is needed for the tests: install the Debian package postgresql (as root)"; exit 2; fi

# The lock store for several Rasa replicas is tested on a real Redis: install Debian's when it is missing.
redis:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "[practice] installing Redis (Debian package redis-server)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	else echo "Redis is needed for the tests: install the Debian package redis-server (as root)"; exit 2; fi

# The dashboard's browser test drives a real headless Chromium: install Debian's when it is missing.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "[practice] installing Chromium (Debian packages chromium and chromium-driver)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "Chromium is needed for the dashboard's browser test: install the Debian packages chromium and chromium-driver (as root)"; exit 2; fi

unit: install postgres chromium redis
	$(VENV)/bin/pytest tests/unit tests/integration

checks: lint typecheck validate unit

stories: train
	$(PY) -m rasa test core --model "$$($(PY) -m bot model-path)" --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out results/core

e2e: train
	$(VENV)/bin/pytest tests/e2e

# Two jobs on two cores: training and then the stories and end-to-end tests that need its model, beside the
# static checks and the unit and integration tests (training first, as it is the longer chain); the dependency
# audit last.
test: install
	@$(MAKE) --no-print-directory -j2 with-model checks
	@$(MAKE) --no-print-directory audit
	@echo "[practice] all checks passed"

with-model: train
	@$(MAKE) --no-print-directory stories e2e

bench: train
	$(PY) bench/run.py
	$(PY) bench/channels.py

# The Teams app package: teams/manifest.json with TEAMS_APP_ID filled in, and the icons, zipped.
teams-package: install
	$(PY) -m teams.package

clean:
	rm -rf var models results .rasa .mypy_cache .ruff_cache .pytest_cache
