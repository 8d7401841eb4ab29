"""The coordinator's set-up: draft import, rounds in Stockholm time, and the CSV of remissinstanser."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from consultation.drafts.files import read_draft
from consultation.errors import NotAllowed, ValidationFailed
from consultation.people import Organisation, Role
from consultation.people.access import SYSTEM
from consultation.remiss import Invitation, invitations, setup

from ..factories import OrganisationFactory

MARKDOWN = """# 1 Inledning

Regionen växer.

- punkt ett
- punkt två

## 1.1 Syfte

Strategin pekar ut riktningen.

# 2 Kompetens
"""


def docx_bytes(*paragraphs):
    import docx

    document = docx.Document()
    for kind, text in paragraphs:
        if kind.startswith("h"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_markdown_draft_becomes_numbered_sections():
    draft = read_draft("forslag.md", MARKDOWN.encode())
    assert [(s.number, s.heading, s.level) for s in draft.sections] == [
        ("1", "Inledning", 1),
        ("1.1", "Syfte", 2),
        ("2", "Kompetens", 1),
    ]
    assert draft.sections[0].body == "Regionen växer.\n\n- punkt ett\n- punkt två"


def test_a_leading_title_line_is_the_documents_title_not_section_1(db_session, process):
    source = "# Regional utvecklingsstrategi 2040\n\nRemissversion.\n\n## 1. Inledning\n\nText.\n\n### 1.1 Syfte\n\n## 2. Mål\n"
    draft = read_draft("forslag.md", source.encode())
    assert draft.title == "Regional utvecklingsstrategi 2040"
    assert [(s.number, s.heading, s.level) for s in draft.sections] == [
        ("1", "Inledning", 1),
        ("1.1", "Syfte", 2),
        ("2", "Mål", 1),
    ]
    assert draft.preamble == "Remissversion."
    # Unnumbered sections under a title are counted from 1, as without one.
    counted = read_draft("forslag.md", b"# Strategi\n\n## Inledning\n\n## M\xc3\xa5l\n")
    assert [(s.number, s.heading) for s in counted.sections] == [("1", "Inledning"), ("2", "Mål")]
    version = setup.import_draft(db_session, SYSTEM, process.id, draft)
    assert version.document.title == "Regional utvecklingsstrategi 2040"
    # A numbered `#` heading, or several `#` headings, are sections as before.
    assert read_draft("forslag.md", MARKDOWN.encode()).title == ""


def test_word_draft_heading_styles_become_sections():
    data = docx_bytes(
        ("h1", "1 Inledning"),
        ("p", "Regionen växer."),
        ("li", "en punkt"),
        ("h2", "1.1 Syfte"),
        ("p", "=SUMMA(A1) och *stjärnor* är text."),
    )
    draft = read_draft("forslag.docx", data)
    assert [(s.number, s.heading) for s in draft.sections] == [("1", "Inledning"), ("1.1", "Syfte")]
    assert "- en punkt" in draft.sections[0].body
    assert "\\*stjärnor\\*" in draft.sections[1].body


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("forslag.docx", b"Det har ar ingen Word-fil", "inte ett Word-dokument"),
        ("forslag.md", b"PK\x03\x04garbage", "inte ett Word-dokument"),
        ("forslag.md", b"Bara text utan rubriker.", "inga rubriker"),
        ("forslag.md", b"", "tom"),
        ("forslag.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "inte en textfil"),
        ("forslag.md", "Rubrik på latin-1: å".encode("latin-1"), "UTF-8"),
        ("forslag.md", b"<!doctype html><h1>x</h1>", "HTML"),
        ("forslag.md", b"# 1 A\n# 1 B\n", "mer än en gång"),
    ],
)
def test_bad_draft_files_are_refused_with_a_reason(filename, data, message):
    with pytest.raises(ValidationFailed) as error:
        read_draft(filename, data)
    assert message in str(error.value)


def test_a_version_used_by_a_round_is_frozen_and_a_new_version_keeps_keys(db_session, process, open_round, version):
    section = version.sections[0]
    with pytest.raises(ValidationFailed):
        setup.update_section(db_session, SYSTEM, section.id, "Ny rubrik", "Ny text")
    changed = read_draft("v2.md", f"# 1 {section.heading}\n\nÄndrad text.\n\n# 4 Helt nytt avsnitt\n".encode())
    new_version = setup.import_draft(db_session, SYSTEM, process.id, changed)
    assert new_version.number == 2
    assert new_version.sections[0].key == section.key
    assert new_version.sections[1].key not in {s.key for s in version.sections}
    setup.update_section(db_session, SYSTEM, new_version.sections[1].id, "Rättad rubrik", "Text")
    assert version.sections[0].body != "Ändrad text."


def test_round_times_are_stockholm_wall_clock_stored_in_utc(db_session, process, version):
    data = setup.RoundData(
        title="Remiss",
        version_id=version.id,
        opens_on=date(2026, 3, 1),
        opens_time=time(8, 0),
        closes_on=date(2026, 3, 31),
        closes_time=time(23, 59),
        access="invited",
    )
    round_ = setup.save_round(db_session, SYSTEM, process.id, data)
    assert round_.opens_at == datetime(2026, 3, 1, 7, 0, tzinfo=UTC)  # winter: UTC+1
    assert round_.closes_at == datetime(2026, 3, 31, 21, 59, tzinfo=UTC)  # summer: UTC+2


def test_round_refuses_a_time_that_does_not_exist_and_a_deadline_before_opening(db_session, process, version):
    data = setup.RoundData(
        title="Remiss",
        version_id=version.id,
        opens_on=date(2026, 3, 29),
        opens_time=time(2, 30),
        closes_on=date(2026, 3, 1),
        closes_time=time(12, 0),
        access="open",
    )
    with pytest.raises(ValidationFailed) as error:
        setup.save_round(db_session, SYSTEM, process.id, data)
    assert "sommartid" in str(error.value)
    data.opens_time = time(8, 0)
    with pytest.raises(ValidationFailed) as error:
        setup.save_round(db_session, SYSTEM, process.id, data)
    assert set(error.value.errors) == {"closes_on"}


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR, Role.WORKING_GROUP])
def test_only_admins_set_up_rounds(db_session, process, version, make_user, role):
    user = make_user(role)
    data = setup.RoundData("Remiss", version.id, date(2026, 3, 1), time(8), date(2026, 4, 1), time(8), "open")
    with pytest.raises(NotAllowed):
        setup.save_round(db_session, user, process.id, data)
    with pytest.raises(NotAllowed):
        invitations.preview_import(db_session, user, 1, "Namn;Aktörstyp\nX;kommun\n".encode())


CSV_GOOD = (
    "Namn;Aktörstyp;Kommun;Organisationsnummer;E-post\n"
    "Fjällby kommun;kommun;Fjällby;212000-1234;registrator@fjallby.example\n"
    "Västerfjälls universitet;akademi;Norrlid;2021005555;info@vfu.example\n"
    "Ny förening;idéburen sektor;;;kontakt@forening.example\n"
)


def test_csv_import_matches_by_number_then_name_and_invites_everyone(db_session, open_round):
    by_number = OrganisationFactory(name="Fjällby kommun (gammalt namn)", organisation_number="212000-1234")
    by_name = OrganisationFactory(name="VÄSTERFJÄLLS UNIVERSITET", organisation_number=None, email=None)
    result = invitations.import_invitations(db_session, SYSTEM, open_round.id, CSV_GOOD.encode("utf-8"))
    assert (result.created_organisations, result.matched_organisations, result.invitations) == (1, 2, 3)
    invited = {i.organisation_id for i in db_session.scalars(select(Invitation))}
    assert {by_number.id, by_name.id} <= invited
    assert by_name.organisation_number == "202100-5555" and by_name.email == "info@vfu.example"
    again = invitations.import_invitations(db_session, SYSTEM, open_round.id, CSV_GOOD.encode("utf-8"))
    assert again.invitations == 0  # already invited: no duplicates


def test_csv_with_bad_rows_imports_nothing_unless_asked(db_session, open_round):
    bad = CSV_GOOD + "Trasig rad;rymdvarelse;;12345;inte-en-adress\n;kommun;;;\nFjällby kommun;kommun;;;\n"
    preview = invitations.preview_import(db_session, SYSTEM, open_round.id, bad.encode("utf-8"))
    report = {row.row_number: " ".join(map(str, row.errors)) for row in preview.bad_rows}
    assert set(report) == {5, 6, 7}
    assert "rymdvarelse" in report[5] and "tio siffror" in report[5] and "e-postadress" in report[5]
    assert "Namn saknas" in report[6]
    assert "rad 2" in report[7]

    before = db_session.scalar(select(func.count()).select_from(Organisation))
    with pytest.raises(ValidationFailed) as error:
        invitations.import_invitations(db_session, SYSTEM, open_round.id, bad.encode("utf-8"))
    assert "Inget har importerats" in str(error.value)
    assert db_session.scalar(select(func.count()).select_from(Organisation)) == before
    assert db_session.scalar(select(func.count()).select_from(Invitation)) == 0

    result = invitations.import_invitations(db_session, SYSTEM, open_round.id, bad.encode("utf-8"), good_rows_only=True)
    assert result.invitations == 3 and result.skipped_rows == [5, 6, 7]


def test_csv_from_excel_in_windows_1252_with_commas(db_session, open_round):
    data = "Name,Actor type,Email\nÅhamns kommun,kommun,reg@ahamn.example\n".encode("cp1252")
    result = invitations.import_invitations(db_session, SYSTEM, open_round.id, data)
    assert result.created_organisations == 1
    assert (
        db_session.scalar(select(Organisation.name).where(Organisation.email == "reg@ahamn.example")) == "Åhamns kommun"
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "tom"),
        (b"Foo;Bar\n1;2\n", "saknar kolumnen Namn"),
        (b"PK\x03\x04xlsx", "inte en CSV-fil"),
        (b"Namn;Aktorstyp\n", "inga rader"),
    ],
)
def test_csv_file_level_problems(db_session, open_round, data, message):
    with pytest.raises(ValidationFailed) as error:
        invitations.import_invitations(db_session, SYSTEM, open_round.id, data)
    assert message in str(error.value)
