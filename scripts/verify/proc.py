"""Child processes for verify: argument lists only (never a shell string), each in its own
session so that a timeout, a failure elsewhere or Ctrl-C stops it and everything it started,
output appended to a log file, and a moto server that is always stopped."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass


class Interrupted(Exception):
    """Verify is shutting down (Ctrl-C, SIGTERM or a fatal error): start nothing new."""


@dataclass(frozen=True)
class Completed:
    argv: tuple[str, ...]
    returncode: int
    seconds: float
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def _kill_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """TERM the process group (the child is its leader), then KILL what is left after `grace`."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Runner:
    """Starts and tracks child processes. `stop_all()` (called on every exit path of verify)
    terminates each live one with its whole process group."""

    def __init__(self, base_env: dict[str, str]):
        self.base_env = dict(base_env)
        self._live: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._stopping = False
        self.stopped = 0  # children stopped by stop_all, over the runner's life

    @property
    def stopping(self) -> bool:
        return self._stopping

    def environment(self, env: dict[str, str | None] | None) -> dict[str, str]:
        """base_env updated with env; a None value removes the variable."""
        merged = dict(self.base_env, **(env or {}))
        return {k: v for k, v in merged.items() if v is not None}

    def _spawn(self, argv, **kw) -> subprocess.Popen:
        with self._lock:
            if self._stopping:
                raise Interrupted(f"not starting {argv[0]}: verify is stopping")
            proc = subprocess.Popen([str(a) for a in argv], start_new_session=True, stdin=subprocess.DEVNULL, **kw)
            self._live.add(proc)
            return proc

    def _forget(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._live.discard(proc)

    def run(self, argv, *, cwd: str, log_path: str | None, timeout: float, env: dict[str, str | None] | None = None,
            stdout_path: str | None = None) -> Completed:
        """Runs argv to completion. stdout and stderr are appended to log_path (stdout goes to
        stdout_path instead when given), after a `$ command` header line; with log_path None
        they go to verify's own stdout and stderr."""
        full_env = self.environment(env)
        t0 = time.monotonic()
        if log_path is None:
            proc = self._spawn(argv, cwd=cwd, env=full_env)
            try:
                rc, timed_out = proc.wait(timeout=timeout), False
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                rc, timed_out = -9, True
            finally:
                self._forget(proc)
            return Completed(tuple(map(str, argv)), rc, time.monotonic() - t0, timed_out)
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"$ {' '.join(map(str, argv))}    (in {cwd})\n")
            log.flush()
            out = open(stdout_path, "wb") if stdout_path else log
            try:
                proc = self._spawn(argv, cwd=cwd, env=full_env, stdout=out, stderr=log)
                timed_out = False
                try:
                    rc = proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    timed_out = True
                    _kill_group(proc)
                    rc = proc.returncode if proc.returncode is not None else -9
                    log.write(f"verify: timed out after {timeout:.0f}s; stopped\n")
                finally:
                    self._forget(proc)
            finally:
                if stdout_path:
                    out.close()
        return Completed(tuple(map(str, argv)), rc, time.monotonic() - t0, timed_out)

    def start(self, argv, *, cwd: str, log_path: str, env: dict[str, str | None] | None = None) -> subprocess.Popen:
        """Starts a long-running child (a server); stop it with `stop(proc)`."""
        log = open(log_path, "a", encoding="utf-8")
        try:
            return self._spawn(argv, cwd=cwd, env=self.environment(env), stdout=log, stderr=log)
        finally:
            log.close()  # the child holds its own descriptor

    def stop(self, proc: subprocess.Popen) -> None:
        _kill_group(proc, grace=5.0)
        self._forget(proc)

    def stop_all(self) -> int:
        """Refuses new children and stops the live ones; returns how many were stopped."""
        with self._lock:
            self._stopping = True
            live = list(self._live)
        for proc in live:
            if proc.poll() is None:
                _kill_group(proc, grace=5.0)
            self._forget(proc)
        self.stopped += len(live)
        return len(live)


_BANNER = re.compile(r"Running on http://127\.0\.0\.1:(\d+)")


def parse_moto_port(text: str) -> int | None:
    """The port from moto_server's (werkzeug's) start-up banner, `Running on http://127.0.0.1:<port>`."""
    m = _BANNER.search(text)
    return int(m.group(1)) if m else None


class Moto:
    """A moto server on 127.0.0.1, on a port the kernel picks (`-p 0`, read back from its banner,
    so two servers never race for a port). Use as a context manager: it is stopped on every exit."""

    def __init__(self, runner: Runner, binary: str, log_path: str, cwd: str, log=None):
        self.runner, self.binary, self.log_path, self.cwd, self.log = runner, binary, log_path, cwd, log
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Moto":
        open(self.log_path, "w").close()
        # AWS managed policies (arn:aws:iam::aws:policy/...) exist only when moto is asked to load them
        self.proc = self.runner.start([self.binary, "-H", "127.0.0.1", "-p", "0"], cwd=self.cwd, log_path=self.log_path,
                                      env={"PYTHONUNBUFFERED": "1", "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            self.port = parse_moto_port(text)
            if self.port:
                break
            if self.proc.poll() is not None:
                rc = self.proc.returncode
                self.__exit__(None, None, None)
                raise RuntimeError(f"moto server exited with {rc}: {text.strip()[-500:]}")
            time.sleep(0.1)
        else:
            self.__exit__(None, None, None)
            raise RuntimeError(f"moto server printed no banner within 60s (log: {self.log_path})")
        urllib.request.urlopen(f"{self.url}/moto-api/", timeout=10).read()
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            pid = self.proc.pid
            self.runner.stop(self.proc)
            self.proc = None
            if self.log:
                self.log(f"moto server {self.url} (pid {pid}) stopped")


def run_parallel(*calls):
    """Runs zero-argument callables in threads and returns their results in order."""
    results = [None] * len(calls)
    errors: list[BaseException] = []

    def call(i, fn):
        try:
            results[i] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised below in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results
