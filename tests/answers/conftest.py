"""A round with an analysis whose themes and campaign are known in advance, for answering.

The run's result is stored through `analysis_runs.store_result` with a fixed outcome, so
the tests know which item is in which theme without depending on the clustering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from app.extensions import db
from consultation.meetings import Meeting, MeetingKind, MeetingNote, NoteKind, NoteStatus
from consultation.people import ActorType, Role
from consultation.people.access import SYSTEM
from consultation.remiss import Comment, Response, ResponseStatus
from consultation.review import AnalysisItem, AnalysisRun, analysis_runs
from consultation.review.analysis_runs import Outcome, RunParameters
from consultation.review.positions import Subject

from ..factories import OrganisationFactory

CAMPAIGN_TEXT = "Vi kräver att kvällsbussen till byn finns kvar. Skriv under uppropet!"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> Bygg fler bostäder."

# theme -> [(section index or None for the whole document, text, actor type)]
THEMES = {
    "Kollektivtrafik": [
        (0, "Kollektivtrafiken på landsbygden måste bli tätare.", ActorType.MUNICIPALITY),
        (0, "Fler tågavgångar mellan länets städer behövs för pendlingen.", ActorType.BUSINESS),
        (0, CAMPAIGN_TEXT, ActorType.PRIVATE_PERSON),
        (0, CAMPAIGN_TEXT, ActorType.PRIVATE_PERSON),
        (0, CAMPAIGN_TEXT, ActorType.CIVIL_SOCIETY),
    ],
    "Kompetensförsörjning": [
        (1, "Yrkesutbildningarna måste byggas ut.", ActorType.ACADEMIA),
        (1, "Lärcentrum i de små kommunerna gör det möjligt att studera hemma.", ActorType.MUNICIPALITY),
        (None, "Strategin som helhet saknar ett kompetensperspektiv.", ActorType.AGENCY),
    ],
    "Bostäder": [
        (2, HOSTILE, ActorType.BUSINESS),
        (2, "Det byggs för få hyresrätter för unga.", ActorType.MUNICIPALITY),
    ],
}
NOTE_TEXT = "Deltagarna beskrev att bussen till byn är indragen."
ITEMS = sum(len(texts) for texts in THEMES.values()) + 1  # and the meeting note


@dataclass
class AnswerRun:
    """A finished run: its themes by label, the campaign and each input's subject by text."""

    run: AnalysisRun
    themes: dict = field(default_factory=dict)  # label -> Theme
    campaign: object = None
    comments: dict = field(default_factory=dict)  # text -> [Comment]
    note: MeetingNote | None = None

    def subject(self, text: str, n: int = 0) -> Subject:
        return Subject("comment", self.comments[text][n].id)

    def item(self, text: str, n: int = 0) -> AnalysisItem:
        comment_id = self.comments[text][n].id
        return next(i for t in self.run.themes for i in t.items if i.comment_id == comment_id)

    @property
    def note_subject(self) -> Subject:
        return Subject("note", self.note.id)


def analyse_fixed(round_, labels=THEMES) -> AnalysisRun:
    """Run an "analysis" that puts each input in the theme the test data says, and finds the one campaign."""
    run = analysis_runs.start_run(db.session, SYSTEM, round_.id, RunParameters(include_notes=True))
    analysis_runs.mark_running(db.session, run.id)
    inputs = analysis_runs.collect_inputs(db.session, run)
    theme_of = {text: label for label, entries in labels.items() for _, text, _ in entries}
    themes = []
    for label in labels:
        keys = [i.key for i in inputs if theme_of.get(i.text) == label or (i.note_id and label == "Kollektivtrafik")]
        themes.append(
            SimpleNamespace(label=label, terms=[label.lower()], item_ids=keys, representative_ids=keys[:1], summary=[])
        )
    campaign = [i.key for i in inputs if i.text == CAMPAIGN_TEXT]
    outcome = Outcome(themes=themes, campaigns=[SimpleNamespace(item_ids=campaign, representative_id=campaign[0])])
    analysis_runs.store_result(db.session, run, inputs, outcome)
    db.session.flush()
    return run


@pytest.fixture
def author(make_user):
    return make_user(Role.STAKEHOLDER, email="skribent@kommun.example", name="Skribent")


@pytest.fixture
def answer_run(round_, version, process, author) -> AnswerRun:
    comments: dict[str, list[Comment]] = {}
    for entries in THEMES.values():
        for index, text, actor_type in entries:
            organisation = OrganisationFactory(actor_type=actor_type)
            section = version.sections[index] if index is not None else None
            response = Response(
                round=round_,
                organisation=organisation,
                created_by=author,
                status=ResponseStatus.SUBMITTED,
                reference=f"{process.code}-2026-{organisation.id:04d}",
                submitted_at=datetime.now(UTC),
            )
            comment = Comment(section=section, body=text, submitted_body=text)
            response.comments.append(comment)
            db.session.add(response)
            comments.setdefault(text, []).append(comment)
    meeting = Meeting(
        process=process,
        kind=MeetingKind.DIALOGUE,
        title="Dialogträff om resor",
        theme="Resor",
        starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 2, 12, tzinfo=UTC),
        is_published=True,
    )
    note = MeetingNote(
        meeting=meeting,
        kind=NoteKind.CHALLENGE,
        status=NoteStatus.PUBLISHED,
        body=NOTE_TEXT,
        published_at=datetime(2026, 3, 2, 13, tzinfo=UTC),
    )
    note.sections.append(version.sections[0])
    db.session.add_all([meeting, note])
    db.session.flush()
    run = analyse_fixed(round_)
    db.session.commit()
    return AnswerRun(
        run=run, themes={t.label: t for t in run.themes}, campaign=run.campaigns[0], comments=comments, note=note
    )


@pytest.fixture
def member(make_user):
    return make_user(Role.WORKING_GROUP, email="greta@region.example", name="Greta Grupp")


@pytest.fixture
def colleague(make_user):
    return make_user(Role.WORKING_GROUP, email="kalle@region.example", name="Kalle Kollega")
