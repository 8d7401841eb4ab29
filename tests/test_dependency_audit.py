"""The dependency audit (.ci/audit.py, run by `make audit` in CI) fails on a known vulnerability."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
ci_audit = importlib.util.module_from_spec(_spec)
sys.modules["ci_audit"] = ci_audit  # dataclasses look their module up there
_spec.loader.exec_module(ci_audit)

PINS = {"jinja2": "3.1.2", "flask": "3.1.3", "thinc": "8.3.14"}


def skipped(*names):
    return {
        "dependencies": [{"name": n, "version": PINS[n], "skip_reason": "Dependency not found on PyPI"} for n in names]
    }


def no_fetch(name):
    raise OSError("unreachable")


def test_a_vulnerability_pip_audit_reports_fails_the_audit():
    document = {
        "dependencies": [
            {"name": "Jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}]},
            {"name": "flask", "version": "3.1.3", "vulns": []},
            {"name": "thinc", "version": "8.3.14", "vulns": []},
        ]
    }
    report = ci_audit.audit(PINS, document, fetch=no_fetch)
    assert report.failed(strict=False)
    assert [(f.name, f.advisory, f.fixed_in) for f in report.findings] == [("jinja2", "GHSA-h5c8-rqwp-cp95", ["3.1.3"])]
    assert report.audited == 3 and not report.unverified


def test_a_clean_audit_passes():
    document = {"dependencies": [{"name": n, "version": v, "vulns": []} for n, v in PINS.items()]}
    assert not ci_audit.audit(PINS, document, fetch=no_fetch).failed(strict=True)


def test_without_the_per_release_api_a_latest_pin_is_checked_against_the_project_json():
    projects = {
        "flask": {"info": {"version": "3.1.3"}, "vulnerabilities": [{"id": "PYSEC-2099-1", "fixed_in": ["3.1.4"]}]},
        "jinja2": {"info": {"version": "3.1.6"}, "vulnerabilities": []},  # the pin is older: cannot tell
        "thinc": {"info": {"version": "8.3.14"}, "vulnerabilities": [{"id": "OLD", "withdrawn": "2024-01-01"}]},
    }
    report = ci_audit.audit(PINS, skipped(*PINS), fetch=projects.__getitem__)
    assert [(f.name, f.advisory) for f in report.findings] == [("flask", "PYSEC-2099-1")]
    assert report.by_project_json == ["flask", "thinc"]
    assert report.unverified == ["jinja2==3.1.2"]
    assert report.failed(strict=False)


@pytest.mark.parametrize("strict", [False, True])
def test_pins_no_check_covers_are_listed_and_fail_only_in_strict_mode(strict):
    report = ci_audit.audit(PINS, skipped(*PINS), fetch=no_fetch)
    assert sorted(report.unverified) == ["flask==3.1.3", "jinja2==3.1.2", "thinc==8.3.14"]
    assert report.failed(strict=strict) is strict


def test_the_lock_pins_every_installed_dependency_of_the_project():
    pins = ci_audit.read_lock(str(ROOT / "requirements.lock"))
    for name in ("flask", "sqlalchemy", "nh3", "spacy", "psycopg", "gunicorn", "playwright", "pytest"):
        assert name in pins, f"{name} is not pinned in requirements.lock (make lock)"
