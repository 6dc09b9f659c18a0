# `make run` and `make test` do all the set-up: a .venv with the pinned versions, then run.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench shot clean translations

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test,video]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py $(SESSION)

test: $(STAMP)
	$(PY) scripts/run_tests.py

bench: $(STAMP)
	$(PY) benchmarks/engine_speed.py

# after changing interface strings: lupdate (new strings appear unfinished in the .ts), translate
# them, run again (lrelease writes the .qm the app loads; both are committed)
translations: $(STAMP)
	$(PY) scripts/translations.py

clean:
	rm -rf $(VENV) build *.egg-info
