"""Starting, submitting, withdrawing and declining: the life of a remissvar.

Every submission is kept; the working group only ever sees submitted text. Writing the
comments is in `comments`, who may read and write a response in `response_access`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, DomainError, NotAllowed, NotFound, ValidationFailed, msg
from ..people.models import Organisation, Role, User
from ..text import normalise_text
from ..timezones import to_local

# Who may read a response and writing its comments have modules of their own; their names stay
# reachable here too, where the rules of a remissvar are looked for (responses.save_comments).
from .comments import MAX_COMMENT_LENGTH, CommentConflict, CommentInput, SaveResult, save_comments  # noqa: F401
from .models import (
    Invitation,
    InvitationStatus,
    ReferenceCounter,
    Response,
    ResponseStatus,
    ResponseSubmission,
)
from .response_access import (  # noqa: F401
    can_read_submitted,
    flush_or_conflict,
    get_own_response,
    get_submitted_response,
    is_owner_member,
    is_writable,
    lock_own_response,
    may_register,
    may_work_on,
    require_writable,
)
from .rounds import Owner, get_round, owners_for, require_open

MAX_REASON_LENGTH = 5_000


class RegisteredByRegion(DomainError):
    """The organisation's answer came as a letter and the coordinators registered it: not written on the web."""


# --- starting and writing ----------------------------------------------------------


def find_response(session: Session, round_id: int, owner: Owner) -> Response | None:
    query = select(Response).where(Response.round_id == round_id)
    if owner.organisation is not None:
        query = query.where(Response.organisation_id == owner.organisation.id)
    else:
        query = query.where(Response.person_id == owner.person.id)
    return session.scalar(query)


def open_response(session: Session, user: User, round_id: int, owner_key: str, now: datetime) -> Response:
    """The owner's response to the round, created as a draft the first time."""
    round_ = get_round(session, round_id)
    owner = next((o for o in owners_for(session, user, round_) if o.key == owner_key), None)
    if owner is None:
        raise NotAllowed(msg(N_("Du kan inte svara på remissen för den organisationen.")))
    existing = find_response(session, round_.id, owner)
    if existing is not None and existing.is_registration:
        raise RegisteredByRegion(
            msg(N_("Ert remissvar kom in som brev och registreras av regionen; det skrivs inte här."))
        )
    if existing is not None:
        return existing
    require_open(round_, now)
    response = Response(
        round=round_,
        organisation=owner.organisation,
        person=owner.person,
        created_by=user,
        status=ResponseStatus.DRAFT,
    )
    session.add(response)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # A colleague started the same response at the same moment: use theirs.
        existing = find_response(session, round_.id, owner)
        if existing is None:
            raise
        return existing
    return response


# --- submitting --------------------------------------------------------------------


def next_reference(session: Session, response: Response, now: datetime) -> str:
    """`<process code>-<year>-<sequence>`: the counter row is locked by its own update."""
    process = response.round.process
    year = to_local(now).year
    bumped = session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.process_id == process.id, ReferenceCounter.year == year)
        .values(last_value=ReferenceCounter.last_value + 1)
        .returning(ReferenceCounter.last_value)
    ).scalar()
    if bumped is None:
        try:
            with session.begin_nested():
                session.add(ReferenceCounter(process_id=process.id, year=year, last_value=1))
            bumped = 1
        except IntegrityError:
            # Another response took the year's first number at the same moment: count on from it.
            return next_reference(session, response, now)
    return f"{process.code}-{year}-{bumped:04d}"


def snapshot(response: Response) -> list[dict]:
    """The response's working text as a list of comments in document order."""
    positions = {s.id: s.position for s in response.round.version.sections}
    ordered = sorted(
        (c for c in response.comments if c.body),
        key=lambda c: -1 if c.section_id is None else positions.get(c.section_id, 0),
    )
    return [
        {
            "section_key": c.section.key if c.section else None,
            "section_number": c.section.number if c.section else None,
            "heading": c.section.heading if c.section else None,
            "body": c.body,
        }
        for c in ordered
    ]


def has_unsubmitted_changes(response: Response) -> bool:
    if response.status == ResponseStatus.DRAFT:
        return any(c.body for c in response.comments)
    return any(c.body != (c.submitted_body or "") for c in response.comments)


def _submittable_content(response: Response, now: datetime) -> list[dict]:
    require_writable(response, now)
    content = snapshot(response)
    if not content:
        raise ValidationFailed({"response": [msg(N_("Svaret är tomt. Skriv minst en synpunkt innan du skickar in."))]})
    return content


def check_submittable(session: Session, user: User, response_id: int, now: datetime) -> list[dict]:
    """What submitting now would send (the confirmation step shows it), or the reason it cannot be sent."""
    return _submittable_content(get_own_response(session, user, response_id), now)


def content_digest(content: list[dict]) -> str:
    """A fingerprint of what was shown for confirmation, to notice a colleague's change before sending."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def repeated_submission(
    response: Response, content: list[dict], publish_name_consent: bool
) -> ResponseSubmission | None:
    """The last submission if submitting now would store it again unchanged (a double click, a resent form)."""
    if response.status != ResponseStatus.SUBMITTED or not response.submissions:
        return None
    last = response.submissions[-1]
    if last.snapshot != content:
        return None
    if response.person_id is not None and response.publish_name_consent != publish_name_consent:
        return None
    return last


def submit_response(
    session: Session,
    user: User,
    response_id: int,
    now: datetime,
    *,
    publish_name_consent: bool = False,
) -> ResponseSubmission:
    """Submit (or resubmit) the working text; every submission is kept, an unchanged resubmission is not repeated.

    The response row is locked first (FOR UPDATE where the database has it), so two submits of the
    same response, say a double click, run one after the other: the second finds the first's
    submission and returns it instead of storing the same text again.
    """
    response = lock_own_response(session, user, response_id)
    # Nothing is written before the checks below: a flush here could only meet a twin's change.
    with session.no_autoflush:
        content = _submittable_content(response, now)
        repeated = repeated_submission(response, content, publish_name_consent)
        if repeated is not None:
            return repeated
        number = len(response.submissions) + 1
    if response.reference is None:
        response.reference = next_reference(session, response, now)
    for comment in list(response.comments):
        if comment.body:
            comment.submitted_body = comment.body
        else:
            response.comments.remove(comment)
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.withdrawn_at = None
    if response.person_id is not None:
        response.publish_name_consent = publish_name_consent
    submission = ResponseSubmission(number=number, submitted_at=now, submitted_by=user, snapshot=content)
    response.submissions.append(submission)
    _set_invitation(session, response, InvitationStatus.RESPONDED)
    flush_or_conflict(session, N_("En kollega skickade in svaret precis samtidigt. Ladda om sidan."))
    action = audit.Action.RESPONSE_SUBMITTED if submission.number == 1 else audit.Action.RESPONSE_REVISED
    audit.record(
        session,
        action,
        user,
        response,
        {
            "reference": response.reference,
            "version": submission.number,
            "comments": len(content),
        },
        now=now,
    )
    return submission


def withdraw_response(session: Session, user: User, response_id: int, now: datetime) -> Response:
    response = get_own_response(session, user, response_id)
    require_writable(response, now)
    if response.status != ResponseStatus.SUBMITTED:
        raise ValidationFailed({"response": [msg(N_("Bara ett inskickat svar kan återkallas."))]})
    response.status = ResponseStatus.WITHDRAWN
    response.withdrawn_at = now
    _set_invitation(session, response, InvitationStatus.INVITED)
    session.flush()
    audit.record(session, audit.Action.RESPONSE_WITHDRAWN, user, response, {"reference": response.reference}, now=now)
    return response


def _set_invitation(session: Session, response: Response, status: InvitationStatus) -> None:
    if response.organisation_id is None:
        return
    invitation = session.scalar(
        select(Invitation).where(
            Invitation.round_id == response.round_id,
            Invitation.organisation_id == response.organisation_id,
        )
    )
    if invitation is not None:
        invitation.status = status
        if status != InvitationStatus.DECLINED:
            invitation.declined_at = None


def declinable_organisations(session: Session, user: User, round_id: int) -> list[Organisation]:
    """The user's organisations that are invited to the round and have not already declined."""
    round_ = get_round(session, round_id)
    if not user.has_role(Role.STAKEHOLDER):
        return []
    open_invitations = set(
        session.scalars(
            select(Invitation.organisation_id).where(
                Invitation.round_id == round_.id, Invitation.status != InvitationStatus.DECLINED
            )
        )
    )
    return [o for o in user.organisations if o.id in open_invitations]


def decline_invitation(
    session: Session, user: User, round_id: int, organisation_id: int, reason: str, now: datetime
) -> Invitation:
    """An invited organisation "avstår från att yttra sig", with an optional reason."""
    round_ = get_round(session, round_id)
    invitation = session.scalar(
        select(Invitation).where(Invitation.round_id == round_.id, Invitation.organisation_id == organisation_id)
    )
    if invitation is None or not user.has_role(Role.STAKEHOLDER) or not user.is_member_of(organisation_id):
        raise NotFound(msg(N_("Inbjudan finns inte.")))
    require_open(round_, now)
    existing = session.scalar(
        select(Response).where(
            Response.round_id == round_.id,
            Response.organisation_id == organisation_id,
            Response.status == ResponseStatus.SUBMITTED,
        )
    )
    if existing is not None:
        raise ValidationFailed(
            {"organisation_id": [msg(N_("Ni har redan skickat in ett svar. Återkalla det först om ni vill avstå."))]}
        )
    reason = normalise_text(reason)
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            {"reason": [msg(N_("Motiveringen får vara högst %(max)s tecken."), max=MAX_REASON_LENGTH)]}
        )
    invitation.status = InvitationStatus.DECLINED
    invitation.declined_at = now
    invitation.decline_reason = reason or None
    session.flush()
    audit.record(
        session,
        audit.Action.INVITATION_DECLINED,
        user,
        invitation,
        {
            "round_id": round_.id,
            "organisation_id": organisation_id,
            "with_reason": bool(reason),
        },
        now=now,
    )
    return invitation
