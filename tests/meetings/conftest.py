from __future__ import annotations

from datetime import time, timedelta

import pytest

from consultation import meetings
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.timezones import local_days_from_today

from ..factories import OrganisationFactory, ProcessFactory, add_draft


@pytest.fixture
def process(db_session):
    process = ProcessFactory(code="RUS2040")
    add_draft(process, sections=3)
    return process


@pytest.fixture
def facilitator(make_user, process, db_session):
    user = make_user(Role.FACILITATOR, name="Johan")
    process.facilitators.append(user)
    db_session.flush()
    return user


@pytest.fixture
def other_facilitator(make_user, db_session):
    other_process = ProcessFactory(code="ANNAN")
    user = make_user(Role.FACILITATOR, name="Främling")
    other_process.facilitators.append(user)
    db_session.flush()
    return user


@pytest.fixture
def org(db_session):
    return OrganisationFactory(name="Fjällby kommun")


@pytest.fixture
def stakeholder(make_user, org):
    return make_user(Role.STAKEHOLDER, organisations=[org], name="Anna")


def meeting_data(days=10, **overrides):
    start = local_days_from_today(
        days, time(13)
    )  # afternoon in Stockholm: never past midnight, whatever the hour the suite runs
    values = dict(
        kind="dialogue",
        title="Dialogträff om kompetens",
        theme="Kompetens",
        description="Välkommen!",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="Fjällby",
        is_published=True,
    )
    values.update(overrides)
    return meetings.MeetingData(**values)


@pytest.fixture
def meeting(db_session, process, facilitator):
    return meetings.save_meeting(db_session, facilitator, process.id, meeting_data(facilitator_ids=[facilitator.id]))


@pytest.fixture
def past_meeting(db_session, process, facilitator):
    return meetings.save_meeting(db_session, SYSTEM, process.id, meeting_data(days=-30, title="Förra träffen"))
