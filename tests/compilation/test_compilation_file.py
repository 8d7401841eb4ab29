"""A large compilation's Word file comes from a background job: a page follows it, then the download.

The threshold is lowered to three points so that the test world's round counts as large. The
jobs handed on are held, as in a queue no worker has reached yet, until the test runs them as a
worker would (`work`).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from docx import Document
from sqlalchemy import func, select

from app.jobs import runner
from consultation.jobs import Job
from consultation.review import CompilationFile, Decision, Position, compilation_files

from ..htmlcheck import problems
from .conftest import public_url, review_url

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def large_from_three_points(app, monkeypatch):
    monkeypatch.setitem(app.config, "COMPILATION_FILE_JOB_FROM", 3)


@pytest.fixture(autouse=True)
def held(app, monkeypatch) -> list[int]:
    """The job ids handed to the transport, not yet run."""
    handed: list[int] = []
    monkeypatch.setattr(app.extensions["samrad_jobs"], "dispatch", handed.append)
    return handed


def work(held: list[int]) -> None:
    """A worker takes the held jobs."""
    while held:
        assert runner.run_one(held.pop(0), heartbeat_thread=False)


def docx_url(world, order: str = "avsnitt") -> str:
    return review_url(world, order).replace("sammanstallning?", "sammanstallning.docx?")


def file_jobs(db_session) -> int:
    return db_session.scalar(
        select(func.count()).select_from(Job).where(Job.kind == compilation_files.COMPILATION_FILE_JOB)
    )


def text_of(data: bytes) -> str:
    """All the document's text, its tables' too."""
    body = Document(io.BytesIO(data)).element.body
    return "".join(t.text or "" for t in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))


def test_a_large_compilation_is_built_by_a_job_and_followed_on_a_page_then_downloaded(
    client, auth, member, world, db_session, held
):
    auth.login_as(member)
    asked = client.get(docx_url(world))
    assert asked.status_code == 303
    page_url = asked.headers["Location"]
    assert "/sammanstallning/filer/" in page_url
    waiting = client.get(page_url)
    html = waiting.get_data(as_text=True)
    assert waiting.status_code == 200 and not problems(html)
    assert "Word-filen väntar på att byggas" in html and 'data-status-url="' + page_url in html
    assert client.get(page_url, headers={"Accept": "application/json"}).get_json()["finished"] is False
    assert client.get(page_url + ".docx").status_code == 303  # not built yet

    work(held)
    page = client.get(page_url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and not problems(html)
    assert "Word-filen är klar." in html
    assert client.get(page_url, headers={"Accept": "application/json"}).get_json()["finished"] is True

    download = client.get(page_url + ".docx")
    assert download.status_code == 200 and download.mimetype == DOCX
    assert 'filename="sammanstallning-RUS2050-' in download.headers["Content-Disposition"]
    assert "Kommunen vill ha tätare busstrafik på landsbygden." in text_of(download.data)


def test_asking_again_reuses_the_built_file_without_a_second_job(client, auth, member, world, db_session, held):
    auth.login_as(member)
    client.get(docx_url(world))
    client.get(docx_url(world))  # asked twice before any worker got to it: one job
    assert file_jobs(db_session) == 1
    work(held)
    again = client.get(docx_url(world))
    assert again.status_code == 200 and again.mimetype == DOCX  # built already: straight to the file
    assert file_jobs(db_session) == 1
    assert db_session.scalar(select(func.count()).select_from(CompilationFile)) == 1


def test_a_file_built_before_a_change_is_never_handed_out(client, auth, member, world, db_session, held):
    auth.login_as(member)
    old_page = client.get(docx_url(world)).headers["Location"]
    work(held)
    old_digest = db_session.scalar(select(CompilationFile.digest))
    db_session.add(
        Position(comment=world.comment("foretag"), decision=Decision.PARTLY, motivation="Ett nytt mål om kompetens.")
    )
    db_session.commit()

    stale = client.get(old_page + ".docx")
    assert stale.status_code == 303  # to a new build
    rebuilt = client.get(stale.headers["Location"])
    assert rebuilt.status_code == 303
    work(held)
    assert "Ett nytt mål om kompetens." in text_of(client.get(rebuilt.headers["Location"] + ".docx").data)
    # The earlier state's file is gone: one file is kept, of the content as it stands.
    assert db_session.scalar(select(func.count()).select_from(CompilationFile)) == 1
    assert db_session.scalar(select(CompilationFile.digest)) != old_digest


def test_each_order_has_its_own_file(client, auth, member, world, db_session, held):
    auth.login_as(member)
    by_section = client.get(docx_url(world, "avsnitt")).headers["Location"]
    by_theme = client.get(docx_url(world, "tema")).headers["Location"]
    assert by_section != by_theme
    work(held)
    assert "Kollektivtrafik" in text_of(client.get(by_theme + ".docx").data)


def test_the_public_gets_the_published_compilation_through_the_same_job(client, world, db_session, held):
    world.round.compilation_published_at = datetime.now(UTC)
    db_session.commit()
    asked = client.get(public_url(world, "sammanstallning.docx?ordning=avsnitt"))
    assert asked.status_code == 303
    page_url = asked.headers["Location"]
    assert page_url.startswith(public_url(world, "sammanstallning/filer/"))
    work(held)
    html = client.get(page_url).get_data(as_text=True)
    assert "Word-filen är klar." in html and not problems(html)
    text = text_of(client.get(page_url + ".docx").data)
    assert "Kommunen vill ha tätare busstrafik på landsbygden." in text
    assert "Utkastföreningen" not in text


def test_who_may_follow_and_take_a_file(client, auth, member, make_user, world, db_session):
    from consultation.people import Role

    auth.login_as(member)
    page_url = client.get(docx_url(world)).headers["Location"]
    # Not found under another round's address.
    other = page_url.replace(f"/rundor/{world.round.id}/", f"/rundor/{world.round.id + 999}/")
    assert client.get(other).status_code == 404
    auth.logout()
    assert client.get(page_url).status_code in (302, 303)  # to the login page
    auth.login_as(make_user(Role.STAKEHOLDER, email="aktor@kommun.example"))
    assert client.get(page_url).status_code == 403
    assert client.get(page_url + ".docx").status_code == 403
    # A working-group file is not the public's, even once the compilation is published.
    world.round.compilation_published_at = datetime.now(UTC)
    db_session.commit()
    file_id = page_url.rsplit("/", 1)[1]
    assert client.get(public_url(world, f"sammanstallning/filer/{file_id}")).status_code == 404
