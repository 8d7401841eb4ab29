"""factory_boy factories for the domain models, writing through the test's session."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.extensions import db
from consultation.drafts import Document, DocumentVersion, Phase, PhaseKind, Process, Section, VersionStatus
from consultation.people import ActorType, Membership, Organisation, Role, User, UserRole
from consultation.people.passwords import hash_password
from consultation.remiss import ConsultationRound, RoundAccess

_TEST_PASSWORD_HASH: dict[str, str] = {}


def test_password_hash() -> str:
    # Hash once per run: password hashing is deliberately slow.
    from .conftest import PASSWORD

    if PASSWORD not in _TEST_PASSWORD_HASH:
        _TEST_PASSWORD_HASH[PASSWORD] = hash_password(PASSWORD)
    return _TEST_PASSWORD_HASH[PASSWORD]


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    actor_type = ActorType.MUNICIPALITY
    municipality = "Fjällby"
    organisation_number = factory.Sequence(lambda n: f"212000-{n:04d}")
    email = factory.Sequence(lambda n: f"registrator{n}@kommun.example")


class UserFactory(BaseFactory):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@test.example")
    password_hash = factory.LazyFunction(test_password_hash)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        obj.role_grants = [UserRole(role=Role(r)) for r in sorted({str(r) for r in extracted or ()})]
        db.session.flush()  # factory_boy does not flush after post-generation hooks

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        with db.session.no_autoflush:
            for organisation in extracted or ():
                db.session.add(Membership(user=obj, organisation=organisation))
        db.session.flush()


class ProcessFactory(BaseFactory):
    class Meta:
        model = Process

    code = factory.Sequence(lambda n: f"RUS{2040 + n}")
    title = factory.Sequence(lambda n: f"Regional utvecklingsstrategi {2040 + n}")
    region = "Region Testland"
    description = "En strategi för hela regionen."


def add_phases(process: Process, today: date) -> list[Phase]:
    """Four consecutive phases with the drafting and remiss phase current on `today`."""
    spans = [(-300, -200), (-199, -31), (-30, 30), (31, 120)]
    phases = [
        Phase(
            process=process,
            kind=kind,
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
        )
        for kind, (start, end) in zip(list(PhaseKind), spans, strict=True)
    ]
    db.session.add_all(phases)
    db.session.flush()
    return phases


def add_draft(process: Process, sections: int = 3) -> DocumentVersion:
    document = Document(process=process, title=f"Förslag till {process.title}")
    # Published, as a version out on remiss is.
    version = DocumentVersion(
        document=document,
        number=1,
        title=document.title,
        status=VersionStatus.PUBLISHED,
        published_at=datetime.now(UTC),
    )
    for i in range(sections):
        version.sections.append(
            Section(
                key=f"key{process.id}-{i}",
                number=str(i + 1),
                heading=f"Avsnitt {i + 1}",
                body=f"Text för avsnitt {i + 1}.",
                level=1,
                position=i,
            )
        )
    db.session.add(document)
    db.session.flush()
    return version


def add_round(process: Process, version: DocumentVersion, **kwargs) -> ConsultationRound:
    now = datetime.now(UTC)
    round_ = ConsultationRound(
        process=process,
        version=version,
        title=kwargs.pop("title", "Remiss"),
        opens_at=kwargs.pop("opens_at", now - timedelta(days=1)),
        closes_at=kwargs.pop("closes_at", now + timedelta(days=20)),
        access=kwargs.pop("access", RoundAccess.OPEN),
        **kwargs,
    )
    db.session.add(round_)
    db.session.flush()
    return round_


def built_compilation_file(round_id: int, for_public: bool) -> int:
    """The round's compilation (by section, in Swedish) as a Word file built by its job, as a worker does it."""
    from app.jobs import runner
    from consultation.people.access import SYSTEM
    from consultation.review import compilation, compilation_files

    result = compilation.build_compilation(db.session, SYSTEM, round_id, "section", for_public=for_public)
    found, _hand_on = compilation_files.request_file(db.session, result, "sv", None)
    db.session.commit()
    assert runner.run_one(found.job_id, heartbeat_thread=False)
    return found.id
