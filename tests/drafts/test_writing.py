"""Writing the next version inside Samråd: a copied draft, edited, reordered and renumbered, never the published one."""

from __future__ import annotations

import re

import pytest

from consultation.drafts import DocumentVersion, writing
from consultation.drafts.publication import publish_version
from consultation.errors import NotAllowed, ValidationFailed
from consultation.people.access import SYSTEM


@pytest.fixture
def next_version(db_session, process, round_):
    """Version 1 out on remiss (three sections), and version 2 started from it."""
    return writing.start_next_version(db_session, SYSTEM, process.id)


def edit_of(section, **changes) -> writing.SectionEdit:
    values = {
        "heading": section.heading,
        "body": section.body,
        "number": section.number,
        "level": section.level,
        "base_revision": section.revision,
    }
    return writing.SectionEdit(**(values | changes))


def test_the_next_version_is_a_draft_copy_with_the_same_keys(db_session, process, version, next_version):
    assert next_version.number == 2 and not next_version.is_published
    assert [(s.key, s.number, s.heading, s.body) for s in next_version.sections] == [
        (s.key, s.number, s.heading, s.body) for s in version.sections
    ]
    with pytest.raises(ValidationFailed, match="redan ett utkast"):
        writing.start_next_version(db_session, SYSTEM, process.id)


def test_editing_the_draft_never_touches_the_published_version(db_session, version, next_version):
    first = next_version.sections[0]
    saved = writing.save_section(
        db_session, SYSTEM, next_version.id, first.key, edit_of(first, heading="Ny rubrik", body="**Ny** text")
    )
    assert saved.heading == "Ny rubrik" and "<strong>Ny</strong>" in saved.body_html and saved.revision == 2
    db_session.expire_all()
    assert version.sections[0].heading == "Avsnitt 1" and version.sections[0].body == "Text för avsnitt 1."
    with pytest.raises(ValidationFailed, match="publicerad"):
        writing.save_section(db_session, SYSTEM, version.id, version.sections[0].key, edit_of(version.sections[0]))


def test_add_move_remove_and_renumber_keep_keys_stable(db_session, version, next_version):
    keys = [s.key for s in next_version.sections]
    merged_from = (keys[1], keys[2])
    added = writing.add_section(
        db_session,
        SYSTEM,
        next_version.id,
        keys[0],
        writing.SectionEdit(heading="Nytt avsnitt", body="Text.", number="1.1", level=2, derived_from=merged_from),
    )
    assert added.key not in keys and added.derived_from_keys == list(merged_from)
    assert [s.key for s in next_version.sections] == [keys[0], added.key, keys[1], keys[2]]
    writing.move_section(db_session, SYSTEM, next_version.id, keys[2], -1)
    assert [s.key for s in next_version.sections] == [keys[0], added.key, keys[2], keys[1]]
    writing.remove_section(db_session, SYSTEM, next_version.id, keys[1])
    writing.renumber(db_session, SYSTEM, next_version.id)
    assert [(s.key, s.number) for s in next_version.sections] == [(keys[0], "1"), (added.key, "1.1"), (keys[2], "2")]
    assert [s.number for s in version.sections] == ["1", "2", "3"]  # the published version as it was


def test_a_section_refuses_bad_values_with_reasons(db_session, next_version):
    first, second = next_version.sections[:2]
    with pytest.raises(ValidationFailed) as error:
        writing.save_section(
            db_session,
            SYSTEM,
            next_version.id,
            first.key,
            edit_of(first, heading=" ", number=second.number, derived_from=("finns-inte",)),
        )
    assert set(error.value.errors) == {"heading", "number", "derived_from"}


def test_only_the_working_group_and_admins_write(db_session, make_user, next_version, process):
    for roles in (("stakeholder",), ("facilitator",)):
        with pytest.raises(NotAllowed):
            writing.start_next_version(db_session, make_user(*roles), process.id)
        with pytest.raises(NotAllowed):
            writing.renumber(db_session, make_user(*roles), next_version.id)
    group = make_user("working_group")
    section = next_version.sections[0]
    assert writing.save_section(db_session, group, next_version.id, section.key, edit_of(section, heading="Gruppens"))


def section_url(process, version, section) -> str:
    return f"/process/{process.code}/forslag/v{version.number}/avsnitt/{section.key}"


def form_of(section, **changes) -> dict:
    return {
        "number": section.number,
        "heading": section.heading,
        "level": str(section.level),
        "body": section.body,
        "base_revision": str(section.revision),
        "action": "save",
    } | changes


def test_the_preview_renders_sanitised_markdown_without_saving(
    client, auth, make_user, process, next_version, db_session
):
    auth.login_as(make_user("working_group"))
    section = next_version.sections[0]
    url = section_url(process, next_version, section)
    body = "Regionen **växer**.\n\n<script>alert(1)</script>"
    answer = auth.post(url, form_of(section, body=body, action="preview"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<strong>växer</strong>" in html and "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # kept in the text box, escaped
    db_session.expire_all()
    assert db_session.get(type(section), section.id).body == "Text för avsnitt 1."


def test_two_people_saving_the_same_section_the_second_sees_both_texts(
    client, auth, make_user, process, next_version, db_session
):
    from tests.conftest import AuthActions

    section = next_version.sections[0]
    url = section_url(process, next_version, section)
    first_person, second_person = make_user("working_group", name="Greta"), make_user("admin", name="Sam")
    auth.login_as(first_person)
    assert auth.post(url, form_of(section, body="Gretas text.")).status_code == 302

    other = AuthActions(client.application.test_client())
    other.login_as(second_person)
    answer = other.post(url, form_of(section, body="Sams text, skriven samtidigt."))  # still from revision 1
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "Gretas text." in html and "Sams text, skriven samtidigt." in html and "Greta" in html
    revision = re.search(r'name="base_revision" type="hidden" value="(\d+)"', html).group(1)
    assert revision == "2"
    again = other.post(url, form_of(section, body="Sams text, skriven samtidigt.", base_revision=revision))
    assert again.status_code == 302
    db_session.expire_all()
    assert db_session.get(type(section), section.id).body == "Sams text, skriven samtidigt."


def test_the_draft_stays_private_until_published_and_the_round_keeps_version_1(
    client, auth, make_user, process, round_, next_version, db_session
):
    auth.login_as(make_user("working_group"))
    section = next_version.sections[0]
    auth.post(section_url(process, next_version, section), form_of(section, heading="Omskriven inledning"))
    write_page = client.get(f"/process/{process.code}/forslag/v2/skriv").get_data(as_text=True)
    assert "Omskriven inledning" in write_page
    auth.logout()
    assert "Omskriven inledning" not in client.get(f"/process/{process.code}/forslag").get_data(as_text=True)
    assert client.get(f"/process/{process.code}/forslag/v2").status_code == 404
    publish_version(db_session, SYSTEM, next_version.id)
    db_session.commit()
    assert "Omskriven inledning" in client.get(f"/process/{process.code}/forslag").get_data(as_text=True)
    assert db_session.get(DocumentVersion, round_.version_id).number == 1


def test_starting_the_next_version_from_the_process_page(client, auth, make_user, process, round_, db_session):
    auth.login_as(make_user("working_group"))
    db_session.expire_all()  # as in a fresh request: the sections are loaded while the copy is made
    started = auth.post(f"/process/{process.code}/forslag/nasta-version", {}, form_url=f"/process/{process.code}")
    assert started.status_code == 302 and started.headers["Location"].endswith("/forslag/v2/skriv")
    assert "Avsnitt 1" in client.get(f"/process/{process.code}/forslag/v2/skriv").get_data(as_text=True)
