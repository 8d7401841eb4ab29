"""Demo remissvar: whole responses read from `data/remissvar.toml` and submitted through the real services."""

from __future__ import annotations

import random
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.drafts import Section
from consultation.people import Membership, Organisation, Role, User, UserRole
from consultation.remiss import ConsultationRound, Invitation, responses
from consultation.remiss.comments import CommentInput

DATA_FILE = Path(__file__).parent / "data" / "remissvar.toml"
WHOLE = "whole"


def _stand_in(session: Session, name: str, email: str, organisation: Organisation | None) -> User:
    """A sender without a password: demo responses need an author, not a login."""
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(name=name, email=email, password_hash=None, role_grants=[UserRole(role=Role.STAKEHOLDER)])
        session.add(user)
    if organisation is not None and not user.is_member_of(organisation.id):
        user.memberships.append(Membership(organisation=organisation))
    session.flush()
    return user


def _member(session: Session, organisation: Organisation, email: str) -> User:
    """A demo account of the organisation if it has one, else a stand-in registrator with this e-mail."""
    for membership in organisation.memberships:
        if membership.user.password_hash is not None:
            return membership.user
    return _stand_in(session, f"Registrator, {organisation.name}", email, organisation)


def _inputs(comments: list[dict], sections: dict[str, Section]) -> list[CommentInput]:
    return [
        CommentInput(None if c["section"] == WHOLE else sections[c["section"]].id, c["text"].strip()) for c in comments
    ]


def _campaign_text(text: str, change: list[str]) -> str:
    """The form letter as one sender sent it: a word replaced, or a sentence added at the end."""
    old, new = change
    if old:
        if old not in text:
            raise ValueError(f"demo campaign: {old!r} is not in the text")
        return text.replace(old, new, 1)
    return f"{text} {new}" if new else text


def _submit(session, user, round_, owner_key, comments, when, consent=False):
    response = responses.open_response(session, user, round_.id, owner_key, when)
    responses.save_comments(session, user, response.id, comments, when)
    responses.submit_response(session, user, response.id, when, publish_name_consent=consent)
    return response


def load_demo_responses(session: Session, round_: ConsultationRound, now: datetime | None = None) -> int:
    """Invite the register, then submit the data file's responses spread over the days the round has been open."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    rng = random.Random(data["seed"])
    now = now or datetime.now(UTC)
    sections = {s.number: s for s in round_.version.sections}
    organisations = list(session.scalars(select(Organisation).order_by(Organisation.id)))
    by_name = {o.name: o for o in organisations}
    for organisation in organisations:
        session.add(
            Invitation(
                round=round_, organisation=organisation, contact_email=organisation.email, sent_at=round_.opens_at
            )
        )
    session.flush()

    open_for = (now - round_.opens_at).total_seconds()
    # (seconds after opening, organisation or person's name, a stand-in's e-mail, comments): submitted in
    # time order so that reference numbers follow the days.
    plan = []
    people = 0
    for number, item in enumerate(data["responses"]):
        if "organisation" in item:
            sender, email = by_name[item["organisation"]], f"remiss{number}@demo.example"
        else:
            sender, email = item["person"], f"person{people}@demo.example"
            people += 1
        plan.append((rng.uniform(0.05, 0.98) * open_for, sender, email, _inputs(item["comments"], sections)))
    campaign = data["campaign"]
    start = rng.uniform(0.4, 0.6) * open_for  # the form letter went round the villages in a few days
    for number, sender in enumerate(campaign["senders"]):
        text = _campaign_text(campaign["text"], sender["change"])
        offset = start + number * 3600 * rng.uniform(0.5, 3)
        email = f"kampanj{number}@demo.example"
        plan.append((offset, sender["name"], email, [CommentInput(sections[campaign["section"]].id, text)]))

    for offset, sender, email, comments in sorted(plan, key=lambda p: p[0]):
        when = min(round_.opens_at + timedelta(seconds=offset), now - timedelta(minutes=1))
        if isinstance(sender, Organisation):
            user = _member(session, sender, email)
            _submit(session, user, round_, f"org-{sender.id}", comments, when)
        else:
            user = _stand_in(session, sender, email, None)
            _submit(session, user, round_, "person", comments, when, consent=rng.random() < 0.4)

    declined = data["declined"]
    for name in declined["organisations"]:
        organisation = by_name[name]
        responses.decline_invitation(
            session,
            _member(session, organisation, f"remiss{900 + organisation.id}@demo.example"),
            round_.id,
            organisation.id,
            declined["reason"],
            now - timedelta(days=2),
        )
    draft = data["draft"]
    drafter = by_name[draft["organisation"]]
    author = _member(session, drafter, "remiss999@demo.example")
    response = responses.open_response(session, author, round_.id, f"org-{drafter.id}", now - timedelta(days=1))
    responses.save_comments(session, author, response.id, _inputs(draft["comments"], sections), now - timedelta(days=1))
    session.flush()
    return len(plan)
