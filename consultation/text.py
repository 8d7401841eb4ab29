"""Text as people type or paste it, made uniform before it is stored (shared by every part)."""

from __future__ import annotations


def normalise_text(text: str | None) -> str:
    """Keep paragraphs as typed or pasted (from Word too); unify line ends, trim the ends."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\x00", "")
    return text.strip()
