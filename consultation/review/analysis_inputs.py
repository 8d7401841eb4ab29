"""What a theme analysis reads: the parameters a run is started with, and the texts they select.

Both halves of a parameter's meaning live here: what `start_run` accepts (`validate`) and
what the worker then collects (`collect_inputs`), so that the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..errors import N_, ValidationFailed, msg
from ..meetings.models import Meeting, MeetingNote, NoteStatus
from ..people.models import ActorType
from ..remiss.models import ConsultationRound
from ..remiss.reading import actor_type_of
from .compilation_queries import NOTE_SOURCE, WHOLE, section_label, sender_of, submitted_comments
from .models import AnalysisRun

MIN_THEMES, MAX_THEMES = 2, 40


@dataclass(frozen=True)
class RunParameters:
    include_notes: bool = False
    section_keys: tuple[str, ...] = ()  # empty: every section and the whole document
    actor_types: tuple[str, ...] = ()  # empty: every actor type; applies to comments only
    n_themes: int | None = None  # None: the analysis chooses

    def as_json(self) -> dict:
        return {
            "include_notes": self.include_notes,
            "section_keys": list(self.section_keys),
            "actor_types": list(self.actor_types),
            "n_themes": self.n_themes,
        }

    @classmethod
    def from_json(cls, data: dict) -> RunParameters:
        return cls(
            include_notes=bool(data.get("include_notes")),
            section_keys=tuple(data.get("section_keys") or ()),
            actor_types=tuple(data.get("actor_types") or ()),
            n_themes=data.get("n_themes"),
        )


def validate(round_: ConsultationRound, params: RunParameters) -> None:
    """Refuse sections outside the round's version, unknown actor types and a number of themes out of range."""
    errors: dict[str, list] = {}
    keys = {s.key for s in round_.version.sections} | {WHOLE}
    if any(key not in keys for key in params.section_keys):
        errors["sections"] = [msg(N_("Välj avsnitt ur remissversionen av förslaget."))]
    known_types = {t.value for t in ActorType}
    if any(t not in known_types for t in params.actor_types):
        errors["actor_types"] = [msg(N_("Okänd aktörstyp."))]
    if params.n_themes is not None and not MIN_THEMES <= params.n_themes <= MAX_THEMES:
        errors["n_themes"] = [
            msg(
                N_("Antalet teman ska vara mellan %(low)s och %(high)s, eller tomt för att låta analysen välja."),
                low=MIN_THEMES,
                high=MAX_THEMES,
            )
        ]
    if errors:
        raise ValidationFailed(errors)


@dataclass(frozen=True)
class AnalysisInput:
    """One text for the analysis, with what the result page shows about it."""

    key: str  # "c<comment id>" or "n<note id>"
    text: str
    sender: str
    actor_type: str | None
    section_key: str | None
    section_label: str
    comment_id: int | None = None
    note_id: int | None = None


def draft_headings(run: AnalysisRun) -> list[str]:
    """The headings of the draft version the run's round is about: candidates for theme names."""
    version = run.round.version
    return [section.heading for section in version.sections] if version is not None else []


def collect_inputs(session: Session, run: AnalysisRun) -> list[AnalysisInput]:
    """The submitted comments of the run's round (and published notes if asked), filtered as asked."""
    params = RunParameters.from_json(run.parameters)
    round_ = run.round
    wanted_sections = set(params.section_keys)
    wanted_types = set(params.actor_types)
    comments = submitted_comments(session, round_.id)
    inputs = []
    for comment in comments:
        text = (comment.submitted_body or "").strip()
        section_key = comment.section.key if comment.section else None
        actor_type = actor_type_of(comment.response).value
        if not text:
            continue
        if wanted_sections and (section_key or WHOLE) not in wanted_sections:
            continue
        if wanted_types and actor_type not in wanted_types:
            continue
        inputs.append(
            AnalysisInput(
                key=f"c{comment.id}",
                text=text,
                sender=sender_of(comment.response, for_public=False),
                actor_type=actor_type,
                section_key=section_key,
                section_label=section_label(comment.section),
                comment_id=comment.id,
            )
        )
    if params.include_notes:
        notes = session.scalars(
            select(MeetingNote)
            .join(Meeting)
            .where(Meeting.process_id == round_.process_id, MeetingNote.status == NoteStatus.PUBLISHED)
            .options(selectinload(MeetingNote.meeting), selectinload(MeetingNote.sections))
            .order_by(MeetingNote.id)
        )
        for note in notes:
            text = (note.body or "").strip()
            linked = [s for s in note.sections if s.version_id == round_.version_id] or list(note.sections)
            if not text:
                continue
            if wanted_sections and not any(s.key in wanted_sections for s in linked):
                continue
            first = linked[0] if linked else None
            inputs.append(
                AnalysisInput(
                    key=f"n{note.id}",
                    text=text,
                    sender=note.meeting.title,
                    actor_type=NOTE_SOURCE,
                    section_key=first.key if first else None,
                    section_label=section_label(first),
                    note_id=note.id,
                )
            )
    return inputs
