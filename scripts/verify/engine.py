"""The Terraform engine (OpenTofu or Terraform) as verify runs it: offline through the
filesystem provider mirror (or the registry on GitHub Actions), in scratch copies of the
synthesized stacks, with the state redirected to a scratch file."""
from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass

from proc import Completed, Runner

OVERRIDE_FILE = "verify_override.tf.json"

# Seconds per engine command: generous, they only stop a hung process.
TIMEOUTS = {"init": 900, "validate": 600, "plan": 1800, "show": 600, "apply": 1800, "destroy": 1800,
            "version": 60, "state": 300}


def override_document(state_path: str, provider_overrides: dict, provider_blocks: dict | None = None) -> dict:
    """The verify_override.tf.json Terraform merges over a stack: the local backend pointed at a
    scratch state file (the user's terraform-state/ is never read or written); when the exact
    provider release could not be built, the substitute pinned (docs/verify.md); and optionally
    provider arguments (the emulator endpoints for output synthesized in normal mode)."""
    terraform: dict = {"backend": {"local": {"path": state_path}}}
    if provider_overrides:
        terraform["required_providers"] = {
            name: {"source": o["source"], "version": o["version"]} for name, o in sorted(provider_overrides.items())
        }
    doc: dict = {"terraform": terraform}
    if provider_blocks:
        doc["provider"] = provider_blocks
    return doc


def write_override(stack_dir: str, document: dict) -> None:
    with open(os.path.join(stack_dir, OVERRIDE_FILE), "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2, sort_keys=True)
        f.write("\n")


def scratch_copy(src: str, dst: str) -> None:
    """Copies a synthesized stack folder without engine leftovers, replacing dst."""
    if not os.path.isdir(src):
        raise FileNotFoundError(f"synthesized stack folder {src} does not exist")
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate*",
                                                             "plan", "plan.out", OVERRIDE_FILE))


@dataclass
class Engine:
    runner: Runner
    binary: str
    providers: str  # "mirror" (offline filesystem mirror) | "registry"
    cli_config: str | None
    plugin_cache: str | None = None

    def __post_init__(self):
        # The plugin cache (registry mode) is not safe for concurrent installs.
        self._init_lock = threading.Lock()

    def env(self) -> dict[str, str]:
        """Variables every engine invocation gets (also the cdktf CLI's, which runs the engine)."""
        env = {"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
        if self.providers == "mirror" and self.cli_config:
            env["TF_CLI_CONFIG_FILE"] = self.cli_config  # never reads or writes ~/.terraformrc
        if self.providers != "mirror" and self.plugin_cache:
            env["TF_PLUGIN_CACHE_DIR"] = self.plugin_cache
        return env

    def run(self, step: str, args: list[str], *, cwd: str, log_path: str, stdout_path: str | None = None,
            extra_env: dict[str, str] | None = None) -> Completed:
        env = dict(self.env(), **(extra_env or {}))
        argv = [self.binary, *args]
        if step == "init" and self.providers != "mirror":
            with self._init_lock:
                return self.runner.run(argv, cwd=cwd, log_path=log_path, timeout=TIMEOUTS[step], env=env)
        return self.runner.run(argv, cwd=cwd, log_path=log_path, timeout=TIMEOUTS[step], env=env,
                               stdout_path=stdout_path)

    def version(self, log_path: str, cwd: str) -> str:
        out = log_path + ".version"
        done = self.run("version", ["version"], cwd=cwd, log_path=log_path, stdout_path=out)
        if not done.ok:
            return "unknown"
        with open(out, encoding="utf-8", errors="replace") as f:
            first = [ln for ln in f.read().splitlines() if ln.startswith(("OpenTofu v", "Terraform v"))]
        return first[0] if first else "unknown"
