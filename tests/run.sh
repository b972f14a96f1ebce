#!/usr/bin/env bash
# Run the template's whole test suite: make .venv if needed, install what the suite needs, run pytest.
# Extra arguments go to pytest, e.g. `bash tests/run.sh -k hooks`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r tests/requirements.txt
exec .venv/bin/python -m pytest "$@"
