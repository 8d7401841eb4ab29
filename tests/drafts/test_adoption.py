"""The adopted version (issue 14): a coordinator records the council's decision on one published version."""

from __future__ import annotations

import re
from datetime import date

import pytest

from consultation import audit
from consultation.drafts import adoption, processes
from consultation.drafts.versions import add_version, parse_markdown
from consultation.errors import NotAllowed, ValidationFailed
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.timezones import local_today

from ..factories import ProcessFactory, UserFactory, add_draft, add_phases

TODAY = date(2026, 12, 2)
DECISION = adoption.Decision("Regionfullmäktige", date(2026, 11, 24), "§ 112, RS 2026/341")


@pytest.fixture
def published(db_session):
    process = ProcessFactory(code="RUS2040")
    version = add_draft(process, sections=2)
    db_session.flush()
    return process, version


def test_a_coordinator_adopts_a_published_version_and_it_is_logged(db_session, published):
    process, version = published
    admin = UserFactory(roles=[Role.ADMIN])
    adopted = adoption.adopt_version(
        db_session,
        admin,
        version.id,
        adoption.Decision("  Regionfullmäktige\n", DECISION.decided_on, DECISION.reference),
        TODAY,
    )
    assert adoption.adoption_of(db_session, process) is adopted
    assert (adopted.body, adopted.decided_on, adopted.reference) == (
        "Regionfullmäktige",
        date(2026, 11, 24),
        "§ 112, RS 2026/341",
    )
    event = db_session.query(audit.AuditEvent).filter_by(action=audit.Action.VERSION_ADOPTED).one()
    assert event.user_id == admin.id


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.FACILITATOR, Role.STAKEHOLDER])
def test_only_a_coordinator_may_adopt(db_session, published, role):
    _, version = published
    with pytest.raises(NotAllowed):
        adoption.adopt_version(db_session, UserFactory(roles=[role]), version.id, DECISION, TODAY)


def test_a_draft_version_cannot_be_adopted(db_session, published):
    _, version = published
    draft = add_version(db_session, version.document, parse_markdown("# 1 Inledning\n\nUtkast.\n"))
    with pytest.raises(ValidationFailed) as refused:
        adoption.adopt_version(db_session, SYSTEM, draft.id, DECISION, TODAY)
    assert "version" in refused.value.errors


def test_a_process_has_one_adopted_version(db_session, published):
    process, version = published
    adoption.adopt_version(db_session, SYSTEM, version.id, DECISION, TODAY)
    later = add_version(db_session, version.document, parse_markdown("# 1 Inledning\n\nVersion 2.\n"))
    later.status = version.status
    db_session.flush()
    with pytest.raises(ValidationFailed) as refused:
        adoption.adopt_version(db_session, SYSTEM, later.id, DECISION, TODAY)
    assert "version" in refused.value.errors
    assert adoption.adoption_of(db_session, process).version_id == version.id


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        (adoption.Decision(" ", DECISION.decided_on, DECISION.reference), "body"),
        (adoption.Decision(DECISION.body, None, DECISION.reference), "decided_on"),
        (adoption.Decision(DECISION.body, date(2027, 1, 1), DECISION.reference), "decided_on"),
        (adoption.Decision(DECISION.body, DECISION.decided_on, ""), "reference"),
        (adoption.Decision("x" * 201, DECISION.decided_on, DECISION.reference), "body"),
    ],
)
def test_an_incomplete_decision_is_refused_with_the_field_named(db_session, published, decision, field):
    _, version = published
    with pytest.raises(ValidationFailed) as refused:
        adoption.adopt_version(db_session, SYSTEM, version.id, decision, TODAY)
    assert field in refused.value.errors
    assert adoption.adoption_of(db_session, version.document.process) is None


def test_the_process_page_says_who_adopted_it_after_the_confirm_page(client, auth, db_session, published):
    process, version = published
    admin = UserFactory(roles=[Role.ADMIN])
    db_session.flush()
    auth.login_as(admin)
    url = f"/process/{process.code}/forslag/v{version.number}/anta"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Beslutande organ" in confirm.get_data(as_text=True)
    refused = auth.post(url, {"body": "Regionfullmäktige", "decided_on": "2026-11-24", "reference": ""}, form_url=url)
    assert refused.status_code == 422
    assert 'value="Regionfullmäktige"' in refused.get_data(as_text=True)  # the typed text comes back
    saved = auth.post(
        url, {"body": "Regionfullmäktige", "decided_on": "2026-11-24", "reference": "§ 112"}, form_url=url
    )
    assert saved.status_code == 302
    auth.logout()
    page = client.get(f"/process/{process.code}").get_data(as_text=True)
    assert "Antagen av Regionfullmäktige den 24 november 2026 (§ 112)." in page
    assert f'/process/{process.code}/forslag/v{version.number}"' in page


def test_once_adopted_the_timeline_is_at_the_decision_whatever_the_plan(client, db_session, published):
    process, version = published
    add_phases(process, local_today())  # the plan says drafting and remiss is current, the decision months away
    db_session.commit()
    current = r'<li class="timeline-step state-current" aria-current="step">(.*?)</li>'
    before = re.findall(current, client.get(f"/process/{process.code}").get_data(as_text=True), re.S)
    assert len(before) == 1 and "Beslut" not in before[0]
    adoption.adopt_version(db_session, UserFactory(roles=[Role.ADMIN]), version.id, DECISION, local_today())
    db_session.commit()
    steps = processes.timeline(process, local_today(), DECISION.decided_on)
    assert [s.state for s in steps] == ["past", "past", "past", "current"]
    page = client.get(f"/process/{process.code}").get_data(as_text=True)
    after = re.findall(current, page, re.S)
    assert len(after) == 1 and "Beslut" in after[0]
