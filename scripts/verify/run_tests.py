#!/usr/bin/env python3
"""`npm run test:verify`: the verify orchestrator's unit tests, with pytest from the project's
.venv (pinned in scripts/verify/requirements.txt). Extra arguments go to pytest."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
FIX = "run npm run setup (or bash scripts/toolchain/bootstrap.sh --venv-only)"

if not os.access(PYTHON, os.X_OK):
    sys.exit(f"test:verify: no .venv with pytest, checkov and moto: {FIX}")
if subprocess.run([PYTHON, "-c", "import pytest"], capture_output=True).returncode != 0:
    sys.exit(f"test:verify: .venv has no pytest (it predates scripts/verify/requirements.txt): {FIX}")
os.execv(PYTHON, [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", os.path.join(HERE, "tests"), *sys.argv[1:]])
