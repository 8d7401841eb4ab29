"""In a real browser at 1280 px, as the admin: the readiness page, publishing with points unanswered, and the
published compilation whose table columns never break a word inside ("Ställn/ingst/agan/de")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.demo.loader import load_demo_data
from consultation.remiss import Comment, ConsultationRound
from consultation.review import Decision, Position

from ..conftest import PASSWORD
from .flows import check_page, database, log_in

pytestmark = pytest.mark.browser

MOTIVATION = "Arbetsgruppen instämmer delvis; kompetensförsörjningsfrågorna hanteras i genomförandeplanen."

# Every word of every cell of the compilation's tables that the browser laid out on more than one line. In the
# free texts a line may end after a real hyphen ("kommun-/och", "Fjällby–/Åhamn"); names, labels and reference numbers are whole.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table.compilation-table th, table.compilation-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const words = node.parentElement.closest('.comment-text') ? /[^\\s–-]+[–-]?/g : /\\S+/g;
      for (const match of node.data.matchAll(words)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def closed_demo_round(live_server) -> tuple[str, int]:
    """The demo round, closed yesterday, a third of its comments answered."""
    with database(live_server) as session:
        load_demo_data(session, PASSWORD, with_earlier=False)  # the open round alone: the earlier one is answered
        round_ = session.scalars(select(ConsultationRound)).one()
        round_.closes_at = datetime.now(UTC) - timedelta(days=1)
        comments = session.scalars(select(Comment).where(Comment.submitted_body.is_not(None)).order_by(Comment.id))
        decisions = [Decision.PARTLY, Decision.ACCEPTED, Decision.NOT_ACCEPTED, Decision.NOTED]
        for n, comment in enumerate(list(comments)[::3]):
            session.add(Position(comment=comment, decision=decisions[n % 4], motivation=MOTIVATION))
        return round_.process.code, round_.id


def test_the_admin_publishes_from_the_readiness_page_and_no_word_is_broken(page, live_server, closed_demo_round):
    code, round_id = closed_demo_round
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "admin@samrad.example")
    page.goto(f"{base}/arbetsgrupp/rundor/{round_id}/sammanstallning")
    page.get_by_role("link", name="Granska och publicera").click()
    page.get_by_role("heading", level=1, name="Publiceringskontroll", exact=False).wait_for()
    check_page(page, "readiness page", "readiness")

    page.get_by_role("button", name="Publicera sammanställningen och remissvaren").click()
    assert page.get_by_text("Kryssa i att du vill publicera ändå").first.is_visible()  # the choice is explicit
    page.get_by_label("Publicera ändå, med synpunkter som saknar ställningstagande").check()
    page.get_by_role("button", name="Publicera sammanställningen och remissvaren").click()
    page.get_by_text("är publicerade på processens sida").wait_for()

    page.goto(f"{base}/process/{code}/remiss/{round_id}/sammanstallning")
    assert page.get_by_text("synpunkter har ännu inget ställningstagande.").is_visible()
    assert page.locator("table.compilation-table").count() > 5
    assert page.get_by_role("columnheader", name="Ställningstagande").first.is_visible()
    assert page.evaluate(BROKEN_WORDS) == []
    check_page(page, "published compilation, 1280 px", "compilation-public")
