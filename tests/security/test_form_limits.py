"""A flood of form fields or text is refused before anything reads it, and a refused form gives back only its text boxes."""

from __future__ import annotations

import io

import pytest

FLOOD_FIELDS = 6_000  # above MAX_FORM_PARTS (5,000), far below the 1.5 million of the probe


def _flood(count: int) -> bytes:
    return "&".join(f"f{i}=x" for i in range(count)).encode()


def test_an_urlencoded_flood_of_fields_is_refused_with_a_small_swedish_page(client):
    response = client.post("/logga-in", data=_flood(FLOOD_FIELDS), content_type="application/x-www-form-urlencoded")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'lang="sv"' in html and "för många fält" in html
    assert "f5999" not in html and len(html) < 20_000  # nothing of the flood comes back


def test_a_multipart_flood_of_fields_is_refused_too(client):
    data = {f"f{i}": "x" for i in range(FLOOD_FIELDS)}
    response = client.post("/logga-in", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "f5999" not in response.get_data(as_text=True)


def test_an_urlencoded_body_over_the_form_memory_is_refused(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_FORM_MEMORY_SIZE", 64 * 1024)
    body = b"email=" + b"a" * (65 * 1024)
    response = client.post("/logga-in", data=body, content_type="application/x-www-form-urlencoded")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Formuläret är för stort" in html and "a" * 1000 not in html


def test_a_multipart_field_over_the_form_memory_is_refused(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_FORM_MEMORY_SIZE", 64 * 1024)
    response = client.post("/logga-in", data={"email": "a" * (65 * 1024)}, content_type="multipart/form-data")
    assert response.status_code == 413


def test_a_file_is_not_counted_as_form_memory(app, client, monkeypatch):
    """Uploads are bounded by MAX_CONTENT_LENGTH, not by the field limit: a 100 kB file still reaches the view."""
    monkeypatch.setitem(app.config, "MAX_FORM_MEMORY_SIZE", 64 * 1024)
    data = {"file": (io.BytesIO(b"x" * (100 * 1024)), "a.md")}
    response = client.post("/logga-in", data=data, content_type="multipart/form-data")
    assert response.status_code == 400  # the CSRF check, after the form was read


def test_an_ordinary_long_remissvar_still_fits(client):
    """Every box of a 40-section draft filled to 30,000 characters of å (six bytes each, encoded) fits."""
    text = "å" * 30_000
    data = {f"comment-{i}": text for i in range(40)} | {f"revision-{i}": "1" for i in range(40)}
    response = client.post("/logga-in", data=data)
    assert response.status_code == 400  # CSRF: the form was read, not refused as too large


def test_the_refused_forms_page_gives_back_only_its_text_boxes(world, visitors):
    ids = world.ids
    text = "Vår synpunkt som inte får tappas."
    made_up = {f"hittepa-{i}": f"påhittat fält {i}" for i in range(300)}
    response = visitors("stakeholder").post(
        f"/svar/{ids['response_a']}",
        {f"comment-{ids['s2']}": text, "password": "hemligt-lösenord", "action": "save", **made_up},
        token=None,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Din text finns kvar" in html and text in html
    assert "påhittat fält" not in html and "hemligt-lösenord" not in html


@pytest.mark.parametrize("field", ["comment-whole", "body", "motivation"])
def test_each_text_given_back_is_capped(world, visitors, field):
    response = visitors("stakeholder").post(
        f"/svar/{world.ids['response_a']}", {field: "ö" * 29_999 + "SLUTET" + "ä" * 50_000}, token=None
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "ö" * 29_999 in html and "SLUTET" not in html


def test_no_more_boxes_are_given_back_than_a_long_draft_has_sections(world, visitors):
    boxes = {f"comment-{i}": f"Text nummer {i}." for i in range(1, 151)}
    response = visitors("stakeholder").post(f"/svar/{world.ids['response_a']}", boxes, token=None)
    html = response.get_data(as_text=True)
    assert "Text nummer 100." in html and "Text nummer 101." not in html
