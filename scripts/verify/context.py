"""What every verify step shares: settings read from the environment, the log, the tools
found, and the child-process runner."""
from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field

from engine import Engine
from plans import CheckError
from proc import Runner

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Checks that VERIFY_SKIP_CHECKS may turn off (for a quick local run; CI sets none).
OPTIONAL_CHECKS = ("checkov", "cdktf-diff", "cdktf-deploy", "state-contract")


def _flag(env, name: str, default: str) -> bool:
    value = env.get(name, default)
    if value not in ("0", "1"):
        raise CheckError(f"{name}: must be 0 or 1, got {value!r}")
    return value == "1"


def _list(env, name: str) -> list[str]:
    return [s.strip() for s in env.get(name, "").split(",") if s.strip()]


@dataclass(frozen=True)
class Settings:
    """The environment knobs of `npm run verify` (docs/verify.md lists them)."""

    root: str
    cache: str
    skip_bootstrap: bool = False
    providers: str = "mirror"
    tf_bin: str | None = None
    skip_synth: bool = False
    stacks: tuple[str, ...] = ()
    resynth: bool = True
    skip_checks: frozenset[str] = frozenset()
    jobs: int = 2
    templates_dir: str = ""
    step_summary: str | None = None

    @property
    def work(self) -> str:
        return os.path.join(self.root, ".verify-work")

    @property
    def plans(self) -> str:
        return os.path.join(self.root, "plans")

    @staticmethod
    def from_env(env, root: str = ROOT) -> "Settings":
        providers = env.get("VERIFY_PROVIDERS", "mirror")
        if providers not in ("mirror", "registry"):
            raise CheckError(f"VERIFY_PROVIDERS: must be mirror or registry, got {providers!r}")
        skip = _list(env, "VERIFY_SKIP_CHECKS")
        unknown = sorted(set(skip) - set(OPTIONAL_CHECKS))
        if unknown:
            raise CheckError(f"VERIFY_SKIP_CHECKS: unknown check(s) {', '.join(unknown)} "
                             f"(known: {', '.join(OPTIONAL_CHECKS)})")
        jobs = env.get("VERIFY_JOBS", "2")
        if not jobs.isdigit() or not 1 <= int(jobs) <= 16:
            raise CheckError(f"VERIFY_JOBS: must be a whole number from 1 to 16, got {jobs!r}")
        return Settings(
            root=root,
            cache=os.path.expanduser(env.get("TOOLCHAIN_CACHE") or "~/.cache/aws-log-mcp-platform"),
            skip_bootstrap=_flag(env, "VERIFY_SKIP_BOOTSTRAP", "0"),
            providers=providers,
            tf_bin=env.get("VERIFY_TF_BIN") or None,
            skip_synth=_flag(env, "VERIFY_SKIP_SYNTH", "0"),
            stacks=tuple(_list(env, "VERIFY_STACKS")),
            resynth=_flag(env, "VERIFY_RESYNTH", "1"),
            skip_checks=frozenset(skip),
            jobs=int(jobs),
            templates_dir=env.get("VERIFY_VTL_DIR") or os.path.join(root, "packages", "vtl-templates", "templates"),
            step_summary=env.get("GITHUB_STEP_SUMMARY") or None,
        )


class Log:
    """Progress lines `[verify HH:MM:SS] ...`, whole lines even from several threads."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def __call__(self, msg: str) -> None:
        with self._lock:
            for i, line in enumerate(str(msg).splitlines() or [""]):
                prefix = f"[verify {time.strftime('%H:%M:%S', time.gmtime())}] " if i == 0 else "    "
                self.stream.write(prefix + line + "\n")
            self.stream.flush()


@dataclass
class Tools:
    engine: Engine
    checkov: str
    moto: str
    provider_overrides: dict = field(default_factory=dict)


@dataclass
class Context:
    settings: Settings
    log: Log
    runner: Runner
    tools: Tools | None = None
    failures: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, message: str) -> None:
        with self._lock:
            self.failures.append(message)
        self.log(f"FAIL {message}")

    def workdir(self, *parts: str) -> str:
        path = os.path.join(self.settings.work, *parts)
        os.makedirs(path, exist_ok=True)
        return path


def read_toolchain(cache: str) -> dict:
    """What scripts/toolchain/bootstrap.py found or built (cache/toolchain.json)."""
    path = os.path.join(cache, "toolchain.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise CheckError(f"{path} is missing: run bash scripts/toolchain/bootstrap.sh") from None
    except json.JSONDecodeError as exc:
        raise CheckError(f"{path} is not valid JSON ({exc}): run bash scripts/toolchain/bootstrap.sh") from None
    for key in ("tf_bin", "providers", "provider_overrides"):
        if key not in data:
            raise CheckError(f"{path}: no {key!r}; run bash scripts/toolchain/bootstrap.sh")
    return data
