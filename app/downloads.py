"""Files the working group and the public download: an attachment never cached, and a trace of every export."""

from __future__ import annotations

from flask import Response

from consultation import audit

from .extensions import db
from .web import acting_user

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """The file to save under `filename`, with no copy kept in any cache."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def audited(download: Response, kind: str, fmt: str, target: tuple[str, int], **details) -> Response:
    """Every download of the input leaves a trace in the audit log: who took which export, when."""
    audit.record(
        db.session, audit.Action.EXPORT_DOWNLOADED, acting_user(), target, {"export": kind, "format": fmt, **details}
    )
    db.session.commit()
    return download
