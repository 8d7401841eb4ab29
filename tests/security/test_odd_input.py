"""Odd input never gives a 500: NUL characters, numbers that are no ASCII digits, numbers no column holds.

The walk reads the routes from the app's url_map, so a route added tomorrow is walked too. Each
route gets odd values in its URL, its query string and its form, as an anonymous visitor, as an
admin and as the role that may use it, on SQLite and on PostgreSQL (which refuses NUL in text and
integers over 2**31 - 1, where SQLite shrugs).
"""

from __future__ import annotations

import io
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import select

from app import request_limits
from consultation.meetings import Meeting
from consultation.people import User

from .conftest import PASSWORD, rolled_back, routes, url_values
from .test_csrf import payload, sender

HUGE = "9999999999999999999999999"
SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes, int() says no
ODD_PATH_NUMBERS = (HUGE, SUPERSCRIPT_TWO, "2147483648", "-1", "0x10")
ODD_PATH_TEXTS = ("RUS\x00", SUPERSCRIPT_TWO, "a" * 300)
NUMBER_FIELDS = (
    "revision",
    "section",
    "meeting",
    "theme",
    "user",
    "organisation_id",
    "owner_organisation_id",
    "capacity",
    "participant_count",
    "n_themes",
    "parts",
    "item_ids",
    "note_ids",
    "target",
    "source",
    "version_id",
    "section_ids",
    "facilitator_ids",
    "invited_organisation_ids",
    "organisation_ids",
    "sida",
    "version",
)
TEXT_FIELDS = ("email", "name", "title", "tags", "tag", "organisation_name", "label", "body", "text", "q", "kind")


def _with_nul(value: str) -> str:
    return value[:1] + "\x00" + value[1:] if value else "\x00"


def query_variants() -> list[dict]:
    return [
        {name: SUPERSCRIPT_TWO for name in NUMBER_FIELDS} | {name: "a\x00b" for name in TEXT_FIELDS},
        {name: HUGE for name in NUMBER_FIELDS} | {"format": "csv\x00", "from_day": "2026-13-45", "next": "\x00"},
    ]


def form_variants(world, endpoint: str) -> list[dict]:
    base = payload(world, endpoint)
    nul = {name: _with_nul(value) for name, value in base.items()} | {
        name: "Text\x00med NUL" for name in TEXT_FIELDS if name not in base
    }
    return [
        nul,
        base | {name: SUPERSCRIPT_TWO for name in NUMBER_FIELDS},
        base | {name: HUGE for name in NUMBER_FIELDS},
    ]


def odd_paths(world, rule) -> list[str]:
    """The rule's URL with each of its parameters in turn replaced by an odd value."""
    values = url_values(world, rule)
    _domain, normal = rule.build(values, append_unknown=False)
    paths = [normal]
    for name, value in values.items():
        converter = type(rule._converters[name]).__name__
        if converter == "AnyConverter":
            continue
        marker = "987654321" if isinstance(value, int) else "MARKERVALUE"
        _domain, marked = rule.build(values | {name: int(marker) if isinstance(value, int) else marker})
        odd = ODD_PATH_NUMBERS if isinstance(value, int) else ODD_PATH_TEXTS
        paths += [marked.replace(marker, quote(text, safe="")) for text in odd]
    return paths


def _walk(app, world, visitors, method, rule, endpoint_rule):
    endpoint = endpoint_rule.endpoint
    roles = dict.fromkeys(("anonymous", "admin", sender(method, rule, endpoint)))
    failures = []
    for role in roles:
        visitor = visitors(role)
        for path in odd_paths(world, endpoint_rule):
            requests = (
                [("GET", f"{path}?{urlencode(query)}", None) for query in query_variants()]
                if method == "GET"
                else [("POST", path, form) for form in form_variants(world, endpoint)]
            )
            for verb, url, form in requests:
                with rolled_back():
                    try:
                        response = visitor.get(url) if verb == "GET" else visitor.post(url, form)
                        status = response.status_code
                    except Exception as error:  # the test app propagates what would be a 500
                        status = f"{type(error).__name__}: {str(error)[:200]}"
                if not isinstance(status, int) or status >= 500:
                    shown = {k: v for k, v in (form or {}).items()}
                    failures.append(f"{verb} {url!r} ({endpoint}) as {role} {shown if form else ''}: {status}")
    return failures


def test_every_route_answers_odd_values_without_a_server_error(app, world, visitors):
    failures = []
    for method, rule, endpoint_rule in routes(app):
        failures += _walk(app, world, visitors, method, rule, endpoint_rule)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])


# --- the cases the outside probe found, one by one ---------------------------------------------


def test_an_id_no_database_column_holds_is_not_found(client, world):
    assert client.get(f"/remiss/{HUGE}").status_code == 404
    assert client.get("/remiss/2147483648").status_code == 404
    assert client.get(f"/remiss/{quote(SUPERSCRIPT_TWO)}").status_code == 404


def test_a_url_path_with_nul_is_not_found(client, world):
    response = client.get("/process/RUS%00")
    assert response.status_code == 404 and 'lang="sv"' in response.get_data(as_text=True)


def test_nul_in_the_login_e_mail_is_taken_out(world, visitors):
    response = visitors("anonymous").post(
        "/logga-in", {"email": world.emails["admin"][:3] + "\x00" + world.emails["admin"][3:], "password": PASSWORD}
    )
    assert response.status_code == 302  # the e-mail without its NUL is the admin's


def test_nul_in_a_meeting_title_and_tag_is_taken_out_before_storing(world, visitors, db_session):
    ids = world.ids
    facilitator = visitors("facilitator")
    form = payload(world, "meetings.edit") | {"title": "Träff\x00 om NUL"}
    response = facilitator.post(f"/dialogtraffar/{ids['meeting']}/andra", form)
    assert response.status_code == 302
    assert db_session.scalar(select(Meeting.title).where(Meeting.id == ids["meeting"])) == "Träff om NUL"
    assert (
        visitors("working_group").get(f"/arbetsgrupp/process/{world.values['code']}/anteckningar?tag=a%00b").status_code
        == 200
    )


def test_nul_in_registration_names_is_taken_out(visitors, db_session):
    response = visitors("anonymous").post(
        "/registrera",
        {
            "name": "Ny\x00 Person",
            "email": "ny.nul@example.se",
            "password": "ett-langt-losenord",
            "password_again": "ett-langt-losenord",
            "kind": "person",
        },
    )
    assert response.status_code < 500
    assert "\x00" not in (db_session.scalar(select(User.name).where(User.email == "ny.nul@example.se")) or "")


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "٣", "1_000", HUGE])
def test_an_odd_number_in_a_form_field_is_a_message_not_a_500(world, visitors, value):
    ids = world.ids
    facilitator = visitors("facilitator")
    response = facilitator.post(f"/dialogtraffar/{ids['meeting']}/narvaro", {"participant_count": value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Ange ett heltal med siffrorna 0–9" in html


@pytest.mark.parametrize("field, value", [("capacity", "2000000000"), ("capacity", "100001")])
def test_a_huge_capacity_is_refused_with_a_message(world, visitors, field, value):
    form = payload(world, "meetings.edit") | {field: value}
    response = visitors("facilitator").post(f"/dialogtraffar/{world.ids['meeting']}/andra", form)
    assert response.status_code == 422 and "Antal platser kan vara högst 100 000." in response.get_data(as_text=True)


def test_a_huge_participant_count_is_refused_with_a_message(world, visitors):
    response = visitors("facilitator").post(
        f"/dialogtraffar/{world.ids['meeting']}/narvaro", {"participant_count": "2000000"}
    )
    assert response.status_code == 422
    assert "Antalet deltagare kan vara högst 100 000." in response.get_data(as_text=True)


def test_a_csv_field_over_128_kb_in_the_invitation_import_is_a_clear_message(world, visitors):
    data = 'Namn,Aktörstyp\n"Fjällby kommun,kommun\n' + "x" * (140 * 1024) + "\n"
    response = visitors("admin").post(
        f"/admin/rundor/{world.ids['open_round']}/remissinstanser",
        {"file": (io.BytesIO(data.encode()), "lista.csv"), "action": "preview"},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "ett fält är längre än 128 kB" in html


def test_nul_is_taken_out_of_json_too(app):
    with app.test_request_context("/", method="POST", json={"a\x00": ["b\x00c", {"d": "e\x00"}]}):
        from flask import request

        assert request.get_json() == {"a": ["bc", {"d": "e"}]}
        assert isinstance(request, request_limits.SamradRequest)
