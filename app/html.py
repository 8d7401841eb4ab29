"""HTML for templates: the domain's sanitised Markdown (consultation/rendering.py), marked safe."""

from __future__ import annotations

from markupsafe import Markup

from consultation import rendering
from consultation.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "render_markdown",
    "sanitize_html",
    "section_html",
]


def sanitize_html(html: str) -> Markup:
    """Keep only harmless structure: no script, no event handlers, no javascript: links."""
    return Markup(rendering.sanitize_html(html))


def render_markdown(text: str, heading_offset: int = 2) -> Markup:
    """Render a section body; its own headings are pushed below the page's section headings."""
    return Markup(rendering.render_markdown(text, heading_offset))


def section_html(section, heading_offset: int = 2) -> Markup:
    """A draft section's body as rendered when its version was made (no Markdown rendering per view)."""
    if section.body and not section.body_html:  # only a row made outside the domain's models
        return render_markdown(section.body, heading_offset)
    return Markup(rendering.sanitize_html(rendering.shift_headings(section.body_html or "", heading_offset)))
