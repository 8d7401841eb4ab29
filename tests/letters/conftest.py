"""A round on the shared letters' draft (Bergslunda 2026–2040), a stakeholder for an organisation, and helpers."""

from __future__ import annotations

import pytest

from consultation.people import Role

from ..analysis.letters_data import LETTERS, letter_bytes
from ..factories import OrganisationFactory
from .files_for_tests import bergslunda_round_now

__all__ = ["LETTERS", "letter_bytes"]


@pytest.fixture
def bergslunda_round(db_session):
    """An open round on the draft the shared letters answer: its 24 sections, keyed by their numbers."""
    return bergslunda_round_now()


@pytest.fixture
def ulvsjo(db_session):
    return OrganisationFactory(name="Ulvsjö kommun")


@pytest.fixture
def writer(make_user, ulvsjo):
    return make_user(Role.STAKEHOLDER, organisations=[ulvsjo], email="kari@ulvsjo.example", name="Kari")


@pytest.fixture
def other_org_user(make_user):
    other = OrganisationFactory(name="Åhamns kommun")
    return make_user(Role.STAKEHOLDER, organisations=[other], email="eva@ahamn.example", name="Eva")


@pytest.fixture
def working_group(make_user):
    return make_user(Role.WORKING_GROUP, email="ag@region.example", name="Arbetsgruppen")


@pytest.fixture(autouse=True)
def _lexical_only(app, monkeypatch):
    """The e5 model's first load takes most of a minute on a loaded machine: the letter tests match by words."""
    monkeypatch.setitem(app.config, "ANALYSIS_USE_EMBEDDINGS", False)
