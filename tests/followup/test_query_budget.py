"""The follow-up pages make as many queries for fifty insatser as for five: no query per insats."""

from __future__ import annotations

from datetime import UTC, datetime

from consultation.followup import initiatives
from consultation.followup.initiatives import IndicatorData, InitiativeData

from ..web.test_query_budget import counting_queries

NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def add_insatser(strategy, db_session, count: int, start: int) -> None:
    for n in range(start, start + count):
        initiatives.create_initiative(
            db_session,
            strategy.admin,
            "RUS2040",
            InitiativeData(
                title=f"Insats {n:03d}",
                organisation_id=(strategy.org_a if n % 2 else strategy.org_b).id,
                section_ids=[strategy.section(("1", "1.1", "2", "3")[n % 4]).id],
                progress=n % 101,
                indicators=[IndicatorData(f"Indikator {i}", "st", 0, 10) for i in range(n % 3)],
            ),
            NOW,
        )
    db_session.commit()


def test_no_follow_up_page_makes_a_query_per_insats(client, auth, strategy, db_session):
    auth.login_as(strategy.admin)
    area = strategy.section("1").key
    pages = [
        "/process/RUS2040/uppfoljning",
        f"/process/RUS2040/uppfoljning/mal/{area}",
        "/admin/processer/RUS2040/uppfoljning",
        "/admin/processer/RUS2040/uppfoljning/insatser.xlsx",
    ]

    def counts() -> dict[str, int]:
        found = {}
        for url in pages:
            with counting_queries() as statements:
                assert client.get(url).status_code == 200
            found[url] = len(statements)
        return found

    add_insatser(strategy, db_session, 5, 0)
    few = counts()
    add_insatser(strategy, db_session, 45, 5)
    assert counts() == few
