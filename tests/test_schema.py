"""The migrations build exactly the models' schema; the database enforces the domain's constraints."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError, StatementError

from consultation.base import Base
from consultation.drafts import Phase
from consultation.meetings import MeetingNote
from consultation.people import Organisation, User, UserRole
from consultation.remiss import Comment, ConsultationRound, Response
from consultation.review import Position
from consultation.search.models import dialect_only

from .factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round


def test_migrated_schema_matches_the_models(db_session):
    connection = db_session.connection()
    # The search index's FTS5 table (SQLite) and tsvector column (PostgreSQL) exist in one database only.
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": lambda name, *_: not dialect_only(name)}
    )
    differences = compare_metadata(context, Base.metadata)
    assert differences == []


def rejected(db_session, *makers):
    """Each maker builds an object inside the savepoint, so a refused row never leaks out of it."""
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.add_all(make() for make in makers)
        db_session.flush()


def test_codes_outside_their_lists_are_refused(db_session):
    rejected(db_session, lambda: Organisation(name="X", actor_type="rymdvarelse"))
    user = UserFactory()
    rejected(db_session, lambda: UserRole(user=user, role="kung"))


def test_unique_and_lower_case_e_mail(db_session):
    UserFactory(email="a@example.se")
    rejected(db_session, lambda: User(name="B", email="a@example.se"))
    rejected(db_session, lambda: User(name="C", email="Versaler@Example.se"))


def test_unique_organisation_number(db_session):
    OrganisationFactory(organisation_number="212000-0001")
    rejected(db_session, lambda: Organisation(name="Annan", actor_type="other", organisation_number="212000-0001"))


def test_dates_must_run_forwards(db_session):
    process = ProcessFactory()
    rejected(
        db_session,
        lambda: Phase(process=process, kind="dialogue", starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1)),
    )
    version = add_draft(process)
    now = datetime.now(UTC)
    rejected(
        db_session,
        lambda: ConsultationRound(
            process=process, version=version, title="R", opens_at=now, closes_at=now - timedelta(days=1)
        ),
    )


def test_a_response_has_exactly_one_owner_and_one_per_organisation(db_session):
    process = ProcessFactory()
    round_ = add_round(process, add_draft(process))
    org, person = OrganisationFactory(), UserFactory()
    rejected(db_session, lambda: Response(round=round_, organisation=org, person=person, created_by=person))
    rejected(db_session, lambda: Response(round=round_, created_by=person))
    db_session.add(Response(round=round_, organisation=org, created_by=person))
    db_session.flush()
    rejected(db_session, lambda: Response(round=round_, organisation=org, created_by=person))
    rejected(db_session, lambda: Response(round=round_, person=person, created_by=person, status="submitted"))


def test_one_whole_document_comment_per_response(db_session):
    process = ProcessFactory()
    round_ = add_round(process, add_draft(process))
    person = UserFactory()
    response = Response(round=round_, person=person, created_by=person)
    db_session.add(response)
    db_session.flush()
    db_session.add(Comment(response=response, section_id=None, body="Ett"))
    db_session.flush()
    rejected(db_session, lambda: Comment(response=response, section_id=None, body="Två"))


def test_a_position_answers_exactly_one_thing(db_session):
    rejected(db_session, lambda: Position(decision="accepted"))
    rejected(db_session, lambda: Position(decision="kanske", comment_id=None, note_id=None))


def test_next_step_fields_only_on_next_steps(db_session):
    from consultation.meetings import Meeting

    process = ProcessFactory()
    now = datetime.now(UTC)
    meeting = Meeting(process=process, kind="dialogue", title="Träff", starts_at=now, ends_at=now + timedelta(hours=2))
    rejected(db_session, lambda: MeetingNote(meeting=meeting, kind="challenge", body="X", step_status="open"))


def test_foreign_keys_are_enforced_on_every_database(db_session):
    rejected(db_session, lambda: UserRole(user_id=999_999, role="admin"))


def test_timestamps_come_back_as_aware_utc_and_naive_ones_are_refused(db_session):
    org = OrganisationFactory()
    db_session.expire(org)
    assert org.created_at.tzinfo is not None and org.created_at.utcoffset() == timedelta(0)
    with pytest.raises(StatementError, match="naive datetime"), db_session.begin_nested():
        org.created_at = datetime(2026, 1, 1)
        db_session.flush()
