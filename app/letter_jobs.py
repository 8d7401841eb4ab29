"""Reading a letter as a background job: the file through `analysis.letters`, the excerpts into the database.

`consultation.letters.reading.queue_reading` queues the job; whichever transport carries it runs
`letter_reading_job` here. The job is idempotent: a letter that is no longer waiting to be read is
left alone, and a job run again replaces the excerpts it proposed before. A file that cannot be read
(encrypted, a zip bomb, too many pages, too slow) fails the letter with the reader's Swedish reason,
and is not tried again: it would fail the same way.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import current_app

from consultation.jobs import JobContext, register
from consultation.letters import reading

from .jobs import runner

log = logging.getLogger(__name__)


def run_job(job_id: int) -> None:
    """Run a queued reading here and now (the command line, the demo)."""
    while runner.run_one(job_id, heartbeat_thread=False):
        pass


def _passages(excerpts, paragraphs) -> list[reading.FoundPassage]:
    """Runs of excerpts with the same kind and section become one passage, one paragraph per excerpt."""
    passages: list[reading.FoundPassage] = []
    for excerpt in excerpts:
        page = excerpt.pages[0] if excerpt.pages else 0
        key = (excerpt.kind, excerpt.section_key)
        last = passages[-1] if passages else None
        if last is not None and (last.kind, last.section_key) == key:
            passages[-1] = reading.FoundPassage(
                paragraphs=[*last.paragraphs, excerpt.text],
                pages=[*last.pages, page],
                kind=last.kind,
                section_key=last.section_key,
                reason=last.reason,
                confidence=min(last.confidence, excerpt.confidence),
            )
        else:
            passages.append(
                reading.FoundPassage(
                    paragraphs=[excerpt.text],
                    pages=[page],
                    kind=excerpt.kind,
                    section_key=excerpt.section_key,
                    reason=excerpt.reason,
                    confidence=excerpt.confidence,
                )
            )
    return [p for p in passages if any(t.strip() for t in p.paragraphs)]


@register(reading.READING_JOB, max_attempts=2)
def letter_reading_job(context: JobContext) -> None:
    """Read the letter, split it against its round's draft and keep the proposed excerpts."""
    # Deferred: the readers and the splitter bring pypdfium2, scikit-learn and numpy.
    from analysis.embed import MODEL_NAME
    from analysis.letters import LetterError, Section, read_letter, split_letter
    from consultation.review import analysis_runs

    session = context.session
    letter_id = int(context.parameters["letter_id"])
    letter = reading.letter_to_read(session, letter_id)
    if letter is None:
        return
    try:
        read = read_letter(letter.data, letter.filename)
    except LetterError as error:
        reading.store_failure(session, letter_id, error.message)
        return  # the failure is the job's result: committed with its finish
    context.progress(0.5)
    sections = [Section(s.key, s.number, s.heading, s.text) for s in reading.draft_sections(letter)]
    use_embeddings = current_app.config.get("ANALYSIS_USE_EMBEDDINGS", True)
    cache = analysis_runs.DatabaseVectorCache(session, MODEL_NAME) if use_embeddings else None
    excerpts = split_letter(read, sections, cache, use_embeddings=use_embeddings)
    outcome = reading.Reading(
        pages=read.pages,
        passages=_passages(excerpts, read.paragraphs),
        warnings=list(read.warnings),
        ocr_pages=list(read.ocr_pages),
        declines=bool(excerpts.declines),
    )
    reading.store_reading(session, letter, outcome, datetime.now(UTC))
    log.info("Letter %s read: %s pages, %s passages", letter_id, read.pages, len(outcome.passages))
