"""Turning a draft's source text into numbered sections, and versions of a draft."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from markdown_it import MarkdownIt
from sqlalchemy.orm import Session

from ..base import utcnow
from ..errors import N_, ValidationFailed, msg
from ..text import grouped
from .matching import Matching, match_sections
from .models import Document, DocumentVersion, Section, VersionStatus

SECTION_LEVELS = {"h1": 1, "h2": 2, "h3": 3}
# Under a title line the section headings are one level deeper: ## is a section, #### its third level.
_LEVELS_UNDER_TITLE = {"h2": 1, "h3": 2, "h4": 3}
MAX_HEADING_LENGTH = 300  # Section.heading
MAX_NUMBER_LENGTH = 20  # Section.number
# Markdown renders in superlinear time on some input ("*a_" repeated: 3 MB took 23 s), so a draft
# and each of its sections are capped: far above a real strategy (a whole draft is some 300,000
# characters), low enough that the worst input renders in about a second per section.
MAX_DRAFT_CHARACTERS = 1_000_000
MAX_SECTION_CHARACTERS = 100_000
_NUMBERED = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<heading>\S.*)$")


@dataclass(frozen=True)
class ParsedSection:
    number: str
    heading: str
    level: int
    body: str


@dataclass(frozen=True)
class ParsedDraft:
    sections: list[ParsedSection]
    # Text before the first heading, kept so that nothing in the file is silently dropped.
    preamble: str
    # The document's own title, from a leading `# Title` line; empty when the file has none.
    title: str = ""


def parse_markdown(source: str) -> ParsedDraft:
    """Split Markdown at `#`, `##` and `###` headings; numbers are taken from the heading or counted.

    A draft written as an ordinary document starts with a `# Title` line (unnumbered, the only `#`
    heading, followed by `##` headings): that line is the document's title, not section 1, and the
    sections are its `##` to `####` headings.
    """
    if len(source) > MAX_DRAFT_CHARACTERS:
        raise ValidationFailed(
            {
                "file": [
                    msg(
                        N_("Förslaget är för långt: högst %(max)s tecken (filen har %(count)s)."),
                        max=grouped(MAX_DRAFT_CHARACTERS),
                        count=grouped(len(source)),
                    )
                ]
            }
        )
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Raw HTML is text here as in the rendering (consultation/rendering.py): an HTML block must not swallow the headings after it.
    # Only the blocks are needed (where the headings are); the inline parse is the slow part and is left out.
    tokens = MarkdownIt("commonmark", {"html": False}).disable("inline").parse("\n".join(lines))
    found: list[tuple[int, int, str, str]] = []  # (start line, end line, tag, text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0:
            start, end = token.map or (0, 0)
            found.append((start, end, token.tag, tokens[index + 1].content))

    title, levels = "", SECTION_LEVELS
    if _starts_with_title(found):
        # Cut the title line out, so that what stood around it is the preamble and nothing is lost.
        title_start, title_end, _tag, text = found.pop(0)
        title, levels, cut = text.strip(), _LEVELS_UNDER_TITLE, title_end - title_start
        lines = lines[:title_start] + lines[title_end:]
        found = [(start - cut, end - cut, tag, text) for start, end, tag, text in found]
    headings = [(start, end, levels[tag], text) for start, end, tag, text in found if tag in levels]

    first_start = headings[0][0] if headings else len(lines)
    preamble = "\n".join(lines[:first_start]).strip()
    counters = [0, 0, 0]
    sections: list[ParsedSection] = []
    for position, (_start, end, level, text) in enumerate(headings):
        next_start = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        body = "\n".join(lines[end:next_start]).strip("\n")
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        match = _NUMBERED.match(text.strip())
        if match:
            number, heading = match["number"], match["heading"].strip()
        else:
            number, heading = ".".join(str(c or 1) for c in counters[:level]), text.strip()
        sections.append(ParsedSection(number=number, heading=heading, level=level, body=body))

    _check_sections(sections)
    return ParsedDraft(sections=sections, preamble=preamble, title=title)


def _starts_with_title(found: list[tuple[int, int, str, str]]) -> bool:
    """A leading unnumbered `#` heading that is the only one, with `##` sections under it, is a title."""
    if len(found) < 2 or found[0][2] != "h1" or _NUMBERED.match(found[0][3].strip()):
        return False
    return all(tag != "h1" for _start, _end, tag, _text in found[1:]) and found[1][2] == "h2"


def _check_sections(sections: list[ParsedSection]) -> None:
    if not sections:
        raise ValidationFailed(
            {"file": [msg(N_("Filen innehåller inga rubriker (#, ## eller ###) och gav därför inga avsnitt."))]}
        )
    seen: set[str] = set()
    for section in sections:
        if not section.heading:
            raise ValidationFailed({"file": [msg(N_("Avsnitt %(number)s saknar rubriktext."), number=section.number)]})
        if len(section.heading) > MAX_HEADING_LENGTH:
            raise ValidationFailed(
                {
                    "file": [
                        msg(
                            N_("Rubriken till avsnitt %(number)s är för lång: högst %(max)s tecken."),
                            number=section.number[:MAX_NUMBER_LENGTH],
                            max=MAX_HEADING_LENGTH,
                        )
                    ]
                }
            )
        if len(section.number) > MAX_NUMBER_LENGTH:
            raise ValidationFailed(
                {
                    "file": [
                        msg(
                            N_("Avsnittsnumret %(number)s är för långt: högst %(max)s tecken."),
                            number=section.number[:MAX_NUMBER_LENGTH] + "…",
                            max=MAX_NUMBER_LENGTH,
                        )
                    ]
                }
            )
        if len(section.body) > MAX_SECTION_CHARACTERS:
            raise ValidationFailed(
                {
                    "file": [
                        msg(
                            N_(
                                "Avsnitt %(number)s är för långt: högst %(max)s tecken (det har %(count)s). "
                                "Dela upp det i flera avsnitt."
                            ),
                            number=section.number[:MAX_NUMBER_LENGTH],
                            max=grouped(MAX_SECTION_CHARACTERS),
                            count=grouped(len(section.body)),
                        )
                    ]
                }
            )
        if section.number in seen:
            raise ValidationFailed(
                {
                    "file": [
                        msg(
                            N_("Avsnittsnumret %(number)s förekommer mer än en gång."),
                            number=section.number,
                        )
                    ]
                }
            )
        seen.add(section.number)


def new_section_key() -> str:
    return secrets.token_hex(8)


def add_version(
    session: Session,
    document: Document,
    draft: ParsedDraft,
    *,
    note: str = "",
    source_filename: str | None = None,
    title: str = "",
    status: VersionStatus = VersionStatus.DRAFT,
    matching: Matching | None = None,
) -> DocumentVersion:
    """Add the parsed draft as the document's next version, a draft unless told otherwise.

    Sections keep their keys across versions. The new version has its own title (the one given,
    else the previous version's, else the document's); no earlier version is touched.
    """
    previous = document.latest_version
    if matching is None:
        matching = match_sections(previous.sections if previous else [], draft.sections)
    if len(matching.matches) != len(draft.sections):
        raise ValueError("the matching is of another file")
    keys = [m.key or new_section_key() for m in matching.matches]
    version = DocumentVersion(
        document=document,
        number=(previous.number + 1) if previous else 1,
        title=title.strip() or (previous.title if previous else "") or document.title,
        status=status,
        published_at=utcnow() if status == VersionStatus.PUBLISHED else None,
        note=note,
        source_filename=source_filename,
    )
    for position, (parsed, key, match) in enumerate(zip(draft.sections, keys, matching.matches, strict=True)):
        version.sections.append(
            Section(
                key=key,
                derived_from=" ".join(match.derived_from),
                number=parsed.number,
                heading=parsed.heading,
                level=parsed.level,
                body=parsed.body,
                position=position,
            )
        )
    session.add(version)
    session.flush()
    return version
