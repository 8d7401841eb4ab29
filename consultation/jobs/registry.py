"""Job functions by kind: written once, run by whichever transport carries the job.

A job function takes a `JobContext` and does its work idempotently: it may be run again after
a worker died half-way (or after a retry), and must then neither repeat what was kept nor keep
anything twice. Its final writes are committed together with the job's `finish`, by the runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from .queue import Claim, heartbeat


@dataclass
class JobContext:
    """What a job function gets: its parameters, a session, and a way to report progress."""

    session: Session
    claim: Claim
    # Called by `progress`; the runner commits the heartbeat in the job's own transaction.
    on_progress: Callable[[float], None] | None = None

    @property
    def job_id(self) -> int:
        return self.claim.job_id

    @property
    def parameters(self) -> dict:
        return self.claim.parameters

    @property
    def attempt(self) -> int:
        return self.claim.attempt

    def progress(self, share: float) -> None:
        """Record how far the job got (0–1); raises JobLost if another worker has taken it over."""
        if self.on_progress is not None:
            self.on_progress(share)
        else:
            heartbeat(self.session, self.claim, progress=share)


@dataclass(frozen=True)
class JobKind:
    name: str
    function: Callable[[JobContext], None]
    max_attempts: int = 3


# Looks at the clock and queues the work that has come due (e.g. a round's reminders); returns the new
# jobs' ids. Every sweep of every worker calls it, so it must queue each piece of work once however
# many sweep at the same moment (a unique row per piece, inserted with the job, does).
Scheduler = Callable[[Session, datetime], list[int]]


@dataclass
class Registry:
    kinds: dict[str, JobKind] = field(default_factory=dict)
    schedulers: dict[str, Scheduler] = field(default_factory=dict)

    def register(self, name: str, function: Callable[[JobContext], None], max_attempts: int = 3) -> JobKind:
        kind = JobKind(name=name, function=function, max_attempts=max_attempts)
        self.kinds[name] = kind
        return kind

    def get(self, name: str) -> JobKind | None:
        return self.kinds.get(name)

    def schedule(self, name: str, scheduler: Scheduler) -> None:
        """Have every sweep call `scheduler` (by name, so registering twice keeps one)."""
        self.schedulers[name] = scheduler


# The one registry of the process; the web layer registers its job functions when the app is made.
registry = Registry()


def register(
    name: str, max_attempts: int = 3
) -> Callable[[Callable[[JobContext], None]], Callable[[JobContext], None]]:
    """Decorator: `@register("analysis")` makes the function the one that runs jobs of that kind."""

    def decorate(function: Callable[[JobContext], None]) -> Callable[[JobContext], None]:
        registry.register(name, function, max_attempts)
        return function

    return decorate


def schedule(name: str, scheduler: Scheduler) -> None:
    """Have every sweep of every worker call `scheduler`, which queues the work that has come due."""
    registry.schedule(name, scheduler)
