"""Reporting periods through the test client: opening mails the owners, one report page, completeness, re-send."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from app.mail import outbox_messages
from consultation import meetings
from consultation.followup import PeriodReport, ReportStatus, initiatives, periods, reporting
from consultation.followup.initiatives import IndicatorData, InitiativeData
from consultation.people.access import SYSTEM
from consultation.timezones import local_days_from_today, local_today

NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def make(strategy, db_session, organisation, title, number="2", indicators=()):
    return initiatives.create_initiative(
        db_session,
        strategy.admin,
        "RUS2040",
        InitiativeData(
            title=title,
            organisation_id=organisation.id,
            section_ids=[strategy.section(number).id],
            status="ongoing",
            progress=20,
            indicators=[IndicatorData(name, "st", 0, 500) for name in indicators],
        ),
        NOW,
    )


@pytest.fixture
def owned(strategy, db_session):
    strategy.lift = make(strategy, db_session, strategy.org_a, "Kompetenslyft", indicators=["Utbildade"])
    strategy.study = make(strategy, db_session, strategy.org_a, "Studiecirklar", number="1")
    strategy.road = make(strategy, db_session, strategy.org_b, "Vägbygge", number="3")
    db_session.commit()
    return strategy


@pytest.fixture
def opened(owned, db_session):
    period = periods.open_period(
        db_session, owned.admin, "RUS2040", "Uppföljning 2027, våren", local_today() + timedelta(days=30), "", NOW
    )
    db_session.commit()
    return period


def report_url(period, organisation):
    return f"/process/RUS2040/uppfoljning/perioder/{period.id}/rapport/{organisation.id}"


def test_opening_a_period_mails_each_owner_a_link_to_its_one_page(auth, owned, outbox, db_session):
    auth.login_as(owned.admin)
    url = "/admin/processer/RUS2040/uppfoljning/perioder"
    refused = auth.post(url, {"name": "Våren", "deadline_on": "2020-01-01", "reminder_days": "14, sju"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Sista dagen för rapporteringen har redan passerat." in html and 'value="14, sju"' in html
    deadline = (local_today() + timedelta(days=30)).isoformat()
    done = auth.post(url, {"name": "Våren", "deadline_on": deadline, "reminder_days": "7"}, follow_redirects=True)
    assert done.status_code == 200 and "Perioden Våren är öppnad." in done.get_data(as_text=True)
    sent = {m["To"]: m.get_content() for m in outbox_messages(outbox)}
    assert set(sent) == {owned.org_a.email, owned.org_b.email}
    period = periods.periods_of(db_session, owned.admin, owned.process.id)
    assert report_url(period[0], owned.org_a) in sent[owned.org_a.email]
    assert "Fjällby kommun" in sent[owned.org_a.email]


def test_a_contact_with_no_account_gets_a_way_in_that_leads_to_the_report(client, auth, owned, outbox, db_session):
    owned.org_b.email = owned.member_b.email  # Dalbo's contact is a member already; Fjällby's address has no account
    db_session.commit()
    auth.login_as(owned.admin)
    deadline = (local_today() + timedelta(days=30)).isoformat()
    auth.post("/admin/processer/RUS2040/uppfoljning/perioder", {"name": "Våren", "deadline_on": deadline})
    auth.logout()
    sent = {m["To"]: m.get_content() for m in outbox_messages(outbox)}
    assert "/inbjudan/" not in sent[owned.member_b.email]
    text = sent[owned.org_a.email]
    assert "inte ansluten till organisationen" in text
    join = re.search(r"https?://[^/\s]+(/inbjudan/\S+)", text).group(1)
    period = periods.periods_of(db_session, owned.admin, owned.process.id)[0]
    assert client.get(report_url(period, owned.org_a)).status_code == 302  # the page itself wants a member
    page = client.get(join)
    assert page.status_code == 200 and "Du är inbjuden att företräda Fjällby kommun." in page.get_data(as_text=True)
    form = {"name": "Frida Fjällby", "password": "ett-langt-nytt-losenord", "password_again": "ett-langt-nytt-losenord"}
    joined = auth.post(join, form, follow_redirects=True)
    html = joined.get_data(as_text=True)
    assert joined.request.path == report_url(period, owned.org_a)
    assert "Kompetenslyft" in html and "Studiecirklar" in html and "Vägbygge" not in html
    # The link was for one address and is used up: a second use is refused, nobody else joins with it.
    auth.logout()
    assert client.get(join).status_code == 410


def test_the_owner_reports_all_its_insatser_on_one_page_and_submits(auth, owned, opened, db_session):
    auth.login_as(owned.member_a)
    overview = auth.client.get("/process/RUS2040/uppfoljning").get_data(as_text=True)
    assert report_url(opened, owned.org_a) in overview
    page = auth.client.get(report_url(opened, owned.org_a)).get_data(as_text=True)
    assert "Kompetenslyft" in page and "Studiecirklar" in page and "Vägbygge" not in page
    indicator = owned.lift.indicators[0]
    form = {
        f"status-{owned.lift.id}": "done",
        f"progress-{owned.lift.id}": "100",
        f"comment-{owned.lift.id}": "Alla <b>utbildade</b>.",
        f"value-{indicator.id}": "480,5",
        f"status-{owned.study.id}": "ongoing",
        f"progress-{owned.study.id}": "mycket",
        f"comment-{owned.study.id}": "Snart klart.",
        "action": "submit",
    }
    refused = auth.post(report_url(opened, owned.org_a), form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Ange hur långt insatsen har kommit i procent" in html
    assert "Alla &lt;b&gt;utbildade&lt;/b&gt;." in html and 'value="480,5"' in html  # the text comes back, escaped
    form[f"progress-{owned.study.id}"] = "50"
    sent = auth.post(report_url(opened, owned.org_a), form, follow_redirects=True)
    assert sent.status_code == 200 and "Rapporten för Fjällby kommun är inskickad." in sent.get_data(as_text=True)
    report = db_session.query(PeriodReport).one()
    assert report.status == ReportStatus.SUBMITTED
    db_session.refresh(owned.lift)
    assert owned.lift.progress == 100  # the insats takes the submitted state


def test_another_organisation_cannot_open_or_write_the_report(auth, owned, opened):
    auth.login_as(owned.member_b)
    assert auth.client.get(report_url(opened, owned.org_a)).status_code == 404
    own_page = report_url(opened, owned.org_b)
    posted = auth.post(report_url(opened, owned.org_a), {"action": "save"}, form_url=own_page)
    assert posted.status_code == 404
    auth.logout()
    assert auth.client.get(report_url(opened, owned.org_a)).status_code == 302  # to the login page


def test_a_stale_save_answers_409_with_both_texts(auth, owned, opened, db_session):
    auth.login_as(owned.member_a)
    url = report_url(opened, owned.org_a)
    base = {
        f"status-{owned.lift.id}": "ongoing",
        f"progress-{owned.lift.id}": "30",
        f"status-{owned.study.id}": "ongoing",
        f"progress-{owned.study.id}": "20",
    }
    first = auth.client.post(
        url + "/autospara",
        data={**base, f"comment-{owned.lift.id}": "Kollegans text.", "csrf_token": _token(auth, url)},
    )
    assert first.status_code == 200 and first.get_json()["ok"]
    stale = auth.post(url, {**base, f"comment-{owned.lift.id}": "Min text.", f"revision-{owned.lift.id}": ""})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Kollegans text." in html and "Min text." in html


def _token(auth, url):
    from ..conftest import csrf_token

    return csrf_token(auth.client, url)


def test_completeness_shows_who_is_missing_and_one_click_reminds_them(auth, owned, opened, outbox, db_session):
    auth.login_as(owned.member_a)
    auth.post(
        report_url(opened, owned.org_a),
        {
            f"status-{owned.lift.id}": "done",
            f"progress-{owned.lift.id}": "100",
            f"status-{owned.study.id}": "done",
            f"progress-{owned.study.id}": "100",
            "action": "submit",
        },
    )
    assert auth.client.get(f"/admin/processer/RUS2040/uppfoljning/perioder/{opened.id}").status_code == 403
    auth.logout()
    auth.login_as(owned.admin)
    url = f"/admin/processer/RUS2040/uppfoljning/perioder/{opened.id}"
    html = auth.client.get(url).get_data(as_text=True)
    assert "1 av 2 organisationer" in html
    assert html.index("Dalbo kommun") < html.index("Fjällby kommun")  # the missing first
    assert "Skicka påminnelse till 1 organisation som saknas" in html
    reminded = auth.post(url + "/skicka-igen", {}, form_url=url, follow_redirects=True)
    assert [m["To"] for m in outbox_messages(outbox)] == [owned.org_b.email]
    assert "Påminnelse, skickad av samordnaren" in reminded.get_data(as_text=True)
    # A second click the same day (or a double click) mails nobody twice, and says so.
    again = auth.post(url + "/skicka-igen", {}, form_url=url, follow_redirects=True)
    assert "har redan fått en påminnelse i dag" in again.get_data(as_text=True)
    assert len(outbox_messages(outbox)) == 1
    published = auth.post(url + "/publicera", {}, form_url=url, follow_redirects=True)
    assert "är publicerad och syns för alla" in published.get_data(as_text=True)


def test_the_goal_area_page_shows_values_and_comments_of_published_periods_only(auth, owned, opened, db_session):
    indicator = owned.lift.indicators[0]
    auth.login_as(owned.member_a)
    lines = {
        f"status-{owned.lift.id}": "ongoing",
        f"progress-{owned.lift.id}": "60",
        f"comment-{owned.lift.id}": "Första året gick bra.",
        f"value-{indicator.id}": "250",
        f"status-{owned.study.id}": "planned",
        f"progress-{owned.study.id}": "0",
    }
    auth.post(report_url(opened, owned.org_a), {**lines, "action": "submit"})
    auth.logout()
    area = f"/process/RUS2040/uppfoljning/mal/{owned.section('2').key}"
    before = auth.client.get(area).get_data(as_text=True)
    assert "Första året gick bra." not in before and "250" not in before
    periods.publish_period(db_session, owned.admin, "RUS2040", opened.id, NOW)
    db_session.commit()
    after = auth.client.get(area).get_data(as_text=True)
    assert "Första året gick bra." in after
    assert "Uppföljning 2027, våren: <strong>250</strong>" in after and "Mål: 500" in after
    # Against the target of 500: half the chart's height (38 units) is 19.
    assert 'class="bar-fill" x="2" y="21.00" width="6" height="19.00"' in after


def test_the_sweep_sends_a_scheduled_reminder_once_to_those_not_submitted(owned, opened, db_session, outbox):
    from app.jobs import dispatch, runner
    from consultation.timezones import to_local

    now = datetime.now(UTC)
    local = to_local(now)
    # The schedule's one date is today, its minute just past: one day before a deadline tomorrow.
    opened.deadline_on = local.date() + timedelta(days=1)
    opened.reminder_days = [1]
    opened.reminder_time = (local - timedelta(minutes=1)).time().replace(second=0, microsecond=0, tzinfo=None)
    opened.opens_at = opened.reminders_from = now - timedelta(hours=2)
    if local.hour == 0 and local.minute < 2:
        pytest.skip("the minute before now is yesterday")
    reporting_lines = [
        reporting.LineInput(i.id, "done", "100")
        for i in reporting.reported_initiatives(db_session, owned.process.id, owned.org_a.id)
    ]
    reporting.submit_report(db_session, owned.member_a, "RUS2040", opened.id, owned.org_a.id, reporting_lines, now)
    db_session.commit()

    def sweep_and_run():
        queued = runner.sweep()
        for job_id in queued:
            dispatch(job_id)
        return queued

    assert len(sweep_and_run()) == 1
    assert [m["To"] for m in outbox_messages(outbox)] == [owned.org_b.email]  # not to who has submitted
    assert "Påminnelse: Uppföljning 2027, våren" in outbox_messages(outbox)[0]["Subject"]
    assert sweep_and_run() == [] and len(outbox_messages(outbox)) == 1  # the next sweep sends nothing more


def test_the_annual_report_as_word_and_excel_once_the_period_is_published(auth, owned, opened, db_session):
    import io

    from docx import Document

    from .conftest import read_xlsx

    indicator = owned.lift.indicators[0]
    auth.login_as(owned.member_a)
    lines = {
        f"status-{owned.lift.id}": "done",
        f"progress-{owned.lift.id}": "100",
        f"comment-{owned.lift.id}": "Alla kurser hölls.",
        f"value-{indicator.id}": "480",
        f"status-{owned.study.id}": "ongoing",
        f"progress-{owned.study.id}": "40",
        "action": "submit",
    }
    auth.post(report_url(opened, owned.org_a), lines)
    auth.logout()
    url = f"/process/RUS2040/uppfoljning/perioder/{opened.id}/arsrapport"
    assert auth.client.get(url + ".docx").status_code == 404  # not before it is published
    periods.publish_period(db_session, owned.admin, "RUS2040", opened.id, NOW)
    db_session.commit()
    assert url + ".docx" in auth.client.get("/process/RUS2040/uppfoljning").get_data(as_text=True)
    word = Document(io.BytesIO(auth.client.get(url + ".docx").data))
    text = [p.text for p in word.paragraphs]
    assert text[0] == "Årsrapport: Uppföljning 2027, våren"
    assert "Alla kurser hölls." in text and "Ingen inskickad rapport för perioden." in text  # Vägbygge, Dalbo
    assert "Utbildade (st): Uppföljning 2027, våren: 480; mål 500" in text
    assert "PAGE" in word.sections[0].footer.paragraphs[0]._p.xml  # "Sida 3 av 12"
    sheet = read_xlsx(auth.client.get(url + ".xlsx").data)
    assert sheet[0][-1] == "Uppföljning 2027, våren"
    assert sheet_row(sheet) == ["Kompetenslyft", "Fjällby kommun", "Genomförd", 100, "Alla kurser hölls."]


def sheet_row(sheet):
    row = next(r for r in sheet if r[1] == "Kompetenslyft")
    return row[1:6]


def test_the_process_page_shows_the_years_cycle_to_each_as_they_may_see_it(auth, owned, db_session):
    today = local_today()
    deadline = today + timedelta(days=1) if today.month == (today + timedelta(days=1)).month else today
    period = periods.open_period(db_session, owned.admin, "RUS2040", "Uppföljning, i år", deadline, "", NOW)
    period.opens_at = datetime.now(UTC)
    db_session.commit()
    public = auth.client.get("/process/RUS2040").get_data(as_text=True)
    assert "Uppföljning, i år" not in public  # not published: the public's wheel has nothing of it
    auth.login_as(owned.admin)
    html = auth.client.get("/process/RUS2040").get_data(as_text=True)
    assert f"Årshjul {today.year}" in html
    assert "Uppföljning, i år öppnar" in html and "Uppföljning, i år: sista dag att rapportera" in html
    assert html.count('<li class="cycle-month') == 12  # every month, those without events too


def test_the_years_cycle_names_the_strategy_day_and_the_council_meetings(auth, owned, db_session):
    starts_at = local_days_from_today(0, time(9))
    for kind, title in (("strategy", "Strategidagen i Fjällby"), ("council", "Regionala utvecklingsrådet, juni")):
        meetings.save_meeting(
            db_session,
            SYSTEM,
            owned.process.id,
            meetings.MeetingData(kind, title, "", "", starts_at, starts_at + timedelta(hours=3), is_published=True),
        )
    db_session.commit()
    html = auth.client.get("/process/RUS2040").get_data(as_text=True)
    assert re.search(r"Strategidag: <a href=\"/dialogtraffar/\d+\">Strategidagen i Fjällby</a>", html)
    assert re.search(r"Rådsmöte: <a href=\"/dialogtraffar/\d+\">Regionala utvecklingsrådet, juni</a>", html)


def test_two_resends_queued_at_once_mail_each_missing_organisation_once(owned, opened, db_session, outbox):
    from app.jobs import dispatch

    # Two clicks that both got past the check before either job ran (a double click on two workers).
    first = periods.start_resend(db_session, owned.admin, "RUS2040", opened.id, datetime.now(UTC))
    second = periods.start_resend(db_session, owned.admin, "RUS2040", opened.id, datetime.now(UTC))
    db_session.commit()
    dispatch(first.id)
    dispatch(second.id)
    assert sorted(m["To"] for m in outbox_messages(outbox)) == sorted([owned.org_a.email, owned.org_b.email])
