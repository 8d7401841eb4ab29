from __future__ import annotations

import pytest

from consultation.people import Role

from ..factories import OrganisationFactory


@pytest.fixture
def open_round(round_):
    return round_


@pytest.fixture
def fjallby(db_session):
    return OrganisationFactory(name="Fjällby kommun")


@pytest.fixture
def stakeholder(make_user, fjallby):
    return make_user(Role.STAKEHOLDER, organisations=[fjallby], email="anna@fjallby.example", name="Anna")


@pytest.fixture
def colleague(make_user, fjallby):
    return make_user(Role.STAKEHOLDER, organisations=[fjallby], email="bo@fjallby.example", name="Bo")


@pytest.fixture
def outsider(make_user, db_session):
    other = OrganisationFactory(name="Åhamns kommun")
    return make_user(Role.STAKEHOLDER, organisations=[other], email="eva@ahamn.example", name="Eva")
