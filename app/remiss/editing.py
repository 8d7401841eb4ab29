"""Reading the response form: one box per section plus one for the whole document.

Box names: `comment-whole` / `comment-<section id>`, with `revision-…` holding the revision
the page was loaded with and `choice-…` the person's choice after a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from consultation.drafts import Section
from consultation.remiss import Response
from consultation.remiss.comments import CommentConflict, CommentInput

from ..numbers import parse_id

WHOLE = "whole"


def box_key(section_id: int | None) -> str:
    return WHOLE if section_id is None else str(section_id)


def _section_id(key: str) -> int | None:
    return None if key == WHOLE else int(key)


def read_inputs(form: MultiDict, response: Response) -> list[CommentInput]:
    """The boxes present in the form, skipping those where the person kept a colleague's text."""
    valid = {WHOLE} | {str(s.id) for s in response.round.version.sections}
    inputs = []
    for name in form:
        if not name.startswith("comment-"):
            continue
        key = name.removeprefix("comment-")
        if key not in valid:
            continue
        if form.get(f"choice-{key}") == "theirs":
            continue
        revision = form.get(f"revision-{key}", "")
        inputs.append(
            CommentInput(
                section_id=_section_id(key),
                body=form.get(name, ""),
                base_revision=parse_id(revision),
            )
        )
    return inputs


@dataclass
class Box:
    """What one comment box shows: the text, the revision it is based on, and any conflict."""

    key: str
    section: Section | None
    text: str
    revision: int | None
    submitted_text: str | None = None
    conflict: CommentConflict | None = None
    error: str | None = None


def boxes(
    response: Response,
    posted: MultiDict | None = None,
    conflicts: list[CommentConflict] = (),
    errors: dict[str, str] | None = None,
) -> list[Box]:
    """Boxes in document order (whole document first), with posted text winning over stored text."""
    comments = {box_key(c.section_id): c for c in response.comments}
    conflict_by_key = {box_key(c.section_id): c for c in conflicts}
    result = []
    for section in [None, *response.round.version.sections]:
        key = box_key(section.id if section else None)
        comment = comments.get(key)
        text = comment.body if comment else ""
        revision = comment.revision if comment else None
        if posted is not None and f"comment-{key}" in posted:
            text = posted.get(f"comment-{key}", "")
            raw = posted.get(f"revision-{key}", "")
            revision = parse_id(raw)
        conflict = conflict_by_key.get(key)
        if conflict is not None:
            text = conflict.mine
            revision = conflict.theirs_revision
        result.append(
            Box(
                key=key,
                section=section,
                text=text,
                revision=revision,
                submitted_text=comment.submitted_body if comment else None,
                conflict=conflict,
                error=(errors or {}).get("whole-document" if key == WHOLE else f"section-{key}"),
            )
        )
    return result
