"""A structural check of a page's HTML: the parts of WCAG 2.1 AA a parser can see.

It does not replace axe-core in a browser (colour contrast, focus order); it catches the
structural mistakes that creep into templates: headings out of order, unlabelled fields,
dangling aria references, duplicate ids, inline script, assets from other hosts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    parents: list[str]
    text: str = ""


@dataclass
class Page(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    open_elements: list[Element] = field(default_factory=list)
    script_text: str = ""
    in_script: bool = False

    def __post_init__(self):
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), list(self.stack))
        self.elements.append(element)
        if tag == "script":
            self.in_script = True
        if tag not in VOID:
            self.stack.append(tag)
            self.open_elements.append(element)

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag in self.stack:
            while self.stack:
                self.open_elements.pop()
                if self.stack.pop() == tag:
                    break

    def handle_data(self, data):
        if self.in_script:
            self.script_text += data.strip()
        for element in self.open_elements:
            element.text += data


def problems(html: str, full_page: bool = True) -> list[str]:
    page = Page()
    page.feed(html)
    found: list[str] = []
    tags = [e.tag for e in page.elements]
    ids = [e.attrs["id"] for e in page.elements if e.attrs.get("id")]

    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        found.append(f"duplicate ids: {sorted(duplicates)}")
    if full_page:
        html_el = next((e for e in page.elements if e.tag == "html"), None)
        if html_el is None or not html_el.attrs.get("lang"):
            found.append("<html> has no lang")
        if not any(e.tag == "title" and e.text.strip() for e in page.elements):
            found.append("no <title>")
        if tags.count("h1") != 1:
            found.append(f"{tags.count('h1')} h1 elements")
        for landmark in ("main",):
            if landmark not in tags:
                found.append(f"no <{landmark}>")
        links = [e for e in page.elements if e.tag == "a"]
        if "header" in tags and (not links or links[0].attrs.get("href") != "#main" or "main" not in ids):
            found.append("the first link is not a skip link to #main")

    level = 0
    for element in page.elements:
        if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            new = int(element.tag[1])
            if level and new > level + 1:
                found.append(f"heading jumps from h{level} to h{new}: {element.text.strip()[:40]!r}")
            if not element.text.strip():
                found.append(f"empty {element.tag}")
            level = new

    labels_for = {e.attrs.get("for") for e in page.elements if e.tag == "label"}
    for element in page.elements:
        if element.tag in {"input", "select", "textarea"}:
            kind = element.attrs.get("type", "text")
            if kind in {"hidden", "submit", "button"}:
                continue
            labelled = (
                element.attrs.get("id") in labels_for
                or "label" in element.parents
                or element.attrs.get("aria-label")
                or element.attrs.get("aria-labelledby")
            )
            if not labelled:
                found.append(f"unlabelled <{element.tag} name={element.attrs.get('name')!r}>")
        for attribute in ("aria-describedby", "aria-labelledby"):
            for ref in (element.attrs.get(attribute) or "").split():
                if ref not in ids:
                    found.append(f"{attribute} points to missing id {ref!r}")
        if any(name.startswith("on") for name in element.attrs):
            found.append(f"inline event handler on <{element.tag}>")
        if element.attrs.get("style"):
            found.append(f"inline style on <{element.tag}> (blocked by the CSP)")
        for attribute in ("src", "href"):
            value = element.attrs.get(attribute) or ""
            if element.tag in {"script", "link", "img", "iframe"} and value.startswith(("http:", "https:", "//")):
                found.append(f"asset from another host: {value}")
        if element.tag == "th" and "thead" in element.parents and not element.attrs.get("scope"):
            found.append("a column header <th> without scope")
        if element.tag == "button" and not (element.text.strip() or element.attrs.get("aria-label")):
            found.append("a button without text")
        if (
            element.tag == "a"
            and element.attrs.get("href") is not None
            and not (element.text.strip() or element.attrs.get("aria-label"))
        ):
            found.append(f"a link without text: {element.attrs.get('href')}")
    tables = [e for e in page.elements if e.tag == "table"]
    captions = tags.count("caption")
    if len(tables) > captions:
        found.append(f"{len(tables) - captions} tables without caption")
    if page.script_text:
        found.append("inline script content")
    return found
