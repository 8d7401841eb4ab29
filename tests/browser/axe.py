"""axe-core accessibility checks in the real browser (WCAG 2.1 A and AA rules).

`assert_accessible(page, label)` injects node_modules/axe-core/axe.min.js (installed offline from npm:
package.json, `make test`) into the page as it is now, runs axe on the whole document and fails with a
readable list of every violation. Each checked label and URL is recorded in CHECKED, so a run can say
how many pages and states it checked (summary printed at session end by tests/browser/conftest.py).

The script goes in through page.evaluate: the app's strict CSP blocks add_script_tag's inline script.
No rule is disabled and no element excluded: zero violations is the bar.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CHECKED: list[tuple[str, str]] = []

_source: str | None = None


def _axe_source() -> str:
    global _source
    if _source is None:
        if not AXE_PATH.exists():
            reason = f"axe-core not installed ({AXE_PATH} missing: run `npm ci` or `make test`)"
            if os.environ.get("CI") == "true":
                pytest.fail(f"{reason} (CI fails instead of skipping: `make test` installs it)")
            pytest.skip(reason)
        _source = AXE_PATH.read_text(encoding="utf-8")
    return _source


_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary || ""})),
  }));
}"""


def violations(page) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now."""
    source = _axe_source()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # The library's text as the body of a function evaluated through the DevTools protocol: no eval()
        # and no <script> element, so the page's CSP does not apply. It sets window.axe itself.
        page.evaluate("() => {\n" + source + "\n}")
    return page.evaluate(_RUN, WCAG_TAGS)


def format_violations(found: list[dict], label: str, url: str) -> str:
    lines = [f"axe: {len(found)} accessibility violation(s) on {label!r} ({url}):"]
    for v in found:
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            html = node["html"] if len(node["html"]) <= 300 else node["html"][:300] + "…"
            lines.append(f"    at {', '.join(node['target'])}: {html}")
            for summary_line in node["summary"].splitlines():
                if summary_line.strip():
                    lines.append(f"      {summary_line.strip()}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more element(s)")
    return "\n".join(lines)


def accessibility_problems(page, label: str) -> str:
    """axe's violations on the current page as readable text ("" when there are none); records label + URL."""
    found = violations(page)
    CHECKED.append((label, page.url))
    return format_violations(found, label, page.url) if found else ""


def assert_accessible(page, label: str) -> None:
    """Fail with every WCAG 2.1 A/AA violation axe finds on the current page; record label + URL."""
    problems = accessibility_problems(page, label)
    if problems:
        pytest.fail(problems, pytrace=False)
