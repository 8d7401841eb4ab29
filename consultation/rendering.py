"""The one place where HTML is accepted: Markdown rendered, then sanitised with nh3.

In the domain, so that a draft's sections are rendered once, when a version is made (Markdown
renders in superlinear time on some input), and stored; the web layer marks the result safe
(app/html.py). Sanitised HTML is sanitised again when shown: nh3 is linear and fast.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Keep only harmless structure: no script, no event handlers, no javascript: links."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return cleaned


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML in the source is shown as text, never passed through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def shift_headings(html: str, heading_offset: int) -> str:
    """Push headings down by `heading_offset` levels (at most h6), below the page's own headings."""
    for level in range(6, 0, -1):
        target = min(level + heading_offset, 6)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def render_markdown(text: str, heading_offset: int = 2) -> str:
    """Render a section body; its own headings are pushed below the page's section headings."""
    return sanitize_html(shift_headings(_markdown().render(text or ""), heading_offset))


def markdown_to_stored_html(text: str) -> str:
    """Sanitised HTML with the source's own heading levels, to store and shift per page (`shift_headings`)."""
    return render_markdown(text, heading_offset=0) if text else ""
