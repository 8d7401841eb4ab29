"""Pathological Markdown is refused by size before it is parsed or rendered, with a message that says the limit."""

from __future__ import annotations

import io

import pytest

from consultation.drafts.files import read_draft
from consultation.drafts.versions import MAX_SECTION_CHARACTERS
from consultation.errors import ValidationFailed

# The probe's draft preview: 8 MB that took 75 s and 3.3 GB to render.
PROBE_DRAFT = "# 1 R\n\n" + "*a_" * 3_000_000


def refusal(source: str) -> str:
    with pytest.raises(ValidationFailed) as refused:
        read_draft("forslag.md", source.encode())
    return " ".join(str(m) for m in refused.value.errors["file"])


def test_the_probes_draft_is_refused_as_too_long():
    assert refusal(PROBE_DRAFT) == "Förslaget är för långt: högst 1 000 000 tecken (filen har 9 000 007)."


def test_one_section_over_its_limit_is_refused_with_its_number():
    source = "# 1 Inledning\n\nKort.\n\n# 2 Lång\n\n" + "*a_" * (MAX_SECTION_CHARACTERS // 3 + 1)
    assert "Avsnitt 2 är för långt: högst 100 000 tecken" in refusal(source)
    assert "Dela upp det i flera avsnitt." in refusal(source)


def test_a_long_but_ordinary_draft_is_accepted():
    paragraph = "Regionen ska växa hållbart, med goda kommunikationer och kompetens i hela länet. " * 10
    source = "".join(f"# {n} Avsnitt {n}\n\n" + (paragraph + "\n\n") * 100 for n in range(1, 11))
    assert len(source) > 800_000
    assert len(read_draft("forslag.md", source.encode()).sections) == 10


def test_the_import_page_refuses_it_with_422_and_keeps_the_typed_title(world, visitors):
    response = visitors("admin").post(
        f"/admin/processer/{world.values['code']}/forslag/importera",
        {"title": "Mitt förslag till RUS", "file": (io.BytesIO(PROBE_DRAFT.encode()), "forslag.md")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Förslaget är för långt" in html and "Mitt förslag till RUS" in html
