from __future__ import annotations

import pytest

from consultation.models import Role, RoundAccess

from ..factories import OrganisationFactory, ProcessFactory, add_draft, add_round


@pytest.fixture
def process(db_session):
    return ProcessFactory(code="RUS2040")


@pytest.fixture
def version(process):
    return add_draft(process, sections=3)


@pytest.fixture
def open_round(process, version):
    return add_round(process, version, access=RoundAccess.OPEN)


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
