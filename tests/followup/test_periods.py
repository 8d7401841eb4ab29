"""Reporting periods and reports: who may open, report and read, conflicts, submission, mails once, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from consultation.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from consultation.followup import completeness, initiatives, periods, reporting
from consultation.followup.initiatives import IndicatorData, InitiativeData
from consultation.followup.models import IndicatorValue, NoticeKind, PeriodNotice, ReportStatus
from consultation.people.access import SYSTEM
from consultation.people.mail_caps import MailBudget, MailCaps

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
BUDGET = MailBudget(MailCaps(round_mail_per_recipient=100), "a test key")


def insats(strategy, db_session, organisation, title, number="2", indicators=()):
    made = initiatives.create_initiative(
        db_session,
        strategy.admin,
        "RUS2040",
        InitiativeData(
            title=title,
            organisation_id=organisation.id,
            section_ids=[strategy.section(number).id],
            status="ongoing",
            progress=10,
            contact_email=f"kontakt{organisation.id}@example.se",
            indicators=[IndicatorData(name, "st", 0, 100) for name in indicators],
        ),
        NOW,
    )
    return made


@pytest.fixture
def period(strategy, db_session):
    strategy.lift = insats(strategy, db_session, strategy.org_a, "Kompetenslyft", indicators=["Utbildade"])
    strategy.road = insats(strategy, db_session, strategy.org_b, "Vägbygge", number="3")
    made = periods.open_period(
        db_session, strategy.admin, "RUS2040", "Uppföljning 2027, våren", date(2027, 3, 31), "14, 2", NOW
    )
    db_session.flush()
    return made


def line(initiative, status="done", progress="100", comment="Klart.", values=None, base=None):
    return reporting.LineInput(initiative.id, status, progress, comment, values or {}, base)


def test_only_the_coordinator_opens_a_period(strategy, db_session):
    for who in (strategy.member_a, strategy.facilitator, None):
        with pytest.raises(NotAllowed):
            periods.open_period(db_session, who, "RUS2040", "P", date(2027, 3, 31), "", NOW)
    with pytest.raises(ValidationFailed) as refused:
        periods.open_period(db_session, strategy.admin, "RUS2040", " ", date(2020, 1, 1), "14, x", NOW)
    assert set(refused.value.errors) == {"name", "deadline_on", "reminder_days"}
    made = periods.open_period(db_session, SYSTEM, "RUS2040", "Våren", date(2027, 3, 31), "14, 7", NOW)
    assert made.reminder_days == [14, 7] and made.published_at is None
    with pytest.raises(ValidationFailed) as twice:
        periods.open_period(db_session, strategy.admin, "RUS2040", "Våren", date(2027, 3, 31), "", NOW)
    assert "name" in twice.value.errors


def test_members_report_only_their_own_organisations_insatser(strategy, db_session, period):
    own = reporting.report_page(db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id)
    assert [i.title for i in own.initiatives] == ["Kompetenslyft"]
    for who in (strategy.member_b, strategy.lonely, strategy.facilitator, None):
        with pytest.raises(NotFound):
            reporting.report_page(db_session, who, "RUS2040", period.id, strategy.org_a.id)
        with pytest.raises(NotFound):
            reporting.save_report(db_session, who, "RUS2040", period.id, strategy.org_a.id, [line(strategy.lift)], NOW)
    # Not even through one's own report page: another organisation's insats is refused.
    with pytest.raises(NotFound):
        reporting.save_report(
            db_session, strategy.member_b, "RUS2040", period.id, strategy.org_b.id, [line(strategy.lift)], NOW
        )
    assert reporting.report_page(db_session, strategy.admin, "RUS2040", period.id, strategy.org_a.id)


def test_a_report_is_saved_then_submitted_and_the_insats_takes_its_state(strategy, db_session, period):
    indicator = strategy.lift.indicators[0]
    saved = reporting.save_report(
        db_session,
        strategy.member_a,
        "RUS2040",
        period.id,
        strategy.org_a.id,
        [line(strategy.lift, "ongoing", "60", "Halvvägs.", {indicator.id: "412,5"})],
        NOW,
    )
    assert saved.saved == 1 and not saved.conflicts
    page = reporting.report_page(db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id)
    assert page.report.status == ReportStatus.DRAFT and page.values == {indicator.id: 412.5}
    assert strategy.lift.progress == 10  # a draft changes nothing anyone else sees
    report, _result = reporting.submit_report(
        db_session,
        strategy.member_a,
        "RUS2040",
        period.id,
        strategy.org_a.id,
        [line(strategy.lift, "ongoing", "60", "Halvvägs.", {indicator.id: "412,5"}, base=1)],
        NOW,
    )
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by_id == strategy.member_a.id
    assert (strategy.lift.status, strategy.lift.progress) == ("ongoing", 60)
    assert db_session.query(IndicatorValue).filter_by(indicator_id=indicator.id).one().value == 412.5


def test_bad_input_is_refused_with_every_message_and_nothing_saved(strategy, db_session, period):
    indicator = strategy.lift.indicators[0]
    with pytest.raises(ValidationFailed) as refused:
        reporting.save_report(
            db_session,
            strategy.member_a,
            "RUS2040",
            period.id,
            strategy.org_a.id,
            [line(strategy.lift, "klar", "150", "x" * 2001, {indicator.id: "många"})],
            NOW,
        )
    assert set(refused.value.errors) == {
        f"status-{strategy.lift.id}",
        f"progress-{strategy.lift.id}",
        f"comment-{strategy.lift.id}",
        f"value-{indicator.id}",
    }
    assert reporting.report_page(db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id).report is None


def test_a_colleagues_change_is_a_conflict_with_both_texts(strategy, db_session, period):
    colleague = strategy.admin
    first = [line(strategy.lift, comment="Min text.")]
    reporting.save_report(db_session, colleague, "RUS2040", period.id, strategy.org_a.id, first, NOW)
    mine = [line(strategy.lift, comment="Annan text.", base=None)]  # loaded before the colleague saved
    result = reporting.save_report(db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id, mine, NOW)
    assert [(c.mine, c.theirs) for c in result.conflicts] == [("Annan text.", "Min text.")]
    report, again = reporting.submit_report(
        db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id, mine, NOW
    )
    assert report is None and again.conflicts  # a conflict is never submitted over
    ok = reporting.save_report(
        db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id, [line(strategy.lift, base=1)], NOW
    )
    assert ok.saved == 1 and not ok.conflicts


def test_a_published_period_takes_no_more_changes(strategy, db_session, period):
    with pytest.raises(NotAllowed):
        periods.publish_period(db_session, strategy.member_a, "RUS2040", period.id, NOW)
    periods.publish_period(db_session, strategy.admin, "RUS2040", period.id, NOW)
    with pytest.raises(Conflict):
        reporting.save_report(
            db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id, [line(strategy.lift)], NOW
        )


def test_each_occasion_mails_each_organisation_once(strategy, db_session, period):
    mails, missing, capped = periods.claim_notices(db_session, period, "opening", NOW, BUDGET)
    assert sorted(m.organisation.name for m in mails) == ["Dalbo kommun", "Fjällby kommun"]
    assert all(m.email == m.organisation.email for m in mails)  # the organisation's own address first
    assert not missing and not capped
    assert periods.claim_notices(db_session, period, "opening", NOW, BUDGET)[0] == []  # a resumed job sends none
    reporting.submit_report(
        db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id, [line(strategy.lift)], NOW
    )
    reminded = periods.claim_notices(db_session, period, "2027-03-17", NOW, BUDGET)[0]
    assert [(m.organisation.name, m.kind) for m in reminded] == [("Dalbo kommun", NoticeKind.REMINDER)]
    periods.release(db_session, reminded[0].notice_id)  # the mail server refused it: the next attempt sends it
    assert len(periods.claim_notices(db_session, period, "2027-03-17", NOW, BUDGET)[0]) == 1


def test_the_schedule_queues_the_latest_due_date_once(strategy, db_session, period):
    assert periods.queue_due_reminders(db_session, NOW) == []  # 14 days before is 17 March
    later = datetime(2027, 3, 17, 9, 0, tzinfo=UTC)
    queued = periods.queue_due_reminders(db_session, later)
    assert len(queued) == 1
    assert periods.queue_due_reminders(db_session, later + timedelta(hours=1)) == []
    assert len(periods.queue_due_reminders(db_session, datetime(2027, 3, 29, 12, 0, tzinfo=UTC))) == 1


def test_completeness_says_who_is_missing_per_goal_area_and_actor_type(strategy, db_session, period):
    with pytest.raises(NotAllowed):
        completeness.completeness(db_session, strategy.member_a, "RUS2040", period.id)
    periods.claim_notices(db_session, period, "opening", NOW, BUDGET)
    reporting.submit_report(
        db_session, strategy.member_a, "RUS2040", period.id, strategy.org_a.id, [line(strategy.lift)], NOW
    )
    seen = completeness.completeness(db_session, strategy.admin, "RUS2040", period.id)
    assert [(r.organisation.name, r.state) for r in seen.rows] == [
        ("Dalbo kommun", "missing"),
        ("Fjällby kommun", "submitted"),
    ]
    assert [(a.number, t.total, t.submitted) for a, t in seen.by_goal_area] == [("1", 0, 0), ("2", 1, 1), ("3", 1, 0)]
    assert seen.rows[0].last_notice.occasion == "opening"
    assert db_session.query(PeriodNotice).count() == 2
