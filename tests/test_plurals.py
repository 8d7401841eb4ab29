"""Every text where a count meets a noun goes through ngettext, so that no page says "1 processer".

Swedish and English both have a singular; a catalogue entry with one form cannot say "1 process" and
"2 processer". The scan below reads every template and every Python module of the interface and the
domain: a string with a count placeholder followed by a word (a noun, or an adjective used as one)
must be an ngettext (or consultation.errors.msg_n) entry, where the count is %(num)s. Constants that
are never 1 (a maximum length, a file size in MB, the 2–6 parts of a split) are not counts in that
sense.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "app").rglob("*.py")),
    *sorted((ROOT / "app" / "templates").rglob("*.html")),
    *sorted((ROOT / "app" / "templates").rglob("*.txt")),
    *sorted((ROOT / "consultation").rglob("*.py")),
]

# Placeholder names that hold a number of things; %(num)s is ngettext's own.
COUNTS = r"n|num|count|answered|taken|total|orgs|others|people|meetings|responses|comments|notes|days|minutes|bad"
# Words that may follow a count without depending on it: "3 av 5", "2 har svarat", "4 väntar".
NOT_NOUNS = {"av", "har", "och", "med", "väntar", "är", "i", "till", "st"}
COUNT_THEN_WORD = re.compile(r"%\((" + COUNTS + r")\)s\s+([^\W\d_]+)")
F_STRING_COUNT = re.compile(r"\{len\([^)]*\)\}\s+([^\W\d_]+)")
LITERAL = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
PLURAL_CALL = re.compile(r"(ngettext|msg_n)\(\s*$")


def _offending(source: str) -> list[str]:
    found = []
    previous = None
    for literal in LITERAL.finditer(source):
        text, before_previous = literal.group(0), previous
        previous = literal
        words = [w for name, w in COUNT_THEN_WORD.findall(text) if w.lower() not in NOT_NOUNS]
        words += [w for w in F_STRING_COUNT.findall(text) if w.lower() not in NOT_NOUNS]
        if not words:
            continue
        # The singular follows "ngettext(", the plural follows the singular and a comma.
        if PLURAL_CALL.search(source[max(0, literal.start() - 40) : literal.start()]):
            continue
        if (
            before_previous is not None
            and source[before_previous.end() : literal.start()].strip() == ","
            and PLURAL_CALL.search(source[max(0, before_previous.start() - 40) : before_previous.start()])
        ):
            continue
        line = source.count("\n", 0, literal.start()) + 1
        found.append(f"{line}: {text[:80]}")
    return found


def test_the_scan_finds_a_count_and_a_plural_noun_without_ngettext():
    assert _offending('_("%(count)s processer", count=n)') == ['1: "%(count)s processer"']
    assert _offending('f"Markerade {len(items)} texter"') == ['1: "Markerade {len(items)} texter"']
    assert _offending('ngettext("%(num)s process", "%(num)s processer", n)') == []
    assert _offending('msg_n(\n    "%(num)s rad har fel.",\n    "%(num)s rader har fel.", n)') == []
    assert _offending('_("%(n)s av %(total)s")') == []


def test_no_count_meets_a_noun_without_ngettext():
    offending = {
        str(path.relative_to(ROOT)): found
        for path in SOURCES
        if (found := _offending(path.read_text(encoding="utf-8")))
    }
    assert not offending, f"a count and a noun without ngettext: {offending}"


def test_the_admins_start_page_counts_in_singular_and_plural(client, auth, make_user, db_session):
    """ "1 process" and "1 organisation väntar", not "1 processer" (issue 18); English too."""
    from consultation.people import Role

    from . import factories
    from .conftest import csrf_token

    factories.ProcessFactory()
    factories.OrganisationFactory(approved=False)
    auth.login_as(make_user(Role.ADMIN))
    html = client.get("/start").get_data(as_text=True)
    assert "1 process<" in html and "1 processer" not in html
    assert "1 organisation väntar på godkännande" in html
    factories.ProcessFactory()
    factories.OrganisationFactory(approved=False)
    db_session.commit()
    html = client.get("/start").get_data(as_text=True)
    assert "2 processer" in html and "2 organisationer väntar på godkännande" in html
    client.post("/sprak", data={"locale": "en", "next": "/start", "csrf_token": csrf_token(client, "/start")})
    html = client.get("/start").get_data(as_text=True)
    assert "2 processes" in html and "2 organisations awaiting approval" in html
