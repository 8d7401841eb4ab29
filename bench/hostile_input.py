"""How fast hostile input is refused: the outside probe's cases at full size, in the test client.

    .venv/bin/python bench/hostile_input.py

Prints seconds, the status and the reply's size for each case, and the peak memory the process
reached (ru_maxrss). The probe's numbers before the fixes: field flood 47 s and 1.7 GB with a
184 MB reply; a 1 GB .docx bomb 4.7 s and 2 GB; the 8 MB Markdown preview 75 s and 3.3 GB.
"""

from __future__ import annotations

import io
import resource
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app
from consultation.drafts.files import read_draft
from consultation.drafts.versions import MAX_SECTION_CHARACTERS
from consultation.errors import ValidationFailed
from consultation.rendering import markdown_to_stored_html

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, call) -> None:
    start = time.perf_counter()
    outcome = call()
    print(f"{name:<48} {time.perf_counter() - start:7.3f} s  {outcome}  (peak {peak_mb():.0f} MB)")


def docx_bomb(unpacked: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{WORD}"/></Types>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b"<w:document><w:body>")
            block = b"<w:p/>" * (1024 * 1024 // 6)
            for _ in range(unpacked // len(block)):
                member.write(block)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def refused(call) -> str:
    try:
        call()
    except ValidationFailed as error:
        return "refused: " + " ".join(str(m) for m in next(iter(error.errors.values())))[:70]
    return "accepted"


def main() -> None:
    app = create_app({"CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    client = app.test_client()
    print(f"start (peak {peak_mb():.0f} MB)")

    flood = "&".join(f"f{i}=x" for i in range(1_500_000)).encode()
    print(f"field flood body: {len(flood) / 1e6:.1f} MB")

    def post_flood():
        reply = client.post("/logga-in", data=flood, content_type="application/x-www-form-urlencoded")
        return f"HTTP {reply.status_code}, reply {len(reply.data) / 1024:.1f} kB"

    timed("POST /logga-in, 1.5 million url-encoded fields", post_flood)

    short_flood = b"&".join([b"a=x"] * 1_500_000)  # under the 8 MB form memory: the field count refuses it
    print(f"short field flood body: {len(short_flood) / 1e6:.1f} MB")

    def post_short_flood():
        reply = client.post("/logga-in", data=short_flood, content_type="application/x-www-form-urlencoded")
        return f"HTTP {reply.status_code}, reply {len(reply.data) / 1024:.1f} kB"

    timed("POST /logga-in, 1.5 million short fields", post_short_flood)

    bomb = docx_bomb(1024 * 1024 * 1024)
    print(f"docx bomb: {len(bomb) / 1e6:.1f} MB packed, 1 GB unpacked")
    timed("read_draft of the 1 GB .docx bomb", lambda: refused(lambda: read_draft("bomb.docx", bomb)))

    markdown = ("# 1 R\n\n" + "*a_" * 3_000_000).encode()
    timed("read_draft of the 8 MB pathological Markdown", lambda: refused(lambda: read_draft("d.md", markdown)))

    worst = "*a_" * (MAX_SECTION_CHARACTERS // 3)  # the worst a section may be: rendered once, at import
    timed("rendering one section of 100 000 characters of *a_", lambda: f"{len(markdown_to_stored_html(worst))} chars")


if __name__ == "__main__":
    main()
