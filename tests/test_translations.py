"""The English translation covers every interface text, and the catalogue is up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _extract(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "msg_n:1,2",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def _translated(message) -> bool:
    """A plural entry (ngettext) needs every form; a fuzzy entry is not a translation."""
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(forms) and not message.fuzzy


def test_every_interface_text_has_an_english_translation(tmp_path):
    extracted = _extract(tmp_path)
    with CATALOG.open("rb") as handle:
        catalog = {m.id: m for m in read_po(handle) if m.id}
    missing = sorted(extracted - set(catalog))
    assert not missing, f"not in the English catalogue (run make extract-messages): {missing[:10]}"
    untranslated = sorted(str(i) for i in extracted if not _translated(catalog[i]))
    assert not untranslated, f"untranslated in {CATALOG.name}: {untranslated[:10]}"
