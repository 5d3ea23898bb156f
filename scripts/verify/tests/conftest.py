import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the verify modules are plain files next to verify.py

import pytest  # noqa: E402


@pytest.fixture
def repo_root() -> pathlib.Path:
    return HERE.parent.parent.parent


@pytest.fixture
def moto_binary(repo_root) -> str:
    """moto_server from the project's .venv (bootstrap.sh --venv-only), else PATH. Missing means
    the environment is not provisioned: fail with the command that provisions it."""
    venv = repo_root / ".venv" / "bin" / "moto_server"
    if os.access(venv, os.X_OK):
        return str(venv)
    import shutil
    found = shutil.which("moto_server")
    if not found:
        pytest.fail("moto_server not found: run bash scripts/toolchain/bootstrap.sh --venv-only")
    return found
