"""An insats made from a remiss point (with its position) or a meeting note: the links, the form, who sees what."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from consultation.followup import Initiative
from consultation.meetings import Meeting, MeetingKind, MeetingNote, NoteKind, NoteStatus
from consultation.people import Role
from consultation.remiss import Comment, Response, ResponseStatus
from consultation.review import Position
from consultation.review.models import Decision

from ..factories import UserFactory, add_round
from ..htmlcheck import Page

POINT = "Bygg ut lärcentrum i de små kommunerna så att fler kan studera hemma.\nDet minskar pendlingen."
STEP = "Regionen och kommunerna tar fram en gemensam plan för laddinfrastruktur."
DRAFT_NOTE = "Ett utkast som ingen ännu har publicerat."
NEW = "/admin/processer/RUS2040/uppfoljning/ny"


@pytest.fixture
def sources(strategy, db_session):
    """A submitted remiss point on goal area 2 with a position, and a dialogue meeting's next step and draft note."""
    round_ = add_round(strategy.process, strategy.adoption.version, title="Remiss av RUS 2040")
    response = Response(
        round=round_,
        organisation=strategy.org_a,
        created_by=strategy.member_a,
        status=ResponseStatus.SUBMITTED,
        reference="RUS2040-2026-0001",
        submitted_at=datetime.now(UTC),
    )
    comment = Comment(section=strategy.section("2"), body=POINT, submitted_body=POINT)
    response.comments.append(comment)
    draft = Response(round=round_, organisation=strategy.org_b, created_by=strategy.member_b)
    draft.comments.append(Comment(section=strategy.section("2"), body="Inte inskickad."))
    meeting = Meeting(
        process=strategy.process,
        kind=MeetingKind.DIALOGUE,
        title="Dialogträff om energi",
        theme="Energi",
        starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 2, 12, tzinfo=UTC),
        is_published=True,
    )
    step = MeetingNote(
        meeting=meeting,
        kind=NoteKind.NEXT_STEP,
        status=NoteStatus.PUBLISHED,
        body=STEP,
        owner_organisation=strategy.org_b,
        owner_name="Dalbos energisamordnare",
        due_on=date(2027, 6, 30),
        step_status="open",
        published_at=datetime(2026, 3, 2, 13, tzinfo=UTC),
    )
    step.sections.append(strategy.section("3"))
    hidden = MeetingNote(meeting=meeting, kind=NoteKind.PROPOSAL, status=NoteStatus.DRAFT, body=DRAFT_NOTE)
    db_session.add_all([response, draft, meeting, step, hidden])
    db_session.flush()
    position = Position(
        comment_id=comment.id, decision=Decision.ACCEPTED, motivation="Lärcentrum finns med i avsnitt 2."
    )
    db_session.add(position)
    db_session.commit()
    return {
        "round": round_,
        "comment": comment,
        "draft_comment": draft.comments[0],
        "position": position,
        "meeting": meeting,
        "step": step,
        "hidden": hidden,
    }


def _fields(html: str) -> dict:
    """What a browser would post from the page's forms as they are filled in (checked boxes, chosen options)."""
    page = Page()
    page.feed(html)
    data: dict = {}
    select = None
    for element in page.elements:
        name, kind = element.attrs.get("name"), element.attrs.get("type", "text")
        if element.tag == "select":
            select = name
        elif element.tag == "option" and select and "selected" in element.attrs:
            data[select] = element.attrs.get("value", "")
        elif element.tag == "textarea" and name:
            data[name] = element.text.strip("\n")
        elif element.tag == "input" and name and name != "csrf_token":
            if kind == "checkbox":
                if "checked" in element.attrs:
                    data.setdefault(name, []).append(element.attrs.get("value", "y"))
            else:
                data[name] = element.attrs.get("value", "")
    return data


def _posted(auth, url: str, html: str, **changes) -> dict:
    """The form as the page filled it in, with the person's changes."""
    data = {"status": "planned", "progress": "0", **_fields(html)}
    data.update(changes)
    return data


def test_the_coordinator_makes_an_insats_from_a_remiss_point_and_its_position(client, auth, strategy, sources):
    comment, position = sources["comment"], sources["position"]
    auth.login_as(strategy.admin)
    url = f"{NEW}?synpunkt={comment.id}"
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # The form starts from the point: its first line as the title, the same goal area, the sender and the position.
    assert 'value="Bygg ut lärcentrum i de små kommunerna så att fler kan studera hemma."' in html
    assert "Synpunkt från Fjällby kommun i Remiss av RUS 2040" in html
    assert "Beaktas: Lärcentrum finns med i avsnitt 2." in html
    assert "syns för alla" in html  # the title and description are the sender's words until rewritten
    data = _posted(auth, url, html, organisation_id=str(strategy.org_a.id))
    assert data["section_ids"] == [str(strategy.section("2").id)]
    assert data["origin_comment"] == str(comment.id)
    saved = auth.post(NEW, data, form_url=url)
    assert saved.status_code == 302
    made = db.session.query(Initiative).one()
    assert (made.source_comment_id, made.source_position_id, made.source_note_id) == (comment.id, position.id, None)
    assert made.description.startswith("Bygg ut lärcentrum") and "pendlingen" in made.description

    # The coordinator sees the point itself on the insats; the public only which round and section it came from.
    own = client.get(f"/process/RUS2040/uppfoljning/insats/{made.id}").get_data(as_text=True)
    assert "Synpunkt från Fjällby kommun" in own and f"/svar/{comment.response_id}" in own and "Beaktas" in own
    auth.logout()
    public = client.get(f"/process/RUS2040/uppfoljning/insats/{made.id}").get_data(as_text=True)
    assert "En synpunkt i Remiss av RUS 2040, avsnitt 2 Kompetens" in public
    assert "Fjällby kommun i Remiss" not in public and 'class="origin-text"' not in public and "Beaktas" not in public
    # Once the compilation is published, the decision is public too.
    sources["round"].compilation_published_at = datetime.now(UTC)
    db.session.commit()
    public = client.get(f"/process/RUS2040/uppfoljning/insats/{made.id}").get_data(as_text=True)
    assert "Beaktas: Lärcentrum finns med i avsnitt 2." in public


def test_a_next_step_brings_its_owner_due_date_and_goal_area(client, auth, strategy, sources):
    step = sources["step"]
    auth.login_as(strategy.admin)
    url = f"{NEW}?anteckning={step.id}"
    html = client.get(url).get_data(as_text=True)
    assert "Nästa steg från Dialogträff om energi, 2 mars 2026" in html
    assert 'value="2027-06-30"' in html and 'value="Dalbos energisamordnare"' in html
    data = _posted(auth, url, html, ends_on="2027-06-30", contact_name="Dalbos energisamordnare")
    assert data["organisation_id"] == str(strategy.org_b.id)
    assert data["section_ids"] == [str(strategy.section("3").id)]
    assert auth.post(NEW, data, form_url=url).status_code == 302
    made = db.session.query(Initiative).one()
    assert (made.source_note_id, made.source_comment_id, made.organisation_id) == (step.id, None, strategy.org_b.id)
    auth.logout()
    public = client.get(f"/process/RUS2040/uppfoljning/insats/{made.id}").get_data(as_text=True)
    assert f"/dialogtraffar/{sources['meeting'].id}#anteckning-{step.id}" in public and STEP in public
    meeting = client.get(f"/dialogtraffar/{sources['meeting'].id}").get_data(as_text=True)
    assert f'id="anteckning-{step.id}"' in meeting


def test_an_unpublished_note_behind_an_insats_stays_hidden_from_the_public(client, auth, strategy, sources):
    hidden = sources["hidden"]
    auth.login_as(strategy.admin)
    url = f"{NEW}?anteckning={hidden.id}"
    html = client.get(url).get_data(as_text=True)
    assert DRAFT_NOTE in html
    data = _posted(
        auth,
        url,
        html,
        title="Näringslivsråd",
        description="",
        organisation_id=str(strategy.org_a.id),
        section_ids=[str(strategy.section("1").id)],
    )
    assert auth.post(NEW, data, form_url=url).status_code == 302
    made = db.session.query(Initiative).one()
    auth.logout()
    public = client.get(f"/process/RUS2040/uppfoljning/insats/{made.id}").get_data(as_text=True)
    assert DRAFT_NOTE not in public and "Kommer från" not in public


def test_a_source_that_is_not_input_of_the_process_is_refused_with_the_text_kept(client, auth, strategy, sources):
    auth.login_as(strategy.admin)
    unsent = sources["draft_comment"]
    page = client.get(f"{NEW}?synpunkt={unsent.id}")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Synpunkten finns inte bland processens inskickade remissvar." in html
    assert "Inte inskickad." not in html and _fields(html).get("origin_comment") == ""
    # A posted form that names one anyway stores nothing and keeps what was typed.
    data = {
        "title": "Lärcentrum i alla kommuner",
        "organisation_id": str(strategy.org_a.id),
        "section_ids": [str(strategy.section("2").id)],
        "status": "planned",
        "progress": "0",
        "origin_comment": str(unsent.id),
    }
    refused = auth.post(NEW, data, form_url=NEW)
    assert refused.status_code == 422
    assert 'value="Lärcentrum i alla kommuner"' in refused.get_data(as_text=True)
    assert db.session.query(Initiative).count() == 0


def test_gor_till_insats_is_offered_to_the_coordinator_only(client, auth, strategy, sources):
    meeting_url = f"/dialogtraffar/{sources['meeting'].id}"
    link = f"{NEW}?anteckning={sources['step'].id}"
    assert link not in client.get(meeting_url).get_data(as_text=True)
    auth.login_as(strategy.facilitator)
    assert link not in client.get(meeting_url).get_data(as_text=True)
    assert client.get(link).status_code == 403
    auth.logout()
    auth.login_as(strategy.admin)
    assert link in client.get(meeting_url).get_data(as_text=True).replace("&amp;", "&")


def test_the_coordinator_can_drop_the_link(client, auth, strategy, sources):
    auth.login_as(strategy.admin)
    url = f"{NEW}?synpunkt={sources['comment'].id}"
    html = client.get(url).get_data(as_text=True)
    auth.post(NEW, _posted(auth, url, html, organisation_id=str(strategy.org_a.id)), form_url=url)
    made = db.session.query(Initiative).one()
    edit_url = f"/admin/processer/RUS2040/uppfoljning/insatser/{made.id}"
    edit = client.get(edit_url).get_data(as_text=True)
    assert "Ta bort kopplingen" in edit and "Synpunkt från Fjällby kommun" in edit
    data = _posted(auth, edit_url, edit, organisation_id=str(strategy.org_a.id), drop_origin="y")
    assert auth.post(edit_url, data, form_url=edit_url).status_code == 302
    db.session.refresh(made)
    assert (made.source_comment_id, made.source_position_id) == (None, None)
    assert "Kommer från" not in client.get(f"/process/RUS2040/uppfoljning/insats/{made.id}").get_data(as_text=True)


def test_a_working_group_member_is_not_offered_it_on_the_answering_page(strategy):
    # The link is the coordinator's; the working group reads the points but does not manage the follow-up.
    member = UserFactory(roles=[Role.WORKING_GROUP])
    from consultation.followup import origins

    assert not origins.may_make_initiatives(db.session, member, strategy.process)
    assert origins.may_make_initiatives(db.session, strategy.admin, strategy.process)
