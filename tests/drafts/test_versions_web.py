"""Versions of the draft as people meet them: a draft (utkast) is read only by those who write it,
a round always shows the version it consults on, and publishing is a step of its own."""

from __future__ import annotations

import io
import re

import pytest

from app.demo.loader import load_demo_data
from consultation.drafts import DocumentVersion, Process, VersionStatus
from consultation.remiss import ConsultationRound

from ..conftest import PASSWORD

REVISED = """# Regional utvecklingsstrategi 2040, reviderat

## 1 Inledning

Den reviderade inledningen.

## 2 Ett helt nytt avsnitt

Text som bara finns i version 2.
"""


@pytest.fixture
def demo(db_session):
    load_demo_data(db_session, PASSWORD, with_responses=False)
    db_session.flush()
    process = db_session.query(Process).filter_by(code="RUS2040").one()
    round_ = db_session.query(ConsultationRound).filter_by(process_id=process.id).one()
    return process, round_


def import_revision(auth, code: str, title: str = "") -> None:
    url = f"/admin/processer/{code}/forslag/importera"
    preview = auth.post(url, {"file": (io.BytesIO(REVISED.encode()), "v2.md"), "title": title, "action": "preview"})
    assert preview.status_code == 200
    pending = re.search(r'name="pending" type="hidden" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    saved = auth.post(url, {"pending": pending, "filename": "v2.md", "title": title, "action": "save"})
    assert saved.status_code == 302


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_importing_a_version_during_an_open_round_changes_nothing_public(client, auth, demo, db_session):
    """The bug from issue 14: the import made version 2 public at once and renamed version 1."""
    process, round_ = demo
    v1 = round_.version
    v1_title, v1_heading = v1.title, v1.sections[0].heading
    auth.login("admin@samrad.example")
    import_revision(auth, process.code, title="Regional utvecklingsstrategi 2040, reviderat")
    auth.logout()

    db_session.expire_all()
    v2 = db_session.query(DocumentVersion).filter_by(number=2).one()
    assert v2.status == VersionStatus.DRAFT
    assert v1.title == v1_title and v1.sections[0].heading == v1_heading

    round_page = page(client, f"/remiss/{round_.id}")
    assert f'href="/process/{process.code}/forslag/v1"' in round_page and "version 1" in round_page
    for url in (f"/process/{process.code}/forslag", f"/process/{process.code}/forslag/v1"):
        html = page(client, url)
        assert v1_title in html and "reviderat" not in html
        assert "Text som bara finns i version 2." not in html
    assert client.get(f"/process/{process.code}/forslag/v2").status_code == 404
    assert "reviderat" not in page(client, f"/process/{process.code}")


def test_publishing_makes_the_new_version_current_and_the_round_keeps_its_own(client, auth, demo, db_session):
    process, round_ = demo
    auth.login("admin@samrad.example")
    import_revision(auth, process.code)
    confirm = page(client, f"/process/{process.code}/forslag/v2/publicera")
    assert "Publicera version 2?" in confirm and "version 1" in confirm
    assert db_session.get(DocumentVersion, round_.version_id).number == 1
    published = auth.post(f"/process/{process.code}/forslag/v2/publicera", {})
    assert published.status_code == 302
    auth.logout()

    assert "Text som bara finns i version 2." in page(client, f"/process/{process.code}/forslag")
    earlier = page(client, f"/process/{process.code}/forslag/v1")
    assert "Det här är en tidigare version." in earlier and "Text som bara finns i version 2." not in earlier
    assert f'href="/process/{process.code}/forslag/v1"' in page(client, f"/remiss/{round_.id}")
    process_page = page(client, f"/process/{process.code}")
    assert "Tidigare versioner" in process_page and f'href="/process/{process.code}/forslag/v1"' in process_page


@pytest.fixture
def with_draft(db_session, process, round_):
    """Version 1 out on remiss, and version 2 a draft with a section of its own."""
    from consultation.drafts.versions import add_version, parse_markdown

    return add_version(db_session, round_.version.document, parse_markdown(REVISED))


@pytest.mark.parametrize(
    "roles, reads_draft, publishes",
    [
        ((), False, None),
        (("stakeholder",), False, 403),
        (("facilitator",), False, 403),
        (("working_group",), True, 200),
        (("admin",), True, 200),
    ],
)
def test_a_draft_version_is_read_and_published_only_by_the_working_group_and_admins(
    client, auth, make_user, process, with_draft, roles, reads_draft, publishes
):
    if roles:
        auth.login_as(make_user(*roles))
    draft = client.get(f"/process/{process.code}/forslag/v2")
    assert draft.status_code == (200 if reads_draft else 404)
    if reads_draft:
        assert "Utkast." in draft.get_data(as_text=True)
    # The published version 1 is everyone's, and it is the current one until version 2 is published.
    assert "Text för avsnitt 1." in page(client, f"/process/{process.code}/forslag/v1")
    assert "Text som bara finns i version 2." not in page(client, f"/process/{process.code}/forslag")
    assert (f'href="/process/{process.code}/forslag/v2"' in page(client, f"/process/{process.code}")) == reads_draft
    confirm = client.get(f"/process/{process.code}/forslag/v2/publicera")
    if publishes is None:
        assert confirm.status_code == 302 and "/logga-in" in confirm.headers["Location"]
    else:
        assert confirm.status_code == publishes


def test_a_published_version_cannot_be_changed_or_published_twice(
    client, auth, make_user, process, with_draft, db_session
):
    from consultation.drafts.publication import publish_version
    from consultation.errors import ValidationFailed
    from consultation.people.access import SYSTEM
    from consultation.remiss import setup

    auth.login_as(make_user("working_group"))
    assert auth.post(f"/process/{process.code}/forslag/v2/publicera", {}).status_code == 302
    db_session.expire_all()
    assert db_session.get(DocumentVersion, with_draft.id).is_published
    again = client.get(f"/process/{process.code}/forslag/v2/publicera")
    assert again.status_code == 302  # back to the version, which says it is published
    with pytest.raises(ValidationFailed):
        publish_version(db_session, SYSTEM, with_draft.id)
    with pytest.raises(ValidationFailed, match="publicerad"):
        setup.update_section(db_session, SYSTEM, with_draft.sections[0].id, "Ny rubrik", "Ny text")


def test_a_round_can_only_consult_on_a_published_version(db_session, process, with_draft):
    from datetime import date, time

    from consultation.errors import ValidationFailed
    from consultation.people.access import SYSTEM
    from consultation.remiss import setup

    data = setup.RoundData(
        title="Andra remissrundan",
        version_id=with_draft.id,
        opens_on=date(2031, 3, 1),
        opens_time=time(8, 0),
        closes_on=date(2031, 4, 1),
        closes_time=time(23, 59),
        access="open",
    )
    with pytest.raises(ValidationFailed, match="utkast"):
        setup.save_round(db_session, SYSTEM, process.id, data)


def test_open_data_lists_only_published_versions(client, process, with_draft):
    listed = client.get(f"/api/v1/processer/{process.code}").get_json()
    assert [v["number"] for v in listed["versions"]] == [1]
    assert client.get(f"/api/v1/processer/{process.code}/versioner/1").status_code == 200
    assert client.get(f"/api/v1/processer/{process.code}/versioner/2").status_code == 404
