"""Sections of a draft written in Markdown ("# 4 Målområde 2: …", "## 4.1 …"), for benchmarks and tests."""

from __future__ import annotations

import re

from .types import Section

_HEADING = re.compile(r"^(#{1,4})\s+(\d+(?:\.\d+)*)\s+(.+?)\s*$")


def sections_from_markdown(markdown: str) -> list[Section]:
    sections: list[Section] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        match = _HEADING.match(line)
        if match:
            number, title = match.group(2), match.group(3)
            sections.append(Section(number, number, f"{number} {title}", ""))
            current = []
            continue
        if current is not None and sections:
            current.append(line)
            last = sections[-1]
            sections[-1] = Section(last.key, last.number, last.heading, "\n".join(current).strip())
    return sections
