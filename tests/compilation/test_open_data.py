"""Open data: the JSON API and the CSV bundle show what the public pages show, and nothing more."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest

from consultation.review import publication, readiness

from .conftest import CAMPAIGN_TEXT, CONSENTING_NAME, DRAFT_TEXT, PRIVATE_NAME, WITHDRAWN_TEXT

PERSONNUMMER = "19800101-1234"


def api(world, suffix: str = "") -> str:
    return f"/api/v1/processer/{world.process.code}/remiss/{world.round.id}{suffix}"


@pytest.fixture
def published(world, admin, db_session):
    """The world's round published, with the private person's personnummer redacted."""
    now = datetime.now(UTC)
    publication.publish_compilation(
        db_session,
        admin,
        world.round.id,
        now,
        readiness.readiness(db_session, admin, world.round.id, now).checked(publish_unanswered=True),
    )
    publication.redact_passage(db_session, admin, world.comment("privat").id, PERSONNUMMER, "Personnummer", now)
    db_session.commit()
    return world


def everything(client, world) -> str:
    """Every open-data answer about the world's process, as one text."""
    texts = []
    for url in (
        "/api/v1/processer",
        f"/api/v1/processer/{world.process.code}",
        f"/api/v1/processer/{world.process.code}/versioner/1",
        api(world, "/svar?per_sida=100"),
        api(world, "/stallningstaganden?per_sida=100"),
    ):
        response = client.get(url)
        texts.append(json.dumps(response.get_json(), ensure_ascii=False))
    bundle = client.get(api(world, "/oppna-data.zip"))
    if bundle.status_code == 200:
        with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
            texts += [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    return "\n".join(texts)


def test_an_unpublished_round_is_not_there(client, world):
    """Before publication the round is a 404 in the API and the bundle, and no response text leaks."""
    for suffix in ("/svar", "/stallningstaganden", "/oppna-data.zip"):
        response = client.get(api(world, suffix))
        assert response.status_code == 404
        assert response.get_json()["error"] == "Remissammanställningen är inte publicerad."
    process = client.get(f"/api/v1/processer/{world.process.code}").get_json()
    assert process["rounds"] == []
    text = everything(client, world)
    assert "Kommunen vill ha tätare busstrafik" not in text and PRIVATE_NAME not in text


def test_published_material_keeps_the_consent_rule_and_the_redactions(client, published):
    world = published
    text = everything(client, world)
    assert "Kommunen vill ha tätare busstrafik på landsbygden." in text and CAMPAIGN_TEXT in text
    assert CONSENTING_NAME in text  # consented to being named
    assert PRIVATE_NAME not in text  # a private person without consent is never named
    assert PERSONNUMMER not in text and "[borttaget]" in text  # the redacted passage
    assert WITHDRAWN_TEXT not in text and DRAFT_TEXT not in text  # withdrawn, never submitted


def test_responses_are_paged_with_stable_ids(client, published):
    world = published
    first = client.get(api(world, "/svar?per_sida=2")).get_json()
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 7)
    assert first["previous"] is None and first["next"] == api(world, "/svar?sida=2&per_sida=2")
    seen = [r["id"] for r in first["items"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).get_json()
        seen += [r["id"] for r in page["items"]]
    assert len(seen) == len(set(seen)) == 7
    everything_at_once = client.get(api(world, "/svar?per_sida=100")).get_json()["items"]
    private = next(r for r in everything_at_once if r["id"] == world.responses["privat"].id)
    assert private["anonymous"] is True and private["sender"] == "Privatperson"
    assert private["reference"] == world.responses["privat"].reference
    assert [c["redacted"] for c in private["comments"]] == [True]
    assert client.get(api(world, "/svar?sida=99")).get_json()["items"] == []


def test_positions_carry_the_working_groups_answer(client, published):
    world = published
    points = client.get(api(world, "/stallningstaganden?per_sida=100")).get_json()["items"]
    by_id = {p["id"]: p for p in points}
    kommun = by_id[world.key("kommun")]
    assert kommun["decision"] == "accepted" and kommun["motivation"] == "Strategin skärper målet för kollektivtrafik."
    note = by_id[f"n{world.note.id}"]
    assert note["source"] == "meeting_note" and note["decision"] == "noted"


def test_the_process_its_versions_and_sections(client, published):
    world = published
    process = client.get(f"/api/v1/processer/{world.process.code}").get_json()
    assert process["code"] == "RUS2050" and [v["number"] for v in process["versions"]] == [1]
    assert [r["id"] for r in process["rounds"]] == [world.round.id]
    version = client.get(f"/api/v1/processer/{world.process.code}/versioner/1").get_json()
    assert [s["key"] for s in version["sections"]] == [s.key for s in world.version.sections]
    assert client.get(f"/api/v1/processer/{world.process.code}/versioner/7").status_code == 404
    assert client.get("/api/v1/processer/FINNS-INTE").status_code == 404


def test_the_bundle_is_a_zip_of_csv_files(client, published):
    world = published
    response = client.get(api(world, "/oppna-data.zip"))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert sorted(archive.namelist()) == [
            "avsnitt.csv",
            "process.csv",
            "remissrunda.csv",
            "remissvar.csv",
            "stallningstaganden.csv",
            "synpunkter.csv",
        ]
        comments = archive.read("synpunkter.csv").decode("utf-8-sig")
    assert comments.startswith("response_id;reference;order;section;text;redacted")
    assert "Kompetensförsörjningen måste prioriteras." in comments


def test_a_process_that_is_not_public_is_not_there(client, published, db_session):
    world = published
    world.process.is_public = False
    db_session.commit()
    assert client.get("/api/v1/processer").get_json()["items"] == []
    for url in (f"/api/v1/processer/{world.process.code}", api(world, "/svar"), api(world, "/oppna-data.zip")):
        assert client.get(url).status_code == 404
