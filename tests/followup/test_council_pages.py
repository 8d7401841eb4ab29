"""The councils' pages through the test client: a council, its agenda by goal area, and a commitment that
becomes an insats, as each person sees it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from consultation.followup import Approval, Commitment, Council, CouncilMeeting, Initiative
from consultation.people import Role

from ..factories import UserFactory
from .test_councils import council_meeting

BASE = "/process/RUS2040/uppfoljning/rad"


def _council(auth, strategy, convenor, name="Regionala utvecklingsrådet", kind="regional"):
    sent = auth.post(f"{BASE}/nytt", {"name": name, "kind": kind, "convenor_id": str(convenor.id)}, form_url=BASE)
    assert sent.status_code == 302, sent.get_data(as_text=True)
    return int(sent.location.rsplit("/", 1)[1])


def _draft_agenda(auth, strategy, db_session, title):
    """A council of the coordinator's with one meeting, signed in as the coordinator: (agenda URL, meeting)."""
    meeting = council_meeting(strategy.process, title=title)
    db_session.commit()
    auth.login_as(strategy.admin)
    council_id = _council(auth, strategy, strategy.admin)
    page = f"{BASE}/{council_id}"
    auth.post(f"{page}/moten", {"meeting_id": str(meeting.id)}, form_url=page)
    return f"{page}/moten/{meeting.id}", meeting


def test_a_council_meeting_goes_from_draft_agenda_to_a_commitment_that_becomes_an_insats(
    client, auth, strategy, db_session
):
    convenor = UserFactory(roles=[Role.STAKEHOLDER], name="Carl Convenor")
    meeting = council_meeting(strategy.process, title="Rådsmöte i maj")
    db_session.commit()
    auth.login_as(strategy.admin)
    group_id = _council(auth, strategy, convenor, "Strategiska gruppen", "strategic")
    council_id = _council(auth, strategy, convenor)
    page = f"{BASE}/{council_id}"
    assert (
        auth.post(f"{BASE}/{group_id}/medlemmar", {"user_id": str(strategy.member_a.id)}, form_url=page).status_code
        == 302
    )
    assert auth.post(f"{page}/moten", {"meeting_id": str(meeting.id)}, form_url=page).status_code == 302
    agenda_url = f"{page}/moten/{meeting.id}"

    # The strategic group's member prepares; a bad point comes back with its text and a Swedish message.
    auth.logout()
    auth.login_as(strategy.member_a)
    area = strategy.section("2")
    refused = auth.post(f"{agenda_url}/punkter", {"title": " ", "goal_area_id": str(area.id)}, form_url=agenda_url)
    assert refused.status_code == 422 and "Skriv en rubrik för punkten" in refused.get_data(as_text=True)
    later = strategy.section("3")
    # Added out of order; the agenda shows them by goal area, then "Övrigt".
    for title, goal in (
        ("Nästa möte", "ovrigt"),
        ("Vägar", str(later.id)),
        ("Kompetensförsörjning i länet", str(area.id)),
    ):
        assert (
            auth.post(f"{agenda_url}/punkter", {"title": title, "goal_area_id": goal}, form_url=agenda_url).status_code
            == 302
        )
    assert auth.post(f"{agenda_url}/publicera", {}, form_url=agenda_url).status_code == 403
    auth.logout()
    assert client.get(agenda_url).status_code == 404  # the draft is nobody else's

    auth.login_as(convenor)
    assert auth.post(f"{agenda_url}/publicera", {}, form_url=agenda_url).status_code == 302
    auth.logout()
    html = client.get(agenda_url).get_data(as_text=True)
    headings = re.findall(r"<h2 id=\"group-\d+\">([^<]+)</h2>", html)
    assert headings == ["2 Kompetens", "3 Tillgänglighet", "Övrigt"]  # no empty goal area
    assert html.index("1. Kompetensförsörjning i länet") < html.index("2. Vägar") < html.index("3. Nästa möte")
    assert "Lägg till en punkt" not in html and "Spara protokoll" not in html

    # The coordinator records the minutes, the decision and a commitment.
    auth.login_as(strategy.admin)
    item = next(i for i in db_session.get(CouncilMeeting, meeting.id).items if i.title.startswith("Kompetens"))
    prefix = f"punkt{item.id}-"
    saved = auth.post(
        f"{agenda_url}/punkter/{item.id}/protokoll",
        {prefix + "minutes": "Diskussion om yrkesvux.", prefix + "decision": "Rådet ger Fjällby kommun i uppdrag."},
        form_url=agenda_url,
    )
    assert saved.status_code == 302
    missing_owner = auth.post(
        f"{agenda_url}/punkter/{item.id}/ataganden", {prefix + "text": "Plan för yrkesvux"}, form_url=agenda_url
    )
    assert missing_owner.status_code == 422
    assert "Plan för yrkesvux" in missing_owner.get_data(as_text=True)  # the text comes back
    made = auth.post(
        f"{agenda_url}/punkter/{item.id}/ataganden",
        {
            prefix + "text": "Plan för yrkesvux",
            prefix + "owner_organisation_id": str(strategy.org_a.id),
            prefix + "due_on": "2027-03-01",
        },
        form_url=agenda_url,
    )
    assert made.status_code == 302
    auth.logout()
    public = client.get(agenda_url).get_data(as_text=True)
    assert "Rådet ger Fjällby kommun i uppdrag." in public and "Plan för yrkesvux" in public
    assert "1 mars 2027" in public and "Gör till insats" not in public

    # The owner organisation's member says it is under way, and makes it an insats.
    auth.login_as(strategy.member_a)
    commitment = db_session.query(Commitment).one()
    moved = auth.post(
        f"{agenda_url}/ataganden/{commitment.id}/status", {f"atagande{commitment.id}-status": "in_progress"},
        form_url=agenda_url,
    )  # fmt: skip
    assert moved.status_code == 302
    assert 'selected value="in_progress"' in client.get(agenda_url).get_data(as_text=True)
    assert "Gör till insats" in client.get(agenda_url).get_data(as_text=True)
    became = auth.post(
        f"{agenda_url}/ataganden/{commitment.id}/insats",
        {f"atagande{commitment.id}-section_id": str(area.id)},
        form_url=agenda_url,
    )
    assert became.status_code == 302
    initiative = db_session.query(Initiative).one()
    assert initiative.approval == Approval.PROPOSED and initiative.organisation_id == strategy.org_a.id
    shown = client.get(became.location).get_data(as_text=True)
    assert "Åtagande från Regionala utvecklingsrådet, Rådsmöte i maj" in shown
    auth.logout()
    assert client.get(became.location).status_code == 404  # a proposal is not public yet
    auth.login_as(strategy.admin)
    approve = f"/admin/processer/RUS2040/uppfoljning/insatser/{initiative.id}/godkann"
    assert auth.post(approve, {}, form_url="/admin/processer/RUS2040/uppfoljning").status_code == 302
    auth.logout()
    assert "Plan för yrkesvux" in client.get(became.location).get_data(as_text=True)


def test_the_council_list_and_page_are_public_and_their_forms_the_coordinators(client, auth, strategy, db_session):
    convenor = UserFactory(roles=[Role.STAKEHOLDER], name="Carl Convenor")
    auth.login_as(strategy.admin)
    council_id = _council(auth, strategy, convenor)
    duplicate = auth.post(f"{BASE}/nytt", {"name": "Regionala utvecklingsrådet", "kind": "regional"}, form_url=BASE)
    assert duplicate.status_code == 422 and "redan ett råd" in duplicate.get_data(as_text=True)
    auth.logout()
    listing = client.get(BASE).get_data(as_text=True)
    assert "Regionala utvecklingsrådet" in listing and "Regionalt råd" in listing and "Nytt råd" not in listing
    page = client.get(f"{BASE}/{council_id}").get_data(as_text=True)
    assert "Carl Convenor" in page and "Lägg till medlem" not in page
    auth.login_as(strategy.member_a)
    assert auth.post(f"{BASE}/nytt", {"name": "Eget råd", "kind": "larger"}, form_url=BASE).status_code == 403
    assert db_session.query(Council).count() == 1


def test_an_agenda_point_follows_up_published_next_steps_from_the_processs_meetings(client, auth, strategy, db_session):
    from datetime import date

    from consultation.meetings import MeetingNote, NoteKind, NoteStatus

    earlier = council_meeting(strategy.process, title="Dialogträff om kompetens", days=-30)
    step = MeetingNote(
        meeting=earlier,
        kind=NoteKind.NEXT_STEP,
        status=NoteStatus.PUBLISHED,
        body="Kommunerna kartlägger lärcentrumens utbud.",
        owner_organisation=strategy.org_b,
        due_on=date(2027, 2, 1),
        step_status="in_progress",
    )
    unpublished = MeetingNote(
        meeting=earlier, kind=NoteKind.NEXT_STEP, status=NoteStatus.DRAFT, body="Ett utkast.", step_status="open"
    )
    db_session.add_all([step, unpublished])
    agenda_url, _meeting = _draft_agenda(auth, strategy, db_session, "Rådsmöte i juni")
    form = client.get(agenda_url).get_data(as_text=True)
    assert "Dialogträff om kompetens: Kommunerna kartlägger lärcentrumens utbud." in form
    assert "Ett utkast." not in form  # only published next steps are offered
    point = {"title": "Lärcentrum", "goal_area_id": str(strategy.section("2").id)}
    refused = auth.post(f"{agenda_url}/punkter", {**point, "next_step_ids": [str(unpublished.id)]}, form_url=agenda_url)
    assert refused.status_code == 422 and 'value="Lärcentrum"' in refused.get_data(as_text=True)
    added = auth.post(f"{agenda_url}/punkter", {**point, "next_step_ids": [str(step.id)]}, form_url=agenda_url)
    assert added.status_code == 302
    assert auth.post(f"{agenda_url}/publicera", {}, form_url=agenda_url).status_code == 302
    auth.logout()
    public = client.get(agenda_url).get_data(as_text=True)
    assert "Följer upp" in public and f"/dialogtraffar/{earlier.id}#anteckning-{step.id}" in public
    assert "Pågår · Dalbo kommun" in public and "Ett utkast." not in public


def test_a_draft_agenda_point_is_changed_and_moved_within_its_goal_area(client, auth, strategy, db_session):
    agenda_url, meeting = _draft_agenda(auth, strategy, db_session, "Rådsmöte i augusti")
    area = str(strategy.section("2").id)
    for title in ("Yrkesvux", "Lärcentrum", "Praktikplatser"):
        auth.post(f"{agenda_url}/punkter", {"title": title, "goal_area_id": area}, form_url=agenda_url)
    items = {i.title: i for i in db_session.get(CouncilMeeting, meeting.id).items}

    def order():
        html = client.get(agenda_url).get_data(as_text=True)
        return re.findall(r'<h3 id="punkt-\d+-title">\d+\. ([^<]+)</h3>', html)

    assert order() == ["Yrkesvux", "Lärcentrum", "Praktikplatser"]
    moved = auth.post(f"{agenda_url}/punkter/{items['Praktikplatser'].id}/flytta/upp", {}, form_url=agenda_url)
    assert moved.status_code == 302 and moved.location.endswith(f"#punkt-{items['Praktikplatser'].id}")
    assert order() == ["Yrkesvux", "Praktikplatser", "Lärcentrum"]
    auth.post(f"{agenda_url}/punkter/{items['Yrkesvux'].id}/flytta/upp", {}, form_url=agenda_url)  # first: stays
    assert order() == ["Yrkesvux", "Praktikplatser", "Lärcentrum"]

    edit_url = f"{agenda_url}/punkter/{items['Lärcentrum'].id}"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'value="Lärcentrum"' in form
    refused = auth.post(edit_url, {"title": "  ", "goal_area_id": area}, form_url=edit_url)
    assert refused.status_code == 422 and "Skriv en rubrik för punkten" in refused.get_data(as_text=True)
    saved = auth.post(edit_url, {"title": "Lärcentrum i hela länet", "goal_area_id": "ovrigt"}, form_url=edit_url)
    assert saved.status_code == 302
    html = client.get(agenda_url).get_data(as_text=True)
    assert re.findall(r'<h2 id="group-\d+">([^<]+)</h2>', html) == ["2 Kompetens", "Övrigt"]
    assert order() == ["Yrkesvux", "Praktikplatser", "Lärcentrum i hela länet"]  # now under "Övrigt"

    # Once published, the agenda is no longer a draft to change.
    assert auth.post(f"{agenda_url}/publicera", {}, form_url=agenda_url).status_code == 302
    assert client.get(edit_url).status_code == 409
    assert "Ändra punkten" not in client.get(agenda_url).get_data(as_text=True)


def test_the_audit_log_names_the_council_its_published_agenda_and_the_periods(client, auth, strategy, db_session):
    from datetime import timedelta

    from consultation.followup import periods
    from consultation.timezones import local_today

    agenda_url, _meeting = _draft_agenda(auth, strategy, db_session, "Rådsmöte i oktober")
    auth.post(f"{agenda_url}/punkter", {"title": "Läget", "goal_area_id": "ovrigt"}, form_url=agenda_url)
    assert auth.post(f"{agenda_url}/publicera", {}, form_url=agenda_url).status_code == 302
    now = datetime.now(UTC)
    period = periods.open_period(
        db_session, strategy.admin, "RUS2040", "Uppföljning 2027", local_today() + timedelta(days=20), "", now
    )
    periods.publish_period(db_session, strategy.admin, "RUS2040", period.id, now)
    periods.publish_period(db_session, strategy.admin, "RUS2040", period.id, now)  # twice: one event
    db_session.commit()
    log = client.get("/admin/logg").get_data(as_text=True)
    assert "Samverkansråd inrättat" in log and "Samverkansråd: Regionala utvecklingsrådet" in log
    assert "Slag: Regionalt råd" in log
    assert "Dagordning publicerad" in log and "Dialogträff: Rådsmöte i oktober" in log and "Punkter: 1" in log
    assert "Uppföljningsperiod öppnad" in log and "Uppföljningsperiod: Uppföljning 2027" in log
    from consultation import audit

    published = db_session.query(audit.AuditEvent).filter_by(action=audit.Action.PERIOD_PUBLISHED).all()
    assert [(e.target_type, e.target_id) for e in published] == [("reporting_period", period.id)]
