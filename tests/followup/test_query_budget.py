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


def test_a_council_agenda_makes_as_many_queries_for_thirty_points_as_for_three(client, auth, strategy, db_session):
    from consultation.followup import agendas, councils
    from consultation.followup.agendas import CommitmentData, ItemData
    from consultation.followup.councils import CouncilData

    from .test_councils import council_meeting

    add_insatser(strategy, db_session, 4, 0)
    linked = [i.id for i in db_session.query(initiatives.Initiative).order_by("id")]
    council = councils.create_council(db_session, strategy.admin, "RUS2040", CouncilData("Rådet", "regional"), NOW)
    meeting = council_meeting(strategy.process)
    councils.link_meeting(db_session, strategy.admin, council, meeting.id)
    ids = ("RUS2040", council.id, meeting.id)
    areas = [strategy.section(n).id for n in ("1", "2", "3")]

    def add_points(count: int, start: int) -> None:
        cm = agendas.get_agenda(db_session, strategy.admin, *ids).council_meeting
        cm.agenda_published_at = None  # points go on a draft; published again below
        for n in range(start, start + count):
            item = agendas.add_item(
                db_session,
                strategy.admin,
                *ids,
                ItemData(
                    f"Punkt {n}",
                    goal_area_id=areas[n % 3] if n % 4 else None,
                    section_ids=(strategy.section("1.1").id,),
                    initiative_ids=(linked[n % 4],),
                ),
                NOW,
            )
            cm.agenda_published_at = NOW
            owner = (strategy.org_a if n % 2 else strategy.org_b).id
            made = agendas.add_commitment(
                db_session, strategy.admin, *ids, item.id, CommitmentData(owner, f"Åtagande {n}"), NOW
            )
            if n % 3 == 0:
                agendas.make_initiative(db_session, strategy.admin, *ids, made.id, [areas[0]], NOW)
            cm.agenda_published_at = None
        cm.agenda_published_at = NOW
        db_session.commit()

    url = f"/process/RUS2040/uppfoljning/rad/{council.id}/moten/{meeting.id}"

    def count() -> int:
        with counting_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    add_points(3, 0)
    auth.login_as(strategy.admin)
    few_for_coordinator = count()
    auth.logout()
    few_for_public = count()
    add_points(27, 3)
    assert count() == few_for_public
    auth.login_as(strategy.admin)
    assert count() == few_for_coordinator
