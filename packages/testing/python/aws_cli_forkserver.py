"""A fork server for the AWS CLI (v1) of one virtualenv, for test runs.

Starting the Python AWS CLI costs ~0.7 s of CPU, nearly all of it importing awscli and botocore;
the local-exec steps under test start it dozens of times per run. This server imports them once
and forks a child per call. The child takes over the caller's stdin, stdout and stderr (passed
over the Unix socket as file descriptors), its argv, environment and working directory, and runs
the very entry point the `aws` script runs (`awscli.clidriver.main`), so the CLI behaves as a
fresh `aws` process: its own session, config and credential lookup, from the caller's environment.

Protocol, on a SOCK_STREAM Unix socket: the client sends one message of JSON
`{"argv": [...], "env": {...}, "cwd": "..."}` carrying its fds 0, 1 and 2 (SCM_RIGHTS); the
child answers `<pid>\\n` when it starts and `<exit status>\\n` when the CLI returns.

Usage: python aws_cli_forkserver.py <socket path> <idle seconds>. One server per socket path (a
lock beside it); it removes the socket and exits after <idle seconds> without a call.
"""

import array
import fcntl
import importlib
import json
import os
import resource
import select
import socket
import sys
import time

# What the `aws` script does before importing the CLI.
if os.environ.get("LC_CTYPE", "") == "UTF-8":
    os.environ["LC_CTYPE"] = "en_US.UTF-8"
import awscli  # noqa: E402
import awscli.clidriver  # noqa: E402

MAX_MESSAGE = 4 * 1024 * 1024


def receive(conn):
    """The request and the caller's three file descriptors. On any failure every descriptor
    received so far is closed: a kept copy of the caller's stdout would hold its reader open."""
    fds = array.array("i")
    data = b""
    try:
        while not data.endswith(b"\n"):
            msg, ancdata, _flags, _addr = conn.recvmsg(65536, socket.CMSG_SPACE(3 * fds.itemsize))
            for level, kind, payload in ancdata:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds.frombytes(payload[: len(payload) - (len(payload) % fds.itemsize)])
            if not msg:
                raise EOFError("client closed the connection mid-request")
            data += msg
            if len(data) > MAX_MESSAGE:
                raise ValueError("request too large")
        if len(fds) != 3:
            raise ValueError(f"expected 3 file descriptors, got {len(fds)}")
        return json.loads(data), list(fds)
    except BaseException:
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass
        raise


def run_cli(conn, request, fds):
    """In the forked child: become the caller's `aws` process and run the CLI. Never returns."""
    status = 255
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        conn.sendall(b"%d\n" % os.getpid())
        os.environ.clear()
        os.environ.update(request["env"])
        if os.environ.get("LC_CTYPE", "") == "UTF-8":
            os.environ["LC_CTYPE"] = "en_US.UTF-8"
        # awscli's __init__ folds AWS_DATA_PATH into the environment at import: redo it for this caller.
        importlib.reload(awscli)
        os.chdir(request["cwd"])
        sys.argv = ["aws", *request["argv"]]
        try:
            status = awscli.clidriver.main()
        except SystemExit as exit_:
            code = exit_.code
            if code is None:
                status = 0
            elif isinstance(code, int):
                status = code
            else:
                print(code, file=sys.stderr)
                status = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (BrokenPipeError, ValueError):
                pass
    except BaseException as error:  # report, never fall back into the server loop
        try:
            os.write(2, f"aws (fork server): {error!r}\n".encode())
        except OSError:
            pass
        status = 255
    try:
        conn.sendall(b"%d\n" % (status & 0xFF))
    except OSError:
        pass
    os._exit(status & 0xFF)


def serve(sock_path, idle_seconds):
    lock = open(sock_path + ".lock", "w")
    # Servers hold the lock for life: a second one (two first calls at once) waits here until the
    # first has gone idle and exited, then serves in its place.
    fcntl.flock(lock, fcntl.LOCK_EX)
    if os.path.exists(sock_path):
        os.unlink(sock_path)  # left by a server that died; we hold the lock
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    try:
        server.bind(sock_path)
    finally:
        os.umask(old_umask)
    server.listen(64)
    calls = 0
    children = set()
    idle_since = time.monotonic()
    try:
        while True:
            ready, _, _ = select.select([server], [], [], 1.0)
            # Children are waited for (not left to the kernel), so their CPU time counts in this
            # process's rusage and the exit line below: what the calls cost is measured, not hidden.
            for pid in list(children):
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    children.discard(pid)
            if not ready:
                if not children and time.monotonic() - idle_since > idle_seconds:
                    return
                continue
            idle_since = time.monotonic()
            conn, _ = server.accept()
            try:
                request, fds = receive(conn)
            except (OSError, ValueError, EOFError) as error:
                os.write(2, f"aws fork server: bad request: {error!r}\n".encode())
                conn.close()
                continue
            pid = os.fork()
            if pid == 0:
                server.close()
                run_cli(conn, request, fds)
            calls += 1
            children.add(pid)
            for fd in fds:
                os.close(fd)
            conn.close()
    finally:
        try:
            os.unlink(sock_path)
        except OSError:
            pass
        server.close()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        os.write(
            2,
            f"aws fork server {os.getpid()}: {calls} calls; CPU s: server {usage.ru_utime + usage.ru_stime:.2f}, "
            f"calls {child.ru_utime + child.ru_stime:.2f}\n".encode(),
        )


if __name__ == "__main__":
    serve(sys.argv[1], float(sys.argv[2]))
