"""split_letter: boilerplate, sections from references, headings and content, declines, nothing lost."""

from __future__ import annotations

from itertools import pairwise

import pytest

from analysis.letters import read_letter, split_letter
from analysis.types import MemoryCache

from .letters_data import docx, draft_sections, letter_bytes

LETTERS = [
    "01-ulvsjo-kommun",
    "02-lansstyrelsen-bergslunda",
    "03-northpine-composites",
    "04-hogskolan-granhammar",
    "05-levande-byar",
    "06-privatperson-olofsson",
]


@pytest.fixture(scope="module")
def sections():
    return draft_sections()


@pytest.fixture(scope="module")
def cache():
    """One vector cache for the module, as the platform keeps vectors: each text is embedded once."""
    return MemoryCache()


def by_start(excerpts, start):
    return next(e for e in excerpts if e.text.startswith(start))


@pytest.mark.parametrize("name", [f"{n}.{ext}" for n in LETTERS[:3] for ext in ("pdf", "docx")])
def test_every_paragraph_is_in_exactly_one_excerpt(name, sections, cache):
    letter = read_letter(letter_bytes(name), name)
    excerpts = split_letter(letter, sections, cache)
    pieces: dict[int, list] = {}
    for excerpt in excerpts:
        assert excerpt.kind in ("comment", "boilerplate") and 0 <= excerpt.confidence <= 1 and excerpt.reason
        for span in excerpt.spans:
            pieces.setdefault(span.paragraph, []).append(span)
    assert sorted(pieces) == list(range(len(letter.paragraphs)))
    for index, spans in pieces.items():
        spans.sort(key=lambda s: s.start)
        assert spans[0].start == 0 and spans[-1].end == len(letter.paragraphs[index].text)
        assert all(a.end == b.start for a, b in pairwise(spans))
    joined = " ".join(e.text for e in excerpts).split()
    assert joined == " ".join(p.text for p in letter.paragraphs).split()


def test_a_municipality_letter_boilerplate_and_numbered_sections(sections, cache):
    excerpts = split_letter(read_letter(letter_bytes("01-ulvsjo-kommun.docx"), "a.docx"), sections, cache)
    boilerplate = {e.text for e in excerpts if e.kind == "boilerplate"}
    for start in (
        "Dnr KS",
        "Er beteckning",
        "Ulvsjö kommun har beretts tillfälle",
        "Med vänlig hälsning",
        "Maria Holm",
        "Beslut i detta ärende",
        "Sida 1 av 2",
        "Yttrande över förslag",
    ):
        assert any(text.startswith(start) for text in boilerplate), start
    fleet = by_start(excerpts, "Fler mötesspår")
    assert (fleet.kind, fleet.section_key) == ("comment", "4.2")
    assert "4.2" in fleet.reason
    general = by_start(excerpts, "Kommunen tillstyrker förslaget i stort")
    assert (general.kind, general.section_key) == ("comment", None)


def test_a_later_sentence_naming_another_section_is_split_off(sections, cache):
    excerpts = split_letter(read_letter(letter_bytes("01-ulvsjo-kommun.pdf"), "a.pdf"), sections, cache)
    first = by_start(excerpts, "Kommunen ser positivt på anropsstyrd trafik")
    second = by_start(excerpts, "Samma sak gäller de digitala tjänster")
    assert first.section_key == "4.1" and second.section_key == "4.3"
    assert second.reason == "nämner avsnitt 4.3"
    assert first.spans[0].paragraph == second.spans[0].paragraph


def test_content_beats_a_misleading_heading(sections, cache):
    excerpts = split_letter(read_letter(letter_bytes("03-northpine-composites.docx"), "a.docx"), sections, cache)
    under_freight = by_start(excerpts, "However, a terminal is of little use")
    assert under_freight.section_key == "4.2"
    assert under_freight.reason == "innehållet liknar avsnitt 4.2"
    assert by_start(excerpts, "Today almost all our outbound freight").section_key == "4.4"
    assert by_start(excerpts, "Dear Sir or Madam").kind == "boilerplate"


def test_explicit_references_in_running_prose(sections, cache):
    letter = read_letter(
        docx(
            [
                ("p", "Föreningen Exempel"),
                ("p", "Föreningen har beretts tillfälle att yttra sig över förslaget."),
                ("p", "I avsnitt 3.3 föreslås innovationscheckar. Vi vill att de även ska gå till kooperativ."),
                ("p", "Under rubriken Energi och klimat saknas en plan för småskalig vattenkraft i byarna."),
                ("p", "Vi anser att målområde 2 behöver fler mål om cykelvägar mellan orterna och skolorna."),
                ("p", "Med vänlig hälsning"),
                ("p", "Anna Exempelsson\nordförande"),
            ]
        ),
        "brev.docx",
    )
    excerpts = split_letter(letter, sections, cache)
    assert [(e.kind, e.section_key) for e in excerpts] == [
        ("boilerplate", None),
        ("boilerplate", None),
        ("comment", "3.3"),
        ("comment", "5.2"),
        ("comment", excerpts[4].section_key),
        ("boilerplate", None),
        ("boilerplate", None),
    ]
    assert excerpts[2].reason == "nämner avsnitt 3.3"
    assert excerpts[3].reason == "nämner rubriken '5.2 Energi och klimat'"
    assert excerpts[4].section_key.split(".")[0] == "4" and "målområde 2" in excerpts[4].reason


def test_own_headings_matched_by_meaning_and_carried_over(sections, cache):
    excerpts = split_letter(read_letter(letter_bytes("04-hogskolan-granhammar.docx"), "a.docx"), sections, cache)
    heading = by_start(excerpts, "3. Befolkningsprognosen")
    assert heading.kind == "boilerplate" and heading.section_key == "2.1"
    assert by_start(excerpts, "Beskrivningen av befolkningsutvecklingen").section_key == "2.1"
    rows = [e for e in excerpts if " | " in e.text and e.kind == "comment"]
    assert len(rows) == 3 and {e.section_key for e in rows} == {"6.2"}


def test_a_declining_letter_is_a_decline_not_a_comment(sections, cache):
    letter = read_letter(
        docx(
            [
                ("p", "Exempelå kommun"),
                ("p", "2025-11-02"),
                ("p", "Dnr KS 2025/77"),
                ("p", "Yttrande över förslag till regional utvecklingsstrategi"),
                ("p", "Exempelå kommun har beretts tillfälle att yttra sig över rubricerat förslag."),
                ("p", "Kommunen avstår från att yttra sig över förslaget."),
                ("p", "Med vänlig hälsning"),
                ("p", "Per Exempel\nkommundirektör"),
            ]
        ),
        "avstår.docx",
    )
    excerpts = split_letter(letter, sections, cache)
    assert excerpts.declines is True
    assert all(e.kind == "boilerplate" for e in excerpts)
    assert by_start(excerpts, "Kommunen avstår").reason == "avstår från att yttra sig"


def test_a_letter_with_comments_does_not_decline(sections, cache):
    excerpts = split_letter(read_letter(letter_bytes("05-levande-byar.docx"), "a.docx"), sections, cache)
    assert excerpts.declines is False
    assert by_start(excerpts, "I målområde 3 står det").section_key == "5.1"
    assert by_start(excerpts, "När vi läser förslaget som helhet").section_key is None
