"""Runs the table step program (steps/iceberg_table_step.py) many times in one Python process.

For the engine tests: each run executes the program file as `__main__` (runpy), exactly as
`python3 iceberg_table_step.py` would, with the request's environment, and answers with the exit
status, stdout and stderr that process would have had. pyiceberg, pyarrow and SQLAlchemy are
imported once for all runs instead of once a run (over a second of CPU each).

One request a line on stdin: {"program": path, "env": {name: value}}; one answer a line on stdout:
{"status": int, "stdout": str, "stderr": str}.
"""
import contextlib
import io
import json
import os
import runpy
import sys
import traceback


def exit_status(code):
    """The status a process exiting with SystemExit(code) has (as CPython's handler maps it)."""
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"


def serve(request):
    env = request["env"]
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = [request["program"]]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(request["program"], run_name="__main__")
                status = 0
            except SystemExit as exc:
                status, text = exit_status(exc.code)
                err.write(text)
            except BaseException:  # what an uncaught exception does to the process: traceback, exit 1
                traceback.print_exc()
                status = 1
    finally:
        sys.argv = argv
        os.environ.clear()
        os.environ.update(saved)
    return {"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main():
    real_stdout = sys.stdout
    for line in sys.stdin:
        real_stdout.write(json.dumps(serve(json.loads(line))) + "\n")
        real_stdout.flush()


if __name__ == "__main__":
    main()
