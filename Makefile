# decade-report — two commands: `make report` and `make test`.
SHELL := /bin/bash
VENV := .venv
STAMP := $(VENV)/.setup-done

.PHONY: report test setup lint clean

report: $(STAMP)
	$(VENV)/bin/decade-report build report --out build

test: $(STAMP)
	$(VENV)/bin/pytest

setup: $(STAMP)

$(STAMP): pyproject.toml uv.lock scripts/setup.sh
	scripts/setup.sh
	@touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

clean:
	rm -rf build .venv
