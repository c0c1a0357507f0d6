# Two commands: `make run` installs everything and serves the bundled corpus; `make test` runs the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: install install-test debian-readers run test test-fast bench vectors clean

# Readers' Debian programs: Tesseract with its Vietnamese model (OCR of scans), antiword and catdoc
# (old Word .doc). Checked on every install, installed only when one is missing.
DEBIAN_READERS := tesseract-ocr tesseract-ocr-vie antiword catdoc

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

debian-readers:
	@(command -v antiword && command -v catdoc && tesseract --list-langs 2>/dev/null | grep -qx vie) >/dev/null 2>&1 \
		|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_READERS))

install: $(STAMP) debian-readers

# Test extras: the sentence-transformers backend needs torch; pin the CPU wheel that lies on disk here
# (an unpinned torch pulls a multi-GB CUDA build).
$(VENV)/.installed-test: $(STAMP)
	@# Browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver)
	@# The remote-store tests start Virtuoso Open-Source themselves (tests/virtuoso.py): its server and SQL
	@# shell only (virtuoso-t, isql-vt), no system service.
	command -v virtuoso-t >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin)
	$(PIP) install -q "torch==2.13.0"
	$(PIP) install -q -e ".[test,st]"
	touch $@

install-test: $(VENV)/.installed-test debian-readers

run: install
	$(VENV)/bin/cancu serve

test: install-test
	$(PY) -m pytest -n 2 --dist loadgroup

test-fast: install-test
	$(PY) -m pytest -m "not slow"

bench: install
	$(PY) benchmarks/bench_parse.py

# Re-encode the bundled corpus and ship its vectors (search/bundled/), after changes to parsing or passages.
vectors: install
	$(PY) -m search.seed export --corpus corpus

clean:
	rm -rf data build *.egg-info
