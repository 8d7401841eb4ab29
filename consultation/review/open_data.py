"""Open data: the published material of a process as plain records, for the JSON API and the CSV bundle.

Nothing here has rules of its own about what is public: it reads through the same functions as
the public pages (public processes, `published_round`, `published_responses`, the compilation
with `for_public=True`), so the consent rule for private persons and the redactions apply here
exactly as there. Records are dicts of plain values with stable ids: a process by its code, a
version by its number, a section by its key, a response by its id and reference number, a
comment by its id, a point of the compilation by "c<comment id>" or "n<note id>".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..drafts import processes
from ..drafts.models import DocumentVersion, Process
from ..errors import N_, NotFound, msg
from ..paging import Page
from ..remiss.models import ConsultationRound
from . import public_reading
from .compilation import build_compilation

MAX_PER_PAGE = 100


def paged(items: list[dict[str, Any]], page: int, per_page: int) -> Page[dict[str, Any]]:
    """One page of records (1-based); a page past the end is empty, never an error."""
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    page = max(1, page)
    start = (page - 1) * per_page
    return Page(items[start : start + per_page], page, per_page, len(items))


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def published_rounds(session: Session, process: Process) -> list[ConsultationRound]:
    """The process's rounds whose compilation is published, oldest first."""
    return list(
        session.scalars(
            select(ConsultationRound)
            .where(ConsultationRound.process_id == process.id, ConsultationRound.compilation_published_at.is_not(None))
            .order_by(ConsultationRound.opens_at, ConsultationRound.id)
        )
    )


def _versions(process: Process) -> list[DocumentVersion]:
    """The published versions: a draft (utkast) is not open data, it is not public at all."""
    return sorted((v for d in process.documents for v in d.versions if v.is_published), key=lambda v: v.number)


def process_record(process: Process) -> dict[str, Any]:
    return {
        "code": process.code,
        "title": process.title,
        "region": process.region,
        "description": process.description,
    }


def list_processes(session: Session) -> list[dict[str, Any]]:
    """The public processes (the anonymous visitor's list, whoever asks)."""
    return [process_record(p) for p in sorted(processes.list_processes(session, None), key=lambda p: p.code)]


def round_record(round_: ConsultationRound) -> dict[str, Any]:
    return {
        "id": round_.id,
        "title": round_.title,
        "version": round_.version.number,
        "opens_at": _iso(round_.opens_at),
        "closes_at": _iso(round_.closes_at),
        "published_at": _iso(round_.compilation_published_at),
    }


def process_detail(session: Session, code: str) -> dict[str, Any]:
    """A public process with its versions and its published rounds."""
    process = processes.get_process(session, None, code)
    return process_record(process) | {
        "versions": [
            {"number": v.number, "title": v.title, "created_at": _iso(v.created_at)} for v in _versions(process)
        ],
        "rounds": [round_record(r) for r in published_rounds(session, process)],
    }


def section_records(version: DocumentVersion) -> list[dict[str, Any]]:
    return [
        {"key": s.key, "number": s.number, "heading": s.heading, "level": s.level, "body": s.body}
        for s in sorted(version.sections, key=lambda s: s.position)
    ]


def version_detail(session: Session, code: str, number: int) -> dict[str, Any]:
    """One version of a public process's draft, with its sections (as the draft page shows them)."""
    process = processes.get_process(session, None, code)
    version = next((v for v in _versions(process) if v.number == number), None)
    if version is None:
        raise NotFound(msg(N_("Versionen finns inte.")))
    return {
        "process": process.code,
        "number": version.number,
        "title": version.title,
        "created_at": _iso(version.created_at),
        "sections": section_records(version),
    }


def response_records(session: Session, code: str, round_id: int) -> list[dict[str, Any]]:
    """The published responses of a published round, with the publication rules applied."""
    round_ = public_reading.published_round(session, code, round_id)
    return [
        {
            "id": r.id,
            "reference": r.reference,
            "sender": r.sender,
            "anonymous": r.anonymous,
            "actor_type": r.actor_type,
            "submitted_at": _iso(r.submitted_at),
            "comments": [{"section": c.section_label, "text": c.text, "redacted": c.redacted} for c in r.comments],
        }
        for r in public_reading.published_responses(session, round_)
    ]


def position_records(session: Session, code: str, round_id: int) -> list[dict[str, Any]]:
    """Every point of the published compilation with the working group's position, in document order."""
    round_ = public_reading.published_round(session, code, round_id)
    compilation = build_compilation(session, None, round_.id, "section", for_public=True)
    records = []
    for group in compilation.groups:
        entries = list(group.entries) + [m for c in group.campaigns for m in c.members]
        for entry in entries:
            records.append(
                {
                    "id": entry.key,
                    "section_key": entry.section_key,
                    "section": entry.section_label,
                    "source": "meeting_note" if entry.note_id is not None else "comment",
                    "response_reference": entry.reference or None,
                    "sender": entry.sender,
                    "anonymous": entry.anonymous,
                    "actor_type": entry.actor_type,
                    "text": entry.text,
                    "redacted": entry.redacted,
                    "decision": entry.decision.value if entry.decision else None,
                    "motivation": entry.motivation,
                }
            )
    return records


def round_bundle(session: Session, code: str, round_id: int) -> dict[str, Any]:
    """Everything the CSV bundle of one published round holds, read through the same rules as the API."""
    round_ = public_reading.published_round(session, code, round_id)
    return {
        "process": process_record(round_.process),
        "round": round_record(round_),
        "sections": section_records(round_.version),
        "responses": response_records(session, code, round_id),
        "positions": position_records(session, code, round_id),
    }
