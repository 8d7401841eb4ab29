"""What a request may carry: how many form fields, how much form text, and no NUL characters.

Werkzeug caps the parts and the field memory of multipart bodies, but reads an URL-encoded body
whole and splits it into as many fields as it has `&`: one anonymous request of 1.5 million
fields held a worker for most of a minute. Here the same two settings, `MAX_FORM_PARTS` and
`MAX_FORM_MEMORY_SIZE`, bound URL-encoded bodies too (the memory setting then counts the whole
body), before anything (the CSRF check, a view, an error page) reads the form.

A NUL character is never meaningful in typed text, and PostgreSQL refuses it in a text column
(a 500 on a login e-mail, a meeting title, a tag filter). It is taken out of every form field,
query parameter and JSON string as they are parsed, and a URL path with one is not found. Ids
in URLs are ASCII digits no larger than a database integer (else 404, not a 500).
"""

from __future__ import annotations

import io
import typing as t

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter

from consultation.errors import N_, Message, msg

from .numbers import MAX_DATABASE_INT


class FormTooLarge(RequestEntityTooLarge):
    """A 413 with a message that says which limit the request broke."""

    def __init__(self, message: Message):
        super().__init__()
        self.message = message


def _without_nul(value: t.Any) -> t.Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeMultiDict(ImmutableMultiDict):
    """Form fields and query parameters, with NUL characters taken out of names and values."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        super().__init__([(_without_nul(key), _without_nul(value)) for key, value in iter_multi_items(mapping)])


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


def _strip_nul_json(value: t.Any) -> t.Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_strip_nul_json(item) for item in value]
    if isinstance(value, dict):
        return {_strip_nul_json(key): _strip_nul_json(item) for key, item in value.items()}
    return value


class SamradRequest(Request):
    parameter_storage_class = NulFreeMultiDict
    form_data_parser_class = LimitedFormDataParser

    def get_json(self, *args, **kwargs):
        return _strip_nul_json(super().get_json(*args, **kwargs))


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` in a URL: ASCII digits only, and no larger than a database id can be (else 404)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DATABASE_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _refuse_nul_in_path() -> None:
    if "\x00" in request.path:
        abort(404)


def init_app(app: Flask) -> None:
    app.request_class = SamradRequest
    app.url_map.converters["int"] = BoundedIntegerConverter
    # Before the CSRF check, which is the first to read the form.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_nul_in_path)
