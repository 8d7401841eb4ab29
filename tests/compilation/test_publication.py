"""Publishing after the deadline; private persons without name; redaction with the original archived."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from consultation.errors import NotAllowed, ValidationFailed
from consultation.people.access import SYSTEM
from consultation.remiss import ConsultationRound
from consultation.review import Redaction, publication
from consultation.review.readiness import Checked

from ..htmlcheck import problems
from .conftest import CAMPAIGN_TEXT, CONSENTING_NAME, DRAFT_TEXT, PRIVATE_NAME, WITHDRAWN_TEXT, public_url, review_url


def readiness_fields(client, world) -> dict[str, str]:
    """The hidden fields of the readiness page's publish form, as the admin's browser would send them."""
    html = client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/publicera").get_data(as_text=True)
    return {
        name: value for name, value in re.findall(r'name="(run_id|unanswered)" type="hidden" value="([^"]*)"', html)
    }


def publish(client, post, world, **choices):
    """Publish from the readiness page, choosing to publish with points unanswered (the world has some)."""
    data = {**readiness_fields(client, world), "publish_unanswered": "y", **choices}
    response = post(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/publicera", data)
    if response.status_code != 302:
        return response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def xlsx_text(data: bytes) -> str:
    sheet = load_workbook(io.BytesIO(data)).active
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)


def public_everything(client, world) -> dict[str, str]:
    """Every public page and export, as text."""
    pages = {
        name: client.get(public_url(world, name))
        for name in (
            "sammanstallning",
            "sammanstallning?ordning=tema",
            "svar",
            *[f"svar/{r.id}" for r in world.responses.values() if r.reference],
        )
    }
    found = {name: r.get_data(as_text=True) for name, r in pages.items() if r.status_code == 200}
    for order in ("avsnitt", "tema"):
        found[f"docx-{order}"] = docx_text(client.get(public_url(world, f"sammanstallning.docx?ordning={order}")).data)
        found[f"xlsx-{order}"] = xlsx_text(client.get(public_url(world, f"sammanstallning.xlsx?ordning={order}")).data)
        found[f"csv-{order}"] = client.get(public_url(world, f"sammanstallning.csv?ordning={order}")).data.decode(
            "utf-8-sig"
        )
    return found


def test_publishing_is_refused_while_the_round_is_open(client, auth, admin, post, world, db_session):
    world.round.closes_at = datetime.now(UTC) + timedelta(hours=1)
    db_session.commit()
    auth.login_as(admin)
    page = client.get(review_url(world)).get_data(as_text=True)
    assert "kan publiceras när remissrundan har stängt" in page and "Publicera sammanställningen" not in page
    html = publish(client, post, world)
    assert "fortfarande öppen" in html
    db_session.expire_all()
    assert db_session.get(ConsultationRound, world.round.id).compilation_published_at is None
    assert client.get(public_url(world)).status_code == 404
    # and in the domain, whatever the page offers
    with pytest.raises(publication.RoundStillOpen):
        publication.publish_compilation(db_session, SYSTEM, world.round.id, datetime.now(UTC), Checked(world.run.id, 5))


def test_an_admin_publishes_and_unpublishes(client, auth, admin, post, world, db_session):
    auth.login_as(admin)
    html = publish(client, post, world)
    assert "är publicerade" in html and not problems(html)
    round_ = db_session.get(ConsultationRound, world.round.id)
    db_session.refresh(round_)
    assert round_.compilation_published_at is not None and round_.published_run_id == world.run.id

    auth.logout()
    page = client.get(public_url(world))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and not problems(html)
    assert "Kommunen vill ha tätare busstrafik" in html and "Strategin skärper målet" in html and "Beaktas" in html
    listing = client.get(public_url(world, "svar")).get_data(as_text=True)
    assert not problems(listing) and world.responses["kommun"].reference in listing
    detail = client.get(public_url(world, f"svar/{world.responses['kommun'].id}")).get_data(as_text=True)
    assert not problems(detail) and "saknar tidsplan" in detail

    auth.login_as(admin)
    response = post(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/avpublicera")
    assert response.status_code == 302
    auth.logout()
    assert client.get(public_url(world)).status_code == 404
    assert client.get(public_url(world, "svar")).status_code == 404


def test_private_persons_are_published_without_name_unless_they_consented(client, auth, admin, post, world):
    auth.login_as(admin)
    internal = client.get(review_url(world)).get_data(as_text=True)
    assert PRIVATE_NAME in internal  # the working group sees who wrote
    publish(client, post, world)
    auth.logout()
    for name, text in public_everything(client, world).items():
        assert PRIVATE_NAME not in text, name
        assert CONSENTING_NAME in text or name.startswith("svar/"), name
    listing = client.get(public_url(world, "svar")).get_data(as_text=True)
    assert "Privatperson" in listing and CONSENTING_NAME in listing
    detail = client.get(public_url(world, f"svar/{world.responses['privat'].id}")).get_data(as_text=True)
    assert "Privatperson" in detail and "bussen behövs" in detail


def test_nothing_withdrawn_or_unsubmitted_is_published(client, auth, admin, post, world):
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    for name, text in public_everything(client, world).items():
        assert WITHDRAWN_TEXT not in text and DRAFT_TEXT not in text, name
    for key in ("aterkallar", "utkast"):
        assert client.get(public_url(world, f"svar/{world.responses[key].id}")).status_code == 404


def test_a_redaction_replaces_the_passage_publicly_and_keeps_the_original(client, auth, admin, post, world, db_session):
    auth.login_as(admin)
    publish(client, post, world)
    comment = world.comment("privat")
    url = f"/arbetsgrupp/synpunkter/{comment.id}/maskering"
    page = client.get(url).get_data(as_text=True)
    assert not problems(page) and "19800101-1234" in page

    refused = post(url, {"passage": "19800101-1234", "reason": "  "})
    assert refused.status_code == 422 and "Ange varför stycket tas bort" in refused.get_data(as_text=True)
    missing = post(url, {"passage": "finns inte alls", "reason": "Personnummer"})
    assert missing.status_code == 422 and "Stycket finns inte i den publicerade texten" in missing.get_data(
        as_text=True
    )
    assert db_session.query(Redaction).count() == 0

    assert post(url, {"passage": "19800101-1234", "reason": "Personnummer"}).status_code == 302
    assert post(url, {"passage": "Jag bor i byn", "reason": "Kan peka ut personen"}).status_code == 302
    history = client.get(url).get_data(as_text=True)
    assert "Personnummer" in history and "Kan peka ut personen" in history and not problems(history)

    redactions = db_session.query(Redaction).order_by(Redaction.id).all()
    assert [r.reason for r in redactions] == ["Personnummer", "Kan peka ut personen"]
    assert "19800101-1234" in redactions[0].original_text and redactions[0].redacted_by_id == admin.id
    assert redactions[-1].published_text == "[borttaget] och mitt personnummer är [borttaget], bussen behövs."
    db_session.refresh(comment)
    assert "19800101-1234" in comment.submitted_body  # the submitted text itself is untouched

    auth.logout()
    for name, text in public_everything(client, world).items():
        assert "19800101-1234" not in text and "Jag bor i byn" not in text, name
    detail = client.get(public_url(world, f"svar/{world.responses['privat'].id}")).get_data(as_text=True)
    assert "[borttaget] och mitt personnummer är [borttaget]" in detail
    assert "Delar av texten har tagits bort" in detail


def test_a_passage_selected_on_the_page_is_found_whatever_its_spaces_and_line_breaks(
    client, auth, admin, post, world, db_session
):
    auth.login_as(admin)
    publish(client, post, world)
    url = f"/arbetsgrupp/synpunkter/{world.comment('privat').id}/maskering"
    page = client.get(url).get_data(as_text=True)
    # Selecting in the published text fills in the passage (redact-select.js); copying still works without it.
    assert 'data-passage-source="passage"' in page and "redact-select.js" in page and not problems(page)
    selected = "mitt personnummer  är\r\n19800101-1234,"  # as a browser's selection or a paste may give it
    assert post(url, {"passage": selected, "reason": "Personnummer"}).status_code == 302
    redaction = db_session.query(Redaction).one()
    assert "19800101-1234" not in redaction.published_text and "[borttaget] bussen behövs." in redaction.published_text
    # The words must still match: a passage that is not in the text is refused.
    refused = post(url, {"passage": "mitt personnummer är 19800101-9999", "reason": "Personnummer"})
    assert refused.status_code == 422


def test_redaction_rules_in_the_domain(world, db_session, member):
    comment = world.comment("kommun")
    now = datetime.now(UTC)
    with pytest.raises(NotAllowed):
        publication.redact_passage(db_session, member, comment.id, "tätare", "skäl", now)
    with pytest.raises(ValidationFailed) as error:
        publication.redact_passage(db_session, SYSTEM, comment.id, "tätare", "", now)
    assert "reason" in error.value.errors
    world.round.closes_at = now + timedelta(days=1)
    with pytest.raises(publication.RoundStillOpen):
        publication.redact_passage(db_session, SYSTEM, comment.id, "tätare", "skäl", now)


def test_the_campaign_is_published_once_with_its_senders(client, auth, admin, post, world):
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    for order in ("avsnitt", "tema"):
        html = client.get(public_url(world, f"sammanstallning?ordning={order}")).get_data(as_text=True)
        assert html.count("Rädda busslinje 42!") == 1, order
        assert "Kampanj med 3 avsändare" in html
        assert all(f"Bussvännerna avdelning {n}" in html for n in (1, 2, 3))
    csv = client.get(public_url(world, "sammanstallning.csv")).data.decode("utf-8-sig")
    assert csv.count(CAMPAIGN_TEXT) == 1
