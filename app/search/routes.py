from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from consultation.remiss import reading
from consultation.review import Decision
from consultation.search import queries, similar

from ..extensions import db
from ..numbers import page_number, parse_id
from ..web import acting_user, form_status
from . import query_terms
from .forms import SearchForm

bp = Blueprint("search", __name__)


@bp.before_request
@login_required
def _readers_only():
    reading.require_reader(acting_user())


def _filters(form: SearchForm) -> queries.SearchFilter:
    decision = form.chosen(form.decision)
    return queries.SearchFilter(
        round_id=parse_id(form.chosen(form.round)),
        section_key=form.chosen(form.section),
        theme_id=parse_id(form.chosen(form.theme)),
        actor_type=form.chosen(form.actor_type),
        municipality=form.chosen(form.municipality),
        decision=Decision(decision) if decision else None,
        unanswered=bool(form.unanswered.data),
    )


@bp.get("/process/<code>/sok", endpoint="search")
def search_page(code: str):
    actor = acting_user()
    process = queries.get_process(db.session, actor, code)
    form = SearchForm(queries.choices(db.session, actor, process.id), request.args)
    found, wanted = None, []
    if form.validate():  # a query too long comes back with its message and the text kept, and no list
        wanted = query_terms(form.q.data or "")
        found = queries.search(
            db.session, actor, process.id, wanted, _filters(form), page_number(request.args.get("sida"))
        )
    query = {key: value for key, value in request.args.items() if key != "sida"}
    return render_template(
        "search/search.html", process=process, form=form, found=found, wanted=wanted, query=query
    ), form_status(form)


@bp.get("/sok/texter/<int:text_id>/liknande", endpoint="similar")
def similar_page(text_id: int):
    found = similar.similar_texts(db.session, acting_user(), text_id)
    return render_template("search/similar.html", found=found)
