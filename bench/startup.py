"""Start-up time: create_app() in a fresh interpreter, a few `flask` commands, and a second `make run`.

    .venv/bin/python bench/startup.py [--repeats 5] [--skip-make-run] [--importtime 20]

Each measurement runs in a new process, once unmeasured (so .pyc files are written) and then
--repeats times; the median is printed with the fastest and slowest run. "Second make run" is
`make run` on an instance that already has its venv, database and analysed demo (made by one
unmeasured `make run` first if instance/ has no database), timed from the start of `make` until
http://127.0.0.1:PORT/ answers 200; then the whole process group is stopped. Run it on a quiet
machine: the targets (create_app ≤ 1 s, a flask command ≤ 1.5 s, second make run ≤ 5 s) are
for that. --importtime N also prints the N slowest imports of `import app; app.create_app()`
(cumulative microseconds, from `python -X importtime`), top-level and one level below.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLASK = [str(BIN / "flask"), "--app", "app"]
CREATE_APP = "import time; t = time.perf_counter(); import app; app.create_app(); print(time.perf_counter() - t)"
COMMANDS = [["--help"], ["demo", "accounts"], ["db", "current"]]
TARGETS = {"create_app": 1.0, "flask": 1.5, "make run": 5.0}


def report(name: str, seconds: list[float], target: float) -> None:
    print(
        f"{name:<40} median {statistics.median(seconds):5.2f} s  (min {min(seconds):.2f}, "
        f"max {max(seconds):.2f}, {len(seconds)} runs; target ≤ {target:g} s)",
        flush=True,
    )


def repeat(measure, repeats: int) -> list[float]:
    measure()  # unmeasured: writes .pyc files, warms the file cache
    return [measure() for _ in range(repeats)]


def create_app_seconds() -> float:
    """`import app; app.create_app()` as timed inside a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", CREATE_APP], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def command_seconds(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(FLASK + args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers_200(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def make_run_seconds(timeout: float = 600.0) -> float:
    """From `make run` to the first 200 on /, then the process group is stopped."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while not answers_200(url):
            if make.poll() is not None:
                raise RuntimeError(f"make run stopped with {make.returncode} before serving")
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"make run did not serve within {timeout:.0f} s")
            time.sleep(0.05)
        return time.perf_counter() - start
    finally:
        stop(make)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to make and everything it started (its own session), SIGKILL if that is not enough."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def importtime(top: int) -> None:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app; app.create_app()"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, cumulative, name = line.split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append((int(cumulative), depth, name.strip()))
    total = sum(c for c, depth, _ in rows if depth == 0)
    print(f"-X importtime, import app + create_app(): {total} us cumulative over the top-level imports")
    for cumulative, depth, name in sorted((r for r in rows if r[1] <= 1), reverse=True)[:top]:
        print(f"{cumulative:>10} us  {'  ' * depth}{name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-make-run", action="store_true", help="leave out the second make run")
    parser.add_argument("--importtime", type=int, default=0, metavar="N", help="also print the N slowest imports")
    options = parser.parse_args()

    report("create_app() in a fresh interpreter", repeat(create_app_seconds, options.repeats), TARGETS["create_app"])
    for args in COMMANDS:
        report(
            "flask --app app " + " ".join(args),
            repeat(lambda args=args: command_seconds(args), options.repeats),
            TARGETS["flask"],
        )
    if not options.skip_make_run:
        if not (ROOT / "instance" / "samrad.sqlite3").exists() and "DATABASE_URL" not in os.environ:
            print("No instance yet: one make run first to set it up (not counted) …", flush=True)
        report("second make run until HTTP 200", repeat(make_run_seconds, options.repeats), TARGETS["make run"])
    if options.importtime:
        importtime(options.importtime)


if __name__ == "__main__":
    main()
