# decade-report — two commands: `make report` and `make test`.
SHELL := /bin/bash
VENV := .venv
STAMP := $(VENV)/.setup-done
TEST_STAMP := $(VENV)/.test-setup-done

.PHONY: report test check pages setup lint clean bench

# Python keeps compiled modules (__pycache__/, ignored by git and by the build's fingerprint) even
# where the environment says not to: without them every test worker and every layout child
# compiles the whole package again (measured: collection 8.9 CPU-s instead of 2.8)
unexport PYTHONDONTWRITEBYTECODE

# every report of the sample: build/ (report.toml, the anniversary report), build/annual-2018/
report: $(STAMP)
	$(VENV)/bin/decade-report build report --out build

# the whole suite, on every core (pytest-xdist; a test file's tests stay on one worker, so its
# module fixtures are made once, and the session builds of the sample are shared by the workers)
PYTEST := $(VENV)/bin/pytest -n auto --dist loadfile

# (the slowest tests listed at the end: where the suite's time goes)
test: $(STAMP) $(TEST_STAMP)
	$(PYTEST) --durations=30

# the fast lane for everyday work: everything but the tests marked slow (those that build or
# lay out the whole sample, fuzz it, or time a build)
check: $(STAMP) $(TEST_STAMP)
	$(PYTEST) -m "not slow"

# contact sheets of the built sample, every page in spreads, for a review by eye
pages: $(STAMP)
	@test -f build/apsco-decade-report-screen.pdf || $(MAKE) report
	$(VENV)/bin/decade-report pages build/apsco-decade-report-screen.pdf
	$(VENV)/bin/decade-report pages build/apsco-decade-report-print.pdf

# the authoring loop timed (issue 14): the sample and a large synthetic project, appended to
# benchmarks/RESULTS.md; slow (tens of minutes for the large project), never part of `make test`
bench: $(STAMP) $(TEST_STAMP)
	$(VENV)/bin/python benchmarks/bench.py

setup: $(STAMP)

$(STAMP): pyproject.toml uv.lock scripts/setup.sh
	scripts/setup.sh
	@touch $@

# what only the tests need (a browser and axe-core for the web edition), not `make report`
$(TEST_STAMP): $(STAMP) scripts/setup.sh tests/web/package-lock.json
	scripts/setup.sh --test
	@touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

clean:
	rm -rf build .venv
