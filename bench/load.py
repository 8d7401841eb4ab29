"""Load from the outside: the main pages under concurrent clients, and the deadline spike, on real servers.

    .venv/bin/python bench/load.py                       # everything, as issue 19 describes it
    .venv/bin/python bench/load.py --quick               # 3 s per page, deadline 25 s ahead, 60 stakeholders
    .venv/bin/python bench/load.py --only spike-sqlite   # one part: pages, spike-pg, spike-sqlite

(a) **Pages.** The app is served by gunicorn with gunicorn.conf.py on PostgreSQL in the production
config, beside a bare Flask app doing one SELECT and rendering a small template, served the same
way in the same run (the baseline). Every main page is fetched by 10 and 50 concurrent clients for
a bounded time: requests/s, p50/p95/p99 and the ratio to the baseline's. Twice: as deployed, with
kept pages (app/page_cache.py), and with PAGE_CACHE_SECONDS=0, every page built for every request
(`--cache on|off|both`).
(b) **The deadline spike** on that server: stakeholders (200), each in an organisation of their own,
log in, open their response, save a draft and submit shortly before a deadline (90 s ahead by
default), some autosaving all along (20), some double-clicking "Skicka in" (10), some submitting
after the deadline (40). Then the database is checked: nothing lost, duplicated or accepted late,
no 5xx, every acknowledged text stored verbatim, late ones refused with the text shown back.
During the last 10 s before the deadline a few clients read the bare baseline app on the same
machine, for the target "submits in the last 10 s at p95 <= 2x the baseline's p95".
(c) **The same spike on SQLite** with `make run`'s server (`flask run`, threaded) at 50 users.

Loopback only. Every loop is bounded in count and in time; servers run in their own process
group and are stopped by their PID; the databases made here are dropped at the end (PostgreSQL)
or live in a temporary folder (SQLite). The machine's other load is printed with the results
(load average), because the numbers mean little without it.

--code DIR serves another checkout (e.g. `git archive <commit> | tar -x -C DIR`) with this venv,
to measure before and after a change with the same script.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-losenord-2040"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
REQUEST_TIMEOUT = 30  # seconds; a request slower than this counts as an error, not a wait without end
BESIDE_CLIENTS = 2  # clients reading the baseline app during the spike's last 10 s,
BESIDE_PAUSE = 0.1  # each pausing this long between requests (about 20 requests/s in all)

BASELINE_APP = '''
import os
import sqlalchemy as sa
from flask import Flask, render_template_string

PAGE = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><ul>{% for row in rows %}<li>{{ row.name }}</li>{% endfor %}</ul></main></body></html>"""


def create_app():
    app = Flask(__name__)
    engine = sa.create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)

    @app.get("/")
    def index():
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT name FROM organisation ORDER BY id LIMIT 5")).all()
        return render_template_string(PAGE, title="Baslinje", rows=rows)

    return app
'''


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process in its own process group, stopped by its PID."""

    def __init__(self, name: str, command: list[str], env: dict, cwd: Path, port: int, log: Path):
        self.name, self.port = name, port
        self.base = f"http://127.0.0.1:{port}"
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, path: str = "/", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start (see {self.log.name})")
            try:
                if requests.get(self.base + path, timeout=2).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} did not answer within {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


def gunicorn(name: str, app: str, env: dict, cwd: Path, log_dir: Path, workers: int | None) -> Server:
    port = free_port()
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", str(log_dir / f"{name}-access.log")]
    if workers:
        command += ["--workers", str(workers)]
    return Server(name, [*command, app], env, cwd, port, log_dir / f"{name}.log")


# --- a browser ---------------------------------------------------------------------------------


class Browser:
    """One person's browser: its own cookies, sent by hand (production cookies are Secure; this is loopback
    HTTP), every request timed."""

    def __init__(self, base: str, record: Callable[[str, float, float, int], None]):
        self.base, self.record = base, record
        self.http = requests.Session()
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, data: dict | None = None) -> requests.Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        started = time.time()
        try:
            answer = self.http.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False, timeout=REQUEST_TIMEOUT
            )
        except requests.RequestException:
            self.record(kind, started, time.time() - started, 0)
            raise
        self.record(kind, started, time.time() - started, answer.status_code)
        for cookie in answer.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return answer

    def get(self, path: str, kind: str = "page") -> requests.Response:
        return self.request(kind, "GET", path)

    def post(self, path: str, data: dict, kind: str, form_path: str | None = None, html: str | None = None):
        page = html if html is not None else self.get(form_path or path, kind="form").text
        match = CSRF.search(page)
        if not match:
            raise RuntimeError(f"no CSRF token on {form_path or path}")
        return self.request(kind, "POST", path, {**data, "csrf_token": match.group(1) or match.group(2)})

    def login(self, email: str) -> None:
        answer = self.post("/logga-in", {"email": email, "password": PASSWORD}, kind="login")
        if answer.status_code != 302:
            raise RuntimeError(f"login as {email} answered {answer.status_code}")


@dataclass
class Log:
    """Every request: what it was, when it started (epoch seconds), how long it took, its status (0: no answer)."""

    rows: list[tuple[str, float, float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, kind: str, started: float, seconds: float, status: int) -> None:
        with self.lock:
            self.rows.append((kind, started, seconds, status))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# --- databases ---------------------------------------------------------------------------------


def _on_pg_server(server_url: str, sql: str) -> None:
    """Run one statement outside a transaction on the server's maintenance database (CREATE/DROP DATABASE)."""
    admin = sa.create_engine(sa.engine.make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(sql)
    admin.dispose()


def create_pg_database(server_url: str, name: str) -> str:
    _on_pg_server(server_url, f'CREATE DATABASE "{name}"')
    return sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(server_url: str, name: str) -> None:
    _on_pg_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flask(env: dict, cwd: Path, *args: str) -> None:
    done = subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def prepare_demo(env: dict, cwd: Path, analyse: bool) -> None:
    flask(env, cwd, "db", "upgrade")
    flask(env, cwd, "demo", "load")
    if analyse:
        flask({**env, "ANALYSIS_USE_EMBEDDINGS": "0"}, cwd, "demo", "analyse")


def seed_spike(url: str, users: int, closes_in: float) -> tuple[int, datetime, list[str]]:
    """A round on the demo draft closing `closes_in` seconds from now, and `users` stakeholders in an
    organisation each (one password hash for all: hashing 200 times would be the seeding's whole cost)."""
    from consultation.drafts import Process
    from consultation.people import ActorType, Membership, Organisation, Role, User, UserRole
    from consultation.people.passwords import hash_password
    from consultation.remiss import ConsultationRound, RoundAccess

    engine = sa.create_engine(url)
    emails = []
    with sa.orm.Session(engine) as session:
        process = session.scalars(sa.select(Process).order_by(Process.id)).first()
        version_id = session.scalars(
            sa.select(ConsultationRound.version_id).where(ConsultationRound.process_id == process.id)
        ).first()
        now = datetime.now(UTC)
        round_ = ConsultationRound(
            process=process,
            version_id=version_id,
            title="Remissrunda under belastning",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(seconds=closes_in),
            access=RoundAccess.OPEN,
        )
        session.add(round_)
        password_hash = hash_password(PASSWORD)
        for index in range(users):
            organisation = Organisation(name=f"Belastningskommun {index:03d}", actor_type=ActorType.MUNICIPALITY)
            user = User(
                email=f"aktor{index:03d}@belastning.example",
                name=f"Aktör {index:03d}",
                password_hash=password_hash,
                role_grants=[UserRole(role=Role.STAKEHOLDER)],
            )
            session.add_all([organisation, user, Membership(user=user, organisation=organisation)])
            emails.append(user.email)
        session.commit()
        result = round_.id, round_.closes_at, emails
    engine.dispose()
    return result


# --- (a) the pages -------------------------------------------------------------------------------


def page_urls(url: str) -> dict[str, tuple[str, str]]:
    """Each main page of the demo: name -> (who reads it, path)."""
    engine = sa.create_engine(url)
    with engine.connect() as c:
        code, round_id = c.execute(
            sa.text("SELECT p.code, r.id FROM process p JOIN consultation_round r ON r.process_id = p.id ORDER BY r.id")
        ).first()
        own = c.scalar(
            sa.text(
                "SELECT r.id FROM response r JOIN membership m ON m.organisation_id = r.organisation_id"
                " JOIN user_account u ON u.id = m.user_id WHERE u.email = 'aktor@samrad.example' ORDER BY r.id"
            )
        )
        response_id = c.scalar(sa.text("SELECT id FROM response WHERE reference IS NOT NULL ORDER BY id"))
        run_id = c.scalar(sa.text("SELECT id FROM analysis_run WHERE status = 'done' ORDER BY id DESC"))
        theme_id = c.scalar(sa.text("SELECT id FROM analysis_theme WHERE run_id = :r ORDER BY id"), {"r": run_id})
        meeting_id = c.scalar(sa.text("SELECT id FROM meeting ORDER BY id"))
    engine.dispose()
    pages = {
        "process": ("anonymous", f"/process/{code}"),
        "draft": ("anonymous", f"/process/{code}/forslag"),
        "round": ("stakeholder", f"/remiss/{round_id}"),
        "stakeholder response": ("stakeholder", f"/svar/{own}"),
        "wg response list": ("working_group", f"/arbetsgrupp/rundor/{round_id}/svar"),
        "a response": ("working_group", f"/arbetsgrupp/svar/{response_id}"),
        "compilation": ("working_group", f"/arbetsgrupp/rundor/{round_id}/sammanstallning"),
        "meeting list": ("anonymous", "/dialogtraffar"),
        "meeting": ("anonymous", f"/dialogtraffar/{meeting_id}"),
    }
    if run_id:
        pages["analysis result"] = ("working_group", f"/arbetsgrupp/analys/{run_id}")
        pages["positions list"] = ("working_group", f"/arbetsgrupp/analys/{run_id}/obesvarade")
        if theme_id:
            pages["theme"] = ("working_group", f"/arbetsgrupp/analys/{run_id}/teman/{theme_id}")
    return pages


@dataclass
class Measured:
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int
    count: int


def hammer(base: str, path: str, cookies: dict, clients: int, seconds: float, max_requests: int) -> Measured:
    """`clients` threads GET `path` until `seconds` have passed or `max_requests` were made."""
    log = Log()
    stop_at = time.monotonic() + seconds
    budget = threading.Semaphore(max_requests)

    def client() -> None:
        browser = Browser(base, log)
        browser.cookies = dict(cookies)
        while time.monotonic() < stop_at and budget.acquire(blocking=False):
            with contextlib.suppress(requests.RequestException):
                browser.get(path)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    elapsed = time.monotonic() - started
    latencies = [row[2] for row in log.rows if row[3] == 200]
    errors = sum(1 for row in log.rows if row[3] != 200)
    return Measured(
        rate=len(latencies) / elapsed,
        p50=percentile(latencies, 0.50),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
        errors=errors,
        count=len(log.rows),
    )


def measure_pages(app: Server, baseline: Server, url: str, concurrency: list[int], seconds: float, label: str) -> dict:
    sessions = {"anonymous": {}}
    for role, email in (("stakeholder", "aktor@samrad.example"), ("working_group", "arbetsgrupp@samrad.example")):
        browser = Browser(app.base, Log())
        browser.login(email)
        sessions[role] = browser.cookies
    pages = page_urls(url)
    base_rows = {}
    print(f"\n(a) Pages: gunicorn + PostgreSQL, production config, {label}", flush=True)
    print(
        f"{'page':<22}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'req/s ÷ base':>14}{'p95 ÷ base':>12}"
    )
    for clients in concurrency:
        base_rows[clients] = b = hammer(baseline.base, "/", {}, clients, seconds, 100_000)
        print(
            f"{'BASELINE':<22}{clients:>8}{b.rate:>9.1f}{b.p50 * 1e3:>9.0f}{b.p95 * 1e3:>9.0f}{b.p99 * 1e3:>9.0f}"
            f"{b.errors:>8}{1:>14.2f}{1:>12.2f}",
            flush=True,
        )
        for name, (role, path) in pages.items():
            m = hammer(app.base, path, sessions[role], clients, seconds, 100_000)
            print(
                f"{name:<22}{clients:>8}{m.rate:>9.1f}{m.p50 * 1e3:>9.0f}{m.p95 * 1e3:>9.0f}{m.p99 * 1e3:>9.0f}"
                f"{m.errors:>8}{m.rate / b.rate:>14.2f}{m.p95 / b.p95:>12.1f}",
                flush=True,
            )
    return base_rows


# --- (b), (c) the deadline spike -----------------------------------------------------------------


@dataclass
class Person:
    email: str
    late: bool = False
    double_click: bool = False
    autosaves: bool = False
    text: str = ""
    start_at: float = 0.0  # epoch seconds: when this person opens the site and logs in
    submit_at: float = 0.0  # epoch seconds
    response_id: int | None = None
    acknowledged: str | None = None  # the last text the server said it stored (save/autosave/submit)
    submitted: bool = False  # a submit was answered with the receipt
    refused_with_text: bool | None = None  # a late submit: refused (409) with the text on the page
    receipts: int = 0  # submit answers that were the receipt (two for a double click on time)
    arrived_late: bool = False  # meant to be on time, but the answer (409, too late) came after the deadline
    errors: list[str] = field(default_factory=list)


def text_for(index: int) -> str:
    # Swedish letters, a line break, markup that must come back as typed, and a number that makes it unique.
    return f"Synpunkt {index:03d}: Kommunen tillstyrker förslaget.\n\nMen <b>landsbygden</b> & kollektivtrafiken – §{index}."


def spike(
    base: str, log: Log, round_id: int, closes_at: datetime, people: list[Person], pool_size: int, baseline: str | None
) -> None:
    deadline = closes_at.timestamp()

    def act(person: Person) -> None:
        browser = Browser(base, log)
        time.sleep(max(0.0, person.start_at - time.time()))
        try:
            browser.login(person.email)
            organisation_key = None
            round_page = browser.get(f"/remiss/{round_id}", kind="round").text
            found = re.search(r'value="(org-\d+)"', round_page)
            organisation_key = found.group(1) if found else None
            started = browser.post(f"/remiss/{round_id}/svar", {"owner": organisation_key}, "open", html=round_page)
            edit = started.headers.get("Location", "").replace(base, "")
            if not edit.startswith("/svar/"):  # refused (the round closed before this person got here)
                person.errors.append(f"open {started.status_code} -> {edit or 'no redirect'}")
                return
            person.response_id = int(edit.rsplit("/", 1)[1])
            page = browser.get(edit, kind="edit").text
            draft = person.text.split("\n")[0]
            saved = browser.post(edit, {"comment-whole": draft, "action": "save"}, "save draft", html=page)
            if saved.status_code == 302:
                person.acknowledged = draft
            else:
                person.errors.append(f"save {saved.status_code}")
            page = browser.get(edit, kind="edit").text
            revision = (re.search(r'name="revision-whole" value="(\d+)"', page) or [None, ""])[1]
            while person.autosaves and time.time() < person.submit_at - 1.0:
                partial = person.text[: random.randint(10, len(person.text))]
                answer = browser.post(
                    f"{edit}/autospara", {"comment-whole": partial, "revision-whole": revision}, "autosave", html=page
                )
                body = answer.json() if answer.headers.get("Content-Type", "").startswith("application/json") else {}
                if answer.status_code == 200 and body.get("ok") and not body.get("conflicts"):
                    person.acknowledged = partial
                    revision = str(body["revisions"].get("whole", revision))
                else:
                    person.errors.append(f"autosave {answer.status_code}")
                time.sleep(min(2.0, max(0.0, person.submit_at - 1.0 - time.time())))
            time.sleep(max(0.0, person.submit_at - time.time()))
            form = {"comment-whole": person.text, "revision-whole": revision, "action": "submit"}
            clicks = 2 if person.double_click else 1
            kind = "late submit" if person.late else ("double submit" if person.double_click else "submit")
            with ThreadPoolExecutor(max_workers=clicks) as clicker:
                answers = list(clicker.map(lambda _: browser.post(edit, form, kind, html=page), range(clicks)))
            answered_at = time.time()
            person.receipts = sum(
                1 for a in answers if a.status_code == 302 and a.headers["Location"].endswith("/kvitto")
            )
            for answer in answers:
                refused = answer.status_code == 409 and _shown_back(answer.text, person.text)
                if person.late:
                    person.refused_with_text = refused
                elif answer.status_code == 302 and answer.headers["Location"].endswith("/kvitto"):
                    person.submitted = True
                    person.acknowledged = person.text
                elif refused and answered_at > deadline:
                    person.arrived_late = True  # sent in time but only reached the server after the deadline
                else:
                    person.errors.append(f"submit {answer.status_code}")
        except (requests.RequestException, RuntimeError, KeyError, ValueError) as error:
            person.errors.append(f"{type(error).__name__}: {error}"[:200])

    def beside(base_url: str) -> None:
        """The bare baseline app, read during the last 10 s before the deadline: the same machine, the same moment."""
        browser = Browser(base_url, log)
        time.sleep(max(0.0, deadline - 10 - time.time()))
        while time.time() < deadline:
            with contextlib.suppress(requests.RequestException):
                browser.get("/", kind="baseline")
            time.sleep(BESIDE_PAUSE)  # a probe of the machine's state, not more load on it

    with ThreadPoolExecutor(max_workers=pool_size + BESIDE_CLIENTS) as pool:
        waiting = [pool.submit(beside, baseline) for _ in range(BESIDE_CLIENTS if baseline else 0)]
        list(pool.map(act, people))
        for future in waiting:
            future.result()


def _shown_back(html: str, text: str) -> bool:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped in html or escaped.replace('"', "&#34;") in html


def plan(count: int, closes_at: datetime, late: int, double: int, autosaving: int, rng: random.Random) -> list[Person]:
    deadline = closes_at.timestamp()
    now = time.time()
    window = max(5.0, min(30.0, (deadline - now) * 0.5))
    # People arrive over the first part of the time left (the run: 200 logins in 25 s).
    ramp = max(1.0, min(25.0, (deadline - now) * 0.4))
    people = [Person(email=f"aktor{i:03d}@belastning.example", text=text_for(i)) for i in range(count)]
    order = list(range(count))
    rng.shuffle(order)
    for position, index in enumerate(order):
        person = people[index]
        person.start_at = now + rng.uniform(0.0, ramp)
        if position < late:
            person.late = True
            person.submit_at = deadline + rng.uniform(1.0, 6.0)
            continue
        person.double_click = position < late + double
        person.autosaves = late + double <= position < late + double + autosaving
        # Most on-time submits come in the last seconds: that is the spike.
        person.submit_at = deadline - min(window, rng.expovariate(1 / 6.0)) - 0.7
    return people


def check_spike(url: str, round_id: int, closes_at: datetime, people: list[Person], log: Log, label: str) -> bool:
    engine = sa.create_engine(url)
    with engine.connect() as c:
        rows = c.execute(
            sa.text(
                "SELECT r.id, r.reference, r.status, s.number, s.submitted_at, s.snapshot"
                " FROM response r LEFT JOIN response_submission s ON s.response_id = r.id WHERE r.round_id = :r"
            ),
            {"r": round_id},
        ).all()
        bodies = dict(
            c.execute(
                sa.text(
                    "SELECT c.response_id, c.body FROM comment c JOIN response r ON r.id = c.response_id"
                    " WHERE r.round_id = :r AND c.section_id IS NULL"
                ),
                {"r": round_id},
            ).all()
        )
        process_refs = c.scalars(sa.text("SELECT reference FROM response WHERE reference IS NOT NULL")).all()
    engine.dispose()
    submissions: dict[int, list] = {}
    for response_id, _ref, _status, number, submitted_at, snapshot in rows:
        if number is not None:
            snap = snapshot if isinstance(snapshot, list) else __import__("json").loads(snapshot)
            submissions.setdefault(response_id, []).append((number, submitted_at, snap))
    on_time = [p for p in people if not p.late]
    late = [p for p in people if p.late]

    def stored_text(person: Person) -> list[str]:
        return [s[2][0]["body"] for s in submissions.get(person.response_id, []) if s[2]]

    lost = [p.email for p in on_time if p.submitted and p.text not in stored_text(p)]
    duplicated = [p.email for p in people if len(stored_text(p)) != len(set(stored_text(p)))]
    late_accepted = [p.email for p in late if stored_text(p)]
    not_refused_with_text = [p.email for p in late if not p.refused_with_text]
    not_verbatim = [
        p.email
        for p in people
        if p.acknowledged is not None and p.response_id is not None and bodies.get(p.response_id) != p.acknowledged
    ]
    closes = closes_at.timestamp()
    too_late_stamp = [
        rid
        for rid, subs in submissions.items()
        for _n, at, _s in subs
        if (at if isinstance(at, datetime) else datetime.fromisoformat(str(at))).replace(tzinfo=UTC).timestamp()
        > closes
    ]
    # Each process numbers its own responses ("RUS2040-2026-0001"); the demo has two processes.
    series: dict[str, list[int]] = {}
    for reference in process_refs:
        prefix, number = reference.rsplit("-", 1)
        series.setdefault(prefix, []).append(int(number))
    gaps = sum(
        1 for numbers in series.values() if sorted(numbers) != list(range(min(numbers), min(numbers) + len(numbers)))
    )
    own = [row for row in log.rows if row[0] != "baseline"]
    server_errors = sum(1 for row in own if row[3] >= 500)
    no_answer = sum(1 for row in own if row[3] == 0)
    stopped = [p for p in people if p.errors]
    last_10 = [
        row[2]
        for row in log.rows
        if row[0] in ("submit", "double submit") and closes - 10 <= row[1] <= closes and row[3] < 500
    ]
    print(
        f"\n({label}) {len(log.rows)} requests; kinds: "
        + ", ".join(f"{kind} {sum(1 for r in log.rows if r[0] == kind)}" for kind in sorted({r[0] for r in log.rows}))
    )
    statuses: dict[int, int] = {}
    for row in log.rows:
        statuses[row[3]] = statuses.get(row[3], 0) + 1
    print("  statuses: " + ", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(statuses.items())))
    if last_10:
        print(
            f"  submits in the last 10 s before the deadline: {len(last_10)}, p50 {percentile(last_10, 0.5) * 1e3:.0f} ms,"
            f" p95 {percentile(last_10, 0.95) * 1e3:.0f} ms, p99 {percentile(last_10, 0.99) * 1e3:.0f} ms"
        )
    beside = [row[2] for row in log.rows if row[0] == "baseline" and closes - 10 <= row[1] <= closes and row[3] == 200]
    target = None
    if last_10 and beside:
        ratio = percentile(last_10, 0.95) / percentile(beside, 0.95)
        target = ratio <= 2.0
        print(
            f"  the baseline app in the same 10 s ({BESIDE_CLIENTS} clients): {len(beside)} requests,"
            f" p95 {percentile(beside, 0.95) * 1e3:.0f} ms; submits' p95 ÷ baseline's: {ratio:.1f}"
            f" ({'target met' if target else 'TARGET MISSED'}: at most 2)"
        )
    logins = [row[2] for row in log.rows if row[0] == "login" and row[3] == 302]
    if logins:
        print(
            f"  logins: {len(logins)}, p50 {percentile(logins, 0.5) * 1e3:.0f} ms, p95 {percentile(logins, 0.95) * 1e3:.0f} ms"
        )
    checks = {
        "5xx responses": server_errors,
        "requests without an answer": no_answer,
        "on-time submits acknowledged but lost": len(lost),
        "responses with a duplicated submission": len(duplicated),
        "double clicks with more than one submission": sum(
            1 for p in people if p.double_click and len(stored_text(p)) > 1
        ),
        # On time, both clicks get the receipt; after the deadline both are refused: never one of each.
        "double clicks answered with one receipt and one other page": sum(
            1 for p in people if p.double_click and p.receipts == 1
        ),
        "late submits accepted": len(late_accepted) + len(too_late_stamp),
        "late submits not refused with the text shown": len(not_refused_with_text),
        "acknowledged texts not stored verbatim": len(not_verbatim),
        "people who met an error": len(stopped),
        "reference numbers with gaps": int(gaps),
    }
    ok = all(v == 0 for v in checks.values())
    for name, value in checks.items():
        print(f"  {'ok  ' if value == 0 else 'FAIL'} {name}: {value}")
    print(
        f"  on time and stored: {sum(1 for p in on_time if p.submitted)}/{len(on_time)}"
        f" ({sum(1 for p in on_time if p.arrived_late)} sent just before the deadline reached it after, refused);"
        f" late refused: {sum(1 for p in late if p.refused_with_text)}/{len(late)}"
    )
    for person in stopped[:8]:
        print(f"    {person.email}: {'; '.join(person.errors[:3])}")
    return ok


def run_spike(
    base: str, url: str, users: int, delay: float, label: str, seed: int, pool_size: int, baseline: str | None
) -> bool:
    round_id, closes_at, _emails = seed_spike(url, users, delay)
    late, double, autosaving = users // 5, min(10, users // 5), min(20, users // 4)
    people = plan(users, closes_at, late, double, autosaving, random.Random(seed))
    log = Log()
    print(
        f"\n({label}) {users} stakeholders, deadline in {delay:.0f} s, {late} late, {double} double-clicks, "
        f"{autosaving} autosaving, {pool_size} at once",
        flush=True,
    )
    spike(base, log, round_id, closes_at, people, pool_size, baseline)
    return check_spike(url, round_id, closes_at, people, log, label)


# --- the run -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short: 3 s a page, deadline 25 s ahead, 60 people")
    parser.add_argument("--only", choices=["pages", "spike-pg", "spike-sqlite"], action="append")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per page and concurrency")
    parser.add_argument("--clients", default="10,50", help="concurrent clients, comma-separated")
    parser.add_argument("--deadline-in", type=float, default=90.0, help="seconds from seeding to the deadline")
    parser.add_argument("--users", type=int, default=200, help="stakeholders in the PostgreSQL spike")
    parser.add_argument("--sqlite-users", type=int, default=50)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument(
        "--cache",
        choices=["on", "off", "both"],
        default="both",
        help="pages with kept pages on, off, or both (default)",
    )
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.deadline_in, args.users, args.sqlite_users = 3.0, 25.0, 60, 30
    parts = set(args.only or ["pages", "spike-pg", "spike-sqlite"])
    concurrency = [int(c) for c in args.clients.split(",")]
    code = args.code.resolve()
    work = Path(tempfile.mkdtemp(prefix="samrad-load-"))
    print(f"serving {code} (commit {_commit(code)}); load average before: {os.getloadavg()}; logs in {work}")
    servers: list[Server] = []
    databases: list[str] = []
    ok = True
    try:
        if parts & {"pages", "spike-pg"}:
            name = f"samrad_load_{os.getpid()}"
            url = create_pg_database(args.pg, name)
            databases.append(name)
            env = {
                **os.environ,
                "SAMRAD_CONFIG": "production",
                "DEMO_PASSWORD": PASSWORD,
                "SECRET_KEY": secrets.token_hex(32),
                "DATABASE_URL": url,
                # Production requires the site's https:// address; the bench's clients reach it over loopback.
                "SAMRAD_BASE_URL": "https://127.0.0.1",
                "MAIL_OUTBOX_DIR": str(work / "outbox"),
                "UPLOAD_DIR": str(work / "uploads"),
                "PYTHONPATH": str(code),
            }
            prepare_demo(env, code, analyse="pages" in parts)
            (work / "baseline_app.py").write_text(BASELINE_APP)
            baseline = gunicorn(
                "baseline", "baseline_app:create_app()", {**env, "PYTHONPATH": str(work)}, work, work, args.workers
            )
            servers.append(baseline)
            baseline.wait_ready("/")
            if "pages" in parts:
                # As deployed (kept pages on), then every page built for every request (PAGE_CACHE_SECONDS=0).
                for cache in ("on", "off") if args.cache == "both" else (args.cache,):
                    seconds = "30" if cache == "on" else "0"
                    served = gunicorn(
                        f"app-cache-{cache}",
                        "app:create_app()",
                        {**env, "PAGE_CACHE_SECONDS": seconds},
                        code,
                        work,
                        args.workers,
                    )
                    servers.append(served)
                    served.wait_ready("/")
                    measure_pages(served, baseline, url, concurrency, args.seconds, f"kept pages {cache}")
                    served.stop()
            if "spike-pg" in parts:
                app = gunicorn("app", "app:create_app()", env, code, work, args.workers)
                servers.append(app)
                app.wait_ready("/")
                ok &= run_spike(
                    app.base,
                    url,
                    args.users,
                    args.deadline_in,
                    "b: spike, gunicorn + PostgreSQL",
                    args.seed,
                    pool_size=args.users,
                    baseline=baseline.base,
                )
                app.stop()
            baseline.stop()
        if "spike-sqlite" in parts:
            folder = work / "sqlite"
            folder.mkdir()
            url = f"sqlite:///{folder / 'samrad.sqlite3'}"
            env = {
                **os.environ,
                "SAMRAD_CONFIG": "development",
                "DEMO_PASSWORD": PASSWORD,
                "DATABASE_URL": url,
                "MAIL_OUTBOX_DIR": str(folder / "outbox"),
                "UPLOAD_DIR": str(folder / "uploads"),
                "PYTHONPATH": str(code),
            }
            prepare_demo(env, code, analyse=False)
            port = free_port()
            # make run's server: flask run (threaded), the development config, the SQLite file.
            dev = Server(
                "flask-run",
                [str(BIN / "flask"), "--app", "app", "run", "--host", "127.0.0.1", "--port", str(port)],
                env,
                code,
                port,
                work / "flask-run.log",
            )
            servers.append(dev)
            dev.wait_ready("/")
            (work / "baseline_app.py").write_text(BASELINE_APP)
            bare = gunicorn(
                "baseline-sqlite",
                "baseline_app:create_app()",
                {**env, "PYTHONPATH": str(work)},
                work,
                work,
                args.workers,
            )
            servers.append(bare)
            bare.wait_ready("/")
            ok &= run_spike(
                dev.base,
                url,
                args.sqlite_users,
                args.deadline_in,
                "c: spike, make run's SQLite",
                args.seed,
                pool_size=args.sqlite_users,
                baseline=bare.base,
            )
            dev.stop()
            bare.stop()
    finally:
        for server in servers:
            server.stop()
        for name in databases:
            drop_pg_database(args.pg, name)
    print(f"\nload average after: {os.getloadavg()}; {'all checks passed' if ok else 'SOME CHECKS FAILED'}")
    shutil.rmtree(work / "sqlite", ignore_errors=True)
    return 0 if ok else 1


def _commit(code: Path) -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=code, capture_output=True, text=True)
        return out.stdout.strip() or "not a git checkout"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
