"""A tiny job kind for the transport tests: a few short steps, each written to a log file.

The file (named in the parameters) records each attempt's start and the one finish, so that a
test can tell a job that ran to its end once from one that ran twice.
"""

from __future__ import annotations

import time
from pathlib import Path

from consultation.jobs import JobContext, register

KIND = "test.steps"


@register(KIND, max_attempts=3)
def steps(context: JobContext) -> None:
    log = Path(context.parameters["log"])
    with log.open("a") as out:
        out.write(f"start {context.attempt}\n")
    count = int(context.parameters.get("steps", 5))
    for step in range(count):
        time.sleep(float(context.parameters.get("step_seconds", 0.05)))
        context.progress((step + 1) / count)
        with log.open("a") as out:
            out.write(f"step {context.attempt} {step + 1}\n")
    if context.parameters.get("fail"):
        raise RuntimeError("asked to fail")
    with log.open("a") as out:
        out.write("finish\n")
