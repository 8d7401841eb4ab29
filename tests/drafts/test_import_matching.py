"""Importing a revised draft: its sections matched to the previous version, shown, and correctable before saving."""

from __future__ import annotations

import io
import re

import pytest

from consultation.drafts import DocumentVersion
from consultation.drafts.matching import Reason, match_sections
from consultation.drafts.models import Section
from consultation.drafts.versions import parse_markdown
from consultation.people import Role
from consultation.remiss import setup

from ..factories import ProcessFactory
from ..htmlcheck import problems

TRANSPORT = (
    "Regionen ska bygga ut kollektivtrafiken mellan orterna så att det går att pendla till arbete och "
    "studier utan bil, med tätare turer morgon och kväll och bättre anslutningar mellan buss och tåg."
)
HOUSING = (
    "Kommunerna behöver planera för fler bostäder av olika slag, särskilt hyresrätter för unga och "
    "för äldre som vill flytta från villan men bo kvar på orten."
)
BROADBAND = (
    "Alla hushåll och företag på landsbygden ska ha tillgång till snabbt bredband och god mobiltäckning, "
    "så att man kan arbeta och driva företag var man än bor i länet."
)
SKILLS = "Kompetensförsörjningen kräver att utbildning och arbetsliv samverkar, med fler yrkesutbildningar i länet."

V1 = f"""# Strategi

## 1 Kollektivtrafik

{TRANSPORT}

## 2 Bostäder

{HOUSING}

## 3 Digital infrastruktur

{BROADBAND}

## 4 Kompetens

{SKILLS}
"""

# Renumbered and renamed, one section reworded, one split in two, one removed, one new.
V2 = f"""# Strategi

## 1 Resor och pendling

{TRANSPORT} Regionen ska också se över taxorna.

## 2 Bostäder

{HOUSING}

## 3 Bredband

Alla hushåll och företag på landsbygden ska ha tillgång till snabbt bredband, så att man kan arbeta och driva
företag.

## 4 Mobiltäckning

God mobiltäckning så att man kan driva företag var man än bor.

## 5 Kultur och fritid

Ett rikt kulturliv och föreningsliv gör länet attraktivt att bo i för alla åldrar.
"""


def sections_of(source: str) -> list[Section]:
    return [
        Section(key=f"k{i}", number=p.number, heading=p.heading, body=p.body, level=p.level, position=i)
        for i, p in enumerate(parse_markdown(source).sections)
    ]


def test_renamed_split_removed_and_new_sections_are_told_apart():
    matching = match_sections(sections_of(V1), parse_markdown(V2).sections)
    transport, housing, broadband, mobile, culture = matching.matches
    assert (transport.key, transport.reason) == ("k0", Reason.TEXT)  # renamed, its text kept
    assert (housing.key, housing.reason) == ("k1", Reason.HEADING)
    assert broadband.key == "k2"  # the larger part keeps the key ...
    assert mobile.key is None and mobile.derived_from == ("k2",)  # ... the other part says where it came from
    assert culture.key is None and culture.reason == Reason.NEW and not culture.derived_from
    assert [s.key for s in matching.removed] == ["k3"]
    assert matching.counts == {"matched": 3, "new": 1, "split": 1, "removed": 1}


def test_a_new_section_under_an_old_number_is_not_taken_for_the_old_one():
    revised = V1.replace(f"## 4 Kompetens\n\n{SKILLS}", "## 4 Kultur\n\nEtt rikt kulturliv gör länet attraktivt.")
    matching = match_sections(sections_of(V1), parse_markdown(revised).sections)
    assert matching.matches[3].key is None
    assert [s.key for s in matching.removed] == ["k3"]


@pytest.fixture
def with_v1(db_session, make_user):
    admin = make_user(Role.ADMIN, email="samordnare@region.example")
    process = ProcessFactory(code="RUS2070")
    version = setup.import_draft(db_session, admin, process.id, parse_markdown(V1))
    db_session.commit()
    return process, version, admin


def preview(auth, code: str, source: str) -> tuple[str, str]:
    url = f"/admin/processer/{code}/forslag/importera"
    page = auth.post(url, {"file": (io.BytesIO(source.encode()), "v2.md"), "action": "preview"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return html, re.search(r'name="pending" type="hidden" value="([^"]+)"', html).group(1)


def test_the_import_page_shows_the_matching_and_the_person_can_correct_it(auth, with_v1, db_session):
    process, v1, admin = with_v1
    keys = {s.number: s.key for s in v1.sections}
    auth.login_as(admin)
    html, pending = preview(auth, process.code, V2)
    assert not problems(html)
    assert "liknande text" in html and "samma rubrik" in html and "utbrutet ur 3 Digital infrastruktur" in html
    assert "Tas bort i den nya versionen" in html and "4 Kompetens" in html
    # The person says the new "Kultur och fritid" continues "Kompetens" (say, a rewritten section).
    url = f"/admin/processer/{process.code}/forslag/importera"
    saved = auth.post(url, {"pending": pending, "filename": "v2.md", "action": "save", "match-4": keys["4"]})
    assert saved.status_code == 302
    db_session.expire_all()
    v2 = db_session.query(DocumentVersion).filter_by(document_id=v1.document_id, number=2).one()
    by_heading = {s.heading: s for s in v2.sections}
    assert by_heading["Resor och pendling"].key == keys["1"]
    assert by_heading["Bredband"].key == keys["3"]
    assert by_heading["Mobiltäckning"].key not in keys.values()
    assert by_heading["Mobiltäckning"].derived_from_keys == [keys["3"]]
    assert by_heading["Kultur och fritid"].key == keys["4"]


def test_two_sections_given_one_counterpart_are_refused_with_the_file_kept(auth, with_v1, db_session):
    process, v1, admin = with_v1
    keys = {s.number: s.key for s in v1.sections}
    auth.login_as(admin)
    _, pending = preview(auth, process.code, V2)
    url = f"/admin/processer/{process.code}/forslag/importera"
    refused = auth.post(url, {"pending": pending, "filename": "v2.md", "action": "save", "match-1": keys["1"]})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "motsvarar samma avsnitt" in html and "Spara som ny version" in html
    assert db_session.query(DocumentVersion).filter_by(document_id=v1.document_id).count() == 1
