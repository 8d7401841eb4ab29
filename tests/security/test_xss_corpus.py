"""Every payload of the XSS corpus through every text field, and every page, export and e-mail that shows it.

Issue 7 ("Trust"): user text never runs as markup or script, anywhere. The inventory of fields and
of the places that show them is `xss.FIELDS`. The tests type the payloads into the real forms
(through the test client, with CSRF tokens), as the person who owns each form, and then open every
place the inventory names as the person who may see it. Everything the app answers on the way
(pages, forms shown again with their errors, JSON, downloads, e-mails in the outbox) goes through
the checks in xss.py. And each payload must be found, as text, in a place that shows its field, and
each place must show at least one payload of each field it lists: so the inventory is true, and no
payload was dropped or turned into markup on its way.

All payloads go through the comment boxes; the payloads are spread over the fields of each other
class (one-line, multi-line, Markdown, addresses, reflected values), so that each payload goes
through each class once. The counts are printed at the end of the run.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from itertools import zip_longest
from pathlib import Path
from urllib.parse import urlencode

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from consultation.drafts import DocumentVersion, Process
from consultation.jobs import JobStatus, queue
from consultation.meetings import Meeting, MeetingDocument, MeetingNote
from consultation.meetings.notes import parse_tags
from consultation.people import Organisation, User, passwords
from consultation.remiss import ConsultationRound, Response, RoundAccess
from consultation.review import AnalysisItem, CompilationFile, Theme
from consultation.search import SearchDocument
from consultation.timezones import local_today

from ..compilation.conftest import analyse_by_hand, respond
from ..conftest import PASSWORD
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_phases, add_round
from . import xss
from .xss import FIELD, FIELDS, normalise, share

PDF = b"%PDF-1.4\n% samrad xss\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MAIL_PLACES = {  # the subject says which template wrote the e-mail
    "Kvitto: remissvar": "mail:receipt",
    "Bekräfta din e-postadress": "mail:confirm",
    "bjuder in dig till Samråd": "mail:colleague",
    "Inbjudan att lämna remissvar": "mail:invitation",
    "Påminnelse": "mail:reminder",
    "hanterats": "mail:feedback",
    "Tillgänglighetsproblem": "mail:accessibility_report",
    "Ditt konto i Samråd": "mail:set_password",
    "Dags att rapportera": "mail:period_notice",
}
DOWNLOADS = {
    "text/csv": ("csv", xss.csv_problems, xss.csv_text),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", xss.xlsx_problems, xss.xlsx_text),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "docx",
        xss.docx_problems,
        xss.docx_text,
    ),
}


@pytest.fixture(scope="module", autouse=True)
def _corpus():
    xss.require_corpus()


@pytest.fixture(autouse=True)
def _cheap_passwords(monkeypatch):
    """Dozens of accounts are made through the forms; argon2id at full cost would take much of the run."""
    monkeypatch.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


# --- what was typed, what was checked ---------------------------------------------------------------


@dataclass
class Tally:
    """Totals over the module, printed at the end."""

    documents: Counter = field(default_factory=Counter)  # place kind -> documents checked
    places: dict = field(default_factory=lambda: defaultdict(set))  # field -> places verified
    typed: dict = field(default_factory=lambda: defaultdict(set))  # field -> payloads typed
    seconds: dict = field(default_factory=dict)

    def lines(self) -> list[str]:
        lines_, payloads = xss.corpus()
        combos = sum(len(self.typed[f]) * len(self.places[f]) for f in self.typed)
        corpus = set(payloads)
        every = corpus & set().union(*self.typed.values())
        kinds = {f.kind for f in FIELDS}
        per_kind = {
            k: len(corpus & set().union(*(self.typed.get(f.key, set()) for f in xss.fields_of(k))))
            for k in sorted(kinds)
        }
        return [
            f"XSS corpus: {lines_} non-blank lines, {len(payloads)} distinct payloads; "
            f"{len(every)} of them typed into {len(self.typed)} of the inventory's {len(FIELDS)} fields",
            "payloads per field class: " + ", ".join(f"{k} {n}" for k, n in per_kind.items()),
            "documents checked: " + ", ".join(f"{n} {k}" for k, n in sorted(self.documents.items())),
            f"distinct places verified: {len(set().union(*self.places.values())) if self.places else 0}; "
            f"payload x field x place combinations checked: {combos:,}".replace(",", " "),
            "seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()),
        ]


class _Summary:
    """A plugin registered by the module: prints the tally in pytest's terminal summary."""

    def __init__(self, tally: Tally):
        self.tally = tally

    def pytest_terminal_summary(self, terminalreporter):
        if self.tally.typed:
            terminalreporter.write_sep("-", "XSS corpus (tests/security/test_xss_corpus.py)")
            for line in self.tally.lines():
                terminalreporter.write_line(line)


@pytest.fixture(scope="module")
def tally(request):
    found = Tally()
    if not request.config.pluginmanager.has_plugin("xss-corpus-summary"):
        request.config.pluginmanager.register(_Summary(found), "xss-corpus-summary")
    yield found


@dataclass
class Document:
    url: str
    text: str


class Ledger:
    """Checks every answer, keeps its text by place, and remembers what went into which field."""

    def __init__(self, app, tally: Tally):
        self.app, self.tally = app, tally
        self.docs: dict[str, list[Document]] = defaultdict(list)
        self.problems: list[str] = []
        # field -> payload -> the forms the app may show it in (empty: the app keeps and shows it nowhere)
        self.typed: dict[str, dict[str, set[str]]] = defaultdict(dict)
        self.outbox = Path(app.config["MAIL_OUTBOX_DIR"])
        self.outbox.mkdir(parents=True, exist_ok=True)
        self.mail_seen = set(self.outbox.glob("*.eml"))

    def type(self, key: str, payload: str, *visible: str, shown: bool = True) -> str:
        """Note that `payload` went into field `key`: shown as typed, or as one of `visible` (the app's cleaning)."""
        forms = {normalise(v) for v in (payload, *visible)} if shown else set()
        forms |= {f.lower() for f in forms}
        self.typed[key][payload] = self.typed[key].get(payload, set()) | {f for f in forms if f}
        return payload

    def check(self, place: str, url: str, response) -> None:
        kind = response.mimetype
        data = response.get_data()
        if kind == "text/html":
            document = xss.parse_html(data)
            problems, text, tag = xss.html_problems(document), xss.page_text(document), "html"
        elif kind in DOWNLOADS:
            tag, check, read = DOWNLOADS[kind]
            problems, text = check(data), read(data)
        elif kind == "application/json":
            json.loads(data)  # well-formed; served as JSON, never as a page
            return
        else:
            return
        self.tally.documents[tag] += 1
        self.problems += [f"{place} {url}: {p}" for p in problems]
        self.docs[place].append(Document(url, text))

    def collect_mail(self) -> list:
        """Check the e-mails written since the last look; returns them."""
        new = sorted(set(self.outbox.glob("*.eml")) - self.mail_seen)
        parser = BytesParser(policy=policy.default)
        messages = []
        for path in new:
            self.mail_seen.add(path)
            message = parser.parsebytes(path.read_bytes())
            place = next((p for k, p in MAIL_PLACES.items() if k in str(message["Subject"])), None)
            if place is None:
                self.problems.append(f"an e-mail the inventory does not know: {message['Subject']!r}")
                place = "mail:?"
            self.tally.documents["e-mail"] += 1
            self.problems += [f"{place} to {message['To']}: {p}" for p in xss.mail_problems(message)]
            self.docs[place].append(Document(str(path.name), xss.mail_text(message)))
            messages.append(message)
        return messages

    def shows(self, place: str, forms: set[str]) -> bool:
        return any(f in doc.text for doc in self.docs.get(place, ()) for f in forms)

    def verify(self, keys) -> None:
        """No problem anywhere; every place of each field visited and showing it; every payload shown."""
        failures = list(self.problems[:40])
        if len(self.problems) > 40:
            failures.append(f"... and {len(self.problems) - 40} more problems")
        for key in keys:
            spec, typed = FIELD[key], self.typed.get(key, {})
            if not typed:
                failures.append(f"{key}: no payload was typed into it")
                continue
            self.tally.typed[key] |= set(typed)
            textual = spec.verbatim
            visible = [forms for forms in typed.values() if forms]  # none: every payload was refused unseen
            # A short payload ("-->", "alert") could turn up inside another's text: a place must show a long one.
            telling = [forms for payload, forms in typed.items() if forms and len(payload) >= 16] or visible
            for place in spec.shown:
                if place not in self.docs:
                    failures.append(f"{key}: the inventory says {place} shows it, but the test never opened it")
                elif textual and visible and not any(self.shows(place, forms) for forms in telling):
                    failures.append(f"{key}: none of its {len(typed)} payloads is shown as text on {place}")
                else:
                    self.tally.places[key].add(place)
            if textual:
                missing = [
                    p for p, forms in typed.items() if forms and not any(self.shows(pl, forms) for pl in spec.shown)
                ]
                if missing:
                    failures.append(
                        f"{key}: {len(missing)} of {len(typed)} payloads are not shown as text anywhere "
                        f"it should be, e.g. {missing[:3]!r}"
                    )
        assert not failures, "\n".join(failures)


class Site:
    """One person's browser: a test client with its own session, checking every answer."""

    def __init__(self, app, ledger: Ledger, email: str | None = None):
        self.client, self.ledger, self._token = app.test_client(), ledger, None
        if email:
            self.login(email)

    def login(self, email: str) -> Site:
        page = self.client.get("/logga-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        answer = self.client.post("/logga-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
        assert answer.status_code == 302, f"{email} could not log in ({answer.status_code})"
        self._token = None
        return self

    @property
    def token(self) -> str:
        if self._token is None:
            page = self.client.get("/").get_data(as_text=True)
            self._token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        return self._token

    def get(self, url: str, place: str, ok=(200,), **kwargs):
        answer = self.client.get(url, **kwargs)
        assert answer.status_code in ok, f"GET {url}: {answer.status_code}"
        self.ledger.check(place, url, answer)
        return answer

    def post(self, url: str, data: dict, place: str, ok=(302,)):
        answer = self.client.post(url, data={**data, "csrf_token": self.token})
        assert answer.status_code in ok, f"POST {url}: {answer.status_code} {answer.get_data(as_text=True)[:300]}"
        if answer.status_code != 302:
            self.ledger.check(place, url, answer)
        return answer


def text(w, key: str, group: list[str]) -> str:
    """Several payloads typed as the paragraphs of one multi-line text."""
    for payload in group:
        w.ledger.type(key, payload)
    return "\n\n".join(group)


def created_id(answer, pattern: str) -> int:
    return int(re.search(pattern, answer.headers["Location"]).group(1))


def hidden(answer, name: str) -> str:
    return hidden_fields(answer).get(name, "")


def hidden_fields(answer) -> dict[str, str]:
    """The page's hidden inputs (read with a regular expression: parsing a large page per field is slow)."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", answer.get_data(as_text=True)):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            found[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return found


@pytest.fixture
def ledger(app, tally):
    return Ledger(app, tally)


# --- the whole process, typed through its forms -------------------------------------------------------


@dataclass
class World:
    app: object
    session: object
    ledger: Ledger
    admin: Site = None
    sites: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    org_ids: list = field(default_factory=list)
    csv_org_ids: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # role -> email
    sections: list = field(default_factory=list)  # (id, key) of the round's version
    responses: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    rounds: list = field(default_factory=list)

    def site(self, role: str) -> Site:
        if role not in self.sites:
            self.sites[role] = Site(self.app, self.ledger, self.users.get(role))
        return self.sites[role]

    def fresh(self):
        self.session.expire_all()
        return self.session


def _organisations(w: World) -> None:
    """The register, through the admin's organisation form; the address fields are refused and shown back."""
    names, municipalities = share("organisation.name"), share("organisation.municipality")
    for n, name in enumerate(names):
        municipality = municipalities[n] if n < len(municipalities) else ""
        w.ledger.type("organisation.name", name)
        if municipality:
            w.ledger.type("organisation.municipality", municipality)
        w.admin.post(
            "/admin/organisationer/ny",
            {"name": name, "actor_type": "other", "municipality": municipality},
            "page:admin.organisation",
            ok=(302, 422),
        )
    for n, (number, email) in enumerate(
        zip_longest(share("organisation.organisation_number"), share("organisation.email"), fillvalue="")
    ):
        for key, value in (("organisation.organisation_number", number), ("organisation.email", email)):
            if value:
                w.ledger.type(key, value)
        w.admin.post(
            "/admin/organisationer/ny",
            {"name": f"Adressprov {n}", "actor_type": "other", "organisation_number": number, "email": email},
            "page:admin.organisation",
            ok=(302, 422),
        )
    stored = w.fresh().scalars(
        select(Organisation).where(Organisation.name.in_([normalise(n) for n in names])).order_by(Organisation.id)
    )
    w.org_ids = [o.id for o in stored]
    for organisation_id in w.org_ids[:8]:
        w.admin.get(f"/admin/organisationer/{organisation_id}", "page:admin.organisation")


def _users(w: World) -> None:
    """Accounts through the admin's user form; the first accepted names become the people of the process."""
    responding = w.org_ids[: -(-len(xss.payloads()) // (len(w.sections) + 1))]  # enough comment boxes for all
    roles = iter([("stakeholder", responding), ("colleague", responding), ("facilitator", []), ("working_group", [])])
    role, organisations = next(roles)
    for n, name in enumerate(share("user.name")):
        w.ledger.type("user.name", name)
        email = f"person{n}@xss.example"
        data = {
            "name": name,
            "email": email,
            "password": PASSWORD,
            "is_active": "y",
            "roles": [role if role != "colleague" else "stakeholder"] if role else ["stakeholder"],
            "organisation_ids": [str(i) for i in organisations],
        }
        answer = w.admin.post("/admin/anvandare/ny", data, "page:admin.user", ok=(302, 422))
        if answer.status_code == 302 and role:
            _choose_password(w, email)
            w.users[role] = email
            role, organisations = next(roles, (None, []))
    for n, value in enumerate(share("user.email")):
        w.ledger.type("user.email", value)
        w.admin.post(
            "/admin/anvandare/ny",
            {"name": f"Adressprov {n}", "email": value, "password": PASSWORD, "roles": ["stakeholder"]},
            "page:admin.user",
            ok=(302, 422),
        )
    w.ids["stakeholder"] = w.fresh().scalar(select(User.id).where(User.email == w.users["stakeholder"]))
    w.admin.get(f"/admin/anvandare/{w.ids['stakeholder']}", "page:admin.user")


def _choose_password(w: World, email: str) -> None:
    """A new user has no password until they choose one through the link the admin's form e-mailed them."""
    [mail] = [m for m in w.ledger.collect_mail() if m["To"] == email]
    link = re.search(r"https?://[^/\s]+(/valj-losenord/\S+)", xss.mail_text(mail)).group(1)
    person = Site(w.app, w.ledger)
    person.get(link, "page:accounts.set_password")
    person.post(link, {"password": PASSWORD, "password_again": PASSWORD}, "page:accounts.set_password")


def _draft_markdown(headings: list[str], bodies: list[str]) -> str:
    chunks = [bodies[i :: len(headings)] for i in range(len(headings))]
    return (
        "\n\n".join(
            f"# {n} {heading}\n\n" + "\n\n".join(chunk)
            for n, (heading, chunk) in enumerate(zip(headings, chunks), start=1)
        )
        + "\n"
    )


def _import_draft(w: World, markdown: str, title: str, note: str, ok=(200,)):
    url = f"/admin/processer/{w.ids['code']}/forslag/importera"
    file = (io.BytesIO(markdown.encode("utf-8")), "forslag.md")
    preview = w.admin.post(
        url, {"file": file, "title": title, "note": note, "action": "preview"}, "page:rounds.import_draft", ok=ok
    )
    if preview.status_code != 200:
        return None
    saved = w.admin.post(
        url,
        {
            "pending": hidden(preview, "pending"),
            "filename": "forslag.md",
            "title": title,
            "note": note,
            "action": "save",
        },
        "page:rounds.import_draft",
    )
    return saved


def _draft(w: World) -> None:
    """Drafts through the import form: titles and notes on small files, then one with hostile headings and text."""
    titles, notes = share("draft.title"), share("draft.note")
    # The document keeps the last title: the big import's, a long one so that finding it means something.
    last = max((t for t in titles if len(t) <= 300), key=len)
    titles = [t for t in titles if t != last] + [last]
    for title, note in zip_longest(titles[:-1], notes, fillvalue=""):
        for key, value in (("draft.title", title), ("draft.note", note)):
            if value:
                w.ledger.type(key, value)
        _import_draft(w, "# 1 Inledning\n\nText.\n", title, note, ok=(200, 422))
    _word_draft(w)
    headings, bodies = share("draft.heading"), share("draft.body")
    for payload in bodies:
        w.ledger.type("draft.body", payload)
    w.ledger.type("draft.title", titles[-1])
    # Headings longer than a section heading may be are refused, with the reason, and nothing is stored.
    too_long = [h for h in headings if len(h) > 300]
    if too_long:
        _import_draft(w, _draft_markdown(headings, bodies), titles[-1], "", ok=(422,))
    fitting = [h for h in headings if len(h) <= 300]
    assert _import_draft(w, _draft_markdown(fitting, bodies + too_long), titles[-1], "") is not None
    session = w.fresh()
    process_id = w.ids["process"]
    version = max((v for d in session.get(Process, process_id).documents for v in d.versions), key=lambda v: v.id)
    w.ids["version"] = version.id
    w.sections = [(s.id, s.key) for s in version.sections]
    # A draft until published; the rounds below consult on it, so it is published through its confirmation page.
    publish = f"/process/{w.ids['code']}/forslag/v{version.number}/publicera"
    w.admin.get(publish, "page:drafts.publish")
    w.admin.post(publish, {}, "page:drafts.publish")
    assert len(version.sections) == len(fitting)
    for payload, section in zip(fitting, version.sections):
        w.ledger.type("draft.heading", payload, section.heading)
    for payload in too_long:  # refused with the file's error message, which names the section, not the text
        w.ledger.type("draft.heading", payload, shown=False)


def _write_next_version(w: World) -> None:
    """The next version written in Samråd: sections added through the section form, previewed, then read."""
    code = w.ids["code"]
    start = w.admin.post(f"/process/{code}/forslag/nasta-version", {}, "page:drafts.write", ok=(302,))
    number = int(re.search(r"/forslag/v(\d+)", start.headers["Location"]).group(1))
    base = f"/process/{code}/forslag/v{number}"
    headings, bodies = share("draft.written_heading"), share("draft.written_body")
    for payload in bodies:
        w.ledger.type("draft.written_body", payload)
    form = {"level": "1", "base_revision": ""}
    w.admin.get(f"{base}/avsnitt/ny", "page:drafts.edit_section")
    w.admin.post(
        f"{base}/avsnitt/ny",
        {**form, "number": "90", "heading": "Förhandsgranskning", "body": bodies[0], "action": "preview"},
        "page:drafts.edit_section",
        ok=(200,),
    )
    for n, heading in enumerate(headings):
        body = bodies[n % len(bodies)] if bodies else ""
        answer = w.admin.post(
            f"{base}/avsnitt/ny",
            {**form, "number": f"90.{n}", "heading": heading, "body": body, "action": "save"},
            "page:drafts.edit_section",
            ok=(302, 422),
        )
        stored = " ".join(heading.split())
        w.ledger.type("draft.written_heading", heading, stored, shown=answer.status_code == 302)
    w.admin.get(f"{base}/skriv", "page:drafts.write")
    w.admin.get(base, "page:main.draft_version")
    w.admin.get(f"/process/{code}/forslag/jamfor?till={number}", "page:main.compare")


def _adoption(w: World) -> None:
    """The council's decision: every body and reference typed and shown back on a refusal; the last pair is saved."""
    url = f"/process/{w.ids['code']}/forslag/v{w.fresh().get(DocumentVersion, w.ids['version']).number}/anta"
    w.admin.get(url, "page:drafts.adopt")
    # The pair saved last must fit the column's 200 characters and be long enough to be told apart on a page.
    bodies, references = (
        sorted(share(key), key=lambda p: (20 <= len(p.strip()) <= 200, -len(p)))
        for key in ("adoption.body", "adoption.reference")
    )
    for body, reference in zip_longest(bodies[:-1], references[:-1], fillvalue=""):
        for key, payload in (("adoption.body", body), ("adoption.reference", reference)):
            if payload:
                w.ledger.type(key, payload)
        # No date: refused, and both texts come back in the form.
        w.admin.post(url, {"body": body, "decided_on": "", "reference": reference}, "page:drafts.adopt", ok=(422,))
    w.ledger.type("adoption.body", bodies[-1])
    w.ledger.type("adoption.reference", references[-1])
    decided = str(local_today() - timedelta(days=1))
    w.admin.post(
        url, {"body": bodies[-1], "decided_on": decided, "reference": references[-1]}, "page:drafts.adopt", ok=(302,)
    )


def _word_draft(w: World) -> None:
    """A Word file's headings and paragraphs: the preview lists the headings (it is not saved)."""
    import docx

    document, payloads = docx.Document(), share("draft.word")
    headings, paragraphs = payloads[::4], [p for n, p in enumerate(payloads) if n % 4]
    for n, heading in enumerate(headings):
        document.add_heading(heading, level=1)
        for paragraph in paragraphs[n * 3 : (n + 1) * 3]:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    for heading in headings:
        w.ledger.type("draft.word", heading, shown=len(heading) <= 300)
    for paragraph in paragraphs:
        w.ledger.type("draft.word", paragraph, shown=False)
    fitting = [h for h in headings if len(h) <= 300]
    if len(fitting) < len(headings):  # too long for a heading: refused, with the reason
        w.admin.post(
            f"/admin/processer/{w.ids['code']}/forslag/importera",
            {"file": (io.BytesIO(buffer.getvalue()), "forslag.docx"), "action": "preview"},
            "page:rounds.import_draft",
            ok=(422,),
        )
        document = docx.Document()
        for heading in fitting:
            document.add_heading(heading, level=1)
        buffer = io.BytesIO()
        document.save(buffer)
    w.admin.post(
        f"/admin/processer/{w.ids['code']}/forslag/importera",
        {"file": (io.BytesIO(buffer.getvalue()), "forslag.docx"), "action": "preview"},
        "page:rounds.import_draft",
        ok=(200,),
    )


def _rounds(w: World) -> None:
    """Remiss rounds through the round form: every title and introduction typed; the first is the one answered."""
    today = local_today()
    titles, introductions = share("round.title"), share("round.introduction")
    # The first round is the one answered, whose title every e-mail carries: a long title, so that
    # finding it in a mail means something (whichever payloads the share gave this field).
    first = max((t for t in titles if 16 <= len(t.strip()) <= 300), key=len, default=titles[0])
    titles = [first, *(t for t in titles if t != first)]
    per_round = -(-len(introductions) // len(titles))
    url = f"/admin/processer/{w.ids['code']}/rundor/ny"
    for n, title in enumerate(titles):
        introduction = "\n\n".join(introductions[n * per_round : (n + 1) * per_round])
        w.ledger.type("round.title", title)
        for payload in introductions[n * per_round : (n + 1) * per_round]:
            w.ledger.type("round.introduction", payload)
        answer = w.admin.post(
            url,
            {
                "title": title,
                "version_id": str(w.ids["version"]),
                "opens_on": str(today - timedelta(days=1)),
                "opens_time": "08:00",
                "closes_on": str(today + timedelta(days=10)),
                "closes_time": "23:59",
                "access": "open",
                "introduction": introduction,
            },
            "page:rounds.edit_round",
            ok=(302, 422),
        )
        if answer.status_code == 302:
            w.rounds.append(created_id(answer, r"/rundor/(\d+)"))
    w.ids["round"] = w.rounds[0]
    for round_id in w.rounds[:5]:
        w.admin.get(f"/admin/processer/{w.ids['code']}/rundor/{round_id}", "page:rounds.edit_round")


def _invitations(w: World) -> None:
    """The remissinstanser CSV: hostile names and municipalities imported, hostile types, numbers, addresses refused."""
    rows = []
    municipalities, emails = share("csv.municipality"), share("csv.email")
    for n, name in enumerate(share("csv.name")):
        rows.append(
            [name, "kommun", municipalities[n] if n < len(municipalities) else "", "", f"instans{n}@xss.example"]
        )
        w.ledger.type("csv.name", name)  # every name is in the preview
    for n, value in enumerate(share("csv.actor_type")):
        rows.append([f"Typprov {n}", value, "", "", ""])
        w.ledger.type("csv.actor_type", value, value.strip().lower())  # quoted in the row's error
    for n, value in enumerate(share("csv.organisation_number")):
        rows.append([f"Nummerprov {n}", "övrig", "", value, ""])
        digits = re.sub(r"\D", "", value)
        w.ledger.type("csv.organisation_number", value, f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else value)
    for n, value in enumerate(emails):
        rows.append([f"Adressprov {n}", "övrig", "", "", value])
    url = f"/admin/rundor/{w.ids['round']}/remissinstanser"
    preview = w.admin.post(
        url,
        {"file": (io.BytesIO(xss.invitations_csv(rows)), "instanser.csv"), "action": "preview"},
        "page:rounds.import_invitations",
        ok=(422,),
    )
    w.admin.post(
        url,
        {"pending": hidden(preview, "pending"), "good_rows_only": "y", "action": "import"},
        "page:rounds.import_invitations",
    )
    names = [normalise(r[0]) for r in rows[: len(share("csv.name"))]]
    stored = w.fresh().scalars(select(Organisation).where(Organisation.name.in_(names)).order_by(Organisation.id)).all()
    w.csv_org_ids = [o.id for o in stored]
    # A municipality or an address is shown (in the register) only when its row was imported.
    kept = {o.name: o for o in stored}
    for row in rows[: len(share("csv.name"))]:
        if row[2]:
            w.ledger.type("csv.municipality", row[2], shown=normalise(row[0]) in kept)
    kept_emails = set(w.fresh().scalars(select(Organisation.email).where(Organisation.email.is_not(None))))
    for value in emails:
        w.ledger.type("csv.email", value, shown=value.strip().lower() in kept_emails)
    w.admin.post(f"/admin/rundor/{w.ids['round']}/skicka-inbjudningar", {}, "page:rounds.overview")
    assert len(w.ledger.collect_mail()) > 100
    result = w.app.test_cli_runner().invoke(args=["remiss", "remind", "--round", str(w.ids["round"])])
    assert result.exit_code == 0, result.output
    assert len(w.ledger.collect_mail()) > 100, result.output


def _responses(w: World) -> None:
    """Every payload as a comment: saved with the button or by autosave, submitted, and in a colleague's conflict."""
    stakeholder = w.site("stakeholder")
    boxes = ["whole"] + [str(section_id) for section_id, _ in w.sections]
    comments = list(xss.payloads())
    owners = [f"org-{i}" for i in w.org_ids[: -(-len(comments) // len(boxes))]]
    owners[-1] = "person"  # the last one as a private person who lets the name be published
    round_id = w.ids["round"]
    for n, owner in enumerate(owners):
        texts = comments[n * len(boxes) : (n + 1) * len(boxes)]
        if not texts:
            break
        answer = stakeholder.post(f"/remiss/{round_id}/svar", {"owner": owner}, "page:remiss.round_page")
        response_id = created_id(answer, r"/svar/(\d+)")
        w.responses.append(response_id)
        data = {f"comment-{box}": comment for box, comment in zip(boxes, texts)}
        for comment in texts:
            w.ledger.type("comment.body", comment)
        if n % 3 == 1:
            stakeholder.post(f"/svar/{response_id}/autospara", data, "json:remiss.autosave", ok=(200,))
        else:
            stakeholder.post(f"/svar/{response_id}", {**data, "action": "save"}, "page:remiss.edit")
        page = hidden_fields(stakeholder.get(f"/svar/{response_id}", "page:remiss.edit"))
        revisions = {box: page.get(f"revision-{box}", "") for box in boxes}
        stakeholder.post(
            f"/svar/{response_id}",
            {**data, **{f"revision-{b}": r for b, r in revisions.items()}, "action": "submit", "consent": "1"},
            "page:remiss.edit",
        )
    assert len(w.ledger.collect_mail()) == len(w.responses)
    # A colleague saves over the first response from a page read before it: both texts are shown.
    first = w.responses[0]
    mine = {f"comment-{b}": t for b, t in zip(boxes, reversed(comments[: len(boxes)]))}
    w.site("colleague").post(
        f"/svar/{first}",
        {**mine, **{f"revision-{b}": "0" for b in boxes}, "action": "save"},
        "page:remiss.edit",
        ok=(409,),
    )
    for response_id in w.responses:
        stakeholder.get(f"/svar/{response_id}/kvitto", "page:remiss.receipt")
        stakeholder.get(f"/svar/{response_id}/version/1", "page:remiss.submission")


def _declines(w: World) -> None:
    """Invited organisations decline with hostile reasons (the stakeholder joins them through the user form)."""
    reasons = [text(w, "decline.reason", group) for group in xss.values("decline.reason")]
    # One invited organisation of the stakeholder's stays undeclined, so that the decline form is
    # still there for the refused post at the end: more reasons than that go in the last one.
    room = max(1, len(w.csv_org_ids) - 1)
    if len(reasons) > room:
        reasons = [*reasons[: room - 1], "\n\n".join(reasons[room - 1 :])]
    declining = w.csv_org_ids[: len(reasons)]
    undeclined = w.csv_org_ids[len(reasons) : len(reasons) + 1]
    stakeholder_id = w.ids["stakeholder"]
    session = w.fresh()
    user = session.get(User, stakeholder_id)
    w.admin.post(
        f"/admin/anvandare/{stakeholder_id}",
        {
            "name": user.name,
            "email": user.email,
            "roles": ["stakeholder"],
            "is_active": "y",
            "organisation_ids": [str(i) for i in w.org_ids[: len(w.responses)] + declining + undeclined],
        },
        "page:admin.user",
    )
    stakeholder = w.site("stakeholder")
    url = f"/remiss/{w.ids['round']}/avsta"
    stakeholder.get(url, "page:remiss.decline")
    for organisation_id, reason in zip(declining, reasons):
        stakeholder.post(
            url, {"organisation_id": str(organisation_id), "reason": reason}, "page:remiss.decline", ok=(302, 422)
        )
    # Shown back when refused: a reason on behalf of an organisation that already answered.
    stakeholder.post(
        url, {"organisation_id": str(w.org_ids[0]), "reason": reasons[0]}, "page:remiss.decline", ok=(422, 200)
    )


def _meeting_form(title, theme, location, description, starts, organisation_ids, facilitator_id, url=""):
    return {
        "kind": "dialogue",
        "title": title,
        "theme": theme,
        "location": location,
        "description": description,
        "starts_on": str(starts),
        "starts_time": "13:00",
        "ends_time": "16:00",
        "online_url": url,
        "facilitator_ids": [str(facilitator_id)],
        "invited_organisation_ids": [str(i) for i in organisation_ids],
        "is_published": "y",
    }


def _meetings(w: World) -> None:
    """Meetings, attendance, documents and notes through the facilitator's forms; the notes are published."""
    session = w.fresh()
    facilitator = session.scalar(select(User).where(User.email == w.users["facilitator"]))
    process = session.get(ConsultationRound, w.ids["round"]).process
    process.facilitators.append(facilitator)
    session.commit()
    site, today = w.site("facilitator"), local_today()
    url = f"/process/{w.ids['code']}/dialogtraffar/ny"
    titles, themes, places = share("meeting.title"), share("meeting.theme"), share("meeting.location")
    invited = w.org_ids[:3] + w.csv_org_ids[:3]
    descriptions = [text(w, "meeting.description", group) for group in xss.values("meeting.description")]
    for n, description in enumerate(descriptions):
        title, theme, place = (
            w.ledger.type(key, source[n]) if n < len(source) else plain
            for key, source, plain in (
                ("meeting.title", titles, f"Dialogträff {n}"),
                ("meeting.theme", themes, "Kompetens"),
                ("meeting.location", places, "Fjällby"),
            )
        )
        starts = today + timedelta(days=(n % 40) - 20)
        answer = site.post(
            url,
            _meeting_form(title, theme, place, description, starts, invited, facilitator.id),
            "page:meetings.edit",
            ok=(302, 422),
        )
        if answer.status_code == 302:
            w.meetings.append(created_id(answer, r"/dialogtraffar/(\d+)"))
    for n, link in enumerate(share("meeting.online_url")):
        w.ledger.type("meeting.online_url", link)
        site.post(
            url,
            _meeting_form(f"Digital träff {n}", "", "", "", today + timedelta(days=3), [], facilitator.id, link),
            "page:meetings.edit",
            ok=(302, 422),
        )
    # Not today's (13:00): whether it is still to come, and so which meeting this is and what its pages offer,
    # would depend on the hour the suite runs.
    future = [m for m in w.meetings if w.fresh().get(Meeting, m).starts_at > datetime.now(UTC) + timedelta(days=1)]
    first = future[0]
    w.ids["meeting"] = first

    lines = share("attendance.others")
    for part, meeting_id in enumerate(future[:3]):
        chunk = lines[part::3]
        for line in chunk:
            name, _, affiliation = line.partition(",")
            w.ledger.type("attendance.others", line, name, affiliation)
        site.post(
            f"/dialogtraffar/{meeting_id}/narvaro",
            {"organisation_ids": [str(i) for i in invited], "others": "\n".join(chunk)},
            "page:meetings.attendance",
            ok=(302, 422),
        )
        site.get(f"/dialogtraffar/{meeting_id}/narvaro", "page:meetings.attendance")

    for title, name in zip_longest(share("document.title"), share("document.filename"), fillvalue=None):
        upload = {"title": title or "Dokument", "file": (io.BytesIO(PDF), (name or "dokument") + ".pdf")}
        answer = site.post(f"/dialogtraffar/{first}/dokument", upload, "page:meetings.manage", ok=(302, 422))
        # The file name is cleaned (no folders, no control or markup characters) before it is kept.
        stored = (
            w.fresh().scalar(
                select(MeetingDocument).where(MeetingDocument.meeting_id == first).order_by(MeetingDocument.id.desc())
            )
            if answer.status_code == 302
            else None
        )
        if title:
            w.ledger.type("document.title", title)
        if name:
            w.ledger.type(
                "document.filename", name, *([stored.original_filename] if stored else []), shown=stored is not None
            )

    bodies = [text(w, "note.body", group) for group in xss.values("note.body")]
    tags, owners = xss.values("note.tags"), share("note.owner_name")
    section_id = w.sections[0][0]
    with_notes = future[:10]
    for n, body in enumerate(bodies):
        meeting_id = with_notes[n % len(with_notes)]
        tag = ", ".join(tags[n]) if n < len(tags) else ""
        owner = owners[n] if n < len(owners) else ""
        for payload in tags[n] if n < len(tags) else ():
            w.ledger.type("note.tags", payload, *parse_tags(payload))
        if owner:
            w.ledger.type("note.owner_name", owner)
        site.post(
            f"/dialogtraffar/{meeting_id}/anteckningar/ny",
            {
                "kind": "next_step" if owner else "proposal",
                "body": body,
                "tags": tag,
                "owner_name": owner,
                "section_ids": [str(section_id)] if n % 2 else [],
                "step_status": "open",
            },
            "page:meetings.note",
            ok=(302, 422),
        )
    for meeting_id in with_notes:
        site.post(f"/dialogtraffar/{meeting_id}/publicera", {}, "page:meetings.manage")
    w.notes = list(w.fresh().scalars(select(MeetingNote.id).where(MeetingNote.meeting_id.in_(with_notes))))


def _close(w: World) -> None:
    session = w.fresh()
    session.get(ConsultationRound, w.ids["round"]).closes_at = datetime.now(UTC) - timedelta(minutes=5)
    session.commit()
    # Too late: the text typed after the deadline is shown back, not lost and not run.
    boxes = ["whole"] + [str(section_id) for section_id, _ in w.sections]
    texts = list(xss.payloads())[-len(boxes) :]
    w.site("stakeholder").post(
        f"/svar/{w.responses[0]}",
        {**{f"comment-{b}": t for b, t in zip(boxes, texts)}, "action": "save"},
        "page:remiss.edit",
        ok=(409,),
    )


def _analysis(w: World) -> None:
    """A finished analysis (themes chosen by hand), then the working group renames and splits its themes."""
    session = w.fresh()
    round_ = session.get(ConsultationRound, w.ids["round"])
    comments = session.scalars(select(Response).where(Response.round_id == round_.id)).all()
    keys = [f"c{c.id}" for r in comments for c in r.comments] + [f"n{n}" for n in w.notes]
    themes = {f"Tema {n}": keys[n::6] for n in range(6)}
    campaign = [k for k in keys if k.startswith("c")][:3]
    run = analyse_by_hand(round_, themes, campaigns=[campaign])
    session.commit()
    w.ids["run"] = run.id
    member = w.site("working_group")
    base = f"/arbetsgrupp/analys/{run.id}"
    theme_ids = [t.id for t in sorted(run.themes, key=lambda t: t.rank)]
    for n, label in enumerate(share("theme.label")):
        w.ledger.type("theme.label", label)
        member.post(
            f"{base}/teman/{theme_ids[n % len(theme_ids)]}/namn", {"label": label}, "page:themes.theme", ok=(302, 422)
        )
    for n, label in enumerate(share("theme.split_label")):
        theme_id = theme_ids[n % len(theme_ids)]
        item = w.fresh().scalar(
            select(AnalysisItem.id).where(AnalysisItem.theme_id == theme_id).order_by(AnalysisItem.id.desc())
        )
        w.ledger.type("theme.split_label", label)
        member.post(
            f"{base}/teman/{theme_id}/texter",
            {
                "item_ids": [str(item)],
                "action": "split",
                "new_label": label,
                "target": str(theme_ids[(n + 1) % len(theme_ids)]),
            },
            "page:themes.theme",
            ok=(302, 422),
        )


def _positions_and_summaries(w: World) -> None:
    member, run_id = w.site("working_group"), w.ids["run"]
    session = w.fresh()
    items = session.scalars(
        select(AnalysisItem).join(Theme).where(Theme.run_id == run_id).order_by(AnalysisItem.id)
    ).all()
    comment_items = [i.comment_id for i in items if i.comment_id]
    note_items = [i.note_id for i in items if i.note_id]
    motivations = [text(w, "position.motivation", group) for group in xss.values("position.motivation")]
    half = len(motivations) // 2
    subjects = [("synpunkter", c) for c in comment_items[:half]] + [
        ("anteckningar", n) for n in note_items[: len(motivations) - half]
    ]
    for (kind, subject), motivation in zip(subjects, motivations):
        url = f"/arbetsgrupp/analys/{run_id}/{kind}/{subject}"
        member.post(
            url,
            {"decision": "partly", "motivation": motivation, "acted_on_section_key": "", "revision": "", "next": ""},
            "page:answers.comment",
            ok=(302, 422),
        )
        member.get(url, "page:answers.comment" if kind == "synpunkter" else "page:answers.note")
    # A colleague's position saved meanwhile: both motivations are shown, side by side.
    kind, subject = subjects[0]
    member.post(
        f"/arbetsgrupp/analys/{run_id}/{kind}/{subject}",
        {"decision": "noted", "motivation": motivations[1], "revision": ""},
        "page:answers.comment",
        ok=(409,),
    )
    # One position for a whole campaign, through the bulk form.
    campaign = session.scalar(
        select(AnalysisItem.campaign_id)
        .join(Theme)
        .where(Theme.run_id == run_id, AnalysisItem.campaign_id.is_not(None))
    )
    member.post(
        f"/arbetsgrupp/analys/{run_id}/kampanjer/{campaign}/svara",
        {"decision": "partly", "motivation": motivations[-1], "scope": "all", "overwrite": "y"},
        "page:answers.campaign",
    )

    round_id = w.ids["round"]
    keys = ["whole"] + [key for _, key in w.sections]
    theme_ids = list(
        w.fresh().scalars(
            select(Theme.id).where(Theme.run_id == run_id, Theme.merged_into_id.is_(None)).order_by(Theme.id)
        )
    )
    compilation = f"/arbetsgrupp/rundor/{round_id}/sammanstallning"
    urls = (
        [f"{compilation}/avsnitt/{key}/sammanfattning" for key in keys],
        [f"{compilation}/teman/{theme_id}/sammanfattning" for theme_id in theme_ids],
    )
    places = ("page:compilation.section_summary", "page:compilation.theme_summary")
    for key, targets, place in zip(("summary.section", "summary.theme"), urls, places):
        for n, group in enumerate(xss.values(key)):
            url = targets[n % len(targets)]
            page = member.get(url, place)
            member.post(url, {"text": text(w, key, group), "revision": hidden(page, "revision")}, place)
        # A save from a page read before someone else's: refused as a conflict, the typed text shown back.
        member.post(
            url, {"text": text(w, key, xss.values(key)[0]), "revision": hidden(page, "revision")}, place, ok=(409,)
        )


def _publish_and_redact(w: World) -> None:
    round_id = w.ids["round"]
    readiness = f"/arbetsgrupp/rundor/{round_id}/sammanstallning/publicera"
    seen = hidden_fields(w.admin.get(readiness, "page:compilation.publish"))
    w.admin.post(
        readiness,
        {"run_id": seen["run_id"], "unanswered": seen["unanswered"], "publish_unanswered": "y"},
        "page:compilation.publish",
    )
    # Publishing tells every respondent what became of their points, with a link to their own page.
    assert any("hanterats" in str(m["Subject"]) for m in w.ledger.collect_mail())
    session = w.fresh()
    comments = {
        c.submitted_body: c.id
        for r in session.scalars(select(Response).where(Response.round_id == round_id))
        for c in r.comments
        if c.submitted_body
    }
    reasons = xss.values("redaction.reason")
    for n, passage in enumerate(share("redaction.passage")):
        comment_id = comments.get(passage.strip(), next(iter(comments.values())))
        w.ledger.type("redaction.passage", passage)
        reason = text(w, "redaction.reason", reasons[n % len(reasons)])
        url = f"/arbetsgrupp/synpunkter/{comment_id}/maskering"
        if (
            w.admin.post(
                url, {"passage": passage, "reason": reason}, "page:compilation.redact", ok=(302, 422)
            ).status_code
            == 302
        ):
            w.admin.get(url, "page:compilation.redact")


def _visit(w: World) -> None:
    """Every place in the inventory, as the person who may see it."""
    code, round_id, run_id = w.ids["code"], w.ids["round"], w.ids["run"]
    session = w.fresh()
    public = Site(w.app, w.ledger)
    for url, place in (
        ("/", "page:main.index"),
        (f"/process/{code}", "page:main.process"),
        (f"/process/{code}/forslag", "page:main.draft"),
        (f"/process/{code}/forslag/jamfor", "page:main.compare"),
        (f"/process/{code}/forslag/jamfor.docx", "docx:main.compare_docx"),
        (f"/process/{code}/strategi", "page:main.strategy"),
        (f"/process/{code}/strategi.docx", "docx:main.strategy_docx"),
        ("/dialogtraffar", "page:meetings.upcoming"),
        (f"/process/{code}/dialogtraffar", "page:meetings.of_process"),
        (f"/process/{code}/nasta-steg", "page:meetings.next_steps"),
        (f"/process/{code}/remiss/{round_id}/svar", "page:compilation.public_responses"),
        (f"/process/{code}/remiss/{round_id}/vi-gjorde", "page:compilation.outcome"),
    ):
        public.get(url, place)
    for round_id_ in w.rounds:
        public.get(f"/remiss/{round_id_}", "page:remiss.round_page")
    for meeting_id in w.meetings:
        public.get(f"/dialogtraffar/{meeting_id}", "page:meetings.show")
    for order in ("avsnitt", "tema"):
        public.get(f"/process/{code}/remiss/{round_id}/sammanstallning?ordning={order}", "page:compilation.public")
        for fmt in ("docx", "xlsx", "csv") if order == "tema" else ("csv",):
            public.get(
                f"/process/{code}/remiss/{round_id}/sammanstallning.{fmt}?ordning={order}",
                f"{fmt}:compilation.public_download",
            )
    for response_id in w.responses:
        public.get(f"/process/{code}/remiss/{round_id}/svar/{response_id}", "page:compilation.public_response")
        w.admin.get(f"/svar/{response_id}/hantering", "page:compilation.feedback")

    stakeholder = w.site("stakeholder")
    stakeholder.get("/start", "page:main.start")
    stakeholder.get(f"/remiss/{round_id}", "page:remiss.round_page")
    stakeholder.get(f"/organisation/{w.org_ids[0]}/bjud-in", "page:accounts.invite_colleague")
    stakeholder.post(
        f"/organisation/{w.org_ids[0]}/bjud-in", {"email": "kollega@xss.example"}, "page:accounts.invite_colleague"
    )
    assert len(w.ledger.collect_mail()) == 1

    facilitator = w.site("facilitator")
    facilitator.get("/start", "page:main.start")
    for n, meeting_id in enumerate(w.meetings):
        facilitator.get(f"/dialogtraffar/{meeting_id}/hantera", "page:meetings.manage")
        facilitator.get(f"/dialogtraffar/{meeting_id}/anteckningar", "page:meetings.notes")
        if n % 4 == 0:  # the form shows what the meeting page shows, around the whole register's checkboxes
            facilitator.get(f"/dialogtraffar/{meeting_id}/andra", "page:meetings.edit")
    first_note = session.get(MeetingNote, w.notes[0])
    facilitator.get(
        f"/dialogtraffar/{first_note.meeting_id}/anteckningar/{first_note.id}/ta-bort", "page:meetings.delete_note"
    )
    for note in session.scalars(select(MeetingNote).where(MeetingNote.id.in_(w.notes))):
        if note.tags or note.owner_name:
            facilitator.get(f"/dialogtraffar/{note.meeting_id}/anteckningar/{note.id}", "page:meetings.note")

    member = w.site("working_group")
    review = f"/arbetsgrupp/rundor/{round_id}"
    member.get(f"{review}/svar", "page:review.responses")
    for response_id in w.responses:
        member.get(f"/arbetsgrupp/svar/{response_id}", "page:review.response")
        member.get(f"/arbetsgrupp/svar/{response_id}?utskrift=1", "page:review.response?utskrift")
    member.get(f"{review}/avsnitt", "page:review.sections")
    member.get(f"{review}/avsnitt/helhet", "page:review.section")
    for section_id, _ in w.sections:
        member.get(f"{review}/avsnitt/{section_id}", "page:review.section")
    member.get(f"{review}/synpunkter.csv", "csv:review.export_csv")
    member.get(f"{review}/synpunkter.xlsx", "xlsx:review.export_xlsx")
    notes = f"/arbetsgrupp/process/{code}/anteckningar"
    member.get(notes, "page:review.notes")
    member.get(f"{notes}?format=csv", "csv:review.notes")
    member.get(f"{notes}?format=xlsx", "xlsx:review.notes")
    search = f"/arbetsgrupp/process/{code}/sok"
    member.get(search, "page:search.search")  # the newest texts: comments
    member.get(f"{search}?actor_type=dialogue_meeting", "page:search.search")  # notes, under their meeting's title
    member.get(f"{search}?decision=partly", "page:search.search")  # the campaign's position and its motivation
    member.get(f"{search}?q=script+alert", "page:search.search")  # hits highlighted inside payloads
    text_id = session.scalar(select(SearchDocument.id).where(SearchDocument.source == "comment"))
    member.get(f"/arbetsgrupp/sok/texter/{text_id}/liknande", "page:search.similar")
    member.get(f"{review}/analys", "page:themes.runs")
    member.get(f"/arbetsgrupp/analys/{run_id}", "page:themes.run")
    member.get(f"/arbetsgrupp/analys/{run_id}/svara", "page:answers.overview")
    member.get(f"/arbetsgrupp/analys/{run_id}/obesvarade", "page:answers.unanswered")
    campaign = session.scalar(
        select(AnalysisItem.campaign_id)
        .join(Theme)
        .where(Theme.run_id == run_id, AnalysisItem.campaign_id.is_not(None))
    )
    member.get(f"/arbetsgrupp/analys/{run_id}/kampanjer/{campaign}/svara", "page:answers.campaign")
    for theme_id in session.scalars(select(Theme.id).where(Theme.run_id == run_id, Theme.merged_into_id.is_(None))):
        member.get(f"/arbetsgrupp/analys/{run_id}/teman/{theme_id}", "page:themes.theme")
        member.get(f"/arbetsgrupp/analys/{run_id}/teman/{theme_id}/svara", "page:answers.theme")
    for order in ("avsnitt", "tema"):
        member.get(f"{review}/sammanstallning?ordning={order}", "page:compilation.review")
        for fmt in ("docx", "xlsx", "csv") if order == "avsnitt" else ("csv",):
            member.get(f"{review}/sammanstallning.{fmt}?ordning={order}", f"{fmt}:compilation.review_download")
    # A large compilation's Word file, built by its job (here at once, in the request) and kept for its page.
    usual, w.app.config["COMPILATION_FILE_JOB_FROM"] = w.app.config["COMPILATION_FILE_JOB_FROM"], 1
    try:
        member.get(f"{review}/sammanstallning.docx?ordning=avsnitt", "docx:compilation.review_file_download")
    finally:
        w.app.config["COMPILATION_FILE_JOB_FROM"] = usual
    file_id = w.fresh().scalar(
        select(CompilationFile.id).where(
            CompilationFile.round_id == round_id, CompilationFile.variant.startswith("review:section:")
        )
    )
    member.get(f"{review}/sammanstallning/filer/{file_id}", "page:compilation.review_file")

    w.admin.get(f"/arbetsgrupp/rundor/{round_id}/sammanstallning/publicera", "page:compilation.publish")
    w.admin.get("/admin/organisationer", "page:admin.organisations")
    w.admin.get("/admin/anvandare", "page:admin.users")
    w.admin.get("/admin/logg", "page:admin.audit_log")
    # The jobs page names who started each job: here the working group member, whose name is a payload.
    session = w.fresh()
    member = session.scalar(select(User).where(User.email == w.users["working_group"]))
    failed = queue.enqueue(session, "analysis", {"run_id": w.ids["run"]}, started_by=member)
    failed.status, failed.error = JobStatus.FAILED, queue.UNEXPECTED
    session.commit()
    w.admin.get("/admin/jobb", "page:jobs.jobs_page")
    w.admin.get("/admin/jobb?status=failed", "page:jobs.jobs_page")
    w.admin.get(f"/admin/processer/{code}", "page:rounds.process")
    for round_id_ in w.rounds[:10]:
        w.admin.get(f"/admin/rundor/{round_id_}", "page:rounds.overview")


REMISS_FIELDS = [
    f.key
    for f in FIELDS
    if f.key.split(".")[0]
    in {
        "comment",
        "organisation",
        "user",
        "csv",
        "round",
        "draft",
        "adoption",
        "decline",
        "meeting",
        "attendance",
        "document",
        "note",
        "theme",
        "position",
        "summary",
        "redaction",
    }
]


def test_every_payload_through_the_forms_of_a_whole_remiss_stays_inert(app, db_session, ledger, tally, monkeypatch):
    """From the register and the draft to a published, redacted compilation; every place checked."""
    # One stakeholder sends every response, and each receipt must carry its payloads: above the daily cap.
    monkeypatch.setitem(app.config, "MAIL_CAP_RECEIPTS_PER_RECIPIENT_PER_DAY", 100)
    started = time.perf_counter()
    admin = UserFactory(roles=["admin"], email="samordnare@xss.example", name="Sam Samordnare")
    process = ProcessFactory(code="XSS2040", title="Regional utvecklingsstrategi 2040")
    add_phases(process, local_today())
    db_session.commit()
    w = World(app=app, session=db_session, ledger=ledger)
    w.ids.update(code=process.code, process=process.id)
    w.admin = Site(app, ledger, admin.email)
    w.sites["admin"] = w.admin

    for step in (
        _organisations,
        _draft,
        _adoption,
        _users,
        _rounds,
        _invitations,
        _responses,
        _declines,
        _meetings,
        _close,
        _analysis,
        _positions_and_summaries,
        _publish_and_redact,
        _visit,
        _write_next_version,
    ):
        step(w)
    tally.seconds["whole remiss"] = time.perf_counter() - started
    ledger.verify(REMISS_FIELDS)


def _letter_docx(paragraphs: list[str]) -> tuple[bytes, list[str]]:
    """A .docx of the paragraphs Word can hold (XML refuses some control characters), and those paragraphs."""
    from docx import Document as WordDocument

    document, kept = WordDocument(), []
    for paragraph in paragraphs:
        try:
            document.add_paragraph(paragraph)
        except ValueError:
            continue
        kept.append(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), kept


def test_every_payload_through_a_letter_stays_inert(app, db_session, ledger, tally, monkeypatch):
    """A letter's decision fields, its file name and its text (read by the job) on the review and response pages."""
    from consultation.letters import Letter, LetterStatus

    monkeypatch.setitem(app.config, "ANALYSIS_USE_EMBEDDINGS", False)
    started = time.perf_counter()
    process = ProcessFactory(code="XSS2041")
    round_ = add_round(process, add_draft(process, sections=3), access=RoundAccess.OPEN)
    organisation = OrganisationFactory(name="Brevskrivarna")
    writer = UserFactory(roles=["stakeholder"], organisations=[organisation], email="brev@xss.example")
    member = UserFactory(roles=["working_group"], email="grupp@xss.example")
    db_session.commit()
    site = Site(app, ledger, writer.email)
    answer = site.post(f"/remiss/{round_.id}/svar", {"owner": f"org-{organisation.id}"}, "page:remiss.round_page")
    response_id = created_id(answer, r"/svar/(\d+)")

    bodies, names = share("letter.decision_body"), share("letter.filename")
    groups = xss.values("letter.text")
    letters = []
    for n in range(max(len(groups), len(bodies), len(names))):
        data, kept = _letter_docx(groups[n] if n < len(groups) else ["Ett stycke."])
        body, name = (bodies[n] if n < len(bodies) else ""), (names[n] if n < len(names) else "brev")
        answer = site.client.post(
            f"/svar/{response_id}/brev",
            data={"file": (io.BytesIO(data), f"{name}.docx"), "decision_body": body, "csrf_token": site.token},
            content_type="multipart/form-data",
        )
        assert answer.status_code in (302, 422), answer.status_code
        if answer.status_code == 422:  # a decision too long for its field: shown back on the form
            ledger.check("page:letters.attach", f"/svar/{response_id}/brev", answer)
            continue
        letter = db_session.scalar(select(Letter).order_by(Letter.id.desc()))
        letters.append(letter.id)
        if body:
            ledger.type("letter.decision_body", body)
        if name:
            ledger.type("letter.filename", name, letter.filename)
        for paragraph in kept if n < len(groups) else ():
            ledger.type("letter.text", paragraph)
        site.post(f"/brev/{letter.id}/las-in", {}, "page:letters.show")  # the inline transport reads it now
        site.get(f"/brev/{letter.id}", "page:letters.show")
    site.get(f"/svar/{response_id}", "page:remiss.edit")

    # Confirmed and submitted, the response shows the letters to the working group.
    for letter_id in letters:
        if db_session.get(Letter, letter_id).status == LetterStatus.READ:
            site.post(f"/brev/{letter_id}/bekrafta", {}, "page:letters.show")
    page = hidden_fields(site.get(f"/svar/{response_id}", "page:remiss.edit"))
    boxes = {k: v for k, v in page.items() if k.startswith("revision-")}
    edit = site.client.get(f"/svar/{response_id}").get_data(as_text=True)
    texts = {m[0]: html.unescape(m[1]) for m in re.findall(r'name="(comment-[^"]+)"[^>]*>([^<]*)</textarea>', edit)}
    # Payloads seldom read as comments on a section: one typed comment makes sure there is something to send.
    texts["comment-whole"] = texts.get("comment-whole") or "En synpunkt på förslaget som helhet."
    site.post(f"/svar/{response_id}", {**texts, **boxes, "action": "submit"}, "page:remiss.edit")
    Site(app, ledger, member.email).get(f"/arbetsgrupp/svar/{response_id}", "page:review.response")
    tally.seconds["letters"] = time.perf_counter() - started
    ledger.verify(["letter.decision_body", "letter.filename", "letter.text"])


def test_every_payload_through_the_follow_up_forms_stays_inert(app, db_session, ledger, tally):
    """Insatser with hostile titles, descriptions, contacts and indicators: their pages and the .xlsx export."""
    from consultation.followup import Initiative

    from ..followup.conftest import adopt

    started = time.perf_counter()
    process = ProcessFactory(code="XSS2042")
    adoption = adopt(process)
    organisation = OrganisationFactory(name="Uppföljarna")
    admin = UserFactory(roles=["admin"], email="uppfoljning@xss.example")
    db_session.commit()
    coordinator = Site(app, ledger, admin.email)
    sections = adoption.version.sections
    titles, contacts, names = share("initiative.title"), share("initiative.contact_name"), share("indicator.name")
    descriptions = xss.values("initiative.description")
    base = f"/admin/processer/{process.code}/uppfoljning"
    for n in range(max(len(titles), len(contacts), len(names), len(descriptions))):
        data = {
            "title": ledger.type("initiative.title", titles[n]) if n < len(titles) else f"Insats {n}",
            "contact_name": ledger.type("initiative.contact_name", contacts[n]) if n < len(contacts) else "",
            "indicator_1_name": ledger.type("indicator.name", names[n]) if n < len(names) else "",
            "description": "\n\n".join(ledger.type("initiative.description", p) for p in descriptions[n])
            if n < len(descriptions)
            else "",
            "section_ids": str(sections[n % len(sections)].id),
            "status": "ongoing",
            "progress": "50",
        }
        # First without an owner: the form comes back with every text in it; then as it should be.
        coordinator.post(f"{base}/ny", data, "page:followup_admin.create", ok=(422,))
        coordinator.post(f"{base}/ny", {**data, "organisation_id": str(organisation.id)}, "page:followup_admin.create",
                         ok=(302, 422))  # fmt: skip
    created = db_session.scalars(select(Initiative.id).where(Initiative.process_id == process.id)).all()
    assert created
    for initiative_id in created:
        coordinator.get(f"/process/{process.code}/uppfoljning/insats/{initiative_id}", "page:followup.initiative")
    for section in sections:
        coordinator.get(
            f"/process/{process.code}/uppfoljning/mal/{section.key}", "page:followup.goal_area", ok=(200, 404)
        )
    coordinator.get(base, "page:followup_admin.list_page")
    coordinator.get(f"{base}/insatser.xlsx", "xlsx:followup_admin.export")
    tally.seconds["follow-up"] = time.perf_counter() - started
    ledger.verify(["initiative.title", "initiative.description", "initiative.contact_name", "indicator.name"])


def test_every_payload_through_the_reporting_periods_stays_inert(app, db_session, ledger, tally, monkeypatch):
    """Periods with hostile names (their pages and the opening mail) and reports with hostile comments and
    progress, refused and shown back, then saved and shown on the report page."""
    from consultation.followup import initiatives
    from consultation.followup.initiatives import IndicatorData, InitiativeData
    from consultation.people.access import SYSTEM

    from ..followup.conftest import adopt

    monkeypatch.setitem(app.config, "MAIL_CAP_ROUND_MAIL_PER_RECIPIENT_PER_DAY", 10**6)
    started = time.perf_counter()
    process = ProcessFactory(code="XSS2043")
    adoption = adopt(process)
    organisation = OrganisationFactory(name="Rapportörerna", email="rapport@xss.example")
    UserFactory(roles=["admin"], email="perioder@xss.example")
    UserFactory(roles=["stakeholder"], organisations=[organisation], email="rapportor@xss.example")
    made = initiatives.create_initiative(
        db_session,
        SYSTEM,
        process.code,
        InitiativeData(
            title="Insatsen",
            organisation_id=organisation.id,
            section_ids=[adoption.version.sections[0].id],
            indicators=[IndicatorData("Antal", "st", 0, 10)],
        ),
        datetime.now(UTC),
    )
    db_session.commit()
    coordinator = Site(app, ledger, "perioder@xss.example")
    base = f"/admin/processer/{process.code}/uppfoljning/perioder"
    deadline = (local_today() + timedelta(days=30)).isoformat()
    for name in share("period.name"):
        data = {"name": ledger.type("period.name", name), "deadline_on": deadline, "reminder_days": ""}
        coordinator.post(base, data, "page:followup_periods.periods_page", ok=(302, 422))
    ledger.collect_mail()
    listing = coordinator.get(base, "page:followup_periods.periods_page").get_data(as_text=True)
    period_ids = [int(i) for i in re.findall(r"/uppfoljning/perioder/(\d+)\"", listing)]
    assert period_ids
    reporter = Site(app, ledger, "rapportor@xss.example")
    for period_id in period_ids:
        coordinator.get(f"{base}/{period_id}", "page:followup_periods.period_page")
        reporter.get(
            f"/process/{process.code}/uppfoljning/perioder/{period_id}/rapport/{organisation.id}",
            "page:followup_reports.report_page",
        )
    report = f"/process/{process.code}/uppfoljning/perioder/{period_ids[0]}/rapport/{organisation.id}"
    progress = share("report.progress")
    for n, group in enumerate(xss.values("report.comment")):
        data = {
            f"status-{made.id}": "ongoing",
            f"progress-{made.id}": ledger.type("report.progress", progress[n % len(progress)]),
            f"comment-{made.id}": "\n\n".join(ledger.type("report.comment", p) for p in group),
            f"value-{made.indicators[0].id}": "5",
        }
        reporter.post(report, data, "page:followup_reports.report_page", ok=(422,))  # the progress is no number
        revision = hidden(reporter.get(report, "page:followup_reports.report_page"), f"revision-{made.id}")
        saved = {**data, f"progress-{made.id}": "50", f"revision-{made.id}": revision}
        reporter.post(report, saved, "page:followup_reports.report_page", ok=(302, 422))
        reporter.get(report, "page:followup_reports.report_page")
    for n in range(len(xss.values("report.comment")), len(progress)):
        data = {f"status-{made.id}": "ongoing", f"progress-{made.id}": ledger.type("report.progress", progress[n])}
        reporter.post(report, data, "page:followup_reports.report_page", ok=(422, 302))
    # The last comment saved, submitted and published: the public goal area page shows it.
    revision = hidden(reporter.get(report, "page:followup_reports.report_page"), f"revision-{made.id}")
    kept = {**saved, f"revision-{made.id}": revision, "action": "submit"}
    reporter.post(report, kept, "page:followup_reports.report_page", ok=(302, 422))
    coordinator.post(f"{base}/{period_ids[0]}/publicera", {}, "page:followup_periods.period_page")
    public = Site(app, ledger)
    public.get(f"/process/{process.code}/uppfoljning/mal/{adoption.version.sections[0].key}", "page:followup.goal_area")
    annual = f"/process/{process.code}/uppfoljning/perioder/{period_ids[0]}/arsrapport"
    public.get(annual + ".docx", "docx:followup_reports.annual")
    public.get(annual + ".xlsx", "xlsx:followup_reports.annual")
    tally.seconds["reporting periods"] = time.perf_counter() - started
    ledger.verify(["period.name", "report.comment", "report.progress"])


def test_every_payload_through_a_registered_response_stays_inert(app, db_session, ledger, tally, monkeypatch):
    """The coordinator registers letters that came by post: the region's diarienummer and a new organisation's
    name, on the response, the working group's pages and the receipt mailed to the organisation's contact."""
    monkeypatch.setitem(app.config, "MAIL_CAP_RECEIPTS_PER_RECIPIENT_PER_DAY", 10**6)
    started = time.perf_counter()
    process = ProcessFactory(code="XSS2041")
    round_ = add_round(process, add_draft(process, sections=3), access=RoundAccess.OPEN)
    UserFactory(roles=["admin"], email="registrator@xss.example", name="Rut Registrator")
    member = UserFactory(roles=["working_group"], email="grupp@xss.example")
    db_session.commit()
    site = Site(app, ledger, "registrator@xss.example")
    letter, _kept = _letter_docx(["Ett yttrande över förslaget."])
    received = (local_today() - timedelta(days=1)).isoformat()
    url = f"/admin/rundor/{round_.id}/registrera-remissvar"
    site.get(url, "page:rounds.register_response")
    numbers, names = share("registered_response.diarienummer"), share("registered_response.new_organisation_name")
    registered = []
    for n, (number, name) in enumerate(zip_longest(numbers, names, fillvalue="")):
        for attempt in (number, ""):  # a diarienummer too long for its field is shown back, then left out
            form = {
                "new_organisation_name": f"{name} {n}",
                "new_organisation_email": f"kontakt{n}@xss.example",
                "received_on": received,
                "diarienummer": attempt,
                "csrf_token": site.token,
                "files": (io.BytesIO(letter), "yttrande.docx"),
            }
            answer = site.client.post(url, data=form, content_type="multipart/form-data")
            assert answer.status_code in (302, 422), answer.status_code
            if answer.status_code == 302:
                break
            ledger.check("page:rounds.register_response", url, answer)
        if answer.status_code != 302:
            continue  # the name itself was refused (a clash once cleaned): shown back on the form only
        response = db_session.scalar(select(Response).order_by(Response.id.desc()))
        registered.append(response.id)
        if attempt:
            ledger.type("registered_response.diarienummer", attempt, response.diarienummer)
        if name:
            ledger.type("registered_response.new_organisation_name", name, response.organisation.name)
        site.get(f"/svar/{response.id}", "page:remiss.edit")
        site.post(
            f"/svar/{response.id}",
            {"comment-whole": "En synpunkt ur brevet.", "action": "submit", "send_receipt": "1"},
            "page:remiss.edit",
        )
        ledger.collect_mail()
    reader = Site(app, ledger, member.email)
    for page in range(1, len(registered) // 50 + 2):
        reader.get(f"/arbetsgrupp/rundor/{round_.id}/svar?sida={page}", "page:review.responses")
    for response_id in registered:
        reader.get(f"/arbetsgrupp/svar/{response_id}", "page:review.response")
    tally.seconds["registrations"] = time.perf_counter() - started
    ledger.verify(["registered_response.diarienummer", "registered_response.new_organisation_name"])


def test_every_payload_through_the_account_forms_stays_inert(app, db_session, ledger, tally, monkeypatch):
    """Registration, invitations of colleagues and the accounts made from them, and the accessibility report."""
    started = time.perf_counter()
    # One client address registers them all, and Anna invites hundreds: the mail caps are tested elsewhere.
    for cap in (
        "MAIL_CAP_PER_RECIPIENT_PER_DAY",
        "MAIL_CAP_PER_SENDER_PER_DAY",
        "MAIL_CAP_PER_CLIENT_ADDRESS_PER_HOUR",
    ):
        monkeypatch.setitem(app.config, cap, 10**6)
    UserFactory(roles=["admin"], email="samordnare@xss.example", name="Sam Samordnare")
    process = ProcessFactory(code="XSS2041")
    add_round(process, add_draft(process), access=RoundAccess.OPEN)  # registration needs an open round
    organisation = OrganisationFactory(name="Fjällby kommun")
    UserFactory(roles=["stakeholder"], organisations=[organisation], email="anna@xss.example", name="Anna")
    db_session.commit()
    w = World(app=app, session=db_session, ledger=ledger)
    public, admin = Site(app, ledger), Site(app, ledger, "samordnare@xss.example")
    anna = Site(app, ledger, "anna@xss.example")

    names, organisations = share("registration.name"), share("registration.organisation_name")
    municipalities = share("registration.municipality")
    for n in range(max(len(names), len(organisations), len(municipalities))):
        values_ = {}
        for key, source in (("name", names), ("organisation_name", organisations), ("municipality", municipalities)):
            values_[key] = w.ledger.type(f"registration.{key}", source[n]) if n < len(source) else f"Prov {n}"
        public.post(
            "/registrera",
            {
                **values_,
                "email": f"registrerad{n}@xss.example",
                "password": PASSWORD,
                "password_again": PASSWORD,
                "kind": "organisation",
                "actor_type": "municipality",
            },
            "page:accounts.register",
            ok=(200, 422),
        )
    for value in share("registration.email"):
        w.ledger.type("registration.email", value)
        public.post(
            "/registrera",
            {"name": "Adressprov", "email": value, "password": PASSWORD, "password_again": PASSWORD, "kind": "person"},
            "page:accounts.register",
            ok=(200, 422),
        )
    assert ledger.collect_mail()
    admin.get("/admin/organisationer/vantande", "page:admin.pending_organisations")
    admin.get("/admin/organisationer", "page:admin.organisations")

    invite = f"/organisation/{organisation.id}/bjud-in"
    for value in share("colleague.email"):
        w.ledger.type("colleague.email", value)
        anna.post(invite, {"email": value}, "page:accounts.invite_colleague", ok=(302, 422))
    account_names = share("invitation.account_name")
    for n in range(len(account_names)):
        anna.post(invite, {"email": f"kollega{n}@xss.example"}, "page:accounts.invite_colleague")
    anna.get(invite, "page:accounts.invite_colleague")
    links = [
        re.search(r"/inbjudan/(\S+)", m.get_body(("plain",)).get_content()).group(0)
        for m in ledger.collect_mail()
        if "kollega" in str(m["To"])
    ]
    for link, name in zip(links, account_names):
        w.ledger.type("invitation.account_name", name)
        newcomer = Site(app, ledger)
        newcomer.get(link, "page:accounts.accept")
        answer = newcomer.post(
            link,
            {"name": name, "password": PASSWORD, "password_again": PASSWORD},
            "page:accounts.accept",
            ok=(302, 422),
        )
        if answer.status_code == 302:
            newcomer.get("/start", "page:main.start")

    report = "/tillganglighet/rapportera"
    monkeypatch.setitem(app.config, "ACCESSIBILITY_REPORTS_PER_HOUR", 10**6)  # one address sends them all
    pages, descriptions = share("accessibility.page"), xss.values("accessibility.description")
    for n in range(max(len(pages), len(descriptions))):
        page = w.ledger.type("accessibility.page", pages[n]) if n < len(pages) else ""
        description = text(w, "accessibility.description", descriptions[n]) if n < len(descriptions) else "Menyn."
        public.post(report, {"page": page, "description": description}, "page:main.report_accessibility", ok=(200, 422))
    for value in share("accessibility.email"):
        w.ledger.type("accessibility.email", value)
        public.post(
            report,
            {"description": "Knappen går inte att nå med tangentbordet.", "email": value, "wants_answer": "y"},
            "page:main.report_accessibility",
            ok=(200, 422),
        )
    assert ledger.collect_mail()
    tally.seconds["accounts"] = time.perf_counter() - started
    ledger.verify(
        [
            f.key
            for f in FIELDS
            if f.key.split(".")[0] in {"registration", "colleague", "invitation"}
            or f.key in {"accessibility.page", "accessibility.description", "accessibility.email"}
        ]
    )


def test_every_payload_a_request_carries_back_stays_inert(app, db_session, ledger, tally):
    """Values the pages show back from the request: the login e-mail and `next`, query strings, filters, Referer."""
    started = time.perf_counter()
    process = ProcessFactory(code="XSS2042")
    add_draft(process)
    UserFactory(roles=["working_group"], email="grupp@xss.example", name="Greta Grupp")
    UserFactory(roles=["admin"], email="samordnare@xss.example", name="Sam Samordnare")
    db_session.commit()
    public, member = Site(app, ledger), Site(app, ledger, "grupp@xss.example")
    coordinator = Site(app, ledger, "samordnare@xss.example")  # before the failed logins below use up the address
    for value in share("login.email"):
        ledger.type("login.email", value)
        public.post(
            "/logga-in",
            {"email": value, "password": "inte-det-riktiga-losenordet"},
            "page:auth.login",
            ok=(200, 401, 422, 429),
        )
    for value in share("login.next"):
        ledger.type("login.next", value)
        public.get("/logga-in?" + urlencode({"next": value}), "page:auth.login")
    places = (
        ("/", "page:main.index"),
        ("/dialogtraffar", "page:meetings.upcoming"),
        ("/om-tjansten", "page:main.about"),
    )
    for n, group in enumerate(xss.values("query_string")):
        for value in group:
            ledger.type("query_string", value)
        url, place = places[n % len(places)]
        public.get(url + "?" + urlencode({f"q{i}": value for i, value in enumerate(group)}), place)
    for value in share("notes.tag_filter"):
        ledger.type("notes.tag_filter", value)
        member.get(
            f"/arbetsgrupp/process/{process.code}/anteckningar?" + urlencode({"tag": value}), "page:review.notes"
        )
    for value in share("search.query"):
        ledger.type("search.query", value)
        member.get(
            f"/arbetsgrupp/process/{process.code}/sok?" + urlencode({"q": value}), "page:search.search", ok=(200, 422)
        )
    round_ = add_round(
        process,
        process.documents[0].latest_version,
        closes_at=datetime.now(UTC) - timedelta(hours=1),
        opens_at=datetime.now(UTC) - timedelta(days=9),
    )
    response = respond(round_, {None: "En synpunkt på förslaget."}, organisation=OrganisationFactory())
    run = analyse_by_hand(round_, {"Tema": [f"c{response.comments[0].id}"]})
    db_session.commit()
    for value in share("answers.next"):
        ledger.type("answers.next", value)
        member.get(
            f"/arbetsgrupp/analys/{run.id}/synpunkter/{response.comments[0].id}?" + urlencode({"next": value}),
            "page:answers.comment",
        )
    for value in share("accessibility.sida"):
        ledger.type("accessibility.sida", value, value[:500])
        public.get("/tillganglighet/rapportera?" + urlencode({"sida": value}), "page:main.report_accessibility")
    reminder_round = round_.id
    for value in share("reminders.days"):
        ledger.type("reminders.days", value)
        # Refused (no payload is a list of days), so the form comes back with the text in it.
        coordinator.post(
            f"/admin/rundor/{reminder_round}/paminnelser",
            {"days": value, "local_time": "09:00"},
            "page:rounds.save_reminders",
            ok=(422,),
        )
    for value in share("accessibility.referrer"):
        ledger.type("accessibility.referrer", value)
        public.get(
            "/tillganglighet",
            "page:main.accessibility",
            headers={"Referer": "http://localhost/process/x?" + urlencode({"q": value})},
        )
    tally.seconds["reflected"] = time.perf_counter() - started
    ledger.verify([f.key for f in xss.fields_of(xss.REFLECTED)])


# --- the checks themselves can fail --------------------------------------------------------------------

PAGE = (
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Sida</title>'
    '<script src="/static/app.js" defer></script></head><body><main><h1>Rubrik</h1><p>{}</p></main></body></html>'
)


@pytest.mark.parametrize(
    "injected",
    [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">klicka</a>',
        '<a href=" jav&#x09;ascript:alert(1)">klicka</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klicka</a>',
        '<form action="https://evil.example/"><input name="q"></form>',
        '<form method="post" action="/logga-ut"><button>Logga ut</button></form>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "<svg><script>alert(1)</script></svg>",
        # Not the follow-up's bar: a bar holds nothing but rectangles.
        '<svg class="bar" aria-hidden="true"><a href="/x"><rect></rect></a></svg>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        "<style>body { display: none }</style>",
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        '<object data="javascript:alert(1)"></object>',
        '<embed src="x.swf">',
        '<base href="https://evil.example/">',
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<!-- <script>alert(1)</script> -->",
        '<button formaction="javascript:alert(1)">x</button>',
        "<details open ontoggle=alert(1)><summary>x</summary></details>",
        '<input autofocus onfocus="alert(1)">',
        "<x-widget>x</x-widget>",
    ],
)
def test_the_page_check_finds_injected_markup(injected):
    assert xss.html_problems(PAGE.format(injected)), injected


def test_the_page_check_passes_the_apps_own_pages(client):
    page = client.get("/logga-in").get_data(as_text=True)
    assert not xss.html_problems(page)
    assert not xss.html_problems(PAGE.format("&lt;script&gt;alert(1)&lt;/script&gt;"))


def test_a_payload_that_became_markup_is_not_found_as_text():
    """Harmless-looking markup that got through (no script, nothing flagged) still fails the text check."""
    shown = xss.page_text(PAGE.format("<b>fet</b> och <a href='/x'>länk</a>"))
    escaped = xss.page_text(PAGE.format("&lt;b&gt;fet&lt;/b&gt;"))
    assert normalise("<b>fet</b>") in escaped and normalise("<b>fet</b>") not in shown


def test_the_download_and_mail_checks_find_what_they_look_for():
    from email.message import EmailMessage

    import docx
    from openpyxl import Workbook

    assert xss.csv_problems("\ufeffText;Mer\r\n=1+1;'=2+2\r\n".encode("utf-8"))
    assert not xss.csv_problems("\ufeffText;Mer\r\n'=1+1;'@SUM(1)\r\n".encode("utf-8"))
    workbook = Workbook()
    workbook.active.append(["text", '=HYPERLINK("http://evil.example","klicka")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert xss.xlsx_problems(buffer.getvalue())
    document = docx.Document()
    paragraph = document.add_paragraph()
    field_ = docx.oxml.OxmlElement("w:fldSimple")
    field_.set(docx.oxml.ns.qn("w:instr"), 'HYPERLINK "http://evil.example"')
    paragraph._p.append(field_)
    buffer = io.BytesIO()
    document.save(buffer)
    assert xss.docx_problems(buffer.getvalue())
    message = EmailMessage()
    message["To"], message["Subject"], message["Bcc"] = "a@b.example", "Hej", "c@d.example"
    message.set_content("Text")
    message.add_alternative("<p>Hej</p><img src=x onerror=alert(1)>", subtype="html")
    problems = xss.mail_problems(message)
    assert any("Bcc" in p for p in problems) and any("HTML part" in p for p in problems)


# --- what the corpus found: long values refused with a reason, never a crash on PostgreSQL -----------------


def test_a_heading_too_long_for_a_section_is_refused_with_the_reason():
    from consultation.drafts.versions import parse_markdown
    from consultation.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        parse_markdown("# 1 Inledning\n\nText.\n\n# 2 " + "x" * 301 + "\n")
    assert "för lång" in str(refused.value)


def test_raw_html_in_a_draft_does_not_swallow_the_headings_after_it():
    """The sections are split as the text is shown: raw HTML is text, so a heading after it is still a heading."""
    from consultation.drafts.versions import parse_markdown

    draft = parse_markdown("# 1 Inledning\n\n<textarea autofocus onfocus=alert(1)>\n# 2 Mål\n\nText.\n")
    assert [s.heading for s in draft.sections] == ["Inledning", "Mål"]


def test_a_municipality_too_long_in_the_csv_is_a_row_error():
    from consultation.remiss.invitations import read_csv

    rows, problems = read_csv(xss.invitations_csv([["Fjällby kommun", "kommun", "x" * 101, "", ""]]))
    assert not problems and "100 tecken" in str(rows[0].errors[0])


def test_a_participant_name_too_long_is_refused(db_session):
    from consultation import meetings
    from consultation.errors import ValidationFailed
    from consultation.people.access import SYSTEM

    process = ProcessFactory()
    start = datetime.now(UTC).replace(microsecond=0)
    meeting = meetings.save_meeting(
        db_session,
        SYSTEM,
        process.id,
        meetings.MeetingData(
            kind="dialogue",
            title="Träff",
            theme="",
            description="",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        ),
    )
    with pytest.raises(ValidationFailed) as refused:
        meetings.register_attendance(
            db_session, SYSTEM, meeting.id, meetings.AttendanceData([], None, [("Anna", ""), ("x" * 201, "")])
        )
    assert list(refused.value.errors) == ["others"] and "rad 2" in str(refused.value)


def test_every_payload_through_the_council_forms_stays_inert(app, db_session, ledger, tally):
    """Councils, agenda points, minutes, decisions and commitments with hostile text, and the insatser made of them."""
    from consultation.followup import AgendaItem, Commitment, Council
    from consultation.meetings import MeetingKind

    from ..followup.conftest import adopt

    started = time.perf_counter()
    process = ProcessFactory(code="XSS2043")
    adoption = adopt(process)
    organisation = OrganisationFactory(name="Rådsmedlemmarna")
    admin = UserFactory(roles=["admin"], email="rad@xss.example")
    now = datetime.now(UTC)
    meeting = Meeting(
        process=process,
        kind=MeetingKind.COUNCIL,
        title="Rådsmöte",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
        is_published=True,
    )
    db_session.add(meeting)
    db_session.commit()
    coordinator = Site(app, ledger, admin.email)
    base = f"/process/{process.code}/uppfoljning/rad"
    names, descriptions = share("council.name"), xss.values("council.description")
    for n in range(max(len(names), len(descriptions))):
        data = {
            "name": ledger.type("council.name", names[n]) if n < len(names) else f"Råd {n}",
            "description": "\n\n".join(ledger.type("council.description", p) for p in descriptions[n])
            if n < len(descriptions)
            else "",
        }
        # First with no kind: the form comes back with its texts; then as it should be.
        coordinator.post(f"{base}/nytt", data, "page:councils.list_page", ok=(422,))
        coordinator.post(f"{base}/nytt", {**data, "kind": "larger"}, "page:councils.list_page", ok=(302, 422))
    coordinator.get(base, "page:councils.list_page")
    made = db_session.scalars(select(Council).where(Council.process_id == process.id).order_by(Council.id)).all()
    for council in made:
        coordinator.get(f"{base}/{council.id}", "page:councils.council")
    council = made[0]
    coordinator.post(f"{base}/{council.id}/moten", {"meeting_id": str(meeting.id)}, "page:councils.council")
    agenda = f"{base}/{council.id}/moten/{meeting.id}"
    area = str(next(s for s in adoption.version.sections if s.level == 1).id)
    titles, minutes = share("agenda_item.title"), xss.values("agenda_item.minutes")
    decisions, commitments = xss.values("agenda_item.decision"), xss.values("commitment.text")
    rounds = max(len(titles), len(minutes), len(decisions), len(commitments))
    for n in range(rounds):
        title = ledger.type("agenda_item.title", titles[n]) if n < len(titles) else f"Punkt {n}"
        coordinator.post(
            f"{agenda}/punkter", {"title": title, "goal_area_id": area}, "page:councils.agenda", ok=(302, 422)
        )
    coordinator.get(agenda, "page:councils.agenda")
    items = db_session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)).all()
    for item_id in items:  # each point's own page, where the draft's points are changed
        coordinator.get(f"{agenda}/punkter/{item_id}", "page:councils.edit_item")
    if len(items) > 1:
        coordinator.post(f"{agenda}/punkter/{items[-1]}/flytta/upp", {}, "page:councils.agenda")
    coordinator.post(f"{agenda}/publicera", {}, "page:councils.agenda")
    for n, item_id in enumerate(items):
        prefix = f"punkt{item_id}-"
        record = {
            prefix + "minutes": text_of(ledger, "agenda_item.minutes", minutes, n),
            prefix + "decision": text_of(ledger, "agenda_item.decision", decisions, n),
        }
        coordinator.post(f"{agenda}/punkter/{item_id}/protokoll", record, "page:councils.agenda", ok=(302, 422))
        if n < len(commitments):
            commitment = {
                prefix + "text": text_of(ledger, "commitment.text", commitments, n),
                prefix + "owner_organisation_id": str(organisation.id),
            }
            coordinator.post(f"{agenda}/punkter/{item_id}/ataganden", commitment, "page:councils.agenda", ok=(302, 422))
    coordinator.get(agenda, "page:councils.agenda")
    kept = db_session.scalars(select(Commitment.id).join(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
    for commitment_id in kept:
        answer = coordinator.post(
            f"{agenda}/ataganden/{commitment_id}/insats",
            {f"atagande{commitment_id}-section_id": area},
            "page:councils.agenda",
            ok=(302, 422),
        )
        if answer.status_code == 302:
            coordinator.get(answer.location, "page:followup.initiative")
    tally.seconds["councils"] = time.perf_counter() - started
    ledger.verify(
        [
            "council.name",
            "council.description",
            "agenda_item.title",
            "agenda_item.minutes",
            "agenda_item.decision",
            "commitment.text",
        ]
    )


def text_of(ledger, key: str, groups: list[list[str]], n: int) -> str:
    """The n-th group of a field's payloads as the paragraphs of one text ("" past the last group)."""
    return "\n\n".join(ledger.type(key, p) for p in groups[n]) if n < len(groups) else ""
