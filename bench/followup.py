"""Follow-up pages at scale: p50/p95 of the overview, a goal area's page and a period's completeness view.

    .venv/bin/python bench/followup.py                          # SQLite, 2,000 insatser x 8 periods
    .venv/bin/python bench/followup.py --insatser 500 --periods 2
    .venv/bin/python bench/followup.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/samrad_followup_bench

Each timing is one GET through the app (the test client, so no network): the queries, the summary
per goal area and the template with its SVG bars and indicator charts. The insatser are spread over
three goal areas and 15 organisations, one or two indicators each; every period has a report per
organisation with a line (and a comment) per insats and a value per indicator, all written straight
through the models. The periods but the last are published; in the last, two thirds of the
organisations have submitted. The completeness view of the last period is read as the coordinator.
Issue 17's target is <= 300 ms p95 at 2,000 insatser x 8 periods. A PostgreSQL database named with
--pg is emptied first.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPEATS = 40
PASSWORD = "bench-lösenord-för-samordnaren"


def seed(count: int) -> list[str]:
    from app.extensions import db
    from consultation.drafts import Adoption, Document, DocumentVersion, Process, Section, VersionStatus
    from consultation.followup import Approval, Indicator, Initiative, InitiativeStatus
    from consultation.people import ActorType, Organisation

    session = db.session
    process = Process(code="RUS2040", title="Regional utvecklingsstrategi 2040", region="Region Västerfjäll")
    document = Document(process=process, title="Strategi")
    version = DocumentVersion(
        document=document, number=1, title="Strategi", status=VersionStatus.PUBLISHED, published_at=datetime.now(UTC)
    )
    headings = ["Kompetens och arbetsliv", "Hållbara livsmiljöer", "Grön omställning"]
    for n, heading in enumerate(headings):
        version.sections.append(Section(key=f"mal{n + 1}", number=str(n + 1), heading=heading, level=1, position=2 * n))
        version.sections.append(
            Section(key=f"mal{n + 1}-1", number=f"{n + 1}.1", heading="Delmål", level=2, position=2 * n + 1)
        )
    session.add_all([process, document])
    session.add(
        Adoption(
            process=process, version=version, body="Regionfullmäktige", decided_on=date(2026, 5, 4), reference="§ 1"
        )
    )
    organisations = [
        Organisation(name=f"Organisation {n + 1:02d}", actor_type=ActorType.MUNICIPALITY) for n in range(15)
    ]
    session.add_all(organisations)
    session.flush()
    statuses = list(InitiativeStatus)
    for n in range(count):
        initiative = Initiative(
            process=process,
            version=version,
            organisation=organisations[n % 15],
            title=f"Insats {n + 1:04d}",
            description="En kort beskrivning av vad som görs och varför. " * 3,
            contact_name="Kontaktperson",
            status=statuses[n % 5],
            progress=(n * 7) % 101,
            approval=Approval.APPROVED,
        )
        initiative.sections = [version.sections[(n % 3) * 2 + (n // 3) % 2]]
        initiative.indicators = [
            Indicator(position=i, name=f"Indikator {i + 1}", unit="st", baseline=0, target=100)
            for i in range(1 + n % 2)
        ]
        session.add(initiative)
    session.commit()
    return [s.key for s in version.sections if s.level == 1]


def seed_periods(count: int) -> int:
    """`count` periods with a report per organisation and a value per indicator; returns the last period's id."""
    import sqlalchemy as sa

    from app.extensions import db
    from consultation.followup import Indicator, Initiative, PeriodReport, ReportingPeriod
    from consultation.followup.models import IndicatorValue, InitiativeReport, ReportStatus

    session = db.session
    process_id = session.scalar(sa.select(Initiative.process_id).limit(1))
    rows = session.execute(sa.select(Initiative.id, Initiative.organisation_id, Initiative.status)).all()
    indicators = session.execute(sa.select(Indicator.id, Indicator.initiative_id)).all()
    owners = sorted({organisation_id for _id, organisation_id, _status in rows})
    now = datetime.now(UTC)
    last = None
    for n in range(count):
        is_last = n == count - 1
        opened = now - timedelta(days=180 * (count - n))
        period = ReportingPeriod(
            process_id=process_id,
            name=f"Uppföljning {2020 + n // 2}, {'våren' if n % 2 == 0 else 'hösten'}",
            opens_at=opened,
            deadline_on=(opened + timedelta(days=30)).date() if not is_last else (now + timedelta(days=20)).date(),
            published_at=None if is_last else opened + timedelta(days=40),
            reminder_days=[14, 3],
            reminders_from=opened,
        )
        session.add(period)
        session.flush()
        reporting = owners if not is_last else owners[: len(owners) * 2 // 3]
        reports = {}
        for organisation_id in reporting:
            report = PeriodReport(
                period_id=period.id,
                organisation_id=organisation_id,
                status=ReportStatus.SUBMITTED,
                submitted_at=opened + timedelta(days=20),
            )
            session.add(report)
            reports[organisation_id] = report
        session.flush()
        session.execute(
            sa.insert(InitiativeReport),
            [
                {
                    "report_id": reports[organisation_id].id,
                    "initiative_id": initiative_id,
                    "status": status,
                    "progress": (initiative_id * 7 + n * 10) % 101,
                    "comment": f"Kommentar för period {n + 1}: arbetet fortsätter enligt plan.",
                    "revision": 1,
                    "updated_at": opened,
                }
                for initiative_id, organisation_id, status in rows
                if organisation_id in reports
            ],
        )
        organisation_of = {initiative_id: organisation_id for initiative_id, organisation_id, _s in rows}
        session.execute(
            sa.insert(IndicatorValue),
            [
                {"indicator_id": indicator_id, "period_id": period.id, "value": float((indicator_id + n * 12) % 100)}
                for indicator_id, initiative_id in indicators
                if organisation_of[initiative_id] in reports
            ],
        )
        last = period.id
    session.commit()
    return last


def add_coordinator() -> str:
    from app.extensions import db
    from consultation.people import Role, User, UserRole
    from consultation.people.passwords import hash_password

    user = User(
        email="samordnare@bench.example",
        name="Samordnare",
        password_hash=hash_password(PASSWORD),
        role_grants=[UserRole(role=Role.ADMIN)],
    )
    db.session.add(user)
    db.session.commit()
    return user.email


def log_in(client, email: str) -> None:
    page = client.get("/logga-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = client.post("/logga-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302, answer.status_code


def timings(client, url: str) -> list[float]:
    client.get(url)  # warm: templates compiled, caches filled
    found = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        answer = client.get(url)
        found.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--insatser", type=int, default=2_000)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--pg", help="a PostgreSQL URL (emptied first) instead of a temporary SQLite file")
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        url = args.pg or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"CONFIG": "development", "SQLALCHEMY_DATABASE_URI": url, "MAIL_OUTBOX_DIR": folder})
        with app.app_context():
            if args.pg:
                metadata = sa.MetaData()
                metadata.reflect(db.engine)
                metadata.drop_all(db.engine)
                with db.engine.begin() as connection:
                    connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            upgrade()
            clock = time.perf_counter()
            keys = seed(args.insatser)
            period_id = seed_periods(args.periods) if args.periods else None
            email = add_coordinator()
            print(
                f"{args.insatser} insatser x {args.periods} periods written in {time.perf_counter() - clock:.1f} s "
                f"({db.engine.dialect.name})"
            )
            db.session.remove()
        client = app.test_client()
        pages = [("overview", "/process/RUS2040/uppfoljning")] + [
            (f"goal area {n + 1}", f"/process/RUS2040/uppfoljning/mal/{key}") for n, key in enumerate(keys)
        ]
        if period_id is not None:
            coordinator = app.test_client()
            log_in(coordinator, email)
            completeness = f"/admin/processer/RUS2040/uppfoljning/perioder/{period_id}"
            pages.append(("completeness", completeness))
        print(f"{'page':<14} {'p50 ms':>8} {'p95 ms':>8}")
        for label, url in pages:
            found = sorted(timings(coordinator if label == "completeness" else client, url))
            p95 = found[int(0.95 * (len(found) - 1))]
            print(f"{label:<14} {statistics.median(found):8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
