"""The open RUS 2040 round's demo remissvar (`data/remissvar.toml`): whole responses in their senders' own
words, on the draft's real sections, in the proportions a real remiss has, with one campaign in them."""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict

from analysis.stance import stance_of
from analysis.text import detect_language
from app.demo.loader import DATA_DIR, DEFAULT_FILE
from app.demo.responses import DATA_FILE, WHOLE
from consultation.drafts.versions import parse_markdown

DATA = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
PROCESS = tomllib.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def _sender(response: dict) -> str:
    return response.get("organisation") or response["person"]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _comments() -> list[tuple[dict, dict]]:
    return [(response, comment) for response in DATA["responses"] for comment in response["comments"]]


def test_no_sentence_is_shared_between_two_senders():
    """Outside the campaign every sender writes their own text: nothing recombined from shared phrases."""
    senders_of: dict[str, set[str]] = defaultdict(set)
    for response, comment in _comments():
        for sentence in _sentences(comment["text"]):
            senders_of[sentence.casefold()].add(_sender(response))
    shared = {sentence: senders for sentence, senders in senders_of.items() if len(senders) > 1}
    assert not shared
    assert len(senders_of) >= 250  # and enough text that copies would have had a chance to meet


def test_organisations_answer_on_several_sections_and_persons_on_a_few():
    organisations = [r for r in DATA["responses"] if "organisation" in r]
    people = [r for r in DATA["responses"] if "person" in r]
    assert 22 <= len(organisations) <= 30 and 15 <= len(people) <= 22
    assert all(3 <= len(r["comments"]) <= 8 for r in organisations)
    assert all(1 <= len(r["comments"]) <= 3 for r in people)
    for response in DATA["responses"]:
        sections = [c["section"] for c in response["comments"]]
        assert len(sections) == len(set(sections)), _sender(response)  # one comment per section, as the form has


def test_every_comment_is_on_a_section_of_the_draft_and_every_sender_in_the_register():
    draft = parse_markdown((DATA_DIR / PROCESS["document"]["draft_file"]).read_text(encoding="utf-8"))
    numbers = {section.number for section in draft.sections} | {WHOLE}
    assert {c["section"] for _, c in _comments()} <= numbers
    assert DATA["campaign"]["section"] in numbers and {c["section"] for c in DATA["draft"]["comments"]} <= numbers

    register = {o["name"] for o in PROCESS["organisations"]}
    answering = {r["organisation"] for r in DATA["responses"] if "organisation" in r}
    elsewhere = set(DATA["declined"]["organisations"]) | {DATA["draft"]["organisation"]}
    assert answering <= register and elsewhere <= register
    assert not answering & elsewhere  # an organisation that declined, or is still drafting, has not also answered


def test_only_a_private_person_writes_in_english():
    """Agencies, municipalities and associations in a Swedish county write Swedish; an exchange student may not."""
    english = [(response, c) for response, c in _comments() if detect_language(c["text"]) == "en"]
    assert english, "the demo shows that English texts are read too"
    assert all("person" in response for response, _ in english)
    assert len(english) <= 4


def test_most_comments_ask_for_changes_and_some_support_or_oppose():
    stances = Counter(stance_of(c["text"], detect_language(c["text"])).label for _, c in _comments())
    assert stances.most_common(1)[0][0] == "change"
    assert stances["support"] >= 10 and stances["oppose"] >= 3 and stances["neutral"] >= 10


def test_the_campaign_is_one_text_lightly_varied_by_a_dozen_people():
    campaign = DATA["campaign"]
    assert 10 <= len(campaign["senders"]) <= 15
    names = [s["name"] for s in campaign["senders"]]
    assert len(set(names)) == len(names)
    assert not set(names) & {r["person"] for r in DATA["responses"] if "person" in r}
    for sender in campaign["senders"]:
        old, _ = sender["change"]
        assert old in campaign["text"], sender["name"]  # each change applies to the text as written
