"""A large compilation's Word file, built by a background job instead of in the request.

Building the .docx takes about 2 ms per point (5,000 points: about 10 s), which would hold a web
worker for as long. The compilation's data itself is quick to gather, so a request gathers it,
takes its digest and asks for the file of that round, variant and digest: one row per state of
the content, made with its job the first time, found by every later request (no second job for
the same file). A file is handed out only while the compilation's digest is still the one it was
built for; a change of any point, position, theme or summary makes a new digest and so a new
build, and the older rows of that round and variant are deleted then (no stale file kept).

The job (app/compilation/building.py) builds the compilation again and keeps the file under the
digest it finds: if the content changed meanwhile, the row asked for is dropped and the requester's
next look builds the current one.
"""

from __future__ import annotations

import dataclasses
import hashlib

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..base import utcnow
from ..errors import N_, NotFound, msg
from ..jobs import JobStatus, queue
from ..people.access import Actor
from ..remiss.reading import require_reader
from .compilation import Compilation
from .models import CompilationFile

COMPILATION_FILE_JOB = "compilation_file"
REVIEW, PUBLIC = "review", "public"


def points_of(result: Compilation) -> int:
    """The points a file of this compilation holds: what its build time grows with."""
    return result.comments + result.notes


def variant_of(result: Compilation, locale: str) -> str:
    """What a file is of: its audience, order, grouping by stance and language ("review:section:0:sv")."""
    return f"{PUBLIC if result.for_public else REVIEW}:{result.order}:{int(result.by_stance)}:{locale}"


def parse_variant(variant: str) -> tuple[bool, str, bool, str]:
    """(for_public, order, by_stance, locale) of a variant name."""
    audience, order, stance, locale = variant.split(":")
    return audience == PUBLIC, order, stance == "1", locale


def digest_of(result: Compilation) -> str:
    """A digest of everything the file shows but the moment it was gathered."""
    content = dataclasses.replace(result, made_at=None)
    return hashlib.sha256(repr(content).encode()).hexdigest()


def request_file(
    session: Session, result: Compilation, locale: str, started_by: Actor | None
) -> tuple[CompilationFile, bool]:
    """The file of the compilation as it stands, and whether its job must be handed to a worker now.

    The caller commits and then dispatches `file.job_id` when asked to. A file whose job failed for
    good gets a new job here, so asking again is how a person retries.
    """
    variant, digest = variant_of(result, locale), digest_of(result)
    found = _find(session, result.round_id, variant, digest)
    if found is not None:
        if found.built_at is not None or found.job is None or found.job.status != JobStatus.FAILED:
            return found, False
        found.job = queue.enqueue(session, COMPILATION_FILE_JOB, {"file_id": found.id}, started_by=started_by)
        session.flush()
        return found, True
    # A newer state of the content: the files of earlier states are of no use to anyone.
    session.execute(
        delete(CompilationFile)
        .where(CompilationFile.round_id == result.round_id, CompilationFile.variant == variant)
        .execution_options(synchronize_session=False)
    )
    try:
        with session.begin_nested():
            made = CompilationFile(round_id=result.round_id, variant=variant, digest=digest)
            session.add(made)
            session.flush()
    except IntegrityError:  # asked for at the same moment by someone else: theirs is the one
        found = _find(session, result.round_id, variant, digest)
        if found is None:
            raise
        return found, False
    made.job = queue.enqueue(session, COMPILATION_FILE_JOB, {"file_id": made.id}, started_by=started_by)
    session.flush()
    return made, True


def get_file(session: Session, actor: Actor, round_id: int, file_id: int, audience: str) -> CompilationFile:
    """The round's file for the working group (REVIEW), or for the public (PUBLIC: the caller has
    found the round published)."""
    if audience == REVIEW:
        require_reader(actor)
    found = session.get(CompilationFile, file_id)
    if found is None or found.round_id != round_id or not found.variant.startswith(f"{audience}:"):
        raise NotFound(msg(N_("Filen finns inte längre: sammanställningen har ändrats sedan den beställdes.")))
    return found


def is_current(found: CompilationFile, result: Compilation, locale: str) -> bool:
    """Whether the file shows the compilation as it stands now."""
    return found.variant == variant_of(result, locale) and found.digest == digest_of(result)


def keep_built(session: Session, file_id: int, result: Compilation, data: bytes) -> CompilationFile | None:
    """The job's end: keep the built file under its digest; None when the row asked for is gone or out of date."""
    found = session.get(CompilationFile, file_id)
    if found is None:
        return None
    if found.digest != digest_of(result):
        session.delete(found)  # the content changed while the job waited: the next request builds anew
        return None
    found.data, found.size, found.built_at = data, len(data), utcnow()
    return found


def _find(session: Session, round_id: int, variant: str, digest: str) -> CompilationFile | None:
    return session.scalar(
        select(CompilationFile).where(
            CompilationFile.round_id == round_id, CompilationFile.variant == variant, CompilationFile.digest == digest
        )
    )
