import os
import sys
import threading
import time
import urllib.request

import pytest

from proc import Interrupted, Moto, Runner, parse_moto_port


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it is dead for our purposes
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_dead(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_run_appends_output_after_a_command_header(tmp_path):
    log = tmp_path / "x.log"
    r = Runner({"PATH": os.environ["PATH"], "KEEP": "1", "DROP": "1"})
    done = r.run([sys.executable, "-c", "import os,sys; print('out', os.environ.get('KEEP'), os.environ.get('DROP'), os.environ.get('ADD')); sys.exit(3)"],
                 cwd=str(tmp_path), log_path=str(log), timeout=30, env={"DROP": None, "ADD": "a b"})
    assert done.returncode == 3 and not done.ok and not done.timed_out
    text = log.read_text()
    assert text.startswith("$ ") and "(in " in text
    assert "out 1 None a b" in text


def test_run_keeps_an_argument_with_shell_characters_intact(tmp_path):
    hostile = "$(touch pwned); `id` ${HOME} 'q' \"d\" \n x"
    out = tmp_path / "stdout"
    done = Runner(dict(os.environ)).run([sys.executable, "-c", "import sys; sys.stdout.write(sys.argv[1])", hostile],
                                        cwd=str(tmp_path), log_path=str(tmp_path / "l"), timeout=30,
                                        stdout_path=str(out))
    assert done.ok and out.read_text() == hostile
    assert not (tmp_path / "pwned").exists()


def test_timeout_stops_the_whole_process_group(tmp_path):
    pidfile = tmp_path / "grandchild"
    script = f"sleep 60 & echo $! > {pidfile}; wait"
    t0 = time.monotonic()
    done = Runner(dict(os.environ)).run(["sh", "-c", script], cwd=str(tmp_path), log_path=str(tmp_path / "l"),
                                        timeout=1.5)
    assert done.timed_out and not done.ok
    assert time.monotonic() - t0 < 20
    assert wait_dead(int(pidfile.read_text()))
    assert "timed out after 2s" in (tmp_path / "l").read_text()


def test_stop_all_ends_running_children_and_refuses_new_ones(tmp_path):
    r = Runner(dict(os.environ))
    pidfile = tmp_path / "grandchild"
    result = {}
    t = threading.Thread(target=lambda: result.setdefault("done", r.run(
        ["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], cwd=str(tmp_path), log_path=str(tmp_path / "l"),
        timeout=120)))
    t.start()
    deadline = time.monotonic() + 10
    while not pidfile.exists() or not pidfile.read_text().strip():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert r.stop_all() == 1
    t.join(20)
    assert not t.is_alive() and result["done"].returncode != 0
    assert wait_dead(int(pidfile.read_text()))
    with pytest.raises(Interrupted):
        r.run(["true"], cwd=str(tmp_path), log_path=str(tmp_path / "l"), timeout=5)


def test_parse_moto_port():
    banner = (" * Running on http://127.0.0.1:43823\nPress CTRL+C to quit\n")
    assert parse_moto_port("WARNING: This is a development server.\n" + banner) == 43823
    assert parse_moto_port("starting...") is None
    assert parse_moto_port(" * Running on http://0.0.0.0:5000") is None


def test_moto_starts_on_a_free_port_and_is_stopped_on_an_exception(tmp_path, moto_binary):
    r = Runner(dict(os.environ))
    with pytest.raises(KeyboardInterrupt):
        with Moto(r, moto_binary, str(tmp_path / "moto.log"), str(tmp_path)) as a, \
                Moto(r, moto_binary, str(tmp_path / "moto2.log"), str(tmp_path)) as b:
            assert a.port != b.port
            assert urllib.request.urlopen(f"{a.url}/moto-api/data.json", timeout=10).read() == b"{}"
            pids = (a.proc.pid, b.proc.pid)
            raise KeyboardInterrupt
    assert all(wait_dead(p) for p in pids)


def test_moto_that_cannot_start_is_reported(tmp_path):
    fake = tmp_path / "moto_server"
    fake.write_text("#!/bin/sh\necho 'ModuleNotFoundError: No module named flask' >&2\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(RuntimeError, match="moto server exited with 1: ModuleNotFoundError"):
        with Moto(Runner(dict(os.environ)), str(fake), str(tmp_path / "m.log"), str(tmp_path)):
            pass
