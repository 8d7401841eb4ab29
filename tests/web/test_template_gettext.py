"""The templates' `_()` and `ngettext()`: the request's language, found once but never stale, and parameters escaped."""

from __future__ import annotations

from flask import render_template_string, session
from flask_babel import refresh


def test_a_template_string_is_in_the_request_language_also_after_a_change_within_the_request(app):
    with app.test_request_context("/"):
        session["locale"] = "en"
        assert render_template_string("{{ _('Nästa sida') }}") == "Next page"
        session["locale"] = "sv"
        refresh()
        assert render_template_string("{{ _('Nästa sida') }}") == "Nästa sida"


def test_parameters_are_escaped_in_html_and_the_count_is_num(app):
    with app.test_request_context("/"):
        html = render_template_string("{{ _('Sida %(page)s av %(pages)s', page='<b>1</b>', pages=2) }}")
        assert html == "Sida &lt;b&gt;1&lt;/b&gt; av 2"
        assert render_template_string("{{ ngettext('%(num)s svar', '%(num)s svar', 3) }}") == "3 svar"
        assert render_template_string("{% trans n=2 %}Sida {{ n }}{% endtrans %}") == "Sida 2"
