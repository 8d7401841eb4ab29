"""What a request may carry: how many form fields and how much form text.

Werkzeug caps the parts and the field memory of multipart bodies, but reads an URL-encoded body
whole and splits it into as many fields as it has `&`: one anonymous request of 1.5 million
fields held a worker for most of a minute. Here the same two settings, `MAX_FORM_PARTS` and
`MAX_FORM_MEMORY_SIZE`, bound URL-encoded bodies too (the memory setting then counts the whole
body), before anything (the CSRF check, a view, an error page) reads the form.
"""

from __future__ import annotations

import io

from flask import Flask, Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from consultation.errors import N_, Message, msg


class FormTooLarge(RequestEntityTooLarge):
    """A 413 with a message that says which limit the request broke."""

    def __init__(self, message: Message):
        super().__init__()
        self.message = message


class LimitedFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        limit = self.max_form_memory_size
        if limit is not None and content_length is not None and content_length > limit:
            raise FormTooLarge(msg(N_("Formuläret är för stort: högst %(mb)s MB text."), mb=_megabytes(limit)))
        data = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise FormTooLarge(msg(N_("Formuläret är för stort: högst %(mb)s MB text."), mb=_megabytes(limit)))
        if self.max_form_parts is not None and data.count(b"&") >= self.max_form_parts:
            raise FormTooLarge(msg(N_("Formuläret har för många fält: högst %(max)s."), max=self.max_form_parts))
        return super()._parse_urlencoded(io.BytesIO(data), mimetype, content_length, options)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


class SamradRequest(Request):
    form_data_parser_class = LimitedFormDataParser


def init_app(app: Flask) -> None:
    app.request_class = SamradRequest
