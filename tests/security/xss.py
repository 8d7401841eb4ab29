"""The XSS corpus and the checks that prove it stayed inert; shared by the server-side and the browser test.

The payloads are PayloadsAllTheThings' XSS lists (`<shared data>/xss/*.txt`, see the shared data
README), read from the shared folder and never copied into the project. Every check is about the
payload staying inert, never about the exact sanitised output:

- HTML: no element, attribute or URL that could run script or change where a form goes, and no tag
  outside the vocabulary of the app's own templates (so injected markup of any kind shows up);
- .csv: no cell that a spreadsheet would read as a formula; .xlsx: no formula cells, text stored as text;
- .docx: text runs only, no fields, hyperlinks or external parts from user text;
- e-mail: plain text only, exactly the app's headers, the user text in the body as typed.

`FIELDS` below is the inventory: every text field a person can type into, and every page, export
and e-mail that shows it. Both tests iterate over it.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cache
from pathlib import Path

import lxml.html
from lxml import etree

from app.html import ALLOWED_TAGS

SHARED_DATA = Path(os.environ.get("SAMRAD_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")
XSS_DIR = SHARED_DATA / "xss"
TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"


# --- the corpus --------------------------------------------------------------------------------


def require_corpus() -> None:
    """Skip (with the reason) when the shared folder is missing; on CI that is a failure."""
    import pytest

    if not sorted(XSS_DIR.glob("*.txt")):
        reason = f"the XSS corpus is missing: no *.txt in {XSS_DIR} (set SAMRAD_SHARED_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@cache
def corpus() -> tuple[int, tuple[str, ...]]:
    """(number of non-blank lines, the distinct payloads in file order)."""
    lines: list[str] = []
    for path in sorted(XSS_DIR.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return len(lines), tuple(dict.fromkeys(lines))


def payloads() -> tuple[str, ...]:
    return corpus()[1]


def sample(count: int, seed: int = 2040) -> list[str]:
    everything = list(payloads())
    return everything if count >= len(everything) else random.Random(seed).sample(everything, count)


def normalise(text: str) -> str:
    """Whitespace collapsed: how the app stores one-line fields, and how the tests compare text."""
    return " ".join(str(text).split())


# --- the inventory ----------------------------------------------------------------------------------
#
# Field classes: every payload goes through each class at least once (the payloads are spread over
# the fields of a class, see `shares`), and all of them through the comment text.
COMMENT = "comment"  # the response text, shown in most places
LINE = "line"  # one-line texts: names, titles, labels, tags
TEXT = "text"  # multi-line plain texts: descriptions, notes, motivations, reasons, summaries
MARKDOWN = "markdown"  # text rendered as Markdown and sanitised by app/html.py
ADDRESS = "address"  # e-mail addresses and identifiers that the app validates
REFLECTED = "reflected"  # request values shown back: query strings, `next`, the login e-mail


@dataclass(frozen=True)
class Field:
    key: str
    kind: str
    typed_in: str
    shown: tuple[str, ...]
    weight: int = 1  # share of the class's payloads (fields that take many values per request get more)
    per_value: int = 1  # payloads in one value: paragraphs of a text, tags of a tag list, parameters of a URL
    verbatim: bool = True  # shown as typed (else only transformed, e.g. URL-encoded or rendered as Markdown)
    # A sample of the class's payloads of its own, drawn beside the split: a field added later leaves the
    # other fields' shares as they were (the split over the first fields already covers every payload).
    sampled: bool = False
    # Typed with another field's payloads instead of a share of its own: a field added later does not deal the
    # class's payloads anew, which would change what every other field of the class is tested with.
    dealt_from: str | None = None


# Places: "page:<endpoint>" (HTML; "?..." marks a variant such as the print view), "csv:", "xlsx:" and
# "docx:<endpoint>" (downloads), "mail:<template>". The tests check that each place listed for a field
# really shows at least one of its payloads, and that each payload is shown in one of its places.
COMPILATION_PLACES = (
    "page:compilation.review",
    "page:compilation.public",
    "docx:compilation.review_download",
    "docx:compilation.review_file_download",
    "xlsx:compilation.review_download",
    "csv:compilation.review_download",
    "docx:compilation.public_download",
    "xlsx:compilation.public_download",
    "csv:compilation.public_download",
)
# The adopted version's text and its decision, as a page and a Word file.
STRATEGY_PLACES = ("page:main.strategy", "docx:main.strategy_docx")
REVIEW_EXPORTS = ("csv:review.export_csv", "xlsx:review.export_xlsx")
NOTE_EXPORTS = ("csv:review.notes", "xlsx:review.notes")
ANSWER_PAGES = ("page:answers.theme", "page:answers.unanswered", "page:answers.comment")

FIELDS: tuple[Field, ...] = (
    # The response: every payload goes through the comment boxes.
    Field(
        "comment.body",
        COMMENT,
        "remiss.edit (save, submit), remiss.autosave",
        (
            "page:review.response",
            "page:remiss.edit",
            "page:remiss.submission",
            "page:review.response?utskrift",
            "page:review.section",
            "page:themes.theme",
            "page:compilation.redact",
            "page:compilation.public_response",
            "page:compilation.feedback",
            "page:answers.campaign",
            *ANSWER_PAGES,
            *COMPILATION_PLACES,
            *REVIEW_EXPORTS,
            "page:search.search",
            "page:search.similar",
        ),
    ),
    # The organisation register and the accounts.
    Field(
        "organisation.name",
        LINE,
        "admin.organisation",
        (
            "page:admin.organisations",
            "page:admin.organisation",
            "page:admin.user",
            "page:review.responses",
            "page:review.response",
            "page:remiss.round_page",
            "page:remiss.edit",
            "page:meetings.edit",
            "page:compilation.public_responses",
            "page:compilation.publish",
            "page:accounts.invite_colleague",
            "mail:colleague",
            "mail:receipt",
            *COMPILATION_PLACES,
            *REVIEW_EXPORTS,
        ),
        weight=2,
    ),
    Field(
        "organisation.municipality",
        LINE,
        "admin.organisation",
        ("page:admin.organisations", "page:admin.organisation", "page:review.response", *REVIEW_EXPORTS),
    ),
    Field("organisation.organisation_number", ADDRESS, "admin.organisation", ("page:admin.organisation",)),
    Field("organisation.email", ADDRESS, "admin.organisation", ("page:admin.organisation",)),
    Field(
        "user.name",
        LINE,
        "admin.user",
        (
            "page:admin.users",
            "page:admin.user",
            "page:main.start",
            "page:meetings.edit",
            "page:admin.audit_log",
            "page:jobs.jobs_page",
            "mail:receipt",
            "mail:colleague",
        ),
    ),
    Field("user.email", ADDRESS, "admin.user", ("page:admin.user",)),
    Field(
        "registration.name",
        LINE,
        "accounts.register",
        ("page:accounts.register", "page:admin.pending_organisations", "mail:confirm"),
    ),
    Field("registration.email", ADDRESS, "accounts.register", ("page:accounts.register",)),
    Field(
        "registration.organisation_name",
        LINE,
        "accounts.register",
        ("page:accounts.register", "page:admin.pending_organisations"),
    ),
    Field(
        "registration.municipality", LINE, "accounts.register", ("page:accounts.register", "page:admin.organisations")
    ),
    Field(
        "invitation.account_name",
        LINE,
        "accounts.accept (a new account from an invitation link)",
        ("page:accounts.accept", "page:main.start"),
    ),
    Field("colleague.email", ADDRESS, "accounts.invite_colleague", ("page:accounts.invite_colleague",)),
    # Values a request carries and the page shows back.
    Field("login.email", REFLECTED, "auth.login", ("page:auth.login",)),
    Field("login.next", REFLECTED, "auth.login ?next=", ("page:auth.login",)),
    Field(
        "query_string",
        REFLECTED,
        "any page's query string (the language form keeps it, percent-encoded)",
        ("page:main.index", "page:meetings.upcoming", "page:main.about"),
        weight=10,
        per_value=20,
        verbatim=False,
    ),
    Field("notes.tag_filter", REFLECTED, "review.notes ?tag=", ("page:review.notes",)),
    Field("search.query", REFLECTED, "search.search ?q=", ("page:search.search",)),
    Field("answers.next", REFLECTED, "answers.comment ?next= (kept in the position form)", ("page:answers.comment",)),
    Field("accessibility.sida", REFLECTED, "main.report_accessibility ?sida=", ("page:main.report_accessibility",)),
    Field(
        "reminders.days",
        REFLECTED,
        "rounds.save_reminders (the days of a round's reminder schedule, given back when refused)",
        ("page:rounds.save_reminders",),
    ),
    Field(
        "accessibility.referrer",
        REFLECTED,
        "the Referer header of main.accessibility (kept in a link)",
        ("page:main.accessibility",),
        verbatim=False,
    ),
    # The accessibility report (anyone, signed in or not): to the coordinators by e-mail.
    Field(
        "accessibility.page",
        LINE,
        "main.report_accessibility",
        ("page:main.report_accessibility", "mail:accessibility_report"),
    ),
    Field(
        "accessibility.description",
        TEXT,
        "main.report_accessibility",
        ("page:main.report_accessibility", "mail:accessibility_report"),
        weight=2,
        per_value=4,
    ),
    Field(
        "accessibility.email",
        ADDRESS,
        "main.report_accessibility",
        ("page:main.report_accessibility", "mail:accessibility_report"),
    ),
    # The remissinstanser CSV: one upload carries every row.
    Field(
        "csv.name",
        LINE,
        "rounds.import_invitations (CSV)",
        (
            "page:rounds.import_invitations",
            "page:rounds.overview",
            "page:admin.organisations",
            "mail:invitation",
            "mail:reminder",
            "page:remiss.decline",
            "page:compilation.review",
            "csv:compilation.review_download",
            "docx:compilation.review_download",
        ),
        weight=8,
    ),
    Field(
        "csv.municipality",
        LINE,
        "rounds.import_invitations (CSV)",
        ("page:rounds.import_invitations", "page:admin.organisations"),
        weight=4,
    ),
    Field("csv.actor_type", LINE, "rounds.import_invitations (CSV)", ("page:rounds.import_invitations",), weight=4),
    Field(
        "csv.organisation_number",
        ADDRESS,
        "rounds.import_invitations (CSV)",
        ("page:rounds.import_invitations",),
        weight=10,
    ),
    Field(
        "csv.email",
        ADDRESS,
        "rounds.import_invitations (CSV): refused ones are not shown back",
        ("page:admin.organisations",),
        weight=10,
    ),
    # The remiss round and the draft.
    Field(
        "round.title",
        LINE,
        "rounds.edit_round",
        (
            "page:rounds.process",
            "page:rounds.edit_round",
            "page:rounds.overview",
            "page:remiss.round_page",
            "page:main.process",
            "mail:invitation",
            "mail:receipt",
            "mail:reminder",
            "mail:feedback",
            "page:compilation.feedback",
            "page:compilation.outcome",
            "page:compilation.review_file",
        ),
    ),
    Field(
        "round.introduction",
        MARKDOWN,
        "rounds.edit_round",
        ("page:rounds.edit_round", "page:remiss.round_page"),
        verbatim=False,
    ),
    Field(
        "draft.title",
        LINE,
        "rounds.import_draft (each version keeps its own)",
        (
            "page:rounds.import_draft",
            "page:rounds.process",
            "page:drafts.publish",
            "page:main.draft",
            "page:main.process",
            "page:remiss.round_page",
            *STRATEGY_PLACES,
        ),
    ),
    Field(
        "adoption.body",
        LINE,
        "drafts.adopt (the deciding body)",
        ("page:drafts.adopt", "page:main.process", "page:main.draft", *STRATEGY_PLACES),
    ),
    Field(
        "adoption.reference",
        LINE,
        "drafts.adopt (paragraph or diary number)",
        ("page:drafts.adopt", "page:main.process", "page:main.draft", *STRATEGY_PLACES),
    ),
    Field(
        "draft.note",
        LINE,
        "rounds.import_draft (kept with the version, shown only on the import page)",
        ("page:rounds.import_draft",),
    ),
    Field(
        "draft.heading",
        MARKDOWN,
        "rounds.import_draft (Markdown file)",
        (
            "page:review.sections",
            "page:rounds.import_draft",
            "page:main.draft",
            "page:main.compare",
            "docx:main.compare_docx",
            *STRATEGY_PLACES,
            "page:remiss.edit",
            "page:review.section",
            "page:meetings.note",
            "page:compilation.outcome",
            *COMPILATION_PLACES,
        ),
    ),
    Field(
        "draft.written_heading",
        MARKDOWN,
        "drafts.edit_section (the next version written in Samråd)",
        ("page:drafts.write", "page:main.draft_version", "page:main.compare"),
    ),
    Field(
        "draft.written_body",
        MARKDOWN,
        "drafts.edit_section (the next version written in Samråd; previewed)",
        ("page:drafts.edit_section", "page:main.draft_version", "page:main.compare"),
        verbatim=False,
    ),
    Field(
        "draft.body",
        MARKDOWN,
        "rounds.import_draft (Markdown file)",
        (
            "page:main.draft",
            "page:main.compare",
            "docx:main.compare_docx",
            *STRATEGY_PLACES,
            "page:remiss.edit",
            "page:review.section",
        ),
        weight=8,
        verbatim=False,
    ),
    Field(
        "draft.word",
        MARKDOWN,
        "rounds.import_draft (Word .docx: headings shown in the preview, paragraphs "
        "become the sections' Markdown text)",
        ("page:rounds.import_draft",),
    ),
    Field(
        "decline.reason",
        TEXT,
        "remiss.decline",
        (
            "page:rounds.overview",
            "page:remiss.decline",
            "page:compilation.review",
            "csv:compilation.review_download",
            "docx:compilation.review_download",
        ),
        weight=2,
        per_value=4,
    ),
    # Dialogue meetings.
    Field(
        "meeting.title",
        LINE,
        "meetings.edit",
        (
            "page:meetings.of_process",
            "page:meetings.edit",
            "page:meetings.upcoming",
            "page:meetings.show",
            "page:meetings.manage",
            "page:meetings.attendance",
            "page:meetings.note",
            "page:review.notes",
            *NOTE_EXPORTS,
            "page:search.search",
        ),
    ),
    Field("meeting.theme", LINE, "meetings.edit", ("page:meetings.show", "page:meetings.edit")),
    Field("meeting.location", LINE, "meetings.edit", ("page:meetings.show", "page:meetings.edit")),
    Field("meeting.online_url", ADDRESS, "meetings.edit", ("page:meetings.edit",)),
    Field(
        "meeting.description",
        TEXT,
        "meetings.edit",
        ("page:meetings.show", "page:meetings.edit"),
        weight=2,
        per_value=4,
    ),
    Field(
        "attendance.others",
        LINE,
        "meetings.attendance (one per line: name, affiliation)",
        ("page:meetings.attendance", "page:meetings.manage"),
        weight=6,
    ),
    Field("document.title", LINE, "meetings.upload", ("page:meetings.manage", "page:meetings.show")),
    Field(
        "document.filename",
        LINE,
        "meetings.upload (the uploaded file's name)",
        ("page:meetings.manage", "page:meetings.show"),
    ),
    # Letters (issue 13): the decision behind one, its file name, and the letter's own text, read from the file.
    Field("letter.decision_body", LINE, "letters.attach", ("page:letters.show", "page:review.response")),
    Field(
        "letter.filename",
        LINE,
        "letters.attach (the uploaded file's name)",
        ("page:letters.show", "page:remiss.edit", "page:review.response"),
    ),
    Field(
        "letter.text",
        TEXT,
        "letters.attach (the paragraphs of the uploaded .docx), read by the letter_reading job",
        ("page:letters.show",),
        per_value=40,
    ),
    # A remissvar registered by the coordinator from a received letter: the region's diarienummer, and the
    # name of an organisation created inline, each typed with the payloads of a field like it.
    Field(
        "registered_response.diarienummer",
        LINE,
        "rounds.register_response",
        ("page:remiss.edit", "page:review.response", "page:review.responses", "mail:receipt"),
        dealt_from="letter.decision_body",
    ),
    Field(
        "registered_response.new_organisation_name",
        LINE,
        "rounds.register_response (a new organisation)",
        ("page:remiss.edit", "page:review.response", "page:review.responses", "mail:receipt"),
        dealt_from="organisation.name",
    ),
    Field(
        "note.body",
        TEXT,
        "meetings.note",
        (
            "page:search.search",
            "page:review.notes",
            "page:meetings.note",
            "page:meetings.notes",
            "page:meetings.delete_note",
            "page:meetings.manage",
            "page:meetings.show",
            "page:meetings.next_steps",
            "page:themes.theme",
            "page:answers.note",
            *NOTE_EXPORTS,
            "page:compilation.review",
            "xlsx:compilation.review_download",
        ),
        weight=4,
        per_value=4,
    ),
    Field(
        "note.tags",
        LINE,
        "meetings.note (comma separated)",
        ("page:review.notes", "page:meetings.note", "page:meetings.manage"),
        weight=4,
        per_value=4,
    ),
    Field(
        "note.owner_name",
        LINE,
        "meetings.note",
        ("page:meetings.next_steps", "page:meetings.note", "page:meetings.show"),
    ),
    # The working group.
    Field(
        "theme.label",
        LINE,
        "themes.rename",
        (
            "page:themes.run",
            "page:themes.theme",
            "page:answers.overview",
            "page:answers.theme",
            "page:compilation.review",
            "page:compilation.theme_summary",
            "csv:compilation.review_download",
            "docx:compilation.public_download",
        ),
    ),
    Field("theme.split_label", LINE, "themes.items (split off a new theme)", ("page:themes.run", "page:themes.theme")),
    Field(
        "position.motivation",
        TEXT,
        "answers.comment, answers.note, answers.campaign (one for many)",
        (
            "page:answers.comment",
            "page:answers.theme",
            "page:search.search",
            "page:compilation.feedback",
            *COMPILATION_PLACES,
        ),
        weight=4,
        per_value=4,
    ),
    Field(
        "summary.section",
        TEXT,
        "compilation.section_summary",
        (
            "page:compilation.review",
            "page:compilation.section_summary",
            "page:compilation.public",
            "csv:compilation.review_download",
            "xlsx:compilation.review_download",
            "docx:compilation.review_download",
        ),
        weight=2,
        per_value=4,
    ),
    Field(
        "summary.theme",
        TEXT,
        "compilation.theme_summary",
        ("page:compilation.review", "page:compilation.theme_summary", "csv:compilation.review_download"),
        weight=2,
        per_value=4,
    ),
    Field(
        "redaction.reason",
        TEXT,
        "compilation.redact",
        ("page:compilation.redact", "page:compilation.publish"),
        weight=2,
        per_value=4,
    ),
    Field(
        "redaction.passage", TEXT, "compilation.redact (a passage of a published comment)", ("page:compilation.redact",)
    ),
)
FOLLOWUP_PAGES = ("page:followup.initiative", "page:followup_admin.create", "xlsx:followup_admin.export")
FIELDS += (
    # Follow-up (issue 17): insatser typed by the coordinator (and proposed by members, the same form); sampled,
    # so that the fields above keep the payloads they had.
    Field(
        "initiative.title",
        LINE,
        "followup_admin.create, followup.propose",
        ("page:followup.goal_area", "page:followup_admin.list_page", *FOLLOWUP_PAGES),
        sampled=True,
    ),
    Field(
        "initiative.description",
        TEXT,
        "followup_admin.create, followup.propose",
        FOLLOWUP_PAGES,
        weight=2,
        per_value=4,
        sampled=True,
    ),
    Field("initiative.contact_name", LINE, "followup_admin.create, followup.propose", FOLLOWUP_PAGES, sampled=True),
    Field(
        "indicator.name",
        LINE,
        "followup_admin.create, followup.propose (indicator rows)",
        ("page:followup.goal_area", *FOLLOWUP_PAGES),
        sampled=True,
    ),
)
COUNCIL_PAGES = ("page:councils.list_page", "page:councils.council", "page:councils.agenda")
FIELDS += (
    # The councils (issue 17): typed with the follow-up fields' payloads (dealt_from), so no other field's share
    # changes. A refused council form comes back on the list page; a refused point or commitment on the agenda.
    Field("council.name", LINE, "councils.create", COUNCIL_PAGES, dealt_from="initiative.title"),
    Field(
        "council.description",
        TEXT,
        "councils.create",
        ("page:councils.council", "page:councils.list_page"),
        weight=2,
        per_value=4,
        dealt_from="initiative.description",
    ),
    Field(
        "agenda_item.title",
        LINE,
        "councils.add_item (changed with councils.edit_item)",
        ("page:councils.agenda", "page:councils.edit_item"),
        dealt_from="initiative.contact_name",
    ),
    Field(
        "agenda_item.minutes",
        TEXT,
        "councils.minutes",
        ("page:councils.agenda",),
        weight=2,
        per_value=4,
        dealt_from="initiative.description",
    ),
    Field(
        "agenda_item.decision",
        TEXT,
        "councils.minutes",
        ("page:councils.agenda",),
        per_value=4,
        dealt_from="initiative.description",
    ),
    Field(
        "commitment.text",
        TEXT,
        "councils.add_commitment (and the insats made from it)",
        ("page:councils.agenda", "page:followup.initiative"),
        weight=2,
        per_value=4,
        dealt_from="initiative.description",
    ),
)
REPORT_PAGES = ("page:followup_reports.report_page",)
FIELDS += (
    # Reporting periods (issue 17): the coordinator names a period, the owner organisation reports on its
    # insatser; sampled, so that the fields above keep the payloads they had.
    Field(
        "period.name",
        LINE,
        "followup_periods.periods_page",
        (
            "page:followup_periods.periods_page",
            "page:followup_periods.period_page",
            *REPORT_PAGES,
            "mail:period_notice",
            "docx:followup_reports.annual",
        ),
        sampled=True,
    ),
    Field(
        "report.comment",
        TEXT,
        "followup_reports.report_page",
        (*REPORT_PAGES, "page:followup.goal_area", "docx:followup_reports.annual", "xlsx:followup_reports.annual"),
        weight=2,
        per_value=4,
        sampled=True,
    ),
    # Typed into the form like a line of text (no request's address carries it back), shown back when refused.
    Field("report.progress", LINE, "followup_reports.report_page (refused, shown back)", REPORT_PAGES, sampled=True),
)
FIELD = {f.key: f for f in FIELDS}


def fields_of(kind: str) -> list[Field]:
    return [f for f in FIELDS if f.kind == kind]


@cache
def shares(kind: str) -> dict[str, tuple[str, ...]]:
    """All payloads spread over the fields of one class, in proportion to their weights."""
    everything = list(payloads())
    random.Random(f"xss-{kind}").shuffle(everything)
    fields = [f for f in fields_of(kind) if not f.sampled and f.dealt_from is None]
    total = sum(f.weight for f in fields)
    result, start = {}, 0
    for index, field in enumerate(fields):
        end = len(everything) if index == len(fields) - 1 else start + round(len(everything) * field.weight / total)
        result[field.key] = tuple(everything[start:end])
        start = end
    for field in fields_of(kind):
        if field.sampled:
            size = round(len(everything) * field.weight / total)
            result[field.key] = tuple(random.Random(f"xss-{kind}-{field.key}").sample(everything, size))
    return result


def share(key: str) -> list[str]:
    field = FIELD[key]
    return list(shares(field.kind)[field.dealt_from or key])


def values(key: str) -> list[list[str]]:
    """The field's payloads grouped as they are typed: `per_value` payloads in one value."""
    payloads_, size = share(key), FIELD[key].per_value
    return [payloads_[i : i + size] for i in range(0, len(payloads_), size)]


# --- HTML ---------------------------------------------------------------------------------------------


def _template_tags() -> set[str]:
    tags = set()
    for path in TEMPLATES.rglob("*.html"):
        tags |= {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", path.read_text(encoding="utf-8"))}
    return tags


# Every tag the app itself renders: its templates, WTForms' widgets, and what app/html.py lets through.
APP_TAGS = frozenset(
    (_template_tags() - {"h"})
    | {"h1", "h2", "h3", "h4", "h5", "h6", "input", "select", "option", "optgroup", "textarea", "label", "ul", "li"}
    | set(ALLOWED_TAGS)
)
NEVER = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "svg",
    "math",
    "template",
    "noscript",
    "link",
    "meta",
    "img",
    "video",
    "audio",
    "source",
    "image",
    "isindex",
    "portal",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "codebase",
    "dynsrc",
    "lowsrc",
    "srcset",
    "manifest",
    "longdesc",
    "usemap",
    "archive",
    "classid",
    "icon",
    "profile",
}
BAD_URL = re.compile(r"^(javascript|vbscript|livescript|mocha|data|jar|feed):", re.IGNORECASE)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
LINK_SCHEMES = {"http", "https", "mailto"}  # what app/html.py lets through; relative links have none
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")
STATIC = "/static/"


def _url(value: str) -> str:
    return _INVISIBLE.sub("", value)


def parse_html(html: str | bytes):
    data = html.encode("utf-8") if isinstance(html, str) else html
    return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))


def _app_element(element, tag: str) -> bool:
    """The few elements of the NEVER kind that the app's own layout renders."""
    attrs = {k.lower(): v for k, v in element.attrib.items()}
    if tag == "script":
        return (
            attrs.keys() <= {"src", "defer"}
            and attrs.get("src", "").startswith(STATIC)
            and not (element.text or "").strip()
            and len(element) == 0
        )
    if tag == "link":
        return attrs.keys() == {"rel", "href"} and attrs["rel"] == "stylesheet" and attrs["href"].startswith(STATIC)
    if tag == "svg":  # the follow-up's bars (app/templates/followup/_bars.html): hidden, rectangles only
        bar_attrs = {"class", "viewbox", "preserveaspectratio", "width", "height", "aria-hidden", "focusable"}
        return (
            attrs.keys() <= bar_attrs
            and attrs.get("class", "").split()[:1] == ["bar"]
            and attrs.get("aria-hidden") == "true"
            and not (element.text or "").strip()
            and all(
                child.tag == "rect"
                and {k.lower() for k in child.attrib} <= {"class", "x", "y", "width", "height"}
                and len(child) == 0
                and not (child.text or "").strip()
                and not (child.tail or "").strip()
                for child in element
            )
        )
    if tag == "meta":
        viewport = attrs.get("name") == "viewport" and attrs.keys() == {"name", "content"}
        return attrs == {"charset": "utf-8"} or viewport
    return False


def html_problems(html) -> list[str]:
    """Everything in a page that user text could have turned into markup or script (`html`: text or parsed)."""
    document = html if isinstance(html, lxml.html.HtmlElement) else parse_html(html)
    found: list[str] = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Comment):
                found.append(f"an HTML comment: {str(element)[:80]!r}")
            else:
                found.append(f"a processing instruction: {str(element)[:80]!r}")
            continue
        tag = element.tag.lower()
        snippet = etree.tostring(element, encoding="unicode", with_tail=False)[:160]
        if tag in NEVER and not _app_element(element, tag):
            found.append(f"<{tag}> the app did not render: {snippet!r}")
        elif tag not in APP_TAGS and tag not in NEVER and tag not in {"html", "head", "body"}:
            found.append(f"<{tag}> is not a tag the app renders: {snippet!r}")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"event handler {name} on <{tag}>: {snippet!r}")
            elif name in {"style", "srcdoc", "formaction", "xmlns", "http-equiv"} or ":" in name:
                found.append(f"attribute {name} on <{tag}>: {snippet!r}")
            if name in URL_ATTRIBUTES and not (tag == "meta" and name == "content") and BAD_URL.match(_url(value)):
                found.append(f"{name}={value[:80]!r} on <{tag}>")
        scheme = SCHEME.match(_url(element.get("href") or ""))
        if tag == "a" and scheme and scheme.group(1).lower() not in LINK_SCHEMES:
            found.append(f"a link the app would not make: href={element.get('href')[:80]!r}")
        if tag == "form":
            found += _form_problems(element, snippet)
        if tag in {"button", "input"} and element.get("form") is not None:
            found.append(f"<{tag}> pointing at another form: {snippet!r}")
    return found


def _form_problems(form, snippet: str) -> list[str]:
    method = (form.get("method") or "").lower()
    action = form.get("action")
    problems = []
    if method not in {"get", "post"}:
        problems.append(f"a form without the app's explicit method: {snippet!r}")
    if action is not None and not re.match(r"^/(?!/)", _url(action)):
        problems.append(f"a form posting somewhere the app would not: action={action[:80]!r}")
    if method == "post" and not form.xpath(".//input[@type='hidden'][@name='csrf_token']"):
        problems.append(f"a POST form without the CSRF token (not the app's): {snippet!r}")
    return problems


def page_text(html) -> str:
    """What a person can read or find in the page: text, field values and labels, whitespace collapsed."""
    document = html if isinstance(html, lxml.html.HtmlElement) else parse_html(html)
    parts = [document.text_content()]
    for element in document.iter():
        if isinstance(element.tag, str):
            parts += [element.get(a) for a in ("value", "aria-label", "title", "placeholder") if element.get(a)]
    return normalise(" ".join(parts))


# --- downloads ----------------------------------------------------------------------------------------

# The fullwidth look-alikes are the point: spreadsheets read them as formula starts too.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")  # noqa: RUF001


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def csv_problems(data: bytes) -> list[str]:
    rows = csv_cells(data)
    found = [
        f"row {n + 1} has {len(r)} cells, the header {len(rows[0])}"
        for n, r in enumerate(rows)
        if len(r) != len(rows[0])
    ]
    found += [
        f"cell that a spreadsheet reads as a formula: {c[:80]!r}"
        for r in rows
        for c in r
        if c.startswith(FORMULA_START)
    ]
    return found


def csv_text(data: bytes) -> str:
    return normalise(" ".join(c.removeprefix("'") for row in csv_cells(data) for c in row))


XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx_problems(data: bytes) -> list[str]:
    """Text cells stay text: no formula, no hyperlink, no external link, nothing but the sheet parts."""
    found = []
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith(("xl/externalLinks", "xl/embeddings", "xl/activeX", "xl/vbaProject", "xl/connections")):
            found.append(f"an .xlsx part the app does not make: {name}")
        if name.endswith(".rels") and b'TargetMode="External"' in archive.read(name):
            found.append(f"an external relationship in {name}")
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            sheet = etree.fromstring(archive.read(name))
            for cell in sheet.iter(f"{{{XLSX_MAIN}}}c"):
                if cell.find(f"{{{XLSX_MAIN}}}f") is not None:
                    found.append(f"a formula in cell {cell.get('r')}")
                if cell.get("t") not in (None, "s", "inlineStr", "n"):
                    found.append(f"cell {cell.get('r')} of type {cell.get('t')!r}")
            if sheet.find(f"{{{XLSX_MAIN}}}hyperlinks") is not None:
                found.append(f"hyperlinks in {name}")
    return found


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return normalise(
        " ".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None)
    )


WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_NAMESPACES = {
    WORD,
    "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
# The app's tables of contents: the compilation's (two levels) and the adopted strategy's (three).
TOC_FIELDS = ('TOC \\o "1-2" \\h \\z \\u', 'TOC \\o "1-3" \\h \\z \\u')


def docx_problems(data: bytes) -> list[str]:
    """User text only in text runs: no fields but the app's table of contents, no links, no foreign XML."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    found = []
    body = etree.fromstring(archive.read("word/document.xml"))
    namespaces = {etree.QName(e).namespace for e in body.iter() if isinstance(e.tag, str)}
    found += [f"XML from another vocabulary: {n}" for n in sorted(namespaces - WORD_NAMESPACES)]
    for kind in ("hyperlink", "fldSimple", "object", "pict", "altChunk", "subDoc"):
        found += [f"a w:{kind} element" for _ in body.iter(f"{{{WORD}}}{kind}")]
    instructions = [e.text for e in body.iter(f"{{{WORD}}}instrText")]
    if instructions not in ([], *([toc] for toc in TOC_FIELDS)):
        found.append(f"field instructions other than the table of contents: {instructions[:3]!r}")
    for name in archive.namelist():
        if name.endswith(".rels") and b'TargetMode="External"' in archive.read(name):
            found.append(f"an external relationship in {name}")
        if name.startswith(("word/embeddings", "word/activeX")) or name.endswith(".bin"):
            found.append(f"a .docx part the app does not make: {name}")
    return found


def docx_text(data: bytes) -> str:
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return normalise(" ".join(e.text or "" for e in body.iter(f"{{{WORD}}}t")))


# --- e-mail -----------------------------------------------------------------------------------------

MAIL_HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "content-type",
    "content-transfer-encoding",
    "mime-version",
}


def mail_problems(message: EmailMessage) -> list[str]:
    """Plain text only, or HTML parts that pass the page check; only the app's headers."""
    found = [f"a header the app does not write: {k}" for k in message if k.lower() not in MAIL_HEADERS]
    for key in ("To", "Subject", "From"):
        if len(message.get_all(key) or []) != 1:
            found.append(f"{key} appears {len(message.get_all(key) or [])} times")
        if any(ch in str(message.get(key, "")) for ch in "\r\n"):
            found.append(f"a line break in {key}")
    for part in message.walk():
        kind = part.get_content_type()
        if part.is_multipart():
            continue
        if kind == "text/html":
            found += [f"HTML part: {p}" for p in html_problems(part.get_content())]
        elif kind != "text/plain":
            found.append(f"a {kind} part")
    return found


def mail_text(message: EmailMessage) -> str:
    body = "\n".join(p.get_content() for p in message.walk() if p.get_content_type() == "text/plain")
    return normalise(f"{message['Subject']} {message['To']} {body}")


# --- the browser ------------------------------------------------------------------------------------

# Our own page.evaluate calls carry this marker: Playwright runs them through the page's eval.
CHECK_MARK = "/*xss-check*/"

# Installed before any page script: records every call an injected script would make.
TRAP_SCRIPT = r"""
(() => {
  const hits = [];
  Object.defineProperty(window, "__xssTrap", { value: hits });
  const note = (what, args) => hits.push(`${what}: ${String(args && args.length ? args[0] : "").slice(0, 160)}`);
  const foreign = (url) => {
    try { return new URL(String(url), location.href).origin !== location.origin; } catch (e) { return true; }
  };
  const wrap = (owner, name, when = () => true) => {
    const original = owner[name];
    if (typeof original !== "function") return;
    owner[name] = function (...args) {
      if (when(args)) note(name, args);
      return original.apply(this, args);
    };
  };
  ["alert", "confirm", "prompt", "print", "open"].forEach((name) => wrap(window, name));
  wrap(window, "eval", (args) => !String(args[0]).includes("/*xss-check*/"));
  wrap(window, "setTimeout", (args) => typeof args[0] === "string");
  wrap(window, "setInterval", (args) => typeof args[0] === "string");
  wrap(window, "fetch", (args) => foreign(args[0] && args[0].url ? args[0].url : args[0]));
  wrap(navigator, "sendBeacon", (args) => foreign(args[0]));
  wrap(XMLHttpRequest.prototype, "open", (args) => foreign(args[1]));
  wrap(document, "write");
  wrap(document, "writeln");
  const OriginalFunction = Function;
  const Trapped = function (...args) { note("Function", [args.join(", ")]); return OriginalFunction.apply(this, args); };
  Trapped.prototype = OriginalFunction.prototype;
  window.Function = Trapped;
  Object.defineProperty(OriginalFunction.prototype, "constructor", { value: Trapped, writable: true, configurable: true });
  const violations = [];
  Object.defineProperty(window, "__cspViolations", { value: violations });
  document.addEventListener("securitypolicyviolation",
    (e) => violations.push(`${e.violatedDirective} ${e.blockedURI} ${String(e.sample || "").slice(0, 80)}`));
})();
"""

# The same rules as html_problems, on the live DOM after the page's scripts ran.
DOM_CHECK_SCRIPT = (
    CHECK_MARK
    + r"""
({ appTags, never, urlAttributes }) => {
  const found = [];
  const invisible = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;
  const badUrl = /^(javascript|vbscript|livescript|mocha|data|jar|feed):/i;
  const scheme = /^([a-z][a-z0-9+.\-]*):/i;
  const appElement = (el, tag) => {
    const names = el.getAttributeNames();
    const src = el.getAttribute("src") || "", href = el.getAttribute("href") || "";
    if (tag === "script") return names.every((n) => n === "src" || n === "defer") && src.startsWith("/static/")
      && !el.textContent.trim();
    if (tag === "link") return names.length === 2 && el.getAttribute("rel") === "stylesheet" && href.startsWith("/static/");
    if (tag === "meta") return (names.length === 1 && el.getAttribute("charset") === "utf-8")
      || (names.length === 2 && el.getAttribute("name") === "viewport" && el.hasAttribute("content"));
    return false;
  };
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.COMMENT_NODE) { found.push(`an HTML comment: ${node.data.slice(0, 80)}`); continue; }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = node.localName.toLowerCase();
    const snippet = node.outerHTML.slice(0, 160);
    if (node.namespaceURI !== "http://www.w3.org/1999/xhtml") found.push(`<${tag}> in ${node.namespaceURI}: ${snippet}`);
    if (never.includes(tag) && !appElement(node, tag)) found.push(`<${tag}> the app did not render: ${snippet}`);
    else if (!appTags.includes(tag) && !never.includes(tag) && !["html", "head", "body"].includes(tag))
      found.push(`<${tag}> is not a tag the app renders: ${snippet}`);
    if (node.shadowRoot) found.push(`a shadow root on <${tag}>`);
    for (const name of node.getAttributeNames()) {
      const lower = name.toLowerCase(), value = node.getAttribute(name) || "";
      if (lower.startsWith("on")) found.push(`event handler ${lower} on <${tag}>: ${snippet}`);
      else if (["style", "srcdoc", "formaction", "xmlns", "http-equiv"].includes(lower)
               || lower.includes(":")) found.push(`attribute ${lower} on <${tag}>: ${snippet}`);
      if (urlAttributes.includes(lower) && !(tag === "meta" && lower === "content")
          && badUrl.test(value.replace(invisible, ""))) found.push(`${lower}=${value.slice(0, 80)} on <${tag}>`);
    }
    const linkScheme = scheme.exec((node.getAttribute("href") || "").replace(invisible, ""));
    if (tag === "a" && linkScheme && !["http", "https", "mailto"].includes(linkScheme[1].toLowerCase()))
      found.push(`a link the app would not make: ${node.getAttribute("href").slice(0, 80)}`);
    if (tag === "form") {
      const method = (node.getAttribute("method") || "").toLowerCase();
      const action = node.getAttribute("action");
      if (!["get", "post"].includes(method)) found.push(`a form without the app's explicit method: ${snippet}`);
      if (action !== null && !/^\/(?!\/)/.test(action.replace(invisible, ""))) found.push(`a form action ${action.slice(0, 80)}`);
      if (method === "post" && !node.querySelector("input[type=hidden][name=csrf_token]"))
        found.push(`a POST form without the CSRF token: ${snippet}`);
    }
    if ((tag === "button" || tag === "input") && node.hasAttribute("form")) found.push(`<${tag}> pointing at another form`);
  }
  for (const key of Object.getOwnPropertyNames(window)) {
    if (/^(xss|XSS|_xss|__xss(?!Trap))/.test(key)) found.push(`a global set by injected code: ${key}`);
  }
  return found;
}
"""
)


TRAP_READ_SCRIPT = CHECK_MARK + " () => window.__xssTrap.slice()"
CSP_READ_SCRIPT = CHECK_MARK + " () => window.__cspViolations.slice()"


def dom_check_arguments() -> dict:
    return {"appTags": sorted(APP_TAGS), "never": sorted(NEVER), "urlAttributes": sorted(URL_ATTRIBUTES)}


def invitations_csv(rows: list[list[str]]) -> bytes:
    """A remissinstanser file (the import's columns, semicolon-separated) holding these rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Namn", "Aktörstyp", "Kommun", "Organisationsnummer", "E-post"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
