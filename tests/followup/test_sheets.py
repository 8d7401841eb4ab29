"""Importing insatser from .xlsx and CSV (preview, per-row report, all or nothing) and exporting them back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from consultation.errors import NotAllowed, ValidationFailed
from consultation.followup import Approval, Initiative, sheets

from ..factories import ProcessFactory
from .conftest import adopt, read_xlsx, xlsx

NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
HEADER = ["Rubrik", "Organisation", "Målområde", "Status", "Framsteg (%)", "Startdatum", "Slutdatum",
          "Kontaktperson", "E-post", "Beskrivning", "Indikator", "Enhet", "Utgångsvärde", "Målvärde"]  # fmt: skip


def row(title="Cykelvägar", organisation="Fjällby kommun", area="3", **cells):
    values = {
        "status": "pågår",
        "progress": 30,
        "start": datetime(2026, 1, 1),
        "end": "2028-12-31",
        "contact": "Anna A",
        "email": "anna@fjallby.example",
        "description": "Nya cykelvägar mellan orterna.",
        "indicator": "Kilometer cykelväg",
        "unit": "km",
        "baseline": 12,
        "target": "40,5",
    } | cells
    return [title, organisation, area, *values.values()]


def titles(db_session) -> list[str]:
    return sorted(i.title for i in db_session.query(Initiative))


def test_an_xlsx_file_imports_approved_insatser_with_their_goal_areas_and_indicators(strategy, db_session):
    data = xlsx(
        [
            HEADER,
            row(),
            row(area="Kompetens", title="Yrkesvux", organisation="dalbo kommun", status="Planerad", progress=None),
            row(title="Cykelvägar", indicator="Resor per dag", unit="resor", baseline=None, target=900),
            row(
                title="Näringslivsråd",
                area="1; 2",
                status="genomförd",
                progress="100 %",
                indicator=None,
                unit=None,
                baseline=None,
                target=None,
            ),
        ]
    )
    preview = sheets.preview_import(db_session, strategy.admin, "RUS2040", data)
    assert preview.ok, [(r.row_number, [str(m) for m in r.errors]) for r in preview.rows]
    assert [r.continues_row for r in preview.rows] == [None, None, 2, None]
    assert titles(db_session) == []  # the preview changes nothing

    result = sheets.import_initiatives(db_session, strategy.admin, "RUS2040", data, NOW)
    assert (result.initiatives, result.indicators) == (3, 3)
    bikes = db_session.query(Initiative).filter_by(title="Cykelvägar").one()
    assert bikes.approval == Approval.APPROVED and bikes.decided_by_id == strategy.admin.id
    assert (bikes.status, bikes.progress, bikes.starts_on, bikes.ends_on) == (
        "ongoing", 30, date(2026, 1, 1), date(2028, 12, 31)
    )  # fmt: skip
    assert [(i.name, i.unit, i.baseline, i.target) for i in bikes.indicators] == [
        ("Kilometer cykelväg", "km", 12.0, 40.5),
        ("Resor per dag", "resor", None, 900.0),
    ]
    assert [s.number for s in bikes.sections] == ["3"]
    council = db_session.query(Initiative).filter_by(title="Näringslivsråd").one()
    assert ([s.number for s in council.sections], council.status, council.progress) == (["1", "2"], "done", 100)
    assert db_session.query(Initiative).filter_by(title="Yrkesvux").one().organisation_id == strategy.org_b.id


def test_every_bad_row_is_reported_in_swedish_and_nothing_is_imported(strategy, db_session):
    data = xlsx(
        [
            HEADER,
            row(),
            row(title="", organisation="Okänd kommun", area="9"),
            row(title="Trasig", status="klar snart", progress=140, start="i våras", baseline="mycket"),
            row(title="Cykelvägar", status="planerad"),  # the same insats as row 2, other details
        ]
    )
    preview = sheets.preview_import(db_session, strategy.admin, "RUS2040", data)
    report = {r.row_number: " ".join(str(m) for m in r.errors) for r in preview.bad_rows}
    assert sorted(report) == [3, 4, 5]
    assert 'Okänt målområde "9"' in report[3]
    assert 'Organisationen "Okänd kommun" finns inte i organisationsregistret' in report[3]
    assert "Skriv en rubrik för insatsen." in report[3]
    assert 'Okänd status "klar snart"' in report[4]
    assert 'Framsteg ska vara en procentsats från 0 till 100, inte "140"' in report[4]
    assert 'Startdatumet ska vara ett datum som 2027-03-31, inte "i våras"' in report[4]
    assert 'Utgångsvärdet ska vara ett tal, inte "mycket"' in report[4]
    assert "Samma insats står på rad 2 men med andra uppgifter (Status)" in report[5]

    with pytest.raises(ValidationFailed) as refused:
        sheets.import_initiatives(db_session, strategy.admin, "RUS2040", data, NOW)
    assert "3 rader har fel. Inget har importerats." in str(refused.value)
    assert titles(db_session) == []  # the good row 2 is not imported either


def test_a_csv_file_with_semicolons_and_windows_characters_imports_too(strategy, db_session):
    text = "Rubrik;Organisation;Målområde;Status\nÖppna data;Fjällby kommun;2 Kompetens;Pågår\n"
    result = sheets.import_initiatives(db_session, strategy.admin, "RUS2040", text.encode("cp1252"), NOW)
    assert result.initiatives == 1
    assert titles(db_session) == ["Öppna data"]


def test_an_insats_that_exists_is_not_imported_twice(strategy, db_session):
    data = xlsx([HEADER, row()])
    sheets.import_initiatives(db_session, strategy.admin, "RUS2040", data, NOW)
    preview = sheets.preview_import(db_session, strategy.admin, "RUS2040", data)
    assert [str(m) for m in preview.bad_rows[0].errors] == ["Insatsen finns redan för Fjällby kommun."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen är tom."),
        (b"Namn;Kommun\nx;y\n", "Filen saknar kolumnen Rubrik."),
        (b"PK\x03\x04 inte en riktig zip", "Filen kunde inte läsas."),
        (b"x" * (5 * 1024 * 1024 + 1), "Filen är för stor: högst 5 MB."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(strategy, db_session, data, message):
    preview = sheets.preview_import(db_session, strategy.admin, "RUS2040", data)
    assert not preview.ok and str(preview.file_errors[0]).startswith(message)


def test_only_the_coordinator_imports_and_exports(strategy, db_session):
    for someone in (strategy.member_a, strategy.facilitator, None):
        with pytest.raises(NotAllowed):
            sheets.preview_import(db_session, someone, "RUS2040", xlsx([HEADER, row()]))
        with pytest.raises(NotAllowed):
            sheets.export_rows(db_session, someone, "RUS2040")


def test_the_export_reads_back_as_the_same_insatser(strategy, db_session):
    from app.exports import to_xlsx

    original = xlsx(
        [HEADER, row(), row(indicator="Resor per dag", unit="resor", baseline=None, target=900),
         row(title="+Tåg \"snabbt\" @Dalbo", area="1", indicator=None, unit=None, baseline=None, target=None)]
    )  # fmt: skip
    sheets.import_initiatives(db_session, strategy.admin, "RUS2040", original, NOW)
    header, rows = sheets.export_rows(db_session, strategy.admin, "RUS2040")
    exported = to_xlsx("Insatser", header, rows)
    assert read_xlsx(exported)[0][: len(HEADER)] == HEADER

    copy = ProcessFactory(code="KOPIA")
    adopt(copy)
    sheets.import_initiatives(db_session, strategy.admin, "KOPIA", exported, NOW)

    def described(code):
        found = db_session.query(Initiative).join(Initiative.process).filter_by(code=code).order_by(Initiative.title)
        return [
            (i.title, i.organisation_id, [s.number for s in i.sections], i.status, i.progress, i.starts_on,
             i.ends_on, i.contact_name, i.contact_email, i.description,
             [(x.name, x.unit, x.baseline, x.target) for x in i.indicators])
            for i in found
        ]  # fmt: skip

    assert described("KOPIA") == described("RUS2040")
    assert len(described("KOPIA")) == 2
