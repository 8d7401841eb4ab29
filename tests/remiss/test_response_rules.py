"""The rules of a remissvar, through the services: deadline, conflicts, references, access."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from consultation.errors import NotAllowed, NotFound, ValidationFailed
from consultation.people import Role
from consultation.remiss import Invitation, InvitationStatus, ResponseStatus, responses
from consultation.remiss.responses import CommentInput
from consultation.remiss.rounds import RoundClosed, RoundNotOpen
from consultation.timezones import local_to_utc

from ..conftest import ORDINARY_NOON


def start(db_session, user, round_, now=None):
    owner = f"org-{user.organisations[0].id}" if user.organisations else "person"
    return responses.open_response(db_session, user, round_.id, owner, now or datetime.now(UTC))


def write(db_session, user, response, text, section=None, base=None, now=None):
    return responses.save_comments(
        db_session, user, response.id, [CommentInput(section, text, base)], now or datetime.now(UTC)
    )


@pytest.mark.parametrize(
    "closes_local",
    [
        (datetime(2026, 3, 29, 23, 59).date(), time(23, 59)),  # the day summer time starts
        (datetime(2026, 10, 25, 23, 59).date(), time(23, 59)),  # the day winter time returns
        (datetime(2026, 12, 15).date(), time(12, 0)),  # winter
        (datetime(2026, 6, 15).date(), time(12, 0)),  # summer
    ],
)
def test_deadline_one_second_either_side(db_session, open_round, stakeholder, closes_local):
    closes_at = local_to_utc(*closes_local)
    open_round.opens_at = closes_at - timedelta(days=30)
    open_round.closes_at = closes_at
    db_session.flush()
    response = start(db_session, stakeholder, open_round, now=closes_at - timedelta(days=1))
    write(db_session, stakeholder, response, "I tid.", now=closes_at - timedelta(seconds=2))

    submission = responses.submit_response(db_session, stakeholder, response.id, closes_at - timedelta(seconds=1))
    assert submission.number == 1 and response.status == ResponseStatus.SUBMITTED

    with pytest.raises(RoundClosed):
        responses.submit_response(db_session, stakeholder, response.id, closes_at + timedelta(seconds=1))
    with pytest.raises(RoundClosed):
        responses.submit_response(db_session, stakeholder, response.id, closes_at)
    with pytest.raises(RoundClosed):
        write(db_session, stakeholder, response, "För sent.", base=1, now=closes_at + timedelta(seconds=1))
    assert response.comments[0].body == "I tid."


def test_deadline_is_an_instant_whatever_the_offset_it_is_written_in(db_session, open_round, stakeholder):
    # 23:59 in Stockholm in winter is 22:59 UTC; a browser in New York sends the same instant.
    from zoneinfo import ZoneInfo

    closes_at = local_to_utc(datetime(2026, 12, 15).date(), time(23, 59))
    open_round.opens_at, open_round.closes_at = closes_at - timedelta(days=10), closes_at
    db_session.flush()
    response = start(db_session, stakeholder, open_round, now=closes_at - timedelta(hours=1))
    write(db_session, stakeholder, response, "Text.", now=closes_at - timedelta(hours=1))
    one_second_before_in_new_york = (closes_at - timedelta(seconds=1)).astimezone(ZoneInfo("America/New_York"))
    responses.submit_response(db_session, stakeholder, response.id, one_second_before_in_new_york)
    assert response.status == ResponseStatus.SUBMITTED


def test_round_not_open_yet(db_session, open_round, stakeholder):
    with pytest.raises(RoundNotOpen):
        start(db_session, stakeholder, open_round, now=open_round.opens_at - timedelta(seconds=1))


def test_colleagues_share_one_draft_and_conflicts_are_never_silent(db_session, open_round, stakeholder, colleague):
    mine = start(db_session, stakeholder, open_round)
    theirs = start(db_session, colleague, open_round)
    assert mine.id == theirs.id

    write(db_session, stakeholder, mine, "Annas första text.")  # revision 1
    # Both loaded the page at revision 1; Bo saves first.
    write(db_session, colleague, mine, "Bos ändring.", base=1)
    result = write(db_session, stakeholder, mine, "Annas ändring.", base=1)

    assert result.saved == 0
    [conflict] = result.conflicts
    assert conflict.mine == "Annas ändring."
    assert conflict.theirs == "Bos ändring."
    assert conflict.theirs_updated_by == "Bo"
    assert mine.comments[0].body == "Bos ändring."

    # Anna chooses her own text, now based on Bo's revision.
    result = write(db_session, stakeholder, mine, "Annas ändring.", base=conflict.theirs_revision)
    assert result.saved == 1 and not result.conflicts
    assert mine.comments[0].body == "Annas ändring."


def test_a_box_a_colleague_filled_meanwhile_is_a_conflict_too(db_session, open_round, stakeholder, colleague):
    response = start(db_session, stakeholder, open_round)
    write(db_session, colleague, response, "Bo hann först.")
    result = write(db_session, stakeholder, response, "Anna skrev i en tom ruta.", base=None)
    assert [c.theirs for c in result.conflicts] == ["Bo hann först."]


def test_pasted_word_text_keeps_its_paragraphs(db_session, open_round, stakeholder):
    response = start(db_session, stakeholder, open_round)
    write(db_session, stakeholder, response, "  Första stycket.\r\n\r\nAndra stycket.\u2029Tredje.  ")
    assert response.comments[0].body == "Första stycket.\n\nAndra stycket.\n\nTredje."


def test_length_limit_is_generous_and_explained(db_session, open_round, stakeholder):
    response = start(db_session, stakeholder, open_round)
    long_text = "ord " * 7000  # 28 000 characters: fine
    write(db_session, stakeholder, response, long_text)
    with pytest.raises(ValidationFailed) as error:
        write(db_session, stakeholder, response, "x" * (responses.MAX_COMMENT_LENGTH + 1), base=1)
    assert "högst 30 000 tecken" in str(error.value)


def test_a_reference_takes_the_year_in_stockholm(db_session, open_round, stakeholder):
    new_years_night = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January 2027 in Stockholm
    open_round.opens_at, open_round.closes_at = (
        new_years_night - timedelta(days=30),
        new_years_night + timedelta(days=1),
    )
    response = start(db_session, stakeholder, open_round, now=new_years_night)
    write(db_session, stakeholder, response, "Gott nytt år.", now=new_years_night)
    responses.submit_response(db_session, stakeholder, response.id, new_years_night)
    assert response.reference == "RUS2040-2027-0001"


def test_empty_submission_is_refused(db_session, open_round, stakeholder):
    response = start(db_session, stakeholder, open_round)
    with pytest.raises(ValidationFailed) as error:
        responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    assert "tomt" in str(error.value)


def test_references_are_unique_kept_on_revision_and_never_reused(clock, db_session, open_round, stakeholder, outsider):
    year = ORDINARY_NOON.year  # read off the real clock, it could turn to the next year during the test
    first = start(db_session, stakeholder, open_round)
    write(db_session, stakeholder, first, "Ett.")
    responses.submit_response(db_session, stakeholder, first.id, datetime.now(UTC))
    second = start(db_session, outsider, open_round)
    write(db_session, outsider, second, "Två.")
    responses.submit_response(db_session, outsider, second.id, datetime.now(UTC))
    assert (first.reference, second.reference) == (f"RUS2040-{year}-0001", f"RUS2040-{year}-0002")

    responses.withdraw_response(db_session, stakeholder, first.id, datetime.now(UTC))
    write(db_session, stakeholder, first, "Ett, ändrat.", base=1)
    responses.submit_response(db_session, stakeholder, first.id, datetime.now(UTC))
    assert first.reference == f"RUS2040-{year}-0001"
    assert [s.snapshot[0]["body"] for s in first.submissions] == ["Ett.", "Ett, ändrat."]


def test_working_group_sees_submitted_text_not_the_draft_being_revised(db_session, open_round, stakeholder, make_user):
    reader = make_user(Role.WORKING_GROUP)
    response = start(db_session, stakeholder, open_round)
    write(db_session, stakeholder, response, "Inskickad text.")
    with pytest.raises(NotFound):
        responses.get_submitted_response(db_session, reader, response.id)  # a draft is the organisation's own
    responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    write(db_session, stakeholder, response, "Ny text under arbete.", base=1)
    seen = responses.get_submitted_response(db_session, reader, response.id)
    assert seen.comments[0].submitted_body == "Inskickad text."
    assert responses.has_unsubmitted_changes(seen)


@pytest.mark.parametrize(
    "action",
    [
        lambda s, u, r: responses.get_own_response(s, u, r.id),
        lambda s, u, r: responses.save_comments(s, u, r.id, [CommentInput(None, "Intrång", None)], datetime.now(UTC)),
        lambda s, u, r: responses.submit_response(s, u, r.id, datetime.now(UTC)),
        lambda s, u, r: responses.withdraw_response(s, u, r.id, datetime.now(UTC)),
        lambda s, u, r: responses.get_submitted_response(s, u, r.id),
    ],
    ids=["read", "edit", "submit", "withdraw", "read-submitted"],
)
def test_another_organisation_cannot_touch_a_draft_by_guessing_its_id(
    db_session, open_round, stakeholder, outsider, action
):
    response = start(db_session, stakeholder, open_round)
    write(db_session, stakeholder, response, "Vårt utkast.")
    with pytest.raises(NotFound):
        action(db_session, outsider, response)
    assert response.comments[0].body == "Vårt utkast."
    assert response.status == ResponseStatus.DRAFT


@pytest.mark.parametrize("role", [Role.ADMIN, Role.WORKING_GROUP, Role.FACILITATOR])
def test_no_other_role_reads_or_writes_an_unsubmitted_draft(db_session, open_round, stakeholder, make_user, role):
    other = make_user(role)
    response = start(db_session, stakeholder, open_round)
    write(db_session, stakeholder, response, "Hemligt utkast.")
    with pytest.raises(NotFound):
        responses.get_own_response(db_session, other, response.id)
    with pytest.raises(NotFound):
        responses.get_submitted_response(db_session, other, response.id)


def test_invited_only_round_refuses_uninvited_organisations(db_session, open_round, stakeholder, fjallby):
    open_round.access = "invited"
    db_session.flush()
    with pytest.raises(NotAllowed):
        start(db_session, stakeholder, open_round)
    db_session.add(Invitation(round=open_round, organisation=fjallby))
    db_session.flush()
    assert start(db_session, stakeholder, open_round).organisation_id == fjallby.id


def test_private_person_answers_for_themself(db_session, open_round, make_user):
    person = make_user(Role.STAKEHOLDER, name="Kim")
    response = start(db_session, person, open_round)
    assert response.person_id == person.id and response.organisation_id is None
    write(db_session, person, response, "Som privatperson.")
    responses.submit_response(db_session, person, response.id, datetime.now(UTC), publish_name_consent=True)
    assert response.publish_name_consent is True


def test_decline_and_submit_update_the_invitation(db_session, open_round, stakeholder, fjallby):
    invitation = Invitation(round=open_round, organisation=fjallby)
    db_session.add(invitation)
    db_session.flush()
    responses.decline_invitation(
        db_session, stakeholder, open_round.id, fjallby.id, "Berör oss inte.", datetime.now(UTC)
    )
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decline_reason == "Berör oss inte."
    response = start(db_session, stakeholder, open_round)
    write(db_session, stakeholder, response, "Vi ångrade oss.")
    responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    assert invitation.status == InvitationStatus.RESPONDED
    with pytest.raises(ValidationFailed):
        responses.decline_invitation(db_session, stakeholder, open_round.id, fjallby.id, "", datetime.now(UTC))


def test_an_unchanged_resubmission_is_the_same_submission_and_a_withdrawn_one_counts_again(
    db_session, open_round, stakeholder
):
    response = start(db_session, stakeholder, open_round)
    write(db_session, stakeholder, response, "Samma text.")
    first = responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    again = responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    assert again is first and len(response.submissions) == 1

    responses.withdraw_response(db_session, stakeholder, response.id, datetime.now(UTC))
    resubmitted = responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    assert resubmitted.number == 2 and response.status == ResponseStatus.SUBMITTED
