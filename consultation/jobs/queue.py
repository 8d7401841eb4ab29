"""The job queue kept in the database: enqueue, claim, heartbeat, finish, fail, retry and reclaim.

Whatever carries a job to a worker (a thread of the web process, or RQ on Redis), the row is
the truth: a worker may only run a job it claimed, and a claim is one conditional UPDATE, so two
workers handed the same job id run it once. Every attempt gets a fresh claim token; heartbeat and
finish check it, so a worker that was given up for dead and comes back cannot finish the job a
second time. Functions take a Session and leave the commit to the caller.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.util import identity_key

from ..base import utcnow
from ..errors import N_, Conflict, DomainError, Message, NotFound, msg
from ..paging import Page
from ..people.access import Actor, require_admin, user_id_of
from .models import Job, JobStatus

# A job that failed for good because its worker stopped answering, attempt after attempt.
GAVE_UP = N_("Jobbet avbröts flera gånger utan att bli klart (arbetsprocessen slutade svara) och har getts upp.")
# A job whose function raised something other than a domain error: the cause is in the log.
UNEXPECTED = N_(
    "Jobbet misslyckades på grund av ett oväntat fel. Försök igen; om felet kvarstår, kontakta förvaltningen."
)
UNKNOWN_KIND = N_("Den här sortens jobb finns inte (längre) i systemet.")


class JobLost(DomainError):
    """The worker's claim on the job is gone (it was reclaimed, retried or finished elsewhere)."""


@dataclass(frozen=True)
class Claim:
    """A worker's hold on one attempt of a job."""

    job_id: int
    token: str
    kind: str
    parameters: dict
    attempt: int


def enqueue(
    session: Session,
    kind: str,
    parameters: dict | None = None,
    *,
    started_by: Actor | None = None,
    max_attempts: int = 3,
) -> Job:
    """Add a queued job; the caller commits, then hands the id to a transport."""
    job = Job(
        kind=kind[:40],
        parameters=dict(parameters or {}),
        status=JobStatus.QUEUED,
        progress=0.0,
        attempts=0,
        max_attempts=max(1, max_attempts),
        started_by_id=user_id_of(started_by),
        heartbeat_at=utcnow(),
    )
    session.add(job)
    session.flush()
    return job


def claim(session: Session, worker: str, job_id: int | None = None, now: datetime | None = None) -> Claim | None:
    """Take the given queued job (or the oldest one) for this worker; None when there is none to take."""
    now = now or utcnow()
    token = secrets.token_hex(16)
    if job_id is None:
        # PostgreSQL: a row another worker is claiming is skipped, not waited for. SQLite runs one
        # writing statement at a time, so the UPDATE below is atomic there on its own (as a BEGIN
        # IMMEDIATE would make it) and FOR UPDATE is left out of the SQL.
        target = (
            select(Job.id)
            .where(Job.status == JobStatus.QUEUED)
            .order_by(Job.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
    else:
        target = job_id
    row = session.execute(
        update(Job)
        .where(Job.id == target, Job.status == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            claim_token=token,
            worker=worker[:120],
            attempts=Job.attempts + 1,
            started_at=func.coalesce(Job.started_at, now),
            heartbeat_at=now,
            error=None,
            error_detail=None,
        )
        .returning(Job.id, Job.kind, Job.parameters, Job.attempts)
        .execution_options(synchronize_session=False)
    ).first()
    if row is None:
        return None
    _forget(session, row.id)
    return Claim(job_id=row.id, token=token, kind=row.kind, parameters=dict(row.parameters or {}), attempt=row.attempts)


def heartbeat(session: Session, claim_: Claim, progress: float | None = None, now: datetime | None = None) -> None:
    """Say the worker is alive (and how far it got); raises JobLost if the claim is no longer its own."""
    values: dict = {"heartbeat_at": now or utcnow()}
    if progress is not None:
        values["progress"] = float(min(1.0, max(0.0, progress)))
    _update_own(session, claim_, values)


def finish(session: Session, claim_: Claim, now: datetime | None = None) -> None:
    """Mark the job done, in the transaction that keeps its result, so that the result counts once."""
    now = now or utcnow()
    _update_own(
        session,
        claim_,
        {"status": JobStatus.DONE, "progress": 1.0, "finished_at": now, "heartbeat_at": now, "claim_token": None},
    )


def fail(
    session: Session,
    claim_: Claim,
    error: Message | str,
    detail: str = "",
    *,
    retry: bool = True,
    now: datetime | None = None,
) -> Job:
    """Record a failed attempt: queued again while attempts remain (and `retry`), else failed for good."""
    now = now or utcnow()
    job = session.get(Job, claim_.job_id, populate_existing=True)
    if job is None or job.claim_token != claim_.token or job.status != JobStatus.RUNNING:
        raise JobLost(msg(N_("Jobbet har tagits över av en annan arbetsprocess.")))
    job.error, job.error_detail = str(error)[:2000], detail[:4000] or None
    job.claim_token, job.heartbeat_at = None, now
    if retry and job.attempts < job.max_attempts:
        job.status = JobStatus.QUEUED  # its heartbeat now says when it was queued again
    else:
        job.status, job.finished_at = JobStatus.FAILED, now
    session.flush()
    return job


def reclaim_stale(session: Session, stale_after: timedelta, now: datetime | None = None) -> list[int]:
    """Queue again the running jobs whose worker went silent; those out of attempts fail. Returns the queued ids."""
    now = now or utcnow()
    stale = session.scalars(
        select(Job)
        .where(Job.status == JobStatus.RUNNING, Job.heartbeat_at < now - stale_after)
        .order_by(Job.id)
        .with_for_update(skip_locked=True)
    ).all()
    queued = []
    for job in stale:
        job.claim_token, job.worker, job.heartbeat_at = None, None, now
        if job.attempts < job.max_attempts:
            job.status = JobStatus.QUEUED
            queued.append(job.id)
        else:
            job.status, job.finished_at, job.error = JobStatus.FAILED, now, GAVE_UP
    session.flush()
    return queued


def overdue_queued(session: Session, waited: timedelta, now: datetime | None = None) -> list[int]:
    """Queued jobs no worker has claimed for `waited` (the transport lost them, e.g. Redis restarted).

    Their heartbeat (a queued job's says when it was queued) is moved on, so that each sweep hands
    them on once more; a job handed on twice still runs once, since claiming it is conditional.
    """
    now = now or utcnow()
    ids = list(
        session.scalars(
            select(Job.id).where(Job.status == JobStatus.QUEUED, Job.heartbeat_at < now - waited).order_by(Job.id)
        )
    )
    if ids:
        session.execute(
            update(Job).where(Job.id.in_(ids)).values(heartbeat_at=now).execution_options(synchronize_session=False)
        )
    return ids


def retry(session: Session, actor: Actor, job_id: int) -> Job:
    """Queue a failed job again with a fresh count of attempts (one click on the jobs page)."""
    require_admin(actor)
    job = _get(session, job_id)
    if job.status != JobStatus.FAILED:
        raise Conflict(msg(N_("Bara ett misslyckat jobb kan försökas igen.")))
    job.status, job.attempts, job.progress, job.heartbeat_at = JobStatus.QUEUED, 0, 0.0, utcnow()
    job.error = job.error_detail = job.finished_at = job.started_at = job.result = None
    session.flush()
    return job


def get_job(session: Session, actor: Actor, job_id: int) -> Job:
    require_admin(actor)
    return _get(session, job_id)


def list_jobs(
    session: Session, actor: Actor, status: JobStatus | None = None, page: int = 1, per_page: int = 50
) -> Page[Job]:
    """Jobs newest first, optionally of one status, with who started them."""
    require_admin(actor)
    query: Select = select(Job)
    if status is not None:
        query = query.where(Job.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.options(selectinload(Job.started_by))
        .order_by(Job.created_at.desc(), Job.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def latest_job(session: Session, actor: Actor, kind: str, parameter: str, value) -> Job | None:
    """The newest job of `kind` whose parameter has the value (e.g. a round's latest sending), or None."""
    require_admin(actor)
    recent = session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id.desc()).limit(200))
    return next((job for job in recent if (job.parameters or {}).get(parameter) == value), None)


def count_by_status(session: Session, actor: Actor) -> dict[JobStatus, int]:
    require_admin(actor)
    counts = dict.fromkeys(JobStatus, 0)
    for status, count in session.execute(select(Job.status, func.count()).group_by(Job.status)):
        counts[JobStatus(status)] = count
    return counts


def _get(session: Session, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(msg(N_("Jobbet finns inte.")))
    return job


def _update_own(session: Session, claim_: Claim, values: dict) -> None:
    done = session.execute(
        update(Job)
        .where(Job.id == claim_.job_id, Job.claim_token == claim_.token, Job.status == JobStatus.RUNNING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise JobLost(msg(N_("Jobbet har tagits över av en annan arbetsprocess.")))
    _forget(session, claim_.job_id)


def _forget(session: Session, job_id: int) -> None:
    """A loaded Job is out of date after an UPDATE statement: the next read loads it afresh."""
    job = session.identity_map.get(identity_key(Job, job_id))
    if job is not None:
        session.expire(job)
