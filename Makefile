# Atelier: the two commands a newcomer needs are `make run` and `make test`.

# What building and running needs; tests also need a PostgreSQL server, openssl, venv.
RUN_PACKAGES := libwebsockets-dev libwebsockets-evlib-ev libev-dev libsqlite3-dev libqrencode-dev pkg-config
TEST_PACKAGES := $(RUN_PACKAGES) openssl python3-venv postgresql chromium zbar-tools fonts-dejavu-core tzdata
VENV := .venv
PYTHON := $(VENV)/bin/python
DATA_DIR ?= ./data
PORT ?= 8080
HOST ?= 127.0.0.1

.PHONY: run test deps deps-run build release venv unit e2e autobahn bench bench-json bench-restart bench-tally bench-replay format clean

## run: install what is missing, build in release, start on http://127.0.0.1:8080 (data in ./data)
run: deps-run release
	.build/release/atelier serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR)

## test: every test: Swift unit tests, then end-to-end and conformance tests on a real server
##       (PostgreSQL store tests on a throwaway cluster, stopped afterwards even on failure)
test: deps venv
	swift build --build-tests
	@cluster=$$(mktemp -d); \
	trap 'scripts/postgres-test-cluster.sh stop "$$cluster"' EXIT; \
	trap 'exit 130' INT TERM; \
	ATELIER_TEST_POSTGRES_URL=$$(scripts/postgres-test-cluster.sh start "$$cluster") || exit 1; \
	export ATELIER_TEST_POSTGRES_URL; \
	echo "PostgreSQL test cluster: $$ATELIER_TEST_POSTGRES_URL"; \
	swift test --skip-build && \
	$(PYTHON) -m pytest -c Tests/e2e/pytest.ini Tests/e2e

## deps: the system packages Atelier needs (installed with apt-get when possible)
deps:
	@scripts/ensure-system-packages.sh $(TEST_PACKAGES)

deps-run:
	@scripts/ensure-system-packages.sh $(RUN_PACKAGES)

build:
	swift build

release:
	swift build -c release

## venv: the Python environment for end-to-end tests and benchmarks
venv: $(VENV)/.installed

$(VENV)/.installed: Tests/e2e/requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r Tests/e2e/requirements.txt
	touch $@

unit:
	swift test

e2e: deps venv build
	$(PYTHON) -m pytest -c Tests/e2e/pytest.ini Tests/e2e -m "not autobahn"

autobahn: deps venv build
	$(PYTHON) -m pytest -c Tests/e2e/pytest.ini Tests/e2e -m autobahn

## bench: the fan-out benchmark (release build), results in BENCHMARKS.md and bench/results/
bench: deps venv release
	$(PYTHON) bench/fanout.py

## bench-json: AtelierJSON against Foundation's coders; bench-restart: a start with 1,000 sessions
bench-json: venv
	$(PYTHON) bench/json_codec.py

bench-restart: deps venv release
	$(PYTHON) bench/restart.py

## bench-tally: the vote counts (10,000 ballots over 10 options) against a Python peer
bench-tally: venv
	$(PYTHON) bench/tally.py

## bench-replay: the view at any moment of a 100,000-event session, against folding from the start
bench-replay: venv
	$(PYTHON) bench/replay.py

clean:
	rm -rf .build $(VENV)
