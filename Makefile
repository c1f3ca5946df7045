# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast lint bench clean chromium office fonts

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-dev
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@

run: $(VENV)/.installed fonts
	$(VENV)/bin/chainrule serve --host $(HOST) --port $(PORT)

# Browser tests need Debian's chromium, and fonts-noto-cjk so Hangul renders; install them when
# missing (root only, as on CI).
chromium:
	@{ command -v chromium && dpkg -s fonts-noto-cjk; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "missing: sudo apt-get install chromium fonts-noto-cjk (browser tests need them)"; fi; }

# The slides' PDFs embed DejaVu and Nanum fonts, and their tests read PDFs back with poppler's
# pdftotext: small packages every run and test needs; installed when missing (root only).
fonts:
	@{ command -v pdftotext && dpkg -s fonts-nanum fonts-dejavu-core; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq poppler-utils fonts-nanum \
	      fonts-dejavu-core >/dev/null; \
	  else echo "missing: sudo apt-get install poppler-utils fonts-nanum fonts-dejavu-core" \
	    "(the slides' PDFs need them)"; fi; }

# Slides need fonts to embed in their PDFs (DejaVu, Nanum) and their tests LibreOffice Impress and
# poppler's pdftotext, to read the decks back as lecturers' programs do; installed when missing
# (root only, as on CI).
office:
	@{ command -v soffice && command -v pdftotext && dpkg -s fonts-noto-cjk fonts-nanum \
	    fonts-dejavu-core; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq libreoffice-impress poppler-utils \
	      fonts-noto-cjk fonts-nanum fonts-dejavu-core >/dev/null; \
	  else echo "missing: sudo apt-get install libreoffice-impress poppler-utils fonts-noto-cjk" \
	    "fonts-nanum fonts-dejavu-core (slides' tests need them)"; fi; }

# Every test; the browser tests share the two cores through pytest-xdist (one server and one
# chromium per worker).
test: $(VENV)/.installed-dev chromium office
	$(PY) -m pytest -n 2

# Everything but the browser and LibreOffice: the engine, the language, the API and the server,
# in a few minutes.
test-fast: $(VENV)/.installed-dev fonts
	$(PY) -m pytest -n 2 -m "not browser and not office"

# mypy finds `chainrule` through a link to the checkout (the editable install's import hook is
# invisible to it; pyproject.toml's mypy_path names the link's folder).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check __init__.py engine app tests bench
	mkdir -p $(VENV)/mypy && ln -sfn $(CURDIR) $(VENV)/mypy/chainrule
	$(VENV)/bin/mypy

bench: $(VENV)/.installed-bench chromium
	$(PY) bench/engine_bench.py
	$(PY) bench/layout_bench.py
	$(PY) bench/load_bench.py
	$(PY) bench/train_bench.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
