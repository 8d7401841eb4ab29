"""Answering through the web: per role, bulk and single answers, conflicts, progress, the unanswered filter."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.review import Position, analysis_runs, answer_progress, positions
from consultation.review.analysis_runs import RunParameters
from consultation.review.positions import PositionInput, Selection

from ..conftest import AuthActions, csrf_token
from ..htmlcheck import problems
from .conftest import CAMPAIGN_TEXT, HOSTILE, ITEMS, NOTE_TEXT, THEMES

TRAINS = THEMES["Kollektivtrafik"][1][1]
RENTALS = THEMES["Bostäder"][1][1]
REVISION = re.compile(r'name="revision" type="hidden" value="([^"]*)"')


def urls(answer_run) -> dict[str, str]:
    run_id = answer_run.run.id
    theme = answer_run.themes["Kollektivtrafik"]
    return {
        "overview": f"/arbetsgrupp/analys/{run_id}/svara",
        "theme": f"/arbetsgrupp/analys/{run_id}/teman/{theme.id}/svara",
        "campaign": f"/arbetsgrupp/analys/{run_id}/kampanjer/{answer_run.campaign.id}/svara",
        "unanswered": f"/arbetsgrupp/analys/{run_id}/obesvarade",
        "comment": f"/arbetsgrupp/analys/{run_id}/synpunkter/{answer_run.comments[TRAINS][0].id}",
        "note": f"/arbetsgrupp/analys/{run_id}/anteckningar/{answer_run.note.id}",
    }


def post(client, url: str, data: dict):
    """POST as the page's own form would, with a CSRF token from a page every role can open."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, "/")})


def count_positions(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(Position))


def position_of_comment(db_session, comment) -> Position | None:
    db_session.expire_all()
    return db_session.scalar(select(Position).where(Position.comment_id == comment.id))


@pytest.mark.parametrize(
    "role, status",
    [(None, 302), (Role.STAKEHOLDER, 403), (Role.FACILITATOR, 403), (Role.WORKING_GROUP, 200), (Role.ADMIN, 200)],
)
def test_the_answer_pages_are_for_the_working_group_and_admins(
    client, auth, make_user, answer_run, db_session, role, status
):
    if role is not None:
        auth.login_as(make_user(role))
    for name, url in urls(answer_run).items():
        response = client.get(url)
        assert response.status_code == status, name
        if role is None:
            assert "/logga-in" in response.headers["Location"]
    if status != 200:
        for name in ("theme", "campaign", "unanswered", "comment", "note"):
            response = post(
                client, urls(answer_run)[name], {"decision": "noted", "scope": "all", "motivation": "Obehörigt."}
            )
            if role is None:  # a login that expired while typing: the text is given back, nothing saved
                assert response.status_code == 401 and "Obehörigt." in response.get_data(as_text=True), name
            else:
                assert response.status_code == status, name
        assert count_positions(db_session) == 0


def test_every_answer_page_passes_the_structural_check(client, auth, member, answer_run, db_session):
    auth.login_as(member)
    positions.record_position(
        db_session, member, answer_run.run.id, answer_run.subject(TRAINS), PositionInput("partly", "Delvis."), None
    )
    db_session.commit()
    for name, url in urls(answer_run).items():
        html = client.get(url).get_data(as_text=True)
        assert not problems(html), (name, problems(html))
    # And with errors and a conflict on them.
    page = post(client, urls(answer_run)["theme"], {"decision": "partly", "scope": "selected"})
    assert page.status_code == 422 and not problems(page.get_data(as_text=True))
    page = post(client, urls(answer_run)["comment"], {"decision": "noted", "motivation": "Mitt.", "revision": ""})
    assert page.status_code == 409 and not problems(page.get_data(as_text=True))


def test_a_member_answers_a_whole_campaign_in_one_step(client, auth, member, answer_run, db_session):
    auth.login_as(member)
    page = client.get(urls(answer_run)["campaign"]).get_data(as_text=True)
    assert "Svara på en kampanj med 3 avsändare" in page and "0 av 3 texter har ett ställningstagande." in page

    response = post(
        client,
        urls(answer_run)["campaign"],
        {"decision": "not_accepted", "motivation": "Kvällstrafiken upphandlas av kommunerna."},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Texter som fick ställningstagandet ”beaktas ej”: 3." in page
    assert "3 av 3 texter har ett ställningstagande." in page
    assert page.count("Kvällstrafiken upphandlas av kommunerna.") == 3
    for comment in answer_run.comments[CAMPAIGN_TEXT]:
        assert position_of_comment(db_session, comment).decision == "not_accepted"
    assert count_positions(db_session) == 3


def test_a_bulk_answer_skips_existing_positions_unless_overwrite_is_ticked(
    client, auth, member, colleague, answer_run, db_session
):
    first = answer_run.comments[CAMPAIGN_TEXT][0]
    positions.record_position(
        db_session,
        colleague,
        answer_run.run.id,
        answer_run.subject(CAMPAIGN_TEXT),
        PositionInput("accepted", "Kalles eget svar."),
        None,
    )
    db_session.commit()
    auth.login_as(member)
    url = urls(answer_run)["campaign"]

    response = post(client, url, {"decision": "noted", "motivation": "Tack för uppropet."})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Texter som fick ställningstagandet ”noteras”: 2." in page
    assert "Texter som redan hade ett annat ställningstagande och behöll det: 1." in page
    assert position_of_comment(db_session, first).motivation == "Kalles eget svar."

    response = post(client, url, {"decision": "noted", "motivation": "Tack för uppropet.", "overwrite": "y"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Texter som fick ställningstagandet ”noteras”: 1." in page and "behöll det" not in page
    assert position_of_comment(db_session, first).motivation == "Tack för uppropet."


def test_a_member_answers_the_chosen_items_of_a_theme_or_the_whole_theme(client, auth, member, answer_run, db_session):
    auth.login_as(member)
    theme_url = urls(answer_run)["theme"]
    chosen = answer_run.item(TRAINS)
    response = post(
        client,
        theme_url,
        {
            "scope": "selected",
            "item_ids": [str(chosen.id)],
            "decision": "accepted",
            "motivation": "Fler avgångar skrivs in.",
        },
    )
    assert response.status_code == 302
    assert count_positions(db_session) == 1
    assert position_of_comment(db_session, answer_run.comments[TRAINS][0]).motivation == "Fler avgångar skrivs in."

    response = post(client, theme_url, {"scope": "all", "decision": "noted", "motivation": ""})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Texter som fick ställningstagandet ”noteras”: 5." in page
        and "redan hade ett annat ställningstagande och behöll det: 1." in page
    )
    assert "6 av 6 texter har ett ställningstagande." in page
    # The note of the dialogue meeting is in the theme and got the position too.
    assert db_session.scalar(select(Position.decision).where(Position.note_id == answer_run.note.id)) == "noted"


def test_a_bulk_answer_with_nothing_chosen_or_no_reasons_comes_back_with_the_text(
    client, auth, member, answer_run, db_session
):
    auth.login_as(member)
    response = post(
        client,
        urls(answer_run)["theme"],
        {"scope": "selected", "decision": "accepted", "motivation": "Min noga formulerade motivering."},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Välj minst en text." in page
    assert "Min noga formulerade motivering.</textarea>" in page

    response = post(client, urls(answer_run)["campaign"], {"decision": "not_accepted", "motivation": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Skriv en motivering" in page
    assert re.search(r'<input [^>]*checked id="decision-2" name="decision" type="radio" value="not_accepted">', page)
    assert count_positions(db_session) == 0


def test_a_member_answers_one_comment_and_returns_to_the_theme(client, auth, member, answer_run, db_session):
    auth.login_as(member)
    theme_url = urls(answer_run)["theme"]
    theme_page = client.get(theme_url).get_data(as_text=True)
    link = (
        re.search(
            rf'href="(/arbetsgrupp/analys/\d+/synpunkter/{answer_run.comments[TRAINS][0].id}\?next=[^"]+)"',
            theme_page,
        )
        .group(1)
        .replace("&amp;", "&")
    )
    page = client.get(link).get_data(as_text=True)
    assert TRAINS in page and "1 Avsnitt 1" in page and REVISION.search(page).group(1) == ""
    section_key = answer_run.run.round.version.sections[1].key
    response = post(
        client,
        link,
        {
            "decision": "partly",
            "motivation": "Delvis: tåg men inte buss.",
            "acted_on_section_key": section_key,
            "revision": "",
            "next": theme_url,
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(theme_url)
    page = client.get(theme_url).get_data(as_text=True)
    assert "Ställningstagandet är sparat." in page and "Delvis: tåg men inte buss." in page
    # The section is a link to its change in the newest version of the draft.
    assert re.search(r'Hanteras i avsnitt <a href="/process/\w+/forslag/jamfor#avsnitt-[\w-]+">2 Avsnitt 2</a>', page)
    assert "Greta Grupp" in page
    saved = position_of_comment(db_session, answer_run.comments[TRAINS][0])
    assert (saved.decision, saved.acted_on_section_key, saved.decided_by_id) == ("partly", section_key, member.id)


def test_a_redirect_after_saving_never_leaves_the_site(client, auth, member, answer_run):
    auth.login_as(member)
    response = post(client, urls(answer_run)["note"], {"decision": "noted", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]


def test_an_invalid_single_answer_returns_422_with_the_typed_text(client, auth, member, answer_run, db_session):
    auth.login_as(member)
    typed = "Vi beaktar inte detta eftersom <b>budgeten</b> inte räcker – lång text med radbrytning.\nRad två."
    response = post(
        client,
        urls(answer_run)["comment"],
        {"decision": "partly", "motivation": typed, "acted_on_section_key": "not-a-section"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Välj ett avsnitt ur förslaget." in page
    assert "budgeten" in page and "&lt;b&gt;budgeten&lt;/b&gt;" in page and "<b>budgeten</b>" not in page
    response = post(client, urls(answer_run)["comment"], {"motivation": typed})
    assert response.status_code == 422 and "Välj ett ställningstagande." in response.get_data(as_text=True)
    assert count_positions(db_session) == 0


def test_two_members_answering_the_same_item_see_both_texts_and_nothing_is_overwritten(
    app, client, auth, member, colleague, answer_run, db_session
):
    url = urls(answer_run)["comment"]
    comment = answer_run.comments[TRAINS][0]
    auth.login_as(member)
    greta_revision = REVISION.search(client.get(url).get_data(as_text=True)).group(1)

    other = app.test_client()
    AuthActions(other).login_as(colleague)
    kalle_revision = REVISION.search(other.get(url).get_data(as_text=True)).group(1)
    assert (
        post(
            other, url, {"decision": "accepted", "motivation": "Kalles motivering.", "revision": kalle_revision}
        ).status_code
        == 302
    )

    response = post(
        client, url, {"decision": "not_accepted", "motivation": "Gretas motivering.", "revision": greta_revision}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "En kollega hann före" in page and "Kalle Kollega" in page
    assert "Kalles motivering." in page and "Gretas motivering.</textarea>" in page
    assert position_of_comment(db_session, comment).motivation == "Kalles motivering."

    # Keeping the colleague's writes nothing.
    kept = post(
        client,
        url,
        {
            "decision": "not_accepted",
            "motivation": "Gretas motivering.",
            "revision": REVISION.search(page).group(1),
            "action": "keep_theirs",
        },
    )
    assert kept.status_code == 302
    assert position_of_comment(db_session, comment).motivation == "Kalles motivering."

    # Saving hers from the conflict page replaces theirs knowingly.
    saved = post(
        client,
        url,
        {
            "decision": "not_accepted",
            "motivation": "Gretas motivering.",
            "revision": REVISION.search(page).group(1),
            "action": "save",
        },
    )
    assert saved.status_code == 302
    position = position_of_comment(db_session, comment)
    assert (position.motivation, position.decided_by_id, position.revision) == ("Gretas motivering.", member.id, 2)


def test_hostile_text_is_shown_escaped(client, auth, member, answer_run, db_session):
    positions.record_positions(
        db_session,
        member,
        answer_run.run.id,
        Selection(theme_id=answer_run.themes["Bostäder"].id),
        PositionInput("partly", "<script>alert(1)</script> Delvis."),
    )
    db_session.commit()
    auth.login_as(member)
    bostader = f"/arbetsgrupp/analys/{answer_run.run.id}/teman/{answer_run.themes['Bostäder'].id}/svara"
    hostile_comment = f"/arbetsgrupp/analys/{answer_run.run.id}/synpunkter/{answer_run.comments[HOSTILE][0].id}"
    for url in (bostader, hostile_comment):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert not problems(page)


def test_the_overview_shows_progress_per_theme_section_and_member(
    client, auth, member, colleague, answer_run, db_session
):
    run_id = answer_run.run.id
    positions.record_positions(
        db_session, member, run_id, Selection(campaign_id=answer_run.campaign.id), PositionInput("noted", "")
    )
    positions.record_position(
        db_session, colleague, run_id, answer_run.subject(RENTALS), PositionInput("accepted"), None
    )
    db_session.commit()
    auth.login_as(member)
    page = client.get(urls(answer_run)["overview"]).get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert f"{ITEMS} texter" in text and "4 med ställningstagande" in text
    assert f"{ITEMS - 4} utan ställningstagande" in text
    assert "Kollektivtrafik 3 3 utan ställningstagande i temat Kollektivtrafik 6" in text
    assert "Bostäder 1 1 utan ställningstagande i temat Bostäder 2" in text
    assert "Greta Grupp 3" in text and "Kalle Kollega 1" in text
    assert "3 av 3 avsändare har ett ställningstagande." in text


def test_the_unanswered_filter_lists_what_is_left_and_narrows_by_theme_and_section(
    client, auth, member, answer_run, db_session
):
    positions.record_positions(
        db_session, member, answer_run.run.id, Selection(campaign_id=answer_run.campaign.id), PositionInput("noted", "")
    )
    db_session.commit()
    auth.login_as(member)
    url = urls(answer_run)["unanswered"]
    page = client.get(url).get_data(as_text=True)
    assert f"Texter i urvalet utan ställningstagande: {ITEMS - 3}." in page
    assert CAMPAIGN_TEXT not in page and TRAINS in page and NOTE_TEXT in page

    theme = answer_run.themes["Bostäder"]
    page = client.get(url, query_string={"theme": theme.id}).get_data(as_text=True)
    assert "Texter i urvalet utan ställningstagande: 2." in page and TRAINS not in page and RENTALS in page

    page = client.get(url, query_string={"section": "whole"}).get_data(as_text=True)
    assert "Texter i urvalet utan ställningstagande: 1." in page
    assert THEMES["Kompetensförsörjning"][2][1] in page and not problems(page)

    # Answering everything left in the filter empties it.
    response = post(client, f"{url}?section=whole", {"scope": "all", "decision": "noted"})
    assert response.status_code == 302 and response.headers["Location"].endswith("?section=whole")
    page = client.get(url, query_string={"section": "whole"}).get_data(as_text=True)
    assert "Alla texter i urvalet har ett ställningstagande." in page


def test_a_position_from_a_script_or_import_counts_without_a_member(db_session, answer_run, member):
    positions.record_position(
        db_session, SYSTEM, answer_run.run.id, answer_run.subject(TRAINS), PositionInput("noted"), None
    )
    found = answer_progress.progress(db_session, member, answer_run.run.id)
    assert [(r.user_id, r.answered) for r in found.by_member if r.answered] == [(None, 1)]


def test_the_overview_of_an_unfinished_run_says_so(client, auth, member, round_):
    run = analysis_runs.start_run(db.session, SYSTEM, round_.id, RunParameters())
    db.session.commit()
    auth.login_as(member)
    page = client.get(f"/arbetsgrupp/analys/{run.id}/svara").get_data(as_text=True)
    assert "Analysen är inte klar än." in page and not problems(page)


def test_a_position_is_recorded_from_the_responses_page(client, auth, make_user, answer_run, author, db_session):
    from consultation.remiss import ResponseSubmission, responses

    comment = answer_run.comments[RENTALS][0]
    response = comment.response
    response.submissions.append(
        ResponseSubmission(number=1, submitted_by=author, snapshot=responses.snapshot(response))
    )
    db_session.commit()
    auth.login_as(make_user(Role.WORKING_GROUP))
    page_url = f"/arbetsgrupp/svar/{response.id}"
    html = client.get(page_url).get_data(as_text=True)
    link = re.search(
        r'href="(/arbetsgrupp/analys/\d+/synpunkter/(\d+)\?next=[^"]+)">Ta ställning till synpunkten', html
    )
    assert link, html
    assert int(link.group(2)) == comment.id
    answer_url = link.group(1).replace("&amp;", "&")
    form = client.get(answer_url)
    assert form.status_code == 200 and RENTALS in form.get_data(as_text=True)

    saved = post(client, answer_url, {"decision": "noted", "motivation": "Vi tar med det.", "revision": ""})
    assert saved.status_code == 302 and saved.headers["Location"].startswith(page_url)
    assert position_of_comment(db_session, comment).decision == "noted"
    html = client.get(page_url).get_data(as_text=True)
    assert "Ställningstagande:" in html and "Ändra ställningstagandet" in html


def test_a_note_of_a_meeting_called_dialogtraff_names_its_meeting_once(client, auth, answer_run, member):
    """The meeting is "Dialogträff om resor": its note's source reads so, not "Dialogträff: Dialogträff om resor"."""
    auth.login_as(member)
    theme = answer_run.themes["Kollektivtrafik"]
    pages = [
        urls(answer_run)["theme"],
        urls(answer_run)["note"],
        f"/arbetsgrupp/analys/{answer_run.run.id}/teman/{theme.id}",
    ]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert "Dialogträff om resor" in html, url
        assert "Dialogträff: Dialogträff" not in html, url


def test_the_coordinator_can_make_an_insats_of_a_point_once_the_strategy_is_adopted(
    client, auth, answer_run, process, member, make_user
):
    from ..followup.conftest import adopt

    coordinator = make_user(Role.ADMIN, email="samordnare@region.example")
    comment_id, note_id = answer_run.comments[TRAINS][0].id, answer_run.note.id
    to_comment = f"/admin/processer/RUS2040/uppfoljning/ny?synpunkt={comment_id}"
    auth.login_as(coordinator)
    assert "Gör till insats" not in client.get(urls(answer_run)["comment"]).get_data(as_text=True)  # nothing adopted
    adopt(process)
    db.session.commit()
    assert to_comment in client.get(urls(answer_run)["comment"]).get_data(as_text=True)
    note_page = client.get(urls(answer_run)["note"]).get_data(as_text=True)
    assert f"/admin/processer/RUS2040/uppfoljning/ny?anteckning={note_id}" in note_page
    assert "Dialogträff om resor" in client.get(
        f"/admin/processer/RUS2040/uppfoljning/ny?anteckning={note_id}"
    ).get_data(as_text=True)
    auth.logout()
    auth.login_as(member)  # the working group answers points; the follow-up is the coordinator's
    assert "Gör till insats" not in client.get(urls(answer_run)["comment"]).get_data(as_text=True)
