"""The rules of analysis runs: who may start one, what input it reads, one at a time, the vector cache."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from consultation.base import utcnow
from consultation.errors import Conflict, NotAllowed, ValidationFailed
from consultation.jobs import JobStatus, queue
from consultation.people import ActorType, Role
from consultation.remiss import ResponseStatus
from consultation.review import EmbeddingVector, RunStatus, analysis_runs
from consultation.review.analysis_runs import RunParameters

from ..factories import OrganisationFactory
from .conftest import submitted_response


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR])
def test_only_the_working_group_and_admins_start_analyses(db_session, make_user, round_, role):
    with pytest.raises(NotAllowed):
        analysis_runs.start_run(db_session, make_user(role), round_.id, RunParameters())
    with pytest.raises(NotAllowed):
        analysis_runs.start_run(db_session, None, round_.id, RunParameters())


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.ADMIN])
def test_working_group_and_admin_start_a_queued_run_with_its_parameters(db_session, make_user, round_, version, role):
    user = make_user(role)
    params = RunParameters(
        include_notes=True, section_keys=(version.sections[1].key,), actor_types=("business",), n_themes=4
    )
    run = analysis_runs.start_run(db_session, user, round_.id, params)
    assert run.status == RunStatus.QUEUED
    assert run.created_by_id == user.id
    assert RunParameters.from_json(run.parameters) == params


@pytest.mark.parametrize(
    "params, field",
    [
        (RunParameters(n_themes=1), "n_themes"),
        (RunParameters(n_themes=41), "n_themes"),
        (RunParameters(section_keys=("no-such-section",)), "sections"),
        (RunParameters(actor_types=("martian",)), "actor_types"),
    ],
)
def test_bad_parameters_are_refused_with_a_message(db_session, make_user, round_, params, field):
    with pytest.raises(ValidationFailed) as error:
        analysis_runs.start_run(db_session, make_user(Role.WORKING_GROUP), round_.id, params)
    assert field in error.value.errors


def test_a_second_run_waits_for_the_first_but_one_given_up_does_not_block(db_session, make_user, round_):
    user = make_user(Role.WORKING_GROUP)
    first = analysis_runs.start_run(db_session, user, round_.id, RunParameters())
    assert first.job.kind == analysis_runs.ANALYSIS_JOB and first.job.parameters == {"run_id": first.id}
    with pytest.raises(Conflict):
        analysis_runs.start_run(db_session, user, round_.id, RunParameters())
    # Its workers died attempt after attempt: the queue gave it up, so a new run may start.
    for _attempt in range(first.job.max_attempts):
        queue.claim(db_session, "dead", first.job_id, now=utcnow() - timedelta(hours=1))
        queue.reclaim_stale(db_session, timedelta(minutes=2))
    db_session.refresh(first.job)
    assert first.job.status == JobStatus.FAILED
    second = analysis_runs.start_run(db_session, user, round_.id, RunParameters())
    assert second.id != first.id
    assert first.status == RunStatus.FAILED and first.error == "interrupted"


def test_input_is_submitted_text_only_never_drafts_withdrawn_or_working_text(
    db_session, make_user, round_, version, author
):
    section = version.sections[0]
    sent = submitted_response(round_, OrganisationFactory(), {section: "Inskickad text om bussar."}, author=author)
    sent.comments[0].body = "Ny arbetstext som ännu inte skickats in."
    submitted_response(
        round_,
        OrganisationFactory(),
        {section: "Ett utkast som ingen får läsa."},
        status=ResponseStatus.DRAFT,
        author=author,
    )
    submitted_response(
        round_, OrganisationFactory(), {section: "Ett återkallat svar."}, status=ResponseStatus.WITHDRAWN, author=author
    )
    run = analysis_runs.start_run(db_session, make_user(Role.WORKING_GROUP), round_.id, RunParameters())
    texts = [inp.text for inp in analysis_runs.collect_inputs(db_session, run)]
    assert texts == ["Inskickad text om bussar."]


def test_filters_by_section_and_actor_type(db_session, make_user, analysed_round, version):
    user = make_user(Role.WORKING_GROUP)
    run = analysis_runs.start_run(
        db_session, user, analysed_round.id, RunParameters(section_keys=(version.sections[2].key,))
    )
    inputs = analysis_runs.collect_inputs(db_session, run)
    assert len(inputs) == 4 and {inp.section_key for inp in inputs} == {version.sections[2].key}
    run.status = RunStatus.DONE
    run = analysis_runs.start_run(db_session, user, analysed_round.id, RunParameters(actor_types=("business",)))
    inputs = analysis_runs.collect_inputs(db_session, run)
    assert inputs and {inp.actor_type for inp in inputs} == {ActorType.BUSINESS.value}


def test_published_meeting_notes_are_input_only_when_asked(db_session, make_user, analysed_round, published_note):
    user = make_user(Role.WORKING_GROUP)
    run = analysis_runs.start_run(db_session, user, analysed_round.id, RunParameters(include_notes=False))
    assert not any(inp.note_id for inp in analysis_runs.collect_inputs(db_session, run))
    run.status = RunStatus.DONE
    run = analysis_runs.start_run(db_session, user, analysed_round.id, RunParameters(include_notes=True))
    notes = [inp for inp in analysis_runs.collect_inputs(db_session, run) if inp.note_id]
    assert [n.note_id for n in notes] == [published_note.id]  # the draft note stays out
    assert notes[0].sender == "Dialogträff om resor"


def test_the_vector_cache_round_trips_and_keeps_the_first_vector(db_session):
    cache = analysis_runs.DatabaseVectorCache(db_session, "model-x")
    first = np.arange(384, dtype=np.float32) / 384
    cache.put_many({"a" * 64: first})
    cache.put_many({"a" * 64: np.zeros(384, dtype=np.float32), "b" * 64: np.ones(384, dtype=np.float32)})
    found = cache.get_many(["a" * 64, "b" * 64, "c" * 64])
    assert set(found) == {"a" * 64, "b" * 64}
    np.testing.assert_array_equal(found["a" * 64], first)
    assert db_session.scalar(select(func.count()).select_from(EmbeddingVector)) == 2
