"""The answering tests' round (known texts in known themes, a meeting note, a campaign), searched."""

from __future__ import annotations

import pytest

from app.search import query_terms
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.search import queries

from ..answers.conftest import answer_run, author, member  # noqa: F401  (fixtures)


@pytest.fixture
def find(process):
    """The texts (body) a query finds in the process, best first; filters as keyword arguments."""

    def found(query: str = "", per_page: int = 100, **filters) -> list[str]:
        from app.extensions import db

        page = queries.search(
            db.session, SYSTEM, process.id, query_terms(query), queries.SearchFilter(**filters), per_page=per_page
        )
        return [document.body for document in page.items]

    return found


@pytest.fixture
def stakeholder(make_user):
    return make_user(Role.STAKEHOLDER, email="aktor@kommun.example", name="Aktör")
