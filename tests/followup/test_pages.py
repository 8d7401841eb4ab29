"""The follow-up pages through the test client: what each person sees and can do."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from consultation.followup import Approval, Initiative, initiatives
from consultation.followup.initiatives import IndicatorData, InitiativeData

from .conftest import read_xlsx, xlsx

NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def approved(strategy, db_session, title="Kompetenslyft", number="2", progress=40):
    made = initiatives.create_initiative(
        db_session,
        strategy.admin,
        "RUS2040",
        InitiativeData(
            title=title,
            organisation_id=strategy.org_a.id,
            section_ids=[strategy.section(number).id],
            progress=progress,
            status="ongoing",
            indicators=[IndicatorData("Utbildade", "personer", 0, 1200.5)],
        ),
        NOW,
    )
    db_session.commit()
    return made


def test_the_public_sees_goal_areas_with_bars_and_numbers_in_text(client, strategy, db_session):
    made = approved(strategy, db_session)
    page = client.get("/process/RUS2040").get_data(as_text=True)
    assert "/process/RUS2040/uppfoljning" in page
    overview = client.get("/process/RUS2040/uppfoljning")
    html = overview.get_data(as_text=True)
    assert overview.status_code == 200
    assert "2 Kompetens" in html and "1 insats" in html
    assert '<rect class="bar-fill" x="0" y="0" width="40"' in html
    assert "Pågår: <strong>1</strong>" in html  # the bar's numbers, in words
    area = client.get(f"/process/RUS2040/uppfoljning/mal/{strategy.section('2').key}").get_data(as_text=True)
    assert "Kompetenslyft" in area and "Fjällby kommun" in area and "1\u00a0200,5" in area
    one = client.get(f"/process/RUS2040/uppfoljning/insats/{made.id}").get_data(as_text=True)
    assert "Utbildade" in one and "Rapportera läget" not in one


def test_a_member_proposes_and_the_coordinator_approves(client, auth, strategy, db_session):
    auth.login_as(strategy.member_a)
    form_url = "/process/RUS2040/uppfoljning/foresla"
    refused = auth.post(form_url, {"title": "Ny insats", "organisation_id": str(strategy.org_a.id)})
    assert refused.status_code == 422
    assert "Välj minst ett målområde" in refused.get_data(as_text=True)
    assert 'value="Ny insats"' in refused.get_data(as_text=True)  # the text comes back
    sent = auth.post(
        form_url,
        {
            "title": "Ny insats",
            "organisation_id": str(strategy.org_a.id),
            "section_ids": str(strategy.section("3").id),
            "indicator_1_name": "Resenärer",
            "indicator_1_target": "12,5",
        },
    )
    assert sent.status_code == 302
    proposal = db_session.query(Initiative).filter_by(title="Ny insats").one()
    assert proposal.approval == Approval.PROPOSED and proposal.indicators[0].target == 12.5
    auth.logout()
    assert client.get(f"/process/RUS2040/uppfoljning/insats/{proposal.id}").status_code == 404

    auth.login_as(strategy.admin)
    listing = client.get("/admin/processer/RUS2040/uppfoljning?visa=foreslagna").get_data(as_text=True)
    assert "Ny insats" in listing
    decided = auth.post(
        f"/admin/processer/RUS2040/uppfoljning/insatser/{proposal.id}/godkann",
        form_url="/admin/processer/RUS2040/uppfoljning",
    )
    assert decided.status_code == 302
    db_session.expire_all()
    assert db_session.get(Initiative, proposal.id).approval == Approval.APPROVED


def test_the_owner_reports_progress_on_the_insats_page(client, auth, strategy, db_session):
    made = approved(strategy, db_session)
    url = f"/process/RUS2040/uppfoljning/insats/{made.id}"
    auth.login_as(strategy.member_b)
    assert "Rapportera läget" not in client.get(url).get_data(as_text=True)
    assert auth.post(f"{url}/lage", {"status": "done", "progress": "100"}, form_url="/").status_code == 403
    auth.logout()
    auth.login_as(strategy.member_a)
    bad = auth.post(f"{url}/lage", {"status": "done", "progress": "300"}, form_url=url)
    assert bad.status_code == 422
    assert auth.post(f"{url}/lage", {"status": "done", "progress": "100"}, form_url=url).status_code == 302
    db_session.expire_all()
    assert (db_session.get(Initiative, made.id).status, db_session.get(Initiative, made.id).progress) == ("done", 100)


def test_the_coordinator_imports_with_a_preview_and_exports(client, auth, strategy, db_session):
    auth.login_as(strategy.admin)
    url = "/admin/processer/RUS2040/uppfoljning/importera"
    data = xlsx([["Rubrik", "Organisation", "Målområde"], ["Cykelvägar", "Fjällby kommun", "3"], ["", "X", "7"]])
    preview = auth.post(url, {"action": "preview", "file": (io.BytesIO(data), "insatser.xlsx")},
                        content_type="multipart/form-data")  # fmt: skip
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "Rad 3 (utan rubrik)" in html and "Okänt målområde &#34;7&#34;" in html
    assert db_session.query(Initiative).count() == 0

    good = xlsx([["Rubrik", "Organisation", "Målområde"], ["Cykelvägar", "Fjällby kommun", "3"]])
    shown = auth.post(url, {"action": "preview", "file": (io.BytesIO(good), "insatser.xlsx")},
                      content_type="multipart/form-data")  # fmt: skip
    assert shown.status_code == 200
    pending = shown.get_data(as_text=True).split('name="pending" type="hidden" value="')[1].split('"')[0]
    done = auth.post(url, {"action": "import", "pending": pending})
    assert done.status_code == 302
    assert [i.title for i in db_session.query(Initiative)] == ["Cykelvägar"]

    export = client.get("/admin/processer/RUS2040/uppfoljning/insatser.xlsx")
    assert export.status_code == 200 and export.mimetype.endswith("spreadsheetml.sheet")
    assert read_xlsx(export.data)[1][:3] == ["Cykelvägar", "Fjällby kommun", "3"]


def test_a_process_without_an_adopted_version_has_no_follow_up_pages(client, db_session):
    from ..factories import ProcessFactory

    ProcessFactory(code="EJANTAGEN")
    db_session.commit()
    assert client.get("/process/EJANTAGEN/uppfoljning").status_code == 404
    assert "/uppfoljning" not in client.get("/process/EJANTAGEN").get_data(as_text=True)


def test_an_edit_of_an_insats_someone_else_changed_is_a_conflict_with_the_text_kept(client, auth, strategy, db_session):
    made = approved(strategy, db_session)
    auth.login_as(strategy.admin)
    url = f"/admin/processer/RUS2040/uppfoljning/insatser/{made.id}"
    form = client.get(url).get_data(as_text=True)
    assert f'name="revision" type="hidden" value="{made.revision}"' in form
    initiatives.report_progress(db_session, strategy.member_a, made.id, "done", 100, NOW)
    db_session.commit()
    sent = auth.post(
        url,
        {
            "revision": str(made.revision - 1),
            "title": "Kompetenslyft",
            "organisation_id": str(strategy.org_a.id),
            "section_ids": str(strategy.section("2").id),
            "description": "En lång beskrivning som inte får gå förlorad.",
            "status": "ongoing",
            "progress": "40",
        },
    )
    assert sent.status_code == 409
    assert "En lång beskrivning som inte får gå förlorad." in sent.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Initiative, made.id).progress == 100


def test_a_goal_area_with_many_insatser_is_read_a_page_at_a_time(client, strategy, db_session):
    for n in range(51):
        approved(strategy, db_session, title=f"Insats {n:02d}")
    url = f"/process/RUS2040/uppfoljning/mal/{strategy.section('2').key}"
    first = client.get(url).get_data(as_text=True)
    assert "51 insatser" in first and "Sida 1 av 2" in first
    assert "Insats 49" in first and "Insats 50" not in first
    last = client.get(f"{url}?sida=2").get_data(as_text=True)
    assert "Insats 50" in last and "Insats 49" not in last
    assert "Insats 50" in client.get(f"{url}?sida=99").get_data(as_text=True)  # past the end: the last page


def test_the_coordinators_list_is_read_a_page_at_a_time_and_keeps_its_filter(client, auth, strategy, db_session):
    from consultation.followup import listing

    for n in range(3):
        approved(strategy, db_session, title=f"Insats {n}")
    proposal = initiatives.propose_initiative(
        db_session,
        strategy.member_a,
        "RUS2040",
        InitiativeData(title="Förslaget", organisation_id=strategy.org_a.id, section_ids=[strategy.section("3").id]),
        NOW,
    )
    db_session.commit()
    found = listing.coordinator_page(db_session, strategy.admin, strategy.process, page=2, per_page=2)
    assert ([i.title for i in found.items], found.total, found.pages) == (["Insats 1", "Insats 2"], 4, 2)
    auth.login_as(strategy.admin)
    proposed = client.get("/admin/processer/RUS2040/uppfoljning?visa=foreslagna").get_data(as_text=True)
    assert "1 insats" in proposed and proposal.title in proposed and "Insats 0" not in proposed
