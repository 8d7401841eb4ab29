"""The dataclasses of a read letter and of the excerpts it is split into."""

from __future__ import annotations

from dataclasses import dataclass, field

# Paragraph styles: where in the letter a paragraph came from and what it looks like.
BODY = "body"
HEADING = "heading"
LIST = "list"
TABLE_ROW = "table_row"
TABLE_HEADER = "table_header"
HEADER = "header"  # page header (Word header part, or a line repeated at the top of PDF pages)
FOOTER = "footer"


@dataclass(frozen=True)
class Paragraph:
    text: str
    page: int  # 1-based page the paragraph starts on
    style: str = BODY
    level: int = 0  # heading level (1 = chapter), 0 where not a heading
    last_page: int = 0  # page it ends on, where it crosses a page break (0 = same as `page`)

    @property
    def pages(self) -> list[int]:
        return list(range(self.page, max(self.page, self.last_page) + 1))


@dataclass
class Letter:
    paragraphs: list[Paragraph]
    pages: int
    kind: str  # "pdf", "docx" or "odt"
    warnings: list[str] = field(default_factory=list)  # in Swedish, for the person reviewing
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (no text layer)
    unread_pages: list[int] = field(default_factory=list)  # pages without text that OCR could not read


@dataclass(frozen=True)
class Section:
    """A section of the draft: key ("4.1", "4"), its number as shown, its heading and text."""

    key: str
    number: str
    heading: str
    text: str = ""

    @property
    def chapter(self) -> str:
        return self.key.split(".")[0]


@dataclass(frozen=True)
class Span:
    """A piece of one paragraph: its index in Letter.paragraphs and a character range of its text."""

    paragraph: int
    start: int
    end: int


@dataclass
class Excerpt:
    text: str
    section_key: str | None  # None: the document as a whole (or, for boilerplate, no section)
    kind: str  # "comment" or "boilerplate"
    confidence: float
    reason: str  # in Swedish words: "nämner avsnitt 4.1", "rubriken liknar '4.1 …'", …
    pages: list[int]
    spans: list[Span] = field(default_factory=list)


class Excerpts(list):
    """split_letter's answer: the excerpts in letter order, and whether the sender declines to comment."""

    def __init__(self, excerpts=(), declines: bool = False):
        super().__init__(excerpts)
        self.declines = declines
