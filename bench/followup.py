"""Follow-up pages at scale: p50/p95 of the overview and a goal area's page with 2,000 insatser.

    .venv/bin/python bench/followup.py                          # SQLite, 2,000 insatser
    .venv/bin/python bench/followup.py --insatser 500           # fewer
    .venv/bin/python bench/followup.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/samrad_followup_bench

Each timing is one GET through the app (the test client, so no network): the query, the summary
per goal area and the template with its SVG bars. The insatser are spread over three goal areas
and 15 organisations, one or two indicators each, written straight through the models. Reporting
periods do not exist yet, so this is the page without period values; issue 17's target is
<= 300 ms p95 at 2,000 insatser x 8 periods. A PostgreSQL database named with --pg is emptied first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPEATS = 40


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
            print(f"{args.insatser} insatser written in {time.perf_counter() - clock:.1f} s ({db.engine.dialect.name})")
            db.session.remove()
        client = app.test_client()
        pages = [("overview", "/process/RUS2040/uppfoljning")] + [
            (f"goal area {n + 1}", f"/process/RUS2040/uppfoljning/mal/{key}") for n, key in enumerate(keys)
        ]
        print(f"{'page':<14} {'p50 ms':>8} {'p95 ms':>8}")
        for label, url in pages:
            found = sorted(timings(client, url))
            p95 = found[int(0.95 * (len(found) - 1))]
            print(f"{label:<14} {statistics.median(found):8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
