"""How long a compilation's Word file takes to build, by size: where the background job starts to pay.

    .venv/bin/python bench/compilation_file.py                    # 250, 1,000, 2,500 and 5,000 points
    .venv/bin/python bench/compilation_file.py --sizes 500,2000

For each size a round on a SQLite file in a temporary folder gets that many submitted comments
(ten sections, three sentences each, distinct) with a position on every tenth. Printed per size:
the time to gather the compilation (what every request does), to take its digest (what a request
for a queued file adds), and to build the .docx (what the job does instead of the request), each
the median of --repeats runs, and the .docx's size. COMPILATION_FILE_JOB_FROM (config.py) is set
from the point where the .docx takes longer than a request should hold a web worker (about 2 s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBJECTS = ["kollektivtrafiken", "bostadsbyggandet", "kompetensförsörjningen", "landsbygdens service", "klimatarbetet"]


def text_for(n: int) -> str:
    subject = SUBJECTS[n % len(SUBJECTS)]
    return (
        f"Synpunkt {n}: {subject} behöver tydligare mål i strategin. "
        f"Vi föreslår att avsnittet kompletteras med en uppföljning av {subject} per kommun. "
        f"Utan resurser för genomförandet riskerar ambitionen nummer {n} att stanna på papperet."
    )


def timed(function, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,2500,5000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    from flask_migrate import upgrade

    from app import create_app
    from app.compilation.documents import build_docx
    from app.extensions import db
    from consultation.people import Role
    from consultation.people.access import SYSTEM
    from consultation.review import Decision, Position, compilation_files
    from consultation.review.compilation import build_compilation
    from tests.factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
    from tests.themes.conftest import submitted_response

    folder = tempfile.mkdtemp(prefix="samrad-bench-")
    app = create_app({"CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
    rows = []
    with app.app_context(), app.test_request_context():
        upgrade()
        process = ProcessFactory(code="BENCH")
        version = add_draft(process, sections=10)
        round_ = add_round(process, version)
        author = UserFactory(roles=[Role.STAKEHOLDER.value])
        made = 0
        for size in sizes:
            while made < size:
                response = submitted_response(
                    round_,
                    OrganisationFactory(),
                    {section: text_for(made + i) for i, section in enumerate(version.sections)},
                    author=author,
                )
                for comment in response.comments[::10]:
                    db.session.add(Position(comment=comment, decision=Decision.PARTLY, motivation="Delvis beaktad."))
                made += len(version.sections)
            db.session.commit()
            gather, result = timed(lambda: build_compilation(db.session, SYSTEM, round_.id, "section"), args.repeats)
            digest, _ = timed(partial(compilation_files.digest_of, result), args.repeats)
            docx, data = timed(partial(build_docx, result), args.repeats)
            points = compilation_files.points_of(result)
            rows.append((points, gather, digest, docx, len(data)))
            print(f"  {points} points: docx {docx:.2f} s", flush=True)

    threshold = app.config["COMPILATION_FILE_JOB_FROM"]
    print(f"\nMedian of {args.repeats} runs; COMPILATION_FILE_JOB_FROM = {threshold} points")
    print(f"{'points':>7} {'gather s':>9} {'digest ms':>10} {'docx s':>8} {'docx ms/point':>14} {'docx kB':>8}  route")
    for points, gather, digest, docx, size in rows:
        route = "job" if points >= threshold else "request"
        print(
            f"{points:>7} {gather:>9.2f} {digest * 1000:>10.1f} {docx:>8.2f} {docx * 1000 / points:>14.2f}"
            f" {size / 1024:>8.0f}  {route}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
