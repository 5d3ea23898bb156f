"""The `aws` a test puts on PATH when the AWS CLI runs from its fork server.

Run with `python -I -S` (standard library only; ~20 ms instead of the CLI's ~0.7 s import): hands
argv, environment, working directory and fds 0-2 to the fork server of aws_cli_forkserver.py
(starting it when none listens), forwards SIGTERM/SIGINT/SIGHUP to the CLI process, and exits with
the CLI's exit status. SOCKET, SERVER and IDLE_SECONDS are filled in by forkServedAwsCli().
"""

import array
import json
import os
import signal
import socket
import sys
import time

SOCKET = "@SOCKET@"
SERVER = ["@PYTHON@", "@SERVER@", SOCKET, "@IDLE_SECONDS@"]
START_TIMEOUT_SECONDS = 180


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(SOCKET)
    except OSError:
        s.close()
        raise
    return s


def start_server():
    import subprocess

    with open(SOCKET + ".log", "ab") as log:
        return subprocess.Popen(SERVER, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)


def log_tail():
    try:
        with open(SOCKET + ".log", "rb") as f:
            return f.read()[-2000:].decode("utf-8", "replace")
    except OSError:
        return ""


def std_fds():
    """fds 0-2, with /dev/null for any the caller closed."""
    fds = []
    for fd in range(3):
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:
            fds.append(os.open(os.devnull, os.O_RDWR))
    return fds


def read_line(f):
    line = f.readline()
    return int(line) if line.endswith(b"\n") else None


def main():
    request = json.dumps({"argv": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd()}).encode() + b"\n"
    fds = array.array("i", std_fds())
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    server = None
    while True:
        try:
            conn = connect()
            conn.sendmsg([request], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
            reader = conn.makefile("rb")
            pid = read_line(reader)
            if pid is not None:
                break
            conn.close()  # the server was stopping (idle) as we called: nothing ran, ask again
        except (FileNotFoundError, ConnectionRefusedError, BrokenPipeError, ConnectionResetError):
            pass
        if server is None or server.poll() == 0:  # none yet, or it went idle before we reached it
            server = start_server()
        elif server.returncode is not None:
            # The server this call started died (an import error, say): waiting would not help.
            sys.stderr.write(f"aws: the AWS CLI fork server exited with {server.returncode}:\n{log_tail()}\n")
            return 255
        if time.monotonic() > deadline:
            sys.stderr.write(f"aws: the AWS CLI fork server did not answer within {START_TIMEOUT_SECONDS} s (see {SOCKET}.log)\n")
            return 255
        time.sleep(0.02)

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except OSError:
            pass
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    status = read_line(reader)
    if status is None:
        sys.stderr.write("aws: the AWS CLI process ended without an exit status (killed?)\n")
        return 255
    return status


if __name__ == "__main__":
    sys.exit(main())
