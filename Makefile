# optim_viz: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench bench-browser bench-sweep lint docker-smoke loadtest sticky-demo clean

$(VENV)/.run-deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt $(VENV)/.run-deps
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

## run: create .venv, install, serve the app on http://localhost:$(PORT)
run: $(VENV)/.run-deps
	$(PY) -m streamlit run app.py --server.port=$(PORT) --server.headless=true --browser.gatherUsageStats=false

## test: lint, then every test (engine, CLI, AppTest, real browser)
test: $(VENV)/.dev-deps
	$(PY) -m ruff check .
	$(VENV)/bin/hadolint --failure-threshold warning Dockerfile
	$(PY) -m pytest

## bench: engine, app and export benchmarks (ratios against peers measured in the same run)
bench: $(VENV)/.dev-deps bench-sweep bench-browser
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_playground.py
	$(PY) benchmarks/bench_export.py

## bench-sweep: the map's 100 × 100 × 500-step sweep against the same loop in C (needs cc)
bench-sweep: $(VENV)/.dev-deps
	$(PY) benchmarks/bench_sweep_c.py

## bench-browser: key press → redraw on every page against a trivial Streamlit app, first load, live dragging (Chromium)
bench-browser: $(VENV)/.dev-deps
	$(PY) benchmarks/bench_browser.py

lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .
	$(VENV)/bin/hadolint --failure-threshold warning Dockerfile

## docker-smoke: build the image with a real engine, run it, wait until healthy, load the page
docker-smoke:
	bash scripts/docker_smoke.sh

## loadtest: 20 real browser sessions on one local server for a minute; writes docs/loadtest.md (not in `make test`)
loadtest: $(VENV)/.dev-deps
	$(PY) loadtest/run_loadtest.py

## sticky-demo: two replicas behind Debian's nginx with cookie stickiness, load-tested through nginx (deploy/)
sticky-demo: $(VENV)/.dev-deps
	PY=$(PY) bash deploy/run_sticky_demo.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
