"""Read-only JSON and a zip of CSV files: the published material of public processes, for anyone.

Every view asks consultation.review.open_data, which reads through the public pages' rules. No
route writes, none needs a login, and no cookie-based session is read for access: what is
published is the same for everyone.
"""

from __future__ import annotations

import io
import zipfile
from functools import wraps

from flask import Blueprint, jsonify, request, url_for

from consultation.errors import NotFound
from consultation.review import open_data

from ..downloads import attachment
from ..exports import to_csv
from ..extensions import db
from ..i18n import translate
from ..numbers import parse_id

bp = Blueprint("api", __name__)


def json_errors(view):
    """A missing or unpublished object is a JSON 404 with a Swedish message, like the pages' 404."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            response = view(*args, **kwargs)
        except NotFound as error:
            response = jsonify({"error": translate(error.message) if error.message else "Finns inte."})
            response.status_code = 404
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _int_arg(name: str, default: int) -> int:
    number = parse_id(request.args.get(name, ""))
    return default if number is None else number


def _paged(records: list[dict], endpoint: str, **values):
    page = open_data.paged(records, _int_arg("sida", 1), _int_arg("per_sida", 50))

    def link(number: int) -> str:
        return url_for(endpoint, sida=number, per_sida=page.per_page, **values)

    return jsonify(
        {
            "items": page.items,
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
            "next": link(page.page + 1) if page.has_next else None,
            "previous": link(page.page - 1) if page.has_previous else None,
        }
    )


@bp.get("/api/v1/processer")
@json_errors
def processes():
    return _paged(open_data.list_processes(db.session), "api.processes")


@bp.get("/api/v1/processer/<code>")
@json_errors
def process(code: str):
    return jsonify(open_data.process_detail(db.session, code))


@bp.get("/api/v1/processer/<code>/versioner/<int:number>")
@json_errors
def version(code: str, number: int):
    return jsonify(open_data.version_detail(db.session, code, number))


@bp.get("/api/v1/processer/<code>/remiss/<int:round_id>/svar")
@json_errors
def responses(code: str, round_id: int):
    records = open_data.response_records(db.session, code, round_id)
    return _paged(records, "api.responses", code=code, round_id=round_id)


@bp.get("/api/v1/processer/<code>/remiss/<int:round_id>/stallningstaganden")
@json_errors
def positions(code: str, round_id: int):
    records = open_data.position_records(db.session, code, round_id)
    return _paged(records, "api.positions", code=code, round_id=round_id)


def _bundle_files(bundle: dict) -> dict[str, bytes]:
    process, round_ = bundle["process"], bundle["round"]
    comments = [
        (r["id"], r["reference"], i, c["section"], c["text"], "ja" if c["redacted"] else "nej")
        for r in bundle["responses"]
        for i, c in enumerate(r["comments"], start=1)
    ]
    return {
        "process.csv": to_csv(list(process), [list(process.values())]),
        "remissrunda.csv": to_csv(list(round_), [list(round_.values())]),
        "avsnitt.csv": to_csv(
            ["key", "number", "heading", "level", "body"], [list(s.values()) for s in bundle["sections"]]
        ),
        "remissvar.csv": to_csv(
            ["id", "reference", "sender", "anonymous", "actor_type", "submitted_at"],
            [
                (
                    r["id"],
                    r["reference"],
                    r["sender"],
                    "ja" if r["anonymous"] else "nej",
                    r["actor_type"],
                    r["submitted_at"],
                )
                for r in bundle["responses"]
            ],
        ),
        "synpunkter.csv": to_csv(["response_id", "reference", "order", "section", "text", "redacted"], comments),
        "stallningstaganden.csv": to_csv(
            list(bundle["positions"][0]) if bundle["positions"] else ["id"],
            [["ja" if v is True else "nej" if v is False else v for v in p.values()] for p in bundle["positions"]],
        ),
    }


@bp.get("/api/v1/processer/<code>/remiss/<int:round_id>/oppna-data.zip")
@json_errors
def bundle(code: str, round_id: int):
    """The round's published material as CSV files in one zip (semicolons, UTF-8, as the other exports)."""
    files = _bundle_files(open_data.round_bundle(db.session, code, round_id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return attachment(buffer.getvalue(), "application/zip", f"{code}-remiss-{round_id}-oppna-data.zip")
