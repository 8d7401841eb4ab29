#!/usr/bin/env python3
"""Fail when a locked dependency has a known vulnerability.

pip-audit checks every pin in requirements.lock against PyPI's vulnerability data (the
per-release JSON API, which carries the PyPA advisory database). Where that API cannot be
reached (some build networks proxy PyPI and serve only the project-level JSON), a pin that is
the project's latest release is checked against the project-level JSON instead, whose
`vulnerabilities` list is about exactly that release. A pin that neither check covers is listed
as unverified; with AUDIT_STRICT=1 that fails too.

Usage: audit.py PIP_AUDIT_EXECUTABLE requirements.lock
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field

PROJECT_JSON = "https://pypi.org/pypi/{name}/json"


@dataclass
class Finding:
    name: str
    version: str
    advisory: str
    fixed_in: list[str]
    source: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    audited: int = 0
    by_project_json: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)

    def failed(self, strict: bool) -> bool:
        return bool(self.findings) or (strict and bool(self.unverified))


def read_lock(path: str) -> dict[str, str]:
    pins = {}
    with open(path, encoding="utf-8") as lock:
        for line in lock:
            line = line.split("#", 1)[0].strip()
            if "==" in line:
                name, version = line.split("==", 1)
                pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def pip_audit_results(document: dict) -> tuple[list[Finding], set[str], set[str]]:
    """Findings, names audited and names skipped, from pip-audit's `--format json` output."""
    findings, audited, skipped = [], set(), set()
    for dep in document.get("dependencies", []):
        name = dep["name"].lower().replace("_", "-")
        if "skip_reason" in dep:
            skipped.add(name)
            continue
        audited.add(name)
        for vuln in dep.get("vulns", []):
            findings.append(
                Finding(name, dep.get("version", "?"), vuln["id"], vuln.get("fix_versions", []), "pip-audit")
            )
    return findings, audited, skipped


def project_json_check(name: str, version: str, fetch) -> list[Finding] | None:
    """Findings for a pin that is the latest release; None when the project JSON cannot tell."""
    try:
        document = fetch(name)
    except Exception:
        return None
    if document.get("info", {}).get("version") != version:
        return None
    return [
        Finding(name, version, v.get("id", "?"), v.get("fixed_in", []), "PyPI project JSON")
        for v in document.get("vulnerabilities") or []
        if not v.get("withdrawn")
    ]


def fetch_project(name: str) -> dict:
    with urllib.request.urlopen(PROJECT_JSON.format(name=name), timeout=30) as response:
        return json.load(response)


def audit(pins: dict[str, str], pip_audit_document: dict, fetch=fetch_project) -> Report:
    findings, audited, skipped = pip_audit_results(pip_audit_document)
    report = Report(findings=findings, audited=len(audited))
    for name in sorted(skipped | (set(pins) - audited - skipped)):
        result = project_json_check(name, pins[name], fetch) if name in pins else None
        if result is None:
            report.unverified.append(f"{name}=={pins.get(name, '?')}")
        else:
            report.by_project_json.append(name)
            report.findings.extend(result)
    return report


def main(argv: list[str]) -> int:
    pip_audit, lock = argv[1], argv[2]
    pins = read_lock(lock)
    completed = subprocess.run(
        [pip_audit, "-r", lock, "--no-deps", "--disable-pip", "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        document = json.loads(completed.stdout or "{}")
    except json.JSONDecodeError:
        sys.stderr.write(completed.stderr)
        print("pip-audit gav inget läsbart resultat.", file=sys.stderr)
        return 2
    report = audit(pins, document)
    print(
        f"Beroenden i {lock}: {len(pins)}; granskade av pip-audit: {report.audited}; "
        f"via PyPI:s projekt-JSON (senaste versionen): {len(report.by_project_json)}; "
        f"ej verifierbara här: {len(report.unverified)}"
    )
    if report.unverified:
        print(
            "Ej verifierbara (tjänsten nåddes inte och versionen är inte den senaste): " + ", ".join(report.unverified)
        )
    for f in report.findings:
        print(
            f"SÅRBARHET {f.name}=={f.version}: {f.advisory} (åtgärdad i {', '.join(f.fixed_in) or 'okänt'}; {f.source})"
        )
    strict = os.environ.get("AUDIT_STRICT") == "1"
    if report.failed(strict):
        print("Beroendegranskningen misslyckades.", file=sys.stderr)
        return 1
    print("Inga kända sårbarheter i de låsta beroendena.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
