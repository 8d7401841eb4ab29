"""Demo remissvar: composed from `data/responses.toml` and submitted through the real services."""

from __future__ import annotations

import random
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.people import ActorType, Membership, Organisation, Role, User, UserRole
from consultation.remiss import ConsultationRound, Invitation, responses
from consultation.remiss.comments import CommentInput

DATA_FILE = Path(__file__).parent / "data" / "responses.toml"


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


def _member(session: Session, organisation: Organisation, number: int) -> User:
    for membership in organisation.memberships:
        if membership.user.password_hash is not None:
            return membership.user
    return _stand_in(session, f"Registrator, {organisation.name}", f"remiss{number}@demo.example", organisation)


def _lead_in(lead: str, remark: str) -> str:
    if not lead:
        return remark
    if lead.endswith(":"):
        return f"{lead} {remark}"
    return f"{lead} {remark[0].lower()}{remark[1:]}"


def _compose(rng: random.Random, voice: dict, remarks: list[str], first: bool, leads: list[str]) -> str:
    chosen = rng.sample(remarks, k=min(len(remarks), rng.choice([1, 2, 2])))
    chosen[0] = _lead_in(rng.choice(leads), chosen[0])
    parts = []
    if first and (opening := rng.choice(voice["openings"])):
        parts.append(opening)
    parts.append(" ".join(chosen))
    text = "\n\n".join(parts) if len(" ".join(chosen)) > 160 else " ".join(parts)
    if first and (closing := rng.choice(voice["closings"])):
        text += "\n\n" + closing
    return text


def _comments(rng, data, voice, sections, how_many) -> list[tuple[int | None, str]]:
    keys = [k for k in data["remarks"] if k == "whole" or k in sections]
    picked = rng.sample(keys, k=min(how_many, len(keys)))
    result = []
    for index, key in enumerate(sorted(picked, key=lambda k: (k != "whole", k))):
        english = data["english"].get(key, [])
        if english and rng.random() < data["english_share"] * 2:
            text = rng.choice(english)
        else:
            text = _compose(rng, voice, data["remarks"][key], index == 0, data["leads"])
        result.append((None if key == "whole" else sections[key].id, text))
    return result


def _submit(session, user, round_, owner_key, comments, when, consent=False):
    response = responses.open_response(session, user, round_.id, owner_key, when)
    responses.save_comments(session, user, response.id, [CommentInput(s, t) for s, t in comments], when)
    responses.submit_response(session, user, response.id, when, publish_name_consent=consent)
    return response


def load_demo_responses(session: Session, round_: ConsultationRound, now: datetime | None = None) -> int:
    """Invite the register, then submit about 60 responses spread over the days the round has been open."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    rng = random.Random(data["seed"])
    now = now or datetime.now(UTC)
    sections = {s.number: s for s in round_.version.sections}
    organisations = list(session.scalars(select(Organisation).order_by(Organisation.id)))
    for organisation in organisations:
        session.add(
            Invitation(
                round=round_, organisation=organisation, contact_email=organisation.email, sent_at=round_.opens_at
            )
        )
    session.flush()

    open_for = (now - round_.opens_at).total_seconds()
    plan = []  # (when, kind, payload): submitted in time order so reference numbers follow the days
    answering = [o for o in organisations if o.name not in data["declining"] and o.name != data["draft_for"]]
    for number, organisation in enumerate(answering[: data["organisation_responses"]]):
        plan.append((rng.uniform(0.05, 0.98) * open_for, "organisation", (organisation, number)))
    for number, name in enumerate(data["private_people"]):
        plan.append((rng.uniform(0.05, 0.98) * open_for, "person", (name, number)))
    campaign = data["campaign"]
    campaign_start = rng.uniform(0.4, 0.6) * open_for
    for number, (name, (old, new)) in enumerate(zip(campaign["people"], campaign["variants"], strict=True)):
        plan.append((campaign_start + number * 3600 * rng.uniform(0.5, 3), "campaign", (name, number, old, new)))

    count = 0
    for offset, kind, payload in sorted(plan, key=lambda p: p[0]):
        when = min(round_.opens_at + timedelta(seconds=offset), now - timedelta(minutes=1))
        if kind == "organisation":
            organisation, number = payload
            voice = data["voices"][organisation.actor_type]
            comments = _comments(rng, data, voice, sections, rng.randint(6, 9))
            _submit(session, _member(session, organisation, number), round_, f"org-{organisation.id}", comments, when)
        elif kind == "person":
            name, number = payload
            user = _stand_in(session, name, f"person{number}@demo.example", None)
            comments = _comments(rng, data, data["voices"][ActorType.PRIVATE_PERSON], sections, rng.randint(1, 4))
            _submit(session, user, round_, "person", comments, when, consent=rng.random() < 0.5)
        else:
            name, number, old, new = payload
            text = campaign["text"].replace(old, new) if old else campaign["text"]
            if not old and new:
                text = f"{text} {new}"
            user = _stand_in(session, name, f"kampanj{number}@demo.example", None)
            _submit(
                session,
                user,
                round_,
                "person",
                [(sections[campaign["section"]].id, text)],
                when,
                consent=rng.random() < 0.3,
            )
        count += 1

    for name in data["declining"]:
        organisation = next(o for o in organisations if o.name == name)
        responses.decline_invitation(
            session,
            _member(session, organisation, 900 + organisation.id),
            round_.id,
            organisation.id,
            "Förslaget berör inte vår verksamhet i någon större utsträckning.",
            now - timedelta(days=2),
        )
    drafter = next(o for o in organisations if o.name == data["draft_for"])
    author = _member(session, drafter, 999)
    draft = responses.open_response(session, author, round_.id, f"org-{drafter.id}", now - timedelta(days=1))
    responses.save_comments(
        session,
        author,
        draft.id,
        [
            CommentInput(sections["3.1"].id, "Utkast: kommunen vill betona vårdens kompetensbehov."),
            CommentInput(sections["4.1"].id, "Utkast: busslinjen Björkås–Fjällby behöver fler turer."),
        ],
        now - timedelta(days=1),
    )
    session.flush()
    return count
