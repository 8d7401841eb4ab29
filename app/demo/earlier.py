"""The demo's earlier strategy (RUS 2030): a whole process after its round, built from `data/rus2030.toml`.

The open RUS 2040 round shows how input comes in; this process shows what happens to it: a closed
remiss round with its responses, an analysis with themes the working group named, a position on
every point, the published compilation, version 2 written from version 1 with the writing services
(changed sections, one new, two målområden merged) and adopted by regionfullmäktige. Everything
goes through the same services as the web, as the demo's users, so the demo obeys the same rules;
only the dates are moved back to when it happened (about ten years before the demo day).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.drafts import Document, Process, VersionStatus, writing
from consultation.drafts import adoption as adoptions
from consultation.drafts import publication as versions_publication
from consultation.drafts.versions import add_version, parse_markdown
from consultation.jobs import queue
from consultation.people import Organisation, User
from consultation.remiss import Comment, ConsultationRound, Invitation, RoundAccess, responses
from consultation.remiss.comments import CommentInput
from consultation.review import analysis_runs, positions, publication, readiness, theme_edits
from consultation.review.answerables import Subject
from consultation.timezones import local_days_from_today, local_today

from .councils import load_councils
from .followup import load_initiatives, load_periods, load_strategy_day
from .loader import new_process
from .responses import _stand_in

DATA_FILE = Path(__file__).parent / "data" / "rus2030.toml"
WHOLE = "whole"


@dataclass
class EarlierSummary:
    process: Process
    responses: int
    points: int
    themes: int
    changed_sections: int
    initiatives: int = 0
    council_meetings: int = 0

    def describe(self) -> str:
        return (
            f"Tidigare process: {self.process.title} ({self.process.code}), stängd remissrunda med"
            f" {self.responses} remissvar och {self.points} synpunkter med ställningstagande i {self.themes} teman,"
            f" publicerad sammanställning, version 2 med {self.changed_sections} ändrade avsnitt, antagen,"
            f" {self.initiatives} insatser i uppföljningen och {self.council_meetings} rådsmöten med dagordning."
        )


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _at(days: int, now: datetime, clock: str = "10:00") -> datetime:
    return local_days_from_today(days, _clock(clock), now)


def _sender(session: Session, organisation: Organisation) -> User:
    """Who sent the organisation's remissvar: a demo account of it if there is one, else a stand-in."""
    members = [m.user for m in organisation.memberships]
    with_login = [u for u in members if u.password_hash is not None]
    if with_login or members:
        return (with_login or members)[0]
    return _stand_in(
        session, f"Registrator, {organisation.name}", f"rus2030-{organisation.id}@demo.example", organisation
    )


def _analyse(session: Session, run, now: datetime) -> None:
    """Run the real theme analysis on the round's comments here and now, in the loader's transaction.

    Lexical vectors only: the result is the same on every machine, needs no model and takes a couple
    of seconds; the job the run was queued with is claimed and finished here, so no worker runs it again.
    """
    from analysis import Item, analyse

    claim = queue.claim(session, "demo-load", run.job.id, now)
    analysis_runs.mark_running(session, run.id)
    inputs = analysis_runs.collect_inputs(session, run)
    result = analyse(
        [Item(id=inp.key, text=inp.text, source=inp.actor_type) for inp in inputs],
        analysis_runs.RunParameters.from_json(run.parameters).n_themes,
        use_embeddings=False,
        headings=analysis_runs.draft_headings(run),
    )
    analysis_runs.store_result(session, run, inputs, analysis_runs.Outcome.of(result))
    queue.finish(session, claim, now)
    session.flush()


def _name_themes(session: Session, run, working_group: User, names: dict[str, str], number_of: dict) -> int:
    """The working group names each theme after the section most of its points are on (confirms the rest)."""
    session.refresh(run)
    used: set[str] = set()
    themes = [t for t in run.themes if t.merged_into_id is None]
    for theme in sorted(themes, key=lambda t: (-t.size, t.rank)):
        items = analysis_runs.theme_items(session, theme)
        counts = Counter(number_of.get(item.section_key, WHOLE) for item in items)
        # Most points first, then the draft's order: the same on every load.
        ranked = sorted(counts, key=lambda n: (-counts[n], n != WHOLE, n))
        name = next((names[n] for n in ranked if n in names and names[n] not in used), None)
        if name is None:
            theme_edits.confirm_theme_name(session, working_group, run.id, theme.id)
        else:
            used.add(name)
            theme_edits.rename_theme(session, working_group, run.id, theme.id, name)
    session.flush()
    return len(themes)


def load_earlier_process(
    session: Session,
    organisations: dict[str, Organisation],
    admin: User,
    working_group: User,
    now: datetime | None = None,
    path: Path = DATA_FILE,
) -> EarlierSummary:
    """Create the earlier process from its round to its adopted version 2, relative to `now`."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    now = now or datetime.now(UTC)
    today = local_today(now)

    process = new_process(data, today)
    session.add(process)
    document = Document(process=process, title=data["document"]["title"])
    session.add(document)
    draft_file = DATA_FILE.parent / data["document"]["draft_file"]
    first = add_version(
        session,
        document,
        parse_markdown(draft_file.read_text(encoding="utf-8")),
        source_filename=draft_file.name,
        note="Remissversion",
        status=VersionStatus.PUBLISHED,
    )

    info = data["round"]
    round_ = ConsultationRound(
        process=process,
        version=first,
        title=info["title"],
        introduction=info["introduction"],
        opens_at=_at(info["opens_in_days"], now, info["opens_at_time"]),
        closes_at=_at(info["closes_in_days"], now, info["closes_at_time"]),
        access=RoundAccess(info["access"]),
    )
    session.add(round_)
    first.published_at = round_.opens_at - timedelta(days=1)  # out on remiss the day before the round
    for name in info["invited"]:
        organisation = organisations[name]
        session.add(
            Invitation(
                round=round_, organisation=organisation, contact_email=organisation.email, sent_at=round_.opens_at
            )
        )
    session.flush()

    by_number = {s.number: s for s in first.sections}
    number_of = {s.key: s.number for s in first.sections}
    answer_of: dict[int, dict] = {}
    for item in sorted(data["responses"], key=lambda r: r["in_days"]):
        organisation = organisations[item["organisation"]]
        user = _sender(session, organisation)
        when = _at(item["in_days"], now, "14:00")
        response = responses.open_response(session, user, round_.id, f"org-{organisation.id}", when)
        comments = [
            CommentInput(None if c["section"] == WHOLE else by_number[c["section"]].id, c["text"])
            for c in item["comments"]
        ]
        responses.save_comments(session, user, response.id, comments, when)
        responses.submit_response(session, user, response.id, when + timedelta(minutes=5))
        saved = session.scalars(select(Comment).where(Comment.response_id == response.id).order_by(Comment.id)).all()
        by_text = {c["text"]: data["answers"][c["answer"]] for c in item["comments"]}
        answer_of.update({comment.id: by_text[comment.submitted_body] for comment in saved})
    for item in data["declined"]:
        organisation = organisations[item["organisation"]]
        responses.decline_invitation(
            session,
            _sender(session, organisation),
            round_.id,
            organisation.id,
            item["reason"],
            _at(item["in_days"], now),
        )

    # The analysis, after the deadline; then the working group's names and positions.
    analysed_at = round_.closes_at + timedelta(days=2)
    params = analysis_runs.RunParameters(n_themes=data["analysis"]["n_themes"])
    run = analysis_runs.start_run(session, working_group, round_.id, params)
    _analyse(session, run, analysed_at)
    themes = _name_themes(session, run, working_group, data["theme_names"], number_of)
    for comment_id, answer in answer_of.items():
        acted_on = answer.get("acted_on")
        positions.record_position(
            session,
            working_group,
            run.id,
            Subject("comment", comment_id),
            positions.PositionInput(
                answer["decision"], answer["motivation"], by_number[acted_on].key if acted_on else None
            ),
            None,
        )
    compilation = data["compilation"]
    for summary in compilation["summaries"]:
        publication.save_section_summary(
            session, working_group, round_.id, by_number[summary["section"]].key, summary["text"], 0
        )
    published_at = _at(compilation["published_in_days"], now)
    checked = readiness.readiness(session, admin, round_.id, published_at).checked()
    publication.publish_compilation(session, admin, round_.id, published_at, checked)

    second, changed = _write_version_two(session, working_group, process, data["version2"], by_number)
    second.published_at = _at(data["version2"]["published_in_days"], now)

    decision = data["adoption"]
    decided_on = today + timedelta(days=decision["in_days"])
    diary = decision["diary"].format(year=decided_on.year)
    adoptions.adopt_version(
        session,
        admin,
        second.id,
        adoptions.Decision(decision["body"], decided_on, f"{decision['paragraph']}, {diary}"),
        today,
    )
    session.flush()
    goal_sections = {s.number: s.id for s in second.sections}
    insatser = load_initiatives(session, process.code, goal_sections, organisations, admin, now)
    council_meetings = load_councils(session, process.code, goal_sections, organisations, admin, now)
    load_periods(session, process.code, admin, now)
    load_strategy_day(session, process.id, admin, now)
    return EarlierSummary(process, len(data["responses"]), len(answer_of), themes, changed, insatser, council_meetings)


def _write_version_two(session: Session, writer: User, process: Process, data: dict, by_number: dict):
    """Version 2 from version 1: changed sections, the merge, the new section, renumbered and published."""
    draft = writing.start_next_version(session, writer, process.id)
    draft.title = data["title"]
    keys = {number: section.key for number, section in by_number.items()}
    merge = data["merge"]
    for change in data["changes"]:
        key = keys[change["section"]]
        section = next(s for s in draft.sections if s.key == key)
        derived = (keys[merge["into"]], keys[merge["removed"]]) if change["section"] == merge["into"] else ()
        saved = writing.save_section(
            session,
            writer,
            draft.id,
            key,
            writing.SectionEdit(
                heading=change["heading"],
                body=change["body"].strip(),
                number=section.number,
                level=section.level,
                derived_from=derived,
                base_revision=section.revision,
            ),
        )
        if isinstance(saved, writing.SectionConflict):  # nobody else writes in the demo's draft
            raise RuntimeError(f"demo version 2: conflict on section {change['section']}")
    writing.remove_section(session, writer, draft.id, keys[merge["removed"]])
    added = data["added"]
    writing.add_section(
        session,
        writer,
        draft.id,
        keys[added["after"]],
        writing.SectionEdit(heading=added["heading"], body=added["body"].strip(), number="ny", level=added["level"]),
    )
    writing.renumber(session, writer, draft.id)
    versions_publication.publish_version(session, writer, draft.id)
    return draft, len(data["changes"])
