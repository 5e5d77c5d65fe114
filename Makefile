# Two commands on a fresh machine: `make run` (the main job) and `make test` (the whole suite).
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test test-all test-slow lint unit integration kafka-jars prometheus bench bench-2 schemas clean

run: $(STAMP) kafka-jars            ## local Kafka broker + worker + sample feed + live throughput (Ctrl-C stops)
	$(BIN)/streams dev

test: $(STAMP) kafka-jars prometheus lint  ## the whole test suite (what CI runs)
	$(BIN)/pytest

test-slow: $(STAMP) kafka-jars      ## long crash/soak runs
	$(BIN)/pytest -m slow

lint: $(STAMP)
	$(BIN)/ruff check streams tests scripts bench deploy
	$(BIN)/mypy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

kafka-jars: $(STAMP)                ## resolve the pinned Apache Kafka broker jars with Maven (cached in .cache/)
	$(BIN)/python -c "from streams.kafka_local import resolve_jars; print(resolve_jars())"

prometheus:                         ## promtool and the Prometheus server, from Debian's package (for ops tests)
	@command -v promtool >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null) || echo "could not install prometheus"; \
	  else echo "promtool missing: sudo apt-get install prometheus (ops tests need it)"; fi; }

bench: $(STAMP) kafka-jars          ## benchmark on the real broker: 1 and 2 worker processes
	$(BIN)/python -m bench.run --workers 1 2

schemas: $(STAMP)                   ## regenerate the published JSON Schemas
	$(BIN)/streams schemas --output streams/schemas

clean:
	rm -rf $(VENV) .cache var .pytest_cache .mypy_cache .ruff_cache
