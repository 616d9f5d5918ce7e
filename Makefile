# Two commands for a fresh machine with Python 3.11-3.13 (tools/find_python.sh picks one):
#   make lab    install the course's packages into .venv and open the course in JupyterLab
#   make test   install the course's packages and the test tools into .venv, run every test
VENV := .venv
BIN := $(VENV)/bin
COURSE := $(VENV)/.course-installed
TOOLS := $(VENV)/.tools-installed
SITE_TOOLS := $(VENV)/.site-tools-installed

.PHONY: weights lab sync sync-from-text style test-style test test-units test-notebooks test-students test-install test-browser execute student \
	site test-site test-classroom test-grading test-floor student-branch colour-blind \
	benchmark benchmark-autoencoder benchmark-memory benchmark-notebooks clean

$(VENV)/bin/python:
	@python=$$(tools/find_python.sh) && echo "Creating .venv with $$python" && $$python -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Learners' packages, then the course's package itself (editable: notebooks see the working tree;
# --no-deps because requirements.txt already pins everything it needs).
$(COURSE): requirements.txt pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(TOOLS): requirements-test.txt $(COURSE)
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

$(SITE_TOOLS): requirements-site.txt $(COURSE)
	$(BIN)/python -m pip install --quiet -r requirements-site.txt
	touch $@

lab: $(COURSE)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

# Tests and committed notebooks use quick mode and the shipped MNIST sample, so that what a
# notebook prints is the same on every machine (see src/transposed_conv/settings.py).
# Notebooks run on TensorFlow's portable CPU path (oneDNN off, as on AMD, ARM and Apple silicon);
# the unit tests run on both paths.
TEST_ENV := TRANSPOSED_CONV_QUICK=1 TRANSPOSED_CONV_OFFLINE=1
PORTABLE := TF_ENABLE_ONEDNN_OPTS=0
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# Every test, two parts at a time (2 CPU cores; the install checks mostly wait on PyPI), the
# longest first (measured in minutes: units 7 in two passes, floor 6.5 plus its venv's install,
# students 6.6, notebooks 6.4, install 4.8, browser 2.4, classroom 1.3, grading 1, site 1); each
# part's output is printed as one block when it ends.
test: $(TOOLS) $(SITE_TOOLS)
	$(MAKE) --no-print-directory -j2 --output-sync=target test-units test-floor test-students \
		test-notebooks test-install test-browser test-classroom test-grading test-site test-style

# The unit tests on both TensorFlow CPU paths. The second pass runs only the tests marked `tf`
# (they run a TensorFlow kernel: tests/conftest.py marks every test under tests/models/ and every
# test using the tf or keras fixture); the rest cannot differ between the paths. pyproject.toml
# leaves the suites marked network, browser, hub, grading and floor to their own targets below.
test-units: $(TOOLS)
	$(TEST_ENV) TF_ENABLE_ONEDNN_OPTS=0 $(BIN)/python -m pytest tests -q
	$(TEST_ENV) TF_ENABLE_ONEDNN_OPTS=1 $(BIN)/python -m pytest tests -q -m "tf and not (network or browser or hub or grading or floor)"

# Lint and format check of the package, tests, benchmarks and notebooks (settings in pyproject.toml).
test-style: $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Fix what ruff can fix and format everything; then `make sync` and `make execute`.
style: $(TOOLS)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Each notebook's plain-text twin in notebooks/py/ (jupytext percent format, for review).
# `make sync` writes the twins from the notebooks; after editing a twin, `make sync-from-text`
# carries the edit into its notebook (outputs kept; then `make execute`). No jupytext config is
# committed: a learner's Jupyter with jupytext installed would otherwise pair their copies too.
sync: $(TOOLS)
	for notebook in notebooks/[0-9][0-9]_*.ipynb; do \
		$(BIN)/jupytext --quiet --to py:percent --output notebooks/py/$$(basename $$notebook .ipynb).py $$notebook; \
	done

sync-from-text: $(TOOLS)
	for script in notebooks/py/[0-9][0-9]_*.py; do \
		$(BIN)/jupytext --quiet --update --to ipynb --output notebooks/$$(basename $$script .py).ipynb $$script; \
	done

test-notebooks: $(TOOLS)
	$(TEST_ENV) $(PORTABLE) $(BIN)/python -m pytest notebooks $(NBVAL)

test-students: $(TOOLS)
	$(BIN)/python tools/student.py --source notebooks --target build/student-test --force
	$(TEST_ENV) $(PORTABLE) $(BIN)/python -m pytest build/student-test --nbval-lax --nbval-current-env -q

# The oldest supported versions (requirements-floor.txt, pyproject.toml's floors) in their own venv
# with the package from a wheel, as a learner installs it: first the Colab-like check (the
# package uninstalled, notebooks 00 and 03 install it with their first cell and keep TensorFlow
# 2.16), then every notebook (every cell runs; outputs differ from the pins', so not compared)
# and the unit tests of the package. TensorFlow 2.16 has wheels for Python 3.11 and 3.12 only.
FLOOR := build/venv-floor
FLOOR_PYTHON := $(abspath $(FLOOR))/bin/python
WHEEL_DIR := build/wheel
FLOOR_UNITS := tests/core tests/models tests/viz tests/checks tests/bad_input tests/floor \
	tests/test_settings.py tests/test_evidence.py tests/test_versions.py tests/test_layers.py

$(FLOOR)/.installed: requirements-floor.txt
	@python=$$(for c in python3.11 python3.12; do command -v $$c && break; done); \
	if [ -z "$$python" ]; then echo "The floor test needs Python 3.11 or 3.12 (TensorFlow 2.16's wheels)." >&2; exit 1; fi; \
	rm -rf $(FLOOR) && $$python -m venv $(FLOOR)
	$(FLOOR_PYTHON) -m pip install --quiet --upgrade pip
	$(FLOOR_PYTHON) -m pip install --quiet -r requirements-floor.txt
	touch $@

test-floor: $(TOOLS) $(FLOOR)/.installed
	rm -rf $(WHEEL_DIR) && $(BIN)/python -m pip wheel --quiet --no-deps -w $(WHEEL_DIR) .
	TRANSPOSED_CONV_FLOOR_PYTHON=$(FLOOR_PYTHON) TRANSPOSED_CONV_WHEEL=$$(ls $(abspath $(WHEEL_DIR))/*.whl) \
		$(BIN)/python -m pytest tests/floor -v -m floor
	$(FLOOR_PYTHON) -m pip install --quiet --no-deps --force-reinstall $(WHEEL_DIR)/*.whl
	$(TEST_ENV) $(PORTABLE) $(FLOOR_PYTHON) -m pytest notebooks --nbval-lax --nbval-current-env -q
	$(TEST_ENV) $(PORTABLE) $(FLOOR_PYTHON) -m pytest $(FLOOR_UNITS) -q

# Installs without installing: requirements resolved per platform, Binder's Dockerfile, a
# non-editable install in a temporary venv (these need PyPI).
test-install: $(TOOLS)
	$(PORTABLE) $(BIN)/python -m pytest tests/install -v -m network

test-browser: $(TOOLS)
	@if [ -x /usr/bin/chromium ]; then \
		$(PORTABLE) $(BIN)/python -m pytest tests/browser -v -m browser; \
	else \
		echo "BROWSER TEST SKIPPED: Chromium is not installed. Install it with 'sudo apt-get install chromium' (Debian/Ubuntu) and run 'make test' again."; \
	fi

# The course website in build/site/, from the committed notebooks, not executed, offline
# (site/conf.py says why Sphinx + MyST-NB); warnings fail the build. npm fetches MathJax & co. once.
site: $(SITE_TOOLS)
	$(BIN)/python site/build.py build/site

# Every page of the site in Chromium, served from 127.0.0.1: links, images, math, widgets, search.
test-site: $(TOOLS) site
	@if [ -x /usr/bin/chromium ]; then \
		$(BIN)/python -m pytest tests/site -v -m browser; \
	else \
		echo "SITE TEST SKIPPED: Chromium is not installed. Install it with 'sudo apt-get install chromium' (Debian/Ubuntu) and run 'make test' again."; \
	fi

# A class on a real JupyterHub (127.0.0.1 only): three learners pull the course with nbgitpuller,
# run the start page, save answers, get the instructor's fix; prints memory per learner.
# Installs requirements-classroom.txt into a throwaway venv and the proxy from npm (needs git, npm).
test-classroom: $(TOOLS)
	$(BIN)/python -m pytest tests/classroom -v -s -m hub

# nbgrader on notebooks 00 and 01 as the instructor guide says: release without solutions, a right
# and a wrong submission autograded, scores read from the gradebook. Installs
# requirements-grading.txt into a throwaway venv made from .venv's packages.
test-grading: $(TOOLS)
	$(TEST_ENV) $(PORTABLE) $(BIN)/python -m pytest tests/grading -v -m grading

# Re-execute every notebook in place, top to bottom in a fresh kernel, as the tests run them.
execute: $(COURSE)
	$(TEST_ENV) $(PORTABLE) $(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

# Every committed figure beside its simulations for deuteranopia, protanopia and tritanopia
# (Machado 2009), one PNG per figure in build/colour-blind/: look at them after changing colours.
colour-blind: $(TOOLS)
	$(BIN)/python tools/colour_blind.py

# Learners' copies (solutions removed, outputs cleared) in student/; never overwrites an edited copy.
student: $(COURSE)
	$(BIN)/python tools/student.py --source notebooks --target student

# The learners' copies of the last commit, committed to the git branch `student`, whose history
# never holds a solution: for an nbgitpuller or Binder link (`git push origin student`).
student-branch: $(COURSE)
	$(BIN)/python tools/student.py --branch student

# Train the models of notebooks 06, 07 and 11 at full size and write the shipped weights +
# provenance (src/transposed_conv/resources/weights/); commit them, then `make execute`.
# Single models: `python tools/make_weights.py superres_resize_conv patch_plain ...`.
weights: $(COURSE)
	$(PORTABLE) $(BIN)/python tools/make_weights.py

benchmark: $(COURSE)
	$(BIN)/python benchmarks/conv_transpose_speed.py

benchmark-autoencoder: $(COURSE)
	$(BIN)/python benchmarks/autoencoder.py

# Peak memory of each notebook run top to bottom in full mode, MNIST at its real size;
# seconds per notebook as a learner first runs it, on one core as on Binder. NOTEBOOKS="05 07" picks some.
benchmark-memory: $(TOOLS)
	$(BIN)/python benchmarks/notebooks.py memory $(NOTEBOOKS)

benchmark-notebooks: $(TOOLS)
	$(BIN)/python benchmarks/notebooks.py time $(NOTEBOOKS)

clean:
	rm -rf $(VENV)
