# Every target that runs Python first makes sure .venv is installed and up to date.
# Set FASHION_MNIST_DIR to use a local copy of the dataset, VAELIB_PROFILE=quick for a short run.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.stamp
PROFILE ?= full

.PHONY: help venv lock data report test check format portability train evaluate reference student present slides site bench sync readme clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# JupyterLab reads jupyter/overrides.json from the venv: a classroom is not asked about Jupyter news on opening.
$(STAMP): pyproject.toml constraints.txt jupyter/overrides.json
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -c constraints.txt -e '.[dev]'
	install -D -m 644 jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

venv: $(STAMP) ## create .venv, or refresh it when pyproject.toml or constraints.txt changed

# The venv matches the lock it was just frozen into, so the stamp is renewed after constraints.txt.
lock: $(STAMP) ## rewrite constraints.txt from .venv (pip freeze of every package but vaelib itself)
	{ echo "# The lock: exact versions of every package in the tested environment, vaelib itself excluded."; \
	  echo "# Made by \`make lock\`: .venv/bin/pip freeze --exclude-editable, on $$($(PYTHON) -c 'import platform; print("Python", platform.python_version(), platform.system(), platform.machine())')."; \
	  echo "# Install with: .venv/bin/pip install -c constraints.txt -e '.[dev]'  (make does this)."; \
	  $(VENV)/bin/pip freeze --exclude-editable; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt
	touch $(STAMP)

data: $(STAMP) ## load and verify Fashion-MNIST (downloaded when missing) and print a summary
	$(PYTHON) -m vaelib data

report: $(STAMP) ## sync notebooks/*.py with their .ipynb and execute all notebooks in place
	$(PYTHON) -m vaelib report

test: $(STAMP) ## ruff (lint and format), then the tests and every notebook's stored outputs (pytest + nbval)
	.ci/install-chromium
	$(VENV)/bin/ruff check vaelib tests
	$(VENV)/bin/ruff format --check vaelib tests
	$(PYTHON) -m pytest

check: $(STAMP) ## the edit-test loop: ruff, then unit tests without notebooks, browser or slow tests (about a minute)
	$(VENV)/bin/ruff check vaelib tests
	$(VENV)/bin/ruff format --check vaelib tests
	$(PYTHON) -m pytest tests -m "not slow" -q

# Stored outputs must not depend on the CPU code path: the notebooks and figures again with TensorFlow's
# Eigen kernels instead of oneDNN and, on a CPU with AVX-512, with oneDNN limited to AVX2.
PORTABILITY_TESTS := notebooks tests/test_figures.py
format: $(STAMP) ## rewrite vaelib/ and tests/ in the project's format (ruff format), then fix import order
	$(VENV)/bin/ruff format vaelib tests
	$(VENV)/bin/ruff check --select I --fix vaelib tests

portability: $(STAMP) ## strict nbval + figure regression with oneDNN off and (on AVX-512 CPUs) limited to AVX2
	TF_ENABLE_ONEDNN_OPTS=0 $(PYTHON) -m pytest $(PORTABILITY_TESTS)
	if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then ONEDNN_MAX_CPU_ISA=AVX2 $(PYTHON) -m pytest $(PORTABILITY_TESTS); \
	else echo "portability: no AVX-512 on this CPU, so its oneDNN kernels are AVX2 ones already"; fi

train: $(STAMP) ## train a VAE into RUN=dir (default runs/local) with PROFILE (default full); resumes if cut off
	$(PYTHON) -m vaelib train --profile $(PROFILE) --run-dir $(or $(RUN),runs/local)

evaluate: $(STAMP) ## write metrics.csv, metrics.txt, metrics_extra.csv, representation.csv for RUN=dir (default runs/reference)
	$(PYTHON) -m vaelib evaluate --run-dir $(or $(RUN),runs/reference)

reference: $(STAMP) ## rebuild runs/reference from scratch (delete it first), evaluate it, then make report
	$(PYTHON) -m vaelib train --profile full --run-dir runs/reference
	$(PYTHON) -m vaelib evaluate --run-dir runs/reference
	$(PYTHON) -m vaelib report

student: $(STAMP) ## write the handouts: notebooks without solutions and outputs, into build/student/
	$(PYTHON) -m vaelib student

present: $(STAMP) ## present NB=04_gurultu_giderme live (RISE) from a working copy in build/present/
	$(PYTHON) -m vaelib present $(NB)

slides: $(STAMP) ## build the slides from the notebooks
	$(PYTHON) -m vaelib slides

site: $(STAMP) ## build the offline course site into build/site
	$(PYTHON) -m vaelib site

bench: $(STAMP) ## measure training speed
	$(PYTHON) -m vaelib bench

sync: $(STAMP) ## pair notebooks/*.py with their .ipynb (jupytext --sync; the newer file wins)
	$(VENV)/bin/jupytext --sync notebooks/*.py

readme: $(STAMP) ## rewrite the results table of README.md from runs/reference and the report's numbers
	$(PYTHON) -c 'from vaelib.course import readme; print("README.md:", "table rewritten" if readme.write_readme_results() else "up to date")'

clean: ## delete caches and build output (keeps .venv, runs/ and figures/)
	rm -rf build *.egg-info .pytest_cache slides
	find . -path ./$(VENV) -prune -o -type d \( -name __pycache__ -o -name .ipynb_checkpoints \) -print0 | xargs -0 rm -rf
