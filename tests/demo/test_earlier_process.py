"""`flask demo load` brings the earlier strategy (RUS 2030) from remiss to decision: closed round, a
position on every point, the compilation published, version 2 traced to the points and adopted."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.demo.earlier import DATA_FILE
from app.demo.loader import load_demo_data
from consultation.drafts import Process
from consultation.drafts.adoption import adoption_of
from consultation.people import User
from consultation.people.access import SYSTEM
from consultation.remiss import Comment, ConsultationRound, Response, ResponseStatus
from consultation.review import Position
from consultation.review.readiness import readiness

from ..conftest import PASSWORD


def _round_of(session, code: str) -> ConsultationRound:
    process = session.scalar(select(Process).where(Process.code == code))
    return session.scalars(select(ConsultationRound).where(ConsultationRound.process_id == process.id)).one()


def _admin(session) -> User:
    return session.scalar(select(User).where(User.email == "admin@samrad.example"))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def test_no_sentence_is_shared_between_two_senders():
    """The earlier round's remissvar are each their sender's own words, so the analysis and the public meet no copies."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    senders_of: dict[str, set[str]] = defaultdict(set)
    for response in data["responses"]:
        for comment in response["comments"]:
            for sentence in _sentences(comment["text"]):
                senders_of[sentence.casefold()].add(response["organisation"])
    shared = {sentence: senders for sentence, senders in senders_of.items() if len(senders) > 1}
    assert not shared
    assert 10 <= len(data["responses"]) <= 15
    assert len(senders_of) >= 80  # and there is something to share: about two sentences a point


def test_demo_load_adds_the_earlier_process_from_closed_round_to_adopted_version(runner, db_session):
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "RUS2030" in result.output and "antagen" in result.output

    now = datetime.now(UTC)
    earlier = _round_of(db_session, "RUS2030")
    assert earlier.closes_at < now
    submitted = db_session.scalars(
        select(Response).where(Response.round_id == earlier.id, Response.status == ResponseStatus.SUBMITTED)
    ).all()
    assert 10 <= len(submitted) <= 15 and all(r.organisation is not None for r in submitted)
    assert all(earlier.opens_at <= r.submitted_at <= earlier.closes_at for r in submitted)

    # A position on every point, and the compilation published from a readiness check with nothing left.
    comments = db_session.scalars(
        select(Comment).join(Response).where(Response.round_id == earlier.id, Comment.submitted_body.is_not(None))
    ).all()
    answered = set(
        db_session.scalars(select(Position.comment_id).where(Position.comment_id.in_([c.id for c in comments])))
    )
    assert len(comments) >= 40 and answered == {c.id for c in comments}
    assert earlier.compilation_published_at is not None and earlier.published_run_id is not None
    check = readiness(db_session, _admin(db_session), earlier.id, now)
    assert check.unanswered_total == 0 and check.unnamed_themes == []

    # Version 2: published, adopted by regionfullmäktige, three målområden at the top level.
    process = earlier.process
    first, second = process.documents[0].versions
    assert earlier.version is first and second.is_published
    decision = adoption_of(db_session, process)
    assert decision is not None and decision.version is second
    assert decision.body == "Regionfullmäktige" and decision.reference.startswith("§ ")
    assert decision.decided_on.year == second.published_at.year
    assert sum(s.heading.startswith("Målområde") for s in second.sections if s.level == 1) == 3
    assert sum(s.heading.startswith("Målområde") for s in first.sections if s.level == 1) == 4
    old_keys, new_keys = {s.key for s in first.sections}, {s.key for s in second.sections}
    assert len(new_keys - old_keys) == 1 and len(old_keys - new_keys) == 1
    merged = next(s for s in second.sections if s.derived_from_keys)
    assert set(merged.derived_from_keys) == {merged.key, *(old_keys - new_keys)}

    # The open round of RUS 2040 still consults on its version 1.
    open_round = _round_of(db_session, "RUS2040")
    assert open_round.opens_at < now < open_round.closes_at
    assert open_round.version.number == 1 and open_round.version.document.process.code == "RUS2040"

    again = runner.invoke(args=["demo", "load", "--if-empty"])
    assert again.exit_code == 0 and "redan data" in again.output
    assert len(db_session.scalars(select(Process)).all()) == 2


@pytest.fixture
def demo(db_session):
    load_demo_data(db_session, PASSWORD)
    db_session.flush()
    return _round_of(db_session, "RUS2030")


def test_the_comparison_shows_each_change_with_the_points_behind_it(client, auth, demo):
    auth.login("arbetsgrupp@samrad.example")
    html = client.get("/process/RUS2030/forslag/jamfor?fran=1&till=2").get_data(as_text=True)
    assert "7 avsnitt ändrade, 1 nytt, 1 borttaget" in html
    reasons = re.findall(r"Ändrat med anledning av (\d+) synpunkt", html)
    assert len(reasons) >= 4 and sum(map(int, reasons)) >= 20
    assert "beaktas delvis" in html and "Företagarna Västerfjäll" in html

    auth.logout()
    public = client.get("/process/RUS2030/forslag/jamfor?fran=1&till=2").get_data(as_text=True)
    assert "7 avsnitt ändrade" in public and "Ändrat med anledning av" not in public  # the group's until published


def test_the_public_reads_what_became_of_the_points_and_a_respondent_their_own(client, auth, demo, db_session):
    outcome = client.get(f"/process/RUS2030/remiss/{demo.id}/vi-gjorde")
    assert outcome.status_code == 200
    text = outcome.get_data(as_text=True)
    # The themes carry the names the working group gave them, never "Tema 3" or the machine's label.
    names = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))["theme_names"].values()
    assert sum(name in text for name in names) >= 5
    assert not re.search(r"Tema \d", text)

    process_page = client.get("/process/RUS2030").get_data(as_text=True)
    assert "Regionfullmäktige" in process_page or "regionfullmäktige" in process_page

    submitted = db_session.scalars(
        select(Response).where(Response.round_id == demo.id, Response.reference.is_not(None))
    ).all()
    own = next(r for r in submitted if r.organisation.name == "Fjällby kommun")
    auth.login("aktor@samrad.example")
    page = client.get(f"/svar/{own.id}/hantering")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Målområde 1: Näringsliv, innovation och kompetens" in html  # the changed section it led to
    assert "Genomförandet beskrivs som ett gemensamt ansvar" in html  # the motivation


def test_the_adopted_strategy_is_followed_up_with_insatser_under_its_three_goal_areas(client, demo, db_session):
    from consultation.followup.models import Approval, Initiative

    insatser = db_session.scalars(
        select(Initiative).where(Initiative.process_id == demo.process_id).order_by(Initiative.id)
    ).all()
    assert len(insatser) == 40 and {i.approval for i in insatser} == {Approval.APPROVED}
    assert len({i.organisation_id for i in insatser}) >= 14
    areas = {section.number for i in insatser for section in i.sections}
    assert areas == {"4", "5", "6"}  # Målområde 1-3 of the adopted version 2

    html = client.get("/process/RUS2030/uppfoljning").get_data(as_text=True)
    for heading in (
        "Näringsliv, innovation och kompetens",
        "Tillgänglighet och kommunikationer",
        "Attraktiva livsmiljöer",
    ):
        assert heading in html
    # The sections no insats is linked to (the introduction and the like) come last, in one list.
    empty = html[html.index("Avsnitt utan insatser") :]
    assert "Inledning" in empty and "Näringsliv, innovation och kompetens" not in empty
    area = client.get("/process/RUS2030/uppfoljning/mal/" + insatser[0].sections[0].key)
    assert area.status_code == 200 and "Innovationsslussen för små företag" in area.get_data(as_text=True)
    # Two insatser came from remiss points of the RUS 2030 round; the compilation is published, so the
    # public sees the round, the section and the working group's decision, but not the sender's words.
    from_points = [i for i in insatser if i.source_comment_id is not None]
    assert len(from_points) == 2 and all(i.source_position_id is not None for i in from_points)
    broadband = next(i for i in from_points if i.title == "Bredband till alla hushåll i Åhamn")
    page = client.get(f"/process/RUS2030/uppfoljning/insats/{broadband.id}").get_data(as_text=True)
    assert "Kommer från" in page and "Beaktas: Bredband och mobiltäckning i hela länet" in page
    assert "lika mycket om bredband som om vägar" not in page


def test_the_councils_have_a_published_agenda_by_goal_area_and_a_draft_for_the_next_meeting(
    client, auth, demo, db_session
):
    from consultation.followup import Council, CouncilMeeting

    councils = db_session.scalars(select(Council).where(Council.process_id == demo.process_id)).all()
    assert {c.kind for c in councils} == {"regional", "larger", "strategic"}
    held = {cm.meeting.title: cm for c in councils for cm in c.meetings}
    assert len(held) == 2
    published = next(cm for cm in held.values() if cm.agenda_published)
    draft = next(cm for cm in held.values() if not cm.agenda_published)
    url = "/process/RUS2030/uppfoljning/rad/{}/moten/{}"
    html = client.get(url.format(published.council_id, published.meeting_id)).get_data(as_text=True)
    headings = re.findall(r'<h2 id="group-\d+">([^<]+)</h2>', html)
    assert headings == [
        "4 Målområde 1: Näringsliv, innovation och kompetens",
        "5 Målområde 2: Tillgänglighet och kommunikationer",
        "6 Målområde 3: Attraktiva livsmiljöer",
        "Övrigt",
    ]
    assert "Rådet ger strategiska gruppen i uppdrag" in html and "Samordnad praktik i vård och omsorg" in html
    assert "Yrkeshögskola inom vård och omsorg i Norrlid" in html  # the linked insats
    assert client.get(url.format(draft.council_id, draft.meeting_id)).status_code == 404
    auth.login("admin@samrad.example")
    prepared = client.get(url.format(draft.council_id, draft.meeting_id)).get_data(as_text=True)
    assert "Publicera dagordningen" in prepared and "Budkavlen från Regionala utvecklingsrådet" in prepared
    assert db_session.get(CouncilMeeting, draft.meeting_id).items[0].commitments == []


def test_the_demo_has_two_reporting_periods_one_complete_and_one_half_reported(client, auth, demo, db_session):
    from consultation.followup import ReportingPeriod, completeness

    found = db_session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.process_id == demo.process_id).order_by(ReportingPeriod.id)
    ).all()
    assert len(found) == 2
    done, open_ = (completeness.completeness(db_session, SYSTEM, "RUS2030", p.id) for p in found)
    assert found[0].is_published and not found[1].is_published
    assert done.submitted == len(done.rows) == 15 and not done.missing  # the 15 organisations
    assert open_.submitted == 7 and [r.state for r in open_.rows].count("draft") == 1
    # The public goal area page shows the published period's values and comments.
    overview = client.get("/process/RUS2030/uppfoljning").get_data(as_text=True)
    first_area = re.search(r'href="(/process/RUS2030/uppfoljning/mal/[^"]+)"', overview).group(1)
    page = client.get(first_area).get_data(as_text=True)
    assert f"Kommentar, {found[0].name}:" in page and "Mål: 120" in page
