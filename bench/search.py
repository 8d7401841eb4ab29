"""Search speed: p50/p95 of ten typical searches at 1,000, 10,000 and 50,000 texts, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py                      # both databases, 1k/10k/50k texts
    .venv/bin/python bench/search.py --sizes 1000,10000   # fewer texts
    .venv/bin/python bench/search.py --only sqlite        # one database

Each search is what the page runs: `consultation.search.queries.search` (the count and one page
of 20, best first) with the query's terms from `analysis.search_terms.query_terms`, some with
the page's filters. The texts are synthetic Swedish: two to four sentences drawn from the demo
data's responses and meeting notes and from SIB-200's Swedish sentences (../shared/data), each
tagged with a section, an actor type and a municipality. Their index rows are written straight
into search_document with the real `index_terms`, so the numbers are the index's and the
query's, not those of making 50,000 responses.

The SQLite database lives in a temporary folder; the PostgreSQL database is made for the run
and dropped at the end (--pg-server names the server). Every loop is bounded by count; the
target is <= 100 ms p95 at 50,000 texts on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._data import sib  # noqa: E402

# (query, filters): what a working group types, with and without the page's filters.
SEARCHES = [
    ("kollektivtrafik", {}),
    ("pendling", {}),
    ("bostäder unga", {}),
    ("kompetensförsörjning", {}),
    ("landsbygden service", {"actor_type": "municipality"}),
    ("klimat", {"section_key": "3"}),
    ("företag", {"unanswered": True}),
    ("skola utbildning", {}),
    ("vård", {"municipality": "Fjällby"}),
    ("cykelvägar trafik", {}),
]
REPEATS = 20  # each search this many times per size: 200 timings per row
ACTOR_TYPES = ["municipality", "region", "agency", "business", "academia", "civil_society", "private_person"]
MUNICIPALITIES = ["Fjällby", "Granmo", "Ulvsjö", "Bergslunda", "Åby", "Östvik", None]


def sentences() -> list[str]:
    found: set[str] = set()

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for path in (ROOT / "bench" / "synthetic_remarks.toml", ROOT / "app" / "demo" / "data" / "meetings.toml"):
        with path.open("rb") as handle:
            for text in strings(tomllib.load(handle)):
                found.update(s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30)
    try:
        found.update(text for _id, text, _label in sib("swe_Latn"))
    except FileNotFoundError:
        print("(SIB-200 not found: demo sentences only)", file=sys.stderr)
    return sorted(found)


def synthetic_rows(count: int, process_id: int, seed: int = 2040) -> list[dict]:
    from datetime import UTC, datetime

    from analysis.search_terms import index_terms

    rng = random.Random(seed)
    pool = sentences()
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        text = " ".join(rng.sample(pool, rng.randint(2, 4)))
        rows.append(
            {
                "key": f"b{n}",
                "source": "comment",
                "process_id": process_id,
                "section_keys": f" {rng.randint(1, 8)} ",
                "section_label": "",
                "actor_type": rng.choice(ACTOR_TYPES),
                "municipality": rng.choice(MUNICIPALITIES),
                "sender": f"Organisation {n % 700}",
                "body": text,
                "terms": index_terms(text),
                "indexed_at": now,
            }
        )
    return rows


def measure(app, process_id: int) -> list[float]:
    from analysis.search_terms import query_terms
    from app.extensions import db
    from consultation.people.access import SYSTEM
    from consultation.search import queries

    timings = []
    with app.app_context():
        wanted = [(query_terms(q), queries.SearchFilter(**filters)) for q, filters in SEARCHES]
        for terms, filters in wanted:  # warm the caches once
            queries.search(db.session, SYSTEM, process_id, terms, filters)
        for _ in range(REPEATS):
            for terms, filters in wanted:
                started = time.perf_counter()
                queries.search(db.session, SYSTEM, process_id, terms, filters)
                timings.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(label: str, url: str, sizes: list[int], rows: list[dict]) -> list[tuple]:
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from consultation.drafts import Process
    from consultation.search import SearchDocument

    app = create_app({"CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": url})
    results = []
    with app.app_context():
        upgrade()
        process = Process(code="BENCH", title="Sökbänk", region="Bänklän", is_public=False)
        db.session.add(process)
        db.session.commit()
        process_id = process.id
    inserted = 0
    for size in sizes:
        with app.app_context():
            chunk = [{**row, "process_id": process_id} for row in rows[inserted:size]]
            for start in range(0, len(chunk), 2_000):
                db.session.execute(sa.insert(SearchDocument), chunk[start : start + 2_000])
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                db.session.execute(sa.text("ANALYZE search_document"))
                db.session.commit()
            inserted = size
        timings = measure(app, process_id)
        hits = []
        with app.app_context():
            from analysis.search_terms import query_terms
            from consultation.people.access import SYSTEM
            from consultation.search import queries

            for q, filters in SEARCHES:
                hits.append(
                    queries.search(
                        db.session, SYSTEM, process_id, query_terms(q), queries.SearchFilter(**filters)
                    ).total
                )
        results.append(
            (label, size, statistics.median(timings), percentile(timings, 0.95), max(timings), sum(hits) / len(hits))
        )
        print(f"  {label} {size:>6}: p50 {results[-1][2]:.1f} ms, p95 {results[-1][3]:.1f} ms", flush=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return results


def _on_server(server_url: str, statement: str) -> None:
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(statement))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pg-server", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    sizes = sorted({max(1, min(int(s), 200_000)) for s in args.sizes.split(",")})
    started = time.perf_counter()
    rows = synthetic_rows(max(sizes), process_id=0)
    print(f"{len(rows)} synthetic texts with their terms in {time.perf_counter() - started:.1f} s", flush=True)
    results = []
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            results += run("SQLite", f"sqlite:///{Path(folder) / 'search.sqlite3'}", sizes, rows)
    if args.only in (None, "postgresql"):
        name = f"samrad_bench_search_{os.getpid()}"
        _on_server(args.pg_server, f'CREATE DATABASE "{name}"')
        try:
            results += run("PostgreSQL", args.pg_server.rsplit("/", 1)[0] + f"/{name}", sizes, rows)
        finally:
            _on_server(args.pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    load = os.getloadavg()
    print()
    print(f"Ten searches × {REPEATS} per size (count + first page of 20); load average {load[0]:.1f}")
    print(f"{'database':<11} {'texts':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean hits':>10}")
    for label, size, p50, p95, worst, mean_hits in results:
        print(f"{label:<11} {size:>7} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f} {mean_hits:>10.0f}")


if __name__ == "__main__":
    main()
