"""Scale-out of a cold theme analysis: 1 and 2 RQ worker processes on Redis and PostgreSQL.

    .venv/bin/python bench/jobs_scale.py                   # 10,000 texts, 1 and 2 workers
    .venv/bin/python bench/jobs_scale.py --texts 1000      # smaller
    .venv/bin/python bench/jobs_scale.py --workers 1,2,3 --timeout 900
    .venv/bin/python bench/jobs_scale.py --threads 2     # OMP_NUM_THREADS of each worker (default 1)

The texts are real: the Cycling Bonn contributions (German, 2,314) and two or three SIB-200
sentences at a time (Swedish, with some English twins), from ../shared/data, so that every text
is distinct and near-duplicates (campaigns) are few. They are submitted comments of one round
(20 sections, one response per organisation and section). For each worker count the vector cache
is emptied (cold), the workers (`flask jobs worker`, RQ on Redis) are started and waited for
until RQ has them registered, and the analysis job is queued; the clock runs from the hand-on to
Redis until the run is done in the database. Each worker runs the e5 engine on one thread
(OMP_NUM_THREADS=1, one worker per core): that is what scale-out adds workers of.

Printed: wall time, texts/s, the speed-up over 1 worker, the embedding phase (the chunk jobs)
and the serial rest (collecting, reading the texts, campaigns, clustering, labelling, storing),
and a projection for N machines: serial + texts / (N × the measured per-machine embedding rate).
The PostgreSQL database (--database, default samrad_jobscale_bench) is dropped and made anew.
Every wait is bounded by --timeout; workers are stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._data import bonn, sib  # noqa: E402

SECTIONS = 20
FLASK = str(Path(sys.executable).with_name("flask"))


def texts(count: int, seed: int = 15) -> list[str]:
    """`count` distinct texts: the Bonn contributions, then SIB sentences two or three at a time."""
    rng = random.Random(seed)
    found = [f"{row['title']}. {row['text']}".strip() for row in bonn()]
    english = {rid: text for rid, text, _ in sib("eng_Latn")}
    sentences = [english[rid] if rid in english and rng.random() < 0.2 else text for rid, text, _ in sib("swe_Latn")]
    seen = set(found)
    while len(found) < count:
        text = " ".join(rng.sample(sentences, rng.choice((2, 3))))
        if text not in seen:
            seen.add(text)
            found.append(text)
    rng.shuffle(found)
    return found[:count]


def fresh_database(server: str, name: str) -> str:
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return f"{server}/{name}"


def load_round(count: int) -> int:
    """A process, a draft of SECTIONS sections and a round whose submitted comments are the texts."""
    from app.extensions import db
    from consultation.drafts import Document, DocumentVersion, Process, Section, VersionStatus
    from consultation.people import ActorType, Organisation, Role, User, UserRole
    from consultation.remiss import Comment, ConsultationRound, Response, ResponseStatus, RoundAccess

    now = datetime.now(UTC)
    process = Process(code="BENCH", title="Bänk", region="Region Bänk", description="")
    document = Document(process=process, title="Förslag")
    version = DocumentVersion(document=document, number=1, title="Förslag", status=VersionStatus.PUBLISHED)
    version.published_at = now
    for i in range(SECTIONS):
        version.sections.append(
            Section(key=f"s{i}", number=str(i + 1), heading=f"Avsnitt {i + 1}", body="", level=1, position=i)
        )
    round_ = ConsultationRound(
        process=process,
        version=version,
        title="Remiss",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
        access=RoundAccess.OPEN,
    )
    member = User(name="Bänk", email="bank@region.example", password_hash="!")
    member.role_grants = [UserRole(role=Role.WORKING_GROUP)]
    db.session.add_all([process, document, round_, member])
    db.session.flush()
    types = list(ActorType)
    all_texts = texts(count)
    for number, start in enumerate(range(0, count, SECTIONS)):
        organisation = Organisation(name=f"Organisation {number}", actor_type=types[number % len(types)])
        response = Response(
            round=round_,
            organisation=organisation,
            created_by=member,
            status=ResponseStatus.SUBMITTED,
            reference=f"BENCH-{number:05d}",
            submitted_at=now,
        )
        for section, text in zip(version.sections, all_texts[start : start + SECTIONS], strict=False):
            response.comments.append(Comment(section=section, body=text, submitted_body=text))
        db.session.add(response)
    db.session.commit()
    return round_.id


def start_workers(app, count: int, log: Path, threads: int) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        # The e5 engine is OpenMP-threaded: one thread per worker, one worker per core.
        "OMP_NUM_THREADS": str(threads),
        "SAMRAD_CONFIG": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app.config["REDIS_URL"],
        "JOBS_QUEUE": app.config["JOBS_QUEUE"],
    }
    env.pop("JOBS_TRANSPORT", None)
    return [
        subprocess.Popen(
            [FLASK, "--app", "app", "jobs", "worker"],
            env=env,
            cwd=ROOT,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def measure(app, round_id: int, workers: int, timeout: float, log: Path, threads: int) -> dict:
    from rq import Worker

    from app import jobs
    from app.extensions import db
    from consultation.people import User
    from consultation.review import AnalysisRun, EmbeddingVector, RunStatus, analysis_runs
    from consultation.review.analysis_inputs import RunParameters

    with app.app_context():
        db.session.execute(sa.delete(EmbeddingVector))  # cold
        db.session.commit()
        member = db.session.scalars(sa.select(User).where(User.email == "bank@region.example")).one()
        processes = start_workers(app, workers, log, threads)
        try:
            queue = app.extensions["samrad_jobs"].queue()
            deadline = time.monotonic() + 120
            while len(Worker.all(queue=queue)) < workers:
                if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                    raise RuntimeError(f"workers did not start; see {log}")
                time.sleep(0.2)
            run = analysis_runs.start_run(db.session, member, round_id, RunParameters())
            db.session.commit()
            run_id, job_id = run.id, run.job_id
            started = time.monotonic()
            jobs.dispatch(job_id)
            deadline = started + timeout
            while True:
                db.session.rollback()
                run = db.session.get(AnalysisRun, run_id, populate_existing=True)
                if run.status in (RunStatus.DONE, RunStatus.FAILED):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"run {run_id} not done in {timeout:.0f} s (stage {run.stage})")
                time.sleep(0.5)
            wall = time.monotonic() - started
            if run.status != RunStatus.DONE:
                raise RuntimeError(f"run {run_id} failed: {run.error}; see {log}")
            embedded = db.session.scalar(sa.select(sa.func.count()).select_from(EmbeddingVector))
            return {
                "workers": workers,
                "texts": run.item_count,
                "embedded": embedded,
                "wall": wall,
                "embed": float(run.timings.get("embed", 0.0)),
                "timings": dict(run.timings),
            }
        finally:
            stop_workers(processes)
            db.session.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per analysis at most")
    parser.add_argument("--pg-server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="samrad_jobscale_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--machines", default="1,2,4,8,16")
    parser.add_argument("--threads", type=int, default=1, help="OMP_NUM_THREADS of each worker")
    args = parser.parse_args()
    # A SIGTERM (a timeout, a kill) ends the run through the `finally` that stops the workers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    counts = [int(n) for n in args.workers.split(",")]

    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    url = fresh_database(args.pg_server, args.database)
    queue_name = f"samrad-bench-{uuid.uuid4().hex[:8]}"
    app = create_app(
        {
            "CONFIG": "development",
            "SQLALCHEMY_DATABASE_URI": url,
            "JOBS_TRANSPORT": "rq",
            "REDIS_URL": args.redis,
            "JOBS_QUEUE": queue_name,
        }
    )
    log = ROOT / "instance" / "bench-jobs-scale.log"
    log.parent.mkdir(exist_ok=True)
    clock = time.perf_counter()
    with app.app_context():
        upgrade()
        round_id = load_round(args.texts)
        db.session.remove()
    print(f"{args.texts} texts loaded into {args.database} in {time.perf_counter() - clock:.1f} s")
    print(f"load average before: {os.getloadavg()}, cores: {os.cpu_count()}")

    results = []
    for workers in counts:
        result = measure(app, round_id, workers, args.timeout, log, args.threads)
        result["load"] = os.getloadavg()
        results.append(result)
        print(
            f"  {workers} worker(s): {result['wall']:.1f} s wall, {result['texts'] / result['wall']:.1f} texts/s, "
            f"embedding {result['embed']:.1f} s for {result['embedded']} texts, load {result['load'][0]:.2f}",
            flush=True,
        )
    report(results, [int(n) for n in args.machines.split(",")])
    from redis import Redis

    connection = Redis.from_url(args.redis)
    for key in connection.scan_iter(f"rq:*{queue_name}*"):
        connection.delete(key)


def report(results: list[dict], machines: list[int]) -> None:
    base = results[0]
    print()
    print("| workers | texts | wall s | texts/s | speed-up | embedding s | embedded texts/s | serial s | load 1 min |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        serial = r["wall"] - r["embed"]
        print(
            f"| {r['workers']} | {r['texts']} | {r['wall']:.1f} | {r['texts'] / r['wall']:.1f} | "
            f"{base['wall'] / r['wall']:.2f} | {r['embed']:.1f} | {r['embedded'] / max(r['embed'], 1e-9):.1f} | "
            f"{serial:.1f} | {r['load'][0]:.2f} |"
        )
    # The projection: the serial part stays, the embedding divides over the machines' workers.
    best = max(results, key=lambda r: r["embedded"] / max(r["embed"], 1e-9))
    machine_rate = best["embedded"] / max(best["embed"], 1e-9)
    serial = best["wall"] - best["embed"]
    texts = best["embedded"]
    print()
    print(
        f"Projection for N machines like this one (per machine {machine_rate:.1f} texts/s embedding with "
        f"{best['workers']} worker(s), serial part {serial:.1f} s, {texts} texts to embed):"
    )
    print("| machines | projected wall s | projected texts/s | speed-up over 1 machine |")
    print("| ---: | ---: | ---: | ---: |")
    one = serial + texts / machine_rate
    for n in machines:
        wall = serial + texts / (n * machine_rate)
        print(f"| {n} | {wall:.1f} | {best['texts'] / wall:.1f} | {one / wall:.2f} |")
    print(f"(limit as N grows: the serial part, {serial:.1f} s; load average now {os.getloadavg()})")


if __name__ == "__main__":
    main()
