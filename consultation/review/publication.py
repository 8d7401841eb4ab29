"""Changing the compilation: the working group's summaries, publishing it, and redacting published text.

Summaries are saved with optimistic locking, so that two members writing at once never
overwrite each other silently. Publishing and redacting are for admins only, and only
after the round has closed (when no submitted text can change any more). What the public
then sees of the round is read in `public_reading`.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..errors import N_, Conflict, DomainError, NotFound, ValidationFailed, msg
from ..people.access import Actor, require_admin, user_id_of
from ..remiss.models import Comment, ConsultationRound, ResponseStatus
from ..remiss.reading import require_reader
from ..remiss.rounds import get_round
from .compilation_queries import WHOLE, latest_done_run, published_texts
from .models import AnalysisRun, Redaction, SectionSummary, Theme
from .readiness import Checked, unanswered_count

MAX_SUMMARY_LENGTH = 20_000
MAX_REASON_LENGTH = 2_000
REDACTED = "[borttaget]"


class RoundStillOpen(DomainError):
    """The round has not closed: its compilation cannot be published or redacted yet."""


class NotChecked(DomainError):
    """Publishing was asked for without going through the readiness page."""


class ReadinessChanged(Conflict):
    """The round changed (a new analysis, new positions) since the readiness page was read."""


def _clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def _check_summary(text: str) -> None:
    if len(text) > MAX_SUMMARY_LENGTH:
        raise ValidationFailed(
            {"text": [msg(N_("Sammanfattningen får vara högst %(max)s tecken."), max=MAX_SUMMARY_LENGTH)]}
        )


def _stale() -> Conflict:
    return Conflict(
        msg(
            N_(
                "Någon annan har ändrat sammanfattningen sedan du öppnade sidan. "
                "Din text finns kvar nedan: jämför och spara igen."
            )
        )
    )


# --- summaries ---------------------------------------------------------------------------


def section_summary(session: Session, round_id: int, section_key: str) -> SectionSummary | None:
    return session.scalar(
        select(SectionSummary).where(SectionSummary.round_id == round_id, SectionSummary.section_key == section_key)
    )


def save_section_summary(
    session: Session,
    actor: Actor,
    round_id: int,
    section_key: str,
    text: str,
    revision: int,
) -> SectionSummary:
    """Save the summary of one section ("whole": the document as a whole); `revision` 0 when none existed."""
    require_reader(actor)
    round_ = get_round(session, round_id)
    if section_key != WHOLE and section_key not in {s.key for s in round_.version.sections}:
        raise NotFound(msg(N_("Avsnittet finns inte i remissversionen.")))
    text = _clean(text)
    _check_summary(text)
    summary = section_summary(session, round_id, section_key)
    if (summary.revision if summary else 0) != revision:
        raise _stale()
    try:
        with session.begin_nested():
            if summary is None:
                summary = SectionSummary(
                    round_id=round_id, section_key=section_key, text=text, updated_by_id=user_id_of(actor)
                )
                session.add(summary)
            else:
                summary.text, summary.updated_by_id = text, user_id_of(actor)
            session.flush()  # the version counter refuses a write based on a stale read
    except (StaleDataError, IntegrityError):
        raise _stale() from None
    return summary


def save_theme_summary(session: Session, actor: Actor, theme_id: int, text: str, revision: int) -> Theme:
    """Save the summary of one theme; a stale `revision` is refused."""
    require_reader(actor)
    theme = session.get(Theme, theme_id)
    if theme is None or theme.merged_into_id is not None:
        raise NotFound(msg(N_("Temat finns inte.")))
    text = _clean(text)
    _check_summary(text)
    changed = session.execute(
        update(Theme)
        .where(Theme.id == theme_id, Theme.summary_revision == revision)
        .values(summary=text, summary_revision=revision + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise _stale()
    session.refresh(theme)
    return theme


# --- publishing --------------------------------------------------------------------------


def _require_closed(round_: ConsultationRound, now: datetime) -> None:
    if now < round_.closes_at:
        raise RoundStillOpen(
            msg(
                N_(
                    "Remissrundan är fortfarande öppen. Sammanställningen kan publiceras "
                    "först när sista svarsdag har passerat."
                )
            )
        )


def _require_checked(session: Session, round_: ConsultationRound, run_id: int | None, checked: Checked | None):
    if checked is None:
        raise NotChecked(msg(N_("Gå igenom publiceringskontrollen och publicera därifrån.")))
    unanswered = unanswered_count(session, round_, session.get(AnalysisRun, run_id) if run_id else None)
    if checked.run_id != run_id or checked.unanswered != unanswered:
        raise ReadinessChanged(
            msg(N_("Underlaget har ändrats sedan du öppnade publiceringskontrollen. Se över den igen och publicera."))
        )
    if unanswered and not checked.publish_unanswered:
        raise ValidationFailed(
            {
                "publish_unanswered": [
                    msg(
                        N_(
                            "Alla synpunkter har inte fått ett ställningstagande. Kryssa i att du vill "
                            "publicera ändå, eller svara på dem först."
                        )
                    )
                ]
            }
        )


def publish_compilation(
    session: Session, actor: Actor, round_id: int, now: datetime, checked: Checked | None
) -> ConsultationRound:
    """Publish the compilation and the submitted responses, as the readiness page showed them (`checked`).

    Publishing again takes the latest analysis. Refused before the deadline, without a readiness
    check, when the round changed since the check, and with points unanswered unless chosen.
    """
    require_admin(actor)
    round_ = get_round(session, round_id)
    _require_closed(round_, now)
    run = latest_done_run(session, round_id)
    _require_checked(session, round_, run.id if run else None, checked)
    round_.published_run_id = run.id if run else None
    if round_.compilation_published_at is None:
        round_.compilation_published_at = now
    session.flush()
    audit.record(
        session,
        audit.Action.COMPILATION_PUBLISHED,
        actor,
        round_,
        {"analysis_run_id": round_.published_run_id, "unanswered": checked.unanswered},
        now=now,
    )
    return round_


def unpublish_compilation(session: Session, actor: Actor, round_id: int) -> ConsultationRound:
    require_admin(actor)
    round_ = get_round(session, round_id)
    round_.compilation_published_at = None
    round_.published_run_id = None
    session.flush()
    audit.record(session, audit.Action.COMPILATION_UNPUBLISHED, actor, round_)
    return round_


# --- redaction ---------------------------------------------------------------------------


def _redactable_comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if (
        comment is None
        or comment.submitted_body is None
        or comment.response.reference is None
        or comment.response.status != ResponseStatus.SUBMITTED
    ):
        raise NotFound(msg(N_("Synpunkten finns inte.")))
    return comment


def published_text(session: Session, comment: Comment) -> str:
    return published_texts(session, [comment.id]).get(comment.id, comment.submitted_body or "")


def redactions_of(session: Session, actor: Actor, comment_id: int) -> tuple[Comment, str, list[Redaction]]:
    """The comment, the text the public sees now, and its redactions, oldest first (admins only)."""
    require_admin(actor)
    comment = _redactable_comment(session, comment_id)
    found = list(
        session.scalars(
            select(Redaction)
            .where(Redaction.comment_id == comment_id)
            .options(selectinload(Redaction.redacted_by))
            .order_by(Redaction.redacted_at, Redaction.id)
        )
    )
    return comment, (found[-1].published_text if found else comment.submitted_body or ""), found


def _occurrences(text: str, passage: str) -> re.Pattern | None:
    """The passage as a pattern over the text, or None: its words in order, whatever the spaces and line breaks.

    A passage selected on the page or copied from it rarely keeps the text's exact line breaks and
    double spaces; the words and punctuation must still match exactly.
    """
    words = passage.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    return pattern if pattern.search(text) else None


def redact_passage(
    session: Session,
    actor: Actor,
    comment_id: int,
    passage: str,
    reason: str,
    now: datetime,
) -> Redaction:
    """Replace every occurrence of `passage` in the published text by "[borttaget]"; the text before is kept."""
    require_admin(actor)
    comment = _redactable_comment(session, comment_id)
    _require_closed(comment.response.round, now)
    current = published_text(session, comment)
    passage = (passage or "").replace("\r\n", "\n").replace("\r", "\n")
    reason = _clean(reason)
    errors: dict[str, list] = {}
    found = _occurrences(current, passage)
    if not passage.strip():
        errors["passage"] = [msg(N_("Ange det stycke som ska tas bort."))]
    elif found is None:
        errors["passage"] = [
            msg(N_("Stycket finns inte i den publicerade texten. Markera eller kopiera det ur texten ovan."))
        ]
    if not reason:
        errors["reason"] = [msg(N_("Ange varför stycket tas bort."))]
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = [msg(N_("Skälet får vara högst %(max)s tecken."), max=MAX_REASON_LENGTH)]
    if errors:
        raise ValidationFailed(errors)
    redaction = Redaction(
        comment_id=comment.id,
        original_text=current,
        published_text=found.sub(REDACTED, current),
        reason=reason,
        redacted_by_id=user_id_of(actor),
        redacted_at=now,
    )
    session.add(redaction)
    session.flush()
    audit.record(
        session,
        audit.Action.COMMENT_REDACTED,
        actor,
        comment,
        {"redaction_id": redaction.id, "response_id": comment.response_id},
        now=now,
    )
    return redaction
