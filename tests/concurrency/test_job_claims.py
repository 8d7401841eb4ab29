"""Workers claiming jobs at the same moment: every job goes to exactly one of them."""

from __future__ import annotations

from app.extensions import db
from consultation.jobs import queue

from .conftest import Together

WORKERS = 4
JOBS = 24


def test_workers_claiming_together_each_get_their_own_jobs(live_server):
    with live_server.app_context():
        for n in range(JOBS):
            queue.enqueue(db.session, "test", {"n": n})
        db.session.commit()
        db.session.remove()

    def drain(index: int) -> list[int]:
        taken = []
        with live_server.app_context():
            while True:
                held = queue.claim(db.session, f"worker-{index}")
                db.session.commit()
                if held is None:
                    break
                taken.append(held.job_id)
            db.session.remove()
        return taken

    claimed = [job_id for taken in Together(WORKERS).run(drain) for job_id in taken]

    assert len(claimed) == JOBS
    assert len(set(claimed)) == JOBS
