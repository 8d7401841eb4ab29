"""CSRF: every POST route refuses a form without this session's token; no GET route changes anything.

The routes are read from the app's url_map, never listed by hand: a new POST route is covered the
day it is added. Each POST is sent as a role that may use it (taken from the access table), so the
refusal is the token's doing and not the access rule's.
"""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, ROLES, Visitor, changed_tables, fingerprint, rolled_back, routes, url_for_rule
from .test_access_matrix import EXPECTED, OK

REFUSED_TITLE = "Begäran kunde inte tas emot"
# An audit record of who read or exported what is a log of the request, not a change of state.
LOGS = {"audit_event"}
# Raised by every committed write, an audit record too (consultation.changes): never a change of its own.
FOLLOWS_WRITES = {"change_counter"}
# Whom to send a POST as: the most powerful role the access table lets through.
PREFERENCE = ("admin", "stakeholder", "facilitator", "working_group", "lonely", "anonymous")


# ... except where that role is let through but has nothing to do (signed in, or answering for no one).
SENDERS = {"auth.login": "anonymous", "accounts.register": "anonymous", "remiss.start": "stakeholder"}


def sender(method: str, rule: str, endpoint: str) -> str:
    if endpoint in SENDERS:
        return SENDERS[endpoint]
    row = EXPECTED.get(f"{method} {rule}")
    allowed = [role for role in PREFERENCE if row and row[ROLES.index(role)] == OK]
    return allowed[0] if allowed else "anonymous"


def payload(world, endpoint: str) -> dict:
    """Form data that would change something if the request were accepted (empty for most routes)."""
    ids = world.ids
    text = {f"comment-{ids['s2']}": "En ny synpunkt om avsnitt 2 som inte får gå förlorad."}
    day = "2031-05-05"
    initiative = {
        "title": "Ny insats",
        "organisation_id": str(ids["org_a"]),
        "section_ids": str(ids["followup_section"]),
    }
    section = {"number": "9", "heading": "Ett nytt avsnitt", "level": "1", "body": "Text.", "action": "save"}
    forms = {
        "remiss.edit": {**text, "action": "save"},
        "remiss.autosave": text,
        "remiss.start": {"owner": "person"},
        "accounts.contact": {"email": "ny.kontakt@a.example"},
        "accounts.set_password": {"password": "ett-nytt-langt-losenord", "password_again": "ett-nytt-langt-losenord"},
        "meetings.note": {"kind": "proposal", "body": "En anteckning", "step_status": "open"},
        "meetings.edit": {
            "kind": "dialogue",
            "title": "Ny träff",
            "starts_on": day,
            "starts_time": "09:00",
            "ends_time": "11:00",
        },
        "meetings.attendance": {"participant_count": "50"},
        "meetings.notes": {"challenge-1-row": "1", "challenge-1-body": "En anteckning", "action": "save"},
        "meetings.step_status": {"step_status": "done"},
        "auth.language": {"locale": "en", "next": "/"},
        "auth.login": {"email": world.emails["admin"], "password": PASSWORD},
        "accounts.register": {
            "name": "Ny Person",
            "email": "ny@example.se",
            "password": "ett-langt-losenord",
            "password_again": "ett-langt-losenord",
            "kind": "person",
        },
        "accounts.invite_colleague": {"email": "kollega@example.se"},
        "admin.organisation": {"name": "Ny organisation", "actor_type": "municipality"},
        "themes.rename": {"label": "Ett nytt namn"},
        "compilation.section_summary": {"text": "En sammanfattning", "revision": "0"},
        "drafts.edit_section": {**section, "base_revision": "1"},
        "drafts.add_section": section,
        "rounds.save_reminders": {"days": "14, 7, 2", "local_time": "09:00"},
        "letters.change_excerpt": {"action": "target", f"target-{ids['excerpt']}": "none"},
        "followup.propose": initiative,
        "followup.report": {"status": "done", "progress": "90"},
        "followup_admin.create": initiative,
        "followup_admin.edit": initiative,
        "councils.create": {"name": "Nytt råd", "kind": "larger"},
        "councils.add_member": {"user_id": str(ids["user_b"])},
        "councils.link_meeting": {"meeting_id": str(ids["free_meeting"])},
        "councils.add_item": {"title": "Ny punkt", "goal_area_id": "ovrigt"},
        "councils.minutes": {f"punkt{ids['published_item']}-minutes": "Protokoll."},
        "councils.add_commitment": {
            f"punkt{ids['published_item']}-text": "Ett nytt åtagande",
            f"punkt{ids['published_item']}-owner_organisation_id": str(ids["org_a"]),
        },
        "councils.commitment_status": {f"atagande{ids['commitment']}-status": "done"},
        "councils.make_initiative": {f"atagande{ids['commitment']}-section_id": str(ids["followup_section"])},
    }
    return forms.get(endpoint, {})


def post_routes(app, world):
    for method, rule, endpoint_rule in routes(app):
        if method == "POST":
            yield rule, endpoint_rule.endpoint, url_for_rule(world, endpoint_rule)


def test_every_post_route_refuses_a_missing_a_foreign_and_a_forged_token(app, world, visitors):
    second_browsers: dict[str, Visitor] = {}
    failures = []
    for rule, endpoint, url in post_routes(app, world):
        role = sender("POST", rule, endpoint)
        visitor = visitors(role)
        if role not in second_browsers:  # the same person signed in a second time, in another browser
            second_browsers[role] = Visitor(app, role, None if role == "anonymous" else world.emails[role])
        tokens = {
            "no token": None,
            "the token of another session of the same person": second_browsers[role].token,
            "another person's token": visitors("working_group" if role != "working_group" else "stakeholder").token,
            "a forged token": visitor.token[:-4] + ("AAAA" if not visitor.token.endswith("AAAA") else "BBBB"),
        }
        for name, token in tokens.items():
            with rolled_back():
                before = fingerprint()
                response = visitor.post(url, payload(world, endpoint), token=token)
                changed = changed_tables(before, fingerprint())
            html = response.get_data(as_text=True)
            if response.status_code != 400 or REFUSED_TITLE not in html:
                failures.append(f"POST {url} ({endpoint}) as {role} with {name}: HTTP {response.status_code}")
            if changed:
                failures.append(f"POST {url} ({endpoint}) as {role} with {name}: changed {changed}")
    assert not failures, "\n".join(failures)


def test_with_this_sessions_token_the_same_posts_do_change_something(app, world, visitors):
    """The control for the test above: the payloads are not empty gestures."""
    failures = []
    for rule, endpoint, url in post_routes(app, world):
        if not payload(world, endpoint):
            continue
        role = sender("POST", rule, endpoint)
        with rolled_back():
            before = fingerprint()
            response = visitors(role).post(url, payload(world, endpoint))
            changed = changed_tables(before, fingerprint())
        if response.status_code == 400 or not changed:
            failures.append(f"POST {url} ({endpoint}) as {role}: HTTP {response.status_code}, changed {changed}")
    assert not failures, "\n".join(failures)


def test_a_refused_form_gives_the_text_back_on_a_swedish_page(world, visitors):
    ids = world.ids
    stakeholder = visitors("stakeholder")
    text = "Vår långa synpunkt som vi har skrivit i två timmar och inte får tappa."
    response = stakeholder.post(
        f"/svar/{ids['response_a']}", {f"comment-{ids['s2']}": text, "action": "save"}, token=None
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert REFUSED_TITLE in html and "ladda om sidan" in html and 'lang="sv"' in html
    assert "Din text finns kvar" in html and text in html
    assert "Traceback" not in html and "CSRF" not in html  # the person is told what to do, not the mechanism


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_changes_anything(app, world, visitors, role):
    visitor = visitors(role)
    changed = []
    for method, _rule, endpoint_rule in routes(app):
        if method != "GET":
            continue
        url = url_for_rule(world, endpoint_rule)
        with rolled_back():
            before = fingerprint()
            response = visitor.get(url)
            after = fingerprint()
        assert response.status_code < 500, f"GET {url}: HTTP {response.status_code}"
        state_changes = [
            name
            for name in changed_tables(before, after)
            if name not in FOLLOWS_WRITES and (name not in LOGS or after[name][0] <= before[name][0])
        ]  # a log may only grow
        if state_changes:
            changed.append(f"GET {url} ({endpoint_rule.endpoint}): changed {state_changes}")
    assert not changed, f"as {role}:\n" + "\n".join(changed)


def test_a_get_to_a_post_only_route_is_405_and_changes_nothing(app, world, visitors):
    wrong = []
    for role in ("anonymous", "admin"):
        visitor = visitors(role)
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or "GET" in rule.methods:
                continue
            url = url_for_rule(world, rule)
            with rolled_back():
                before = fingerprint()
                response = visitor.get(url)
                changed = changed_tables(before, fingerprint())
            if response.status_code != 405 or changed:
                wrong.append(f"GET {url} as {role}: HTTP {response.status_code}, changed {changed}")
    assert not wrong, "\n".join(wrong)
