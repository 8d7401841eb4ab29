"""The XSS corpus in a real browser: every page that shows user text, opened by the person who may see it.

tests/security/test_xss_corpus.py types every payload through the forms and checks the HTML the server
sends. Here the same payloads are seeded straight into the database (all of them as comments, samples of
them in every other field of the inventory in tests/security/xss.py) and Chromium opens the pages with
the Content Security Policy switched off (bypass_csp), so that what is proved is the escaping, not the
CSP. On every page: no dialog, no call to alert/confirm/prompt/print/eval/Function/document.write or to
another host (a trap installed before any script runs), no request the app did not make, no script
error, and a walk over the live DOM finds nothing the app did not render. Then one page again with the
normal CSP, to show that the second layer holds on its own.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from app.extensions import db
from consultation import meetings
from consultation.drafts import Document, VersionStatus
from consultation.drafts.versions import add_version, parse_markdown
from consultation.meetings import files as meeting_files
from consultation.people import ActorType
from consultation.people.access import SYSTEM
from consultation.remiss import Invitation, InvitationStatus, Response, RoundAccess, outreach, responses
from consultation.remiss.responses import CommentInput
from consultation.review import Decision, Position, SectionSummary, publication, readiness
from consultation.timezones import local_days_from_today, local_today

from ..compilation.conftest import analyse_by_hand
from ..conftest import PASSWORD
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_phases, add_round
from ..security import xss

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n% samrad xss\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SECTIONS = 40


def _seed(app) -> dict:
    """A closed, published round and its meetings, with payloads in every field the pages show."""
    payloads = list(xss.payloads())
    shuffled, position = xss.sample(len(payloads), seed=7), 0

    def take(count: int, limit: int = 10_000) -> list[str]:
        """The next `count` payloads (going round the corpus) that fit a field of `limit` characters."""
        nonlocal position
        found = []
        while len(found) < count:
            value, position = shuffled[position % len(shuffled)], position + 1
            if len(value) <= limit:
                found.append(value)
        return found

    now = datetime.now(UTC)
    with app.app_context():
        session = db.session
        admin = UserFactory(roles=["admin"], email="samordnare@xss.example", name=take(1, 200)[0])
        UserFactory(roles=["working_group"], email="grupp@xss.example", name=take(1, 200)[0])
        facilitator = UserFactory(roles=["facilitator"], email="ledare@xss.example", name=take(1, 200)[0])
        process = ProcessFactory(code="XSS2043")
        add_phases(process, local_today())
        process.facilitators.append(facilitator)
        headings = take(SECTIONS, 300)
        bodies = take(SECTIONS * 5)
        markdown = "\n\n".join(
            f"# {n} {heading}\n\n" + "\n\n".join(bodies[n - 1 :: SECTIONS])
            for n, heading in enumerate(headings, start=1)
        )
        document = Document(process=process, title=take(1, 300)[0])
        session.add(document)
        version = add_version(
            session, document, parse_markdown(markdown), note=take(1)[0], status=VersionStatus.PUBLISHED
        )
        round_ = add_round(
            process,
            version,
            title=take(1, 300)[0],
            access=RoundAccess.OPEN,
            introduction="\n\n".join(take(20)),
            opens_at=now - timedelta(days=20),
            closes_at=now + timedelta(days=1),
        )
        organisations = [
            OrganisationFactory(name=name, municipality=town, actor_type=ActorType.OTHER)
            for name, town in zip(take(70, 200), take(70, 100))
        ]
        stakeholder = UserFactory(
            roles=["stakeholder"], email="aktor@xss.example", name=take(1, 200)[0], organisations=organisations
        )
        for organisation, reason in zip(organisations[-10:], take(10)):
            session.add(
                Invitation(
                    round=round_, organisation=organisation, status=InvitationStatus.DECLINED, decline_reason=reason
                )
            )
        session.flush()

        # Every payload as a comment, a box per section and one for the whole draft.
        boxes = [None] + [s.id for s in version.sections]
        response_ids = []
        for n, organisation in enumerate(organisations[:-10]):
            texts = payloads[n * len(boxes) : (n + 1) * len(boxes)]
            if not texts:
                break
            response = responses.open_response(session, stakeholder, round_.id, f"org-{organisation.id}", now)
            responses.save_comments(
                session, stakeholder, response.id, [CommentInput(box, text) for box, text in zip(boxes, texts)], now
            )
            responses.submit_response(session, stakeholder, response.id, now)
            response_ids.append(response.id)
        assert sum(len(session.get(Response, r).comments) for r in response_ids) == len(payloads)
        # And a round still open, with a draft answer: its page runs the autosave script over the payloads.
        open_round = add_round(
            process,
            version,
            title=take(1, 300)[0],
            access=RoundAccess.OPEN,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=10),
        )
        for organisation in organisations[:3]:
            session.add(Invitation(round=open_round, organisation=organisation))
        draft = responses.open_response(session, stakeholder, open_round.id, f"org-{organisations[0].id}", now)
        responses.save_comments(
            session, stakeholder, draft.id, [CommentInput(box, text) for box, text in zip(boxes, take(len(boxes)))], now
        )

        meeting_ids, note_ids = [], []
        for n in range(6):
            starts = local_days_from_today(3 + n, time_of_day(13), now)  # afternoon in Stockholm: never past midnight
            meeting = meetings.save_meeting(
                session,
                SYSTEM,
                process.id,
                meetings.MeetingData(
                    kind="dialogue",
                    title=take(1, 300)[0],
                    theme=take(1, 200)[0],
                    description="\n\n".join(take(5)),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    location=take(1, 300)[0],
                    online_url="https://möte.example/" + str(n),
                    is_published=True,
                    facilitator_ids=[facilitator.id],
                    invited_organisation_ids=[o.id for o in organisations[:3]],
                ),
            )
            meeting_ids.append(meeting.id)
            meetings.register_attendance(
                session,
                SYSTEM,
                meeting.id,
                meetings.AttendanceData([organisations[0].id], None, list(zip(take(8, 200), take(8, 200)))),
            )
            meeting_files.add_document(
                session,
                SYSTEM,
                meeting.id,
                take(1, 300)[0],
                take(1, 100)[0] + ".pdf",
                PDF,
                Path(app.config["UPLOAD_DIR"]) / "meetings",
            )
            for k in range(8):
                note = meetings.save_note(
                    session,
                    SYSTEM,
                    meeting.id,
                    meetings.NoteData(
                        kind="next_step" if k % 2 else "proposal",
                        body="\n\n".join(take(3)),
                        tags=take(2, 60),
                        owner_name=take(1, 200)[0],
                        section_ids=[version.sections[k].id],
                        step_status="open",
                    ),
                )
                note_ids.append(note.id)
            meetings.publish_notes(session, SYSTEM, meeting.id, [], now)

        round_.closes_at = now - timedelta(minutes=1)
        session.flush()
        keys = [f"c{c.id}" for r in response_ids for c in session.get(Response, r).comments]
        keys += [f"n{n}" for n in note_ids]
        run = analyse_by_hand(round_, {label: keys[n::5] for n, label in enumerate(take(5, 300))}, campaigns=[keys[:3]])
        for theme, summary in zip(run.themes, take(5)):
            theme.summary = summary
        for section, summary in zip(version.sections, take(SECTIONS)):
            session.add(SectionSummary(round_id=round_.id, section_key=section.key, text=summary))
        comments = [c for r in response_ids for c in session.get(Response, r).comments]
        for comment, motivation in zip(comments[::7], take(len(comments[::7]))):
            session.add(Position(comment=comment, decision=Decision.PARTLY, motivation=motivation))
        publication.publish_compilation(
            session,
            admin,
            round_.id,
            now,
            readiness.readiness(session, admin, round_.id, now).checked(publish_unanswered=True),
        )
        redacted = comments[5]
        publication.redact_passage(session, admin, redacted.id, redacted.submitted_body, take(1)[0], now)
        pending = OrganisationFactory(name=take(1, 200)[0], approved=False)
        UserFactory(roles=["stakeholder"], organisations=[pending], name=take(1, 200)[0])
        link = outreach.invite_colleague(session, stakeholder, organisations[0].id, "kollega@xss.example", now)
        session.commit()
        ids = {
            "code": process.code,
            "round": round_.id,
            "run": run.id,
            "responses": response_ids,
            "meetings": meeting_ids,
            "notes": note_ids,
            "sections": [s.id for s in version.sections],
            "section_key": version.sections[0].key,
            "themes": [t.id for t in run.themes],
            "campaign": run.campaigns[0].id,
            "comment": comments[0].id,
            "redacted": redacted.id,
            "note": note_ids[0],
            "organisation": organisations[0].id,
            "sida": take(3),
            "next": take(3),
            "draft": draft.id,
            "typed": take(1)[0],
            "open_round": open_round.id,
            "link": link,
            "stakeholder": stakeholder.id,
            "forms": take(12, 200),
            "csv": take(30, 200),
            "headings": take(20, 300),
        }
        db.session.remove()
    return ids


def pages_by_role(ids: dict) -> dict[str, list[str]]:
    code, round_id, run_id = ids["code"], ids["round"], ids["run"]
    public_round = f"/process/{code}/remiss/{round_id}"
    review, analysis = f"/arbetsgrupp/rundor/{round_id}", f"/arbetsgrupp/analys/{run_id}"
    return {
        "anonymous": [
            "/",
            f"/process/{code}",
            f"/process/{code}/forslag",
            "/dialogtraffar",
            f"/process/{code}/dialogtraffar",
            *[f"/dialogtraffar/{m}" for m in ids["meetings"][:3]],
            f"/process/{code}/nasta-steg",
            f"/remiss/{round_id}",
            f"{public_round}/sammanstallning?ordning=avsnitt",
            f"{public_round}/sammanstallning?ordning=tema",
            f"{public_round}/svar",
            *[f"{public_round}/svar/{r}" for r in ids["responses"][:3]],
            *["/tillganglighet/rapportera?" + urlencode({"sida": value}) for value in ids["sida"]],
            *["/logga-in?" + urlencode({"next": value}) for value in ids["next"]],
            "/om-tjansten?" + urlencode({f"q{n}": value for n, value in enumerate(ids["sida"])}),
            f"/inbjudan/{ids['link']}",
        ],
        "stakeholder": [
            "/start",
            f"/remiss/{round_id}",
            *[f"/svar/{r}" for r in ids["responses"][:3]],
            f"/svar/{ids['responses'][0]}/kvitto",
            f"/svar/{ids['responses'][0]}/version/1",
            f"/organisation/{ids['organisation']}/bjud-in",
            f"/svar/{ids['draft']}",
            f"/remiss/{ids['open_round']}/avsta",
        ],
        "facilitator": [
            "/start",
            *[f"/dialogtraffar/{m}/hantera" for m in ids["meetings"][:2]],
            f"/dialogtraffar/{ids['meetings'][0]}/andra",
            f"/dialogtraffar/{ids['meetings'][0]}/narvaro",
            f"/dialogtraffar/{ids['meetings'][0]}/anteckningar/{ids['note']}",
        ],
        "working_group": [
            f"{review}/svar",
            f"/arbetsgrupp/svar/{ids['responses'][0]}",
            f"/arbetsgrupp/svar/{ids['responses'][0]}?utskrift=1",
            f"{review}/avsnitt",
            f"{review}/avsnitt/helhet",
            *[f"{review}/avsnitt/{s}" for s in ids["sections"][:3]],
            f"/arbetsgrupp/process/{code}/anteckningar",
            f"{review}/analys",
            analysis,
            *[f"{analysis}/teman/{t}" for t in ids["themes"][:2]],
            f"{analysis}/svara",
            f"{analysis}/teman/{ids['themes'][0]}/svara",
            f"{analysis}/obesvarade",
            f"{analysis}/synpunkter/{ids['comment']}",
            f"{analysis}/anteckningar/{ids['note']}",
            f"{review}/sammanstallning?ordning=avsnitt",
            f"{review}/sammanstallning?ordning=tema",
            f"{review}/sammanstallning/teman/{ids['themes'][0]}/sammanfattning",
            f"{review}/sammanstallning/avsnitt/{ids['section_key']}/sammanfattning",
            f"{analysis}/kampanjer/{ids['campaign']}/svara",
        ],
        "admin": [
            "/admin/organisationer",
            f"/admin/organisationer/{ids['organisation']}",
            "/admin/anvandare",
            f"/admin/processer/{code}",
            f"/admin/rundor/{round_id}",
            f"/admin/processer/{code}/rundor/{round_id}",
            f"/arbetsgrupp/synpunkter/{ids['redacted']}/maskering",
            "/admin/logg",
            "/admin/organisationer/vantande",
            f"/admin/anvandare/{ids['stakeholder']}",
        ],
    }


EMAILS = {
    "stakeholder": "aktor@xss.example",
    "facilitator": "ledare@xss.example",
    "working_group": "grupp@xss.example",
    "admin": "samordnare@xss.example",
}


class Watched:
    """A browser context whose pages record dialogs, script errors and every request."""

    def __init__(self, browser, base: str, bypass_csp: bool):
        self.base = base
        self.context = browser.new_context(locale="sv-SE", bypass_csp=bypass_csp)
        self.context.add_init_script(xss.TRAP_SCRIPT)
        self.context.route(re.compile(r"^(?!" + re.escape(base) + r")"), self._foreign)
        self.page = self.context.new_page()
        self.findings: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.findings.append(f"script error: {error}"))
        self.page.on("console", self._console)
        self.page.on("request", self._request)

    def _dialog(self, dialog):
        self.findings.append(f"a dialog ({dialog.type}): {dialog.message[:80]!r}")
        dialog.dismiss()

    def _foreign(self, route):
        self.findings.append(f"a request to another host: {route.request.url[:120]}")
        route.abort()

    def _console(self, message):
        url = (message.location or {}).get("url", "")
        # A form sent back with its errors is a 422 document: Chromium logs that status for the page itself.
        own_status = (
            message.text.startswith("Failed to load resource") and url.split("?")[0] == self.page.url.split("?")[0]
        )
        if message.type == "error" and not (url.endswith("/favicon.ico") or own_status):
            self.findings.append(f"console error: {message.text[:160]}")

    def _request(self, request):
        path = urlsplit(request.url).path
        if request.url.startswith(self.base) and not (
            request.is_navigation_request() or path.startswith("/static/") or path == "/favicon.ico"
        ):
            self.findings.append(f"a request the app did not make: {request.method} {request.url[:120]}")

    def log_in(self, email: str) -> None:
        page = self.page
        page.goto(f"{self.base}/logga-in")
        page.get_by_label("E-postadress").fill(email)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.locator("main").get_by_role("button", name="Logga in").click()
        page.wait_for_url(re.compile(r".*/start.*|.*/$"))
        self.findings.clear()

    def visit(self, path: str) -> list[str]:
        """Open the page, give injected code its chances (load, pointer, focus), and say what went wrong."""
        self.findings.clear()
        answer = self.page.goto(self.base + path, wait_until="load")
        assert answer is not None and answer.status == 200, f"{path}: {answer.status if answer else 'no answer'}"
        return self.inspect(path)

    def submit(self, path: str, fields: dict, button: str, files: dict | None = None) -> list[str]:
        """Fill a form as a person would and send it; check the page that comes back (errors or preview)."""
        page = self.page
        self.findings.clear()
        page.goto(self.base + path, wait_until="load")
        for name, value in fields.items():
            field = page.locator(f"main [name='{name}']")
            if field.first.get_attribute("type") in ("radio", "checkbox"):
                page.locator(f"main [name='{name}'][value='{value}']").check()
            else:
                field.first.fill(value)
        for name, (filename, data) in (files or {}).items():
            page.locator(f"main input[name='{name}']").set_input_files(
                files=[{"name": filename, "mimeType": "application/octet-stream", "buffer": data}]
            )
        with page.expect_navigation(wait_until="load"):
            page.locator("main").get_by_role("button", name=button).click()
        return self.inspect(path + " (sent)")

    def shows(self, value: str) -> bool:
        """The value is on the page as text (or in a field), not as markup."""
        text = self.page.evaluate(
            xss.CHECK_MARK
            + """ () => document.body.textContent + " " +
            [...document.querySelectorAll("input, textarea")].map((e) => e.value).join(" ")"""
        )
        return xss.normalise(value) in xss.normalise(text)

    def inspect(self, path: str) -> list[str]:
        page = self.page
        page.mouse.move(200, 300)
        page.mouse.move(600, 500)
        for _ in range(3):
            page.keyboard.press("Tab")
        page.wait_for_timeout(50)
        found = [f"{path}: {p}" for p in self.findings]
        found += [f"{path}: trapped {call}" for call in page.evaluate(xss.TRAP_READ_SCRIPT)]
        found += [f"{path}: {p}" for p in page.evaluate(xss.DOM_CHECK_SCRIPT, xss.dom_check_arguments())]
        return found

    def close(self):
        self.context.close()


def _forms(browser, base: str, ids: dict) -> list[str]:
    """The pages that show typed text back: forms with errors, import previews, a sent decline."""
    found, values = [], iter(ids["forms"])
    public = Watched(browser, base, bypass_csp=True)
    try:
        name = next(values)
        found += public.submit(
            "/registrera",
            {
                "name": name,
                "email": "ny@xss.example",
                "password": PASSWORD,
                "password_again": "annat-losenord",
                "kind": "organisation",
                "organisation_name": next(values),
                "municipality": next(values)[:100],
            },
            "Skapa konto",
        )
        assert public.shows(name), "the registration form did not come back with the name"
        name = next(values)
        found += public.submit(
            f"/inbjudan/{ids['link']}",
            {"name": name, "password": PASSWORD, "password_again": "annat-losenord"},
            "Skapa konto",
        )
        assert public.shows(name), "the invitation form did not come back with the name"
        description = next(values)
        found += public.submit(
            "/tillganglighet/rapportera",
            {"page": next(values), "description": description, "email": next(values)},
            "Skicka",
        )
        assert public.shows(description), "the report form did not come back with the description"
        public.findings.clear()
        public.page.goto(f"{base}/tillganglighet", referer=f"{base}/process/x?" + urlencode({"q": next(values)}))
        found += public.inspect("/tillganglighet (with a Referer)")
    finally:
        public.close()
    admin = Watched(browser, base, bypass_csp=True)
    try:
        admin.log_in(EMAILS["admin"])
        names, kinds, towns = ids["csv"][:10], ["kommun"] * 5 + ids["csv"][10:15], ids["csv"][15:25]
        rows = [[name, kind, town, "", ""] for name, kind, town in zip(names, kinds, towns)]
        found += admin.submit(
            f"/admin/rundor/{ids['open_round']}/remissinstanser",
            {},
            "Förhandsgranska",
            files={"file": ("instanser.csv", xss.invitations_csv(rows))},
        )
        assert admin.shows(rows[0][0]), "the CSV preview does not list the names"
        markdown = "\n\n".join(f"# {n} {heading}\n\nText." for n, heading in enumerate(ids["headings"], start=1))
        found += admin.submit(
            f"/admin/processer/{ids['code']}/forslag/importera",
            {"title": next(values)},
            "Förhandsgranska",
            files={"file": ("forslag.md", markdown.encode("utf-8"))},
        )
        assert admin.shows(ids["headings"][0]), "the draft preview does not list the headings"
    finally:
        admin.close()
    stakeholder = Watched(browser, base, bypass_csp=True)
    try:
        stakeholder.log_in(EMAILS["stakeholder"])
        found += stakeholder.submit(
            f"/remiss/{ids['open_round']}/avsta", {"reason": next(values)}, "Avstå från att yttra oss"
        )
    finally:
        stakeholder.close()
    return found


@pytest.fixture
def corpus():
    xss.require_corpus()


def test_no_payload_runs_in_the_browser_on_any_page(live_server, browser, corpus, request):
    started = time.perf_counter()
    ids = _seed(live_server.app)
    seeded = time.perf_counter() - started
    problems, visited = [], 0
    for role, paths in pages_by_role(ids).items():
        watched = Watched(browser, live_server.url, bypass_csp=True)
        try:
            if role in EMAILS:
                watched.log_in(EMAILS[role])
            for path in paths:
                problems += watched.visit(path)
                visited += 1
        finally:
            watched.close()
    problems += _forms(browser, live_server.url, ids)
    assert not problems, "\n".join(problems[:40])

    # Typed in the browser: autosave sends a payload, the page shows it back as the box's text.
    typing = Watched(browser, live_server.url, bypass_csp=True)
    try:
        typing.log_in(EMAILS["stakeholder"])
        assert not typing.visit(f"/svar/{ids['draft']}")
        box = typing.page.locator("textarea").first
        box.fill(ids["typed"])
        typing.page.get_by_text("Sparat automatiskt").wait_for(timeout=15_000)
        assert not typing.visit(f"/svar/{ids['draft']}")
        assert typing.page.locator("textarea").first.input_value() == ids["typed"].strip()
    finally:
        typing.close()

    # The control: with the CSP off, markup that did get into a page runs, and the checks above see it.
    # So it was the escaping that held, and the checks can fail.
    page_path = f"/arbetsgrupp/rundor/{ids['round']}/sammanstallning?ordning=avsnitt"
    probe = xss.CHECK_MARK + (
        ' el => { el.innerHTML = \'<img src="/x-probe.png" onerror="window.__probe = 1; '
        'alert(1)"><a href="javascript:alert(2)">x</a>\'; }'
    )
    bare = Watched(browser, live_server.url, bypass_csp=True)
    try:
        bare.log_in(EMAILS["working_group"])
        assert not bare.visit(page_path)
        # (Past the first ten: three of those are a campaign, shown once, and one is redacted.)
        assert all(bare.shows(payload) for payload in xss.payloads()[10:40]), "the compilation lacks the comments"
        bare.page.locator("main h1").evaluate(probe)
        bare.page.wait_for_function(xss.CHECK_MARK + " () => window.__probe === 1", timeout=5_000)
        caught = "\n".join(bare.inspect(page_path))
        for finding in (
            "a dialog (alert)",
            "trapped alert",
            "<img> the app did not render",
            "event handler onerror",
            "href=javascript:alert(2)",
            "a request the app did not make: GET",
        ):
            assert finding in caught, f"the browser checks missed {finding!r}:\n{caught}"
    finally:
        bare.close()

    # The second layer: the same page under the app's CSP is as clean, and there injected markup cannot run.
    guarded = Watched(browser, live_server.url, bypass_csp=False)
    try:
        guarded.log_in(EMAILS["working_group"])
        assert not guarded.visit(page_path)
        assert guarded.page.evaluate(xss.CSP_READ_SCRIPT) == []
        guarded.page.locator("main h1").evaluate(probe)
        guarded.page.wait_for_function(xss.CHECK_MARK + " () => window.__cspViolations.length > 0", timeout=5_000)
        assert guarded.page.evaluate(xss.CHECK_MARK + " () => window.__probe") is None
    finally:
        guarded.close()

    line = (
        f"{len(xss.payloads())} payloads seeded (all as comments, samples in every other field), "
        f"{visited} pages opened by 5 roles with the CSP bypassed and 7 forms sent with payloads, then the "
        f"controls (injected markup with the CSP "
        f"off, the same page with the CSP on, a payload typed and autosaved); "
        f"seeding {seeded:.1f} s, total {time.perf_counter() - started:.1f} s"
    )
    if not request.config.pluginmanager.has_plugin("xss-browser-summary"):
        request.config.pluginmanager.register(_Summary(line), "xss-browser-summary")


class _Summary:
    def __init__(self, line: str):
        self.line = line

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_sep("-", "XSS in the browser (tests/browser/test_xss_browser.py)")
        terminalreporter.write_line(self.line)
