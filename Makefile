# Two commands for a fresh machine with Python 3.11+:
#   make lab    install everything into .venv and open the course in JupyterLab
#   make test   install everything into .venv and run every test (quick mode)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: lab test execute student benchmark benchmark-autoencoder clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

# Tests and committed notebooks use quick mode and the shipped MNIST sample, so that
# what a notebook prints is the same on every machine (see src/transposed_conv/settings.py).
TEST_ENV := TRANSPOSED_CONV_QUICK=1 TRANSPOSED_CONV_OFFLINE=1

test: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest tests notebooks --ignore=tests/browser --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg
	$(BIN)/python -m transposed_conv.student --target build/student-test --force
	$(TEST_ENV) $(BIN)/python -m pytest build/student-test --nbval-lax --nbval-current-env
	@if [ -x /usr/bin/chromium ]; then \
		$(BIN)/python -m pytest tests/browser -v; \
	else \
		echo "BROWSER TEST SKIPPED: Chromium is not installed. Install it with 'sudo apt-get install chromium' (Debian/Ubuntu) and run 'make test' again."; \
	fi

# Re-execute every notebook in place, top to bottom in a fresh kernel, as the tests run them.
execute: $(STAMP)
	$(TEST_ENV) $(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

# Learners' copies (solutions removed, outputs cleared) in student/; never overwrites an edited copy.
student: $(STAMP)
	$(BIN)/python -m transposed_conv.student

benchmark: $(STAMP)
	$(BIN)/python benchmarks/conv_transpose_speed.py

benchmark-autoencoder: $(STAMP)
	$(BIN)/python benchmarks/autoencoder.py

clean:
	rm -rf $(VENV)
