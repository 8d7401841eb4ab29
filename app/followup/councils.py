"""The councils' pages: the list, one council with its members and meetings, and a meeting's agenda.

The services decide who may do what; each view reads its form, calls one service and redirects, or
shows the page again with the form's errors and the text that was sent.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from consultation.collation import swedish_sorted
from consultation.errors import N_, Conflict, NotAllowed, ValidationFailed, msg
from consultation.followup import agendas, councils, goal_areas, initiatives
from consultation.meetings.planning import organisations_to_pick
from consultation.people import User
from consultation.people.access import is_admin, require_admin

from ..extensions import db
from ..i18n import translate
from ..numbers import parse_id
from ..web import acting_user, commit_or_show_errors, form_status, show_domain_errors
from .council_forms import (
    CommitmentForm,
    CommitmentStatusForm,
    CouncilForm,
    ItemForm,
    LinkMeetingForm,
    MakeInitiativeForm,
    MemberForm,
    MinutesForm,
)
from .forms import ConfirmForm

bp = Blueprint("councils", __name__)

BASE = "/process/<code>/uppfoljning/rad"
AGENDA = BASE + "/<int:council_id>/moten/<int:meeting_id>"


def _now() -> datetime:
    return datetime.now(UTC)


def _users():
    return swedish_sorted(db.session.scalars(select(User).where(User.is_active.is_(True))), key=lambda u: u.name)


def _is_coordinator() -> bool:
    return is_admin(acting_user())


# --- the list and one council ------------------------------------------------------------------------


def _list_page(code: str, form: CouncilForm | None = None, status: int = 200):
    process, found = councils.list_councils(db.session, acting_user(), code)
    if form is None and _is_coordinator():
        form = CouncilForm(_users())
    return render_template("followup/councils.html", process=process, councils=found, form=form), status


@bp.get(BASE)
def list_page(code: str):
    return _list_page(code)


@bp.post(BASE + "/nytt")
@login_required
def create(code: str):
    require_admin(acting_user())
    form = CouncilForm(_users())
    if form.validate_on_submit():
        data = councils.CouncilData(
            form.name.data or "", form.kind.data or "", form.description.data or "", parse_id(form.convenor_id.data)
        )
        created = commit_or_show_errors(
            form, lambda: councils.create_council(db.session, acting_user(), code, data, _now())
        )
        if created is not None:
            flash(_("Rådet %(name)s är skapat.", name=created.name), "success")
            return redirect(url_for(".council", code=code, council_id=created.id))
    return _list_page(code, form, 422)


def _council_page(code: str, council_id: int, member_form=None, link_form=None, status: int = 200):
    council = councils.get_council(db.session, acting_user(), code, council_id)
    coordinator = _is_coordinator()
    if coordinator:
        member_form = member_form or MemberForm(organisations_to_pick(db.session), _users())
        link_form = link_form or LinkMeetingForm(councils.meetings_to_link(db.session, council))
    return render_template(
        "followup/council.html",
        process=council.process,
        council=council,
        meetings=councils.council_meetings(db.session, acting_user(), council),
        member_form=member_form if coordinator else None,
        link_form=link_form if coordinator else None,
        confirm_form=ConfirmForm(),
    ), status


@bp.get(BASE + "/<int:council_id>")
def council(code: str, council_id: int):
    return _council_page(code, council_id)


@bp.post(BASE + "/<int:council_id>/medlemmar")
@login_required
def add_member(code: str, council_id: int):
    require_admin(acting_user())
    found = councils.get_council(db.session, acting_user(), code, council_id)
    form = MemberForm(organisations_to_pick(db.session), _users())
    if form.validate_on_submit():
        added = commit_or_show_errors(
            form,
            lambda: councils.add_member(
                db.session, acting_user(), found, parse_id(form.organisation_id.data), parse_id(form.user_id.data)
            ),
        )
        if added is not None:
            flash(_("Medlemmen är tillagd."), "success")
            return redirect(url_for(".council", code=code, council_id=council_id))
    return _council_page(code, council_id, member_form=form, status=422)


@bp.post(BASE + "/<int:council_id>/medlemmar/<int:member_id>/ta-bort")
@login_required
def remove_member(code: str, council_id: int, member_id: int):
    require_admin(acting_user())
    if not ConfirmForm().validate_on_submit():
        abort(400)
    found = councils.get_council(db.session, acting_user(), code, council_id)
    councils.remove_member(db.session, acting_user(), found, member_id)
    db.session.commit()
    flash(_("Medlemmen är borttagen ur rådet."), "success")
    return redirect(url_for(".council", code=code, council_id=council_id))


@bp.post(BASE + "/<int:council_id>/moten")
@login_required
def link_meeting(code: str, council_id: int):
    require_admin(acting_user())
    found = councils.get_council(db.session, acting_user(), code, council_id)
    form = LinkMeetingForm(councils.meetings_to_link(db.session, found))
    if form.validate_on_submit():
        linked = commit_or_show_errors(
            form, lambda: councils.link_meeting(db.session, acting_user(), found, parse_id(form.meeting_id.data))
        )
        if linked is not None:
            flash(_("Mötet hör nu till rådet. Strategiska gruppen kan förbereda dagordningen."), "success")
            return redirect(url_for(".agenda", code=code, council_id=council_id, meeting_id=linked.meeting_id))
    return _council_page(code, council_id, link_form=form, status=422)


# --- a meeting's agenda ----------------------------------------------------------------------------------


def _agenda_page(code: str, council_id: int, meeting_id: int, failed: tuple[str, int, object] | None = None):
    """The agenda; `failed` is the one form that came back with errors: (kind, id, form)."""
    agenda = agendas.get_agenda(db.session, acting_user(), code, council_id, meeting_id)
    process, adoption = goal_areas.followed_up_process(db.session, acting_user(), code)
    choices = agendas.agenda_choices(db.session, process, adoption)
    _areas, sections, _approved, _steps = choices
    organisations = organisations_to_pick(db.session)

    def form_for(kind: str, key: int, make):
        if failed and failed[0] == kind and failed[1] == key:
            return failed[2]
        return make()

    items = agenda.items
    item_form = None
    if agenda.may_prepare:
        item_form = form_for("item", 0, lambda: ItemForm(*choices, formdata=None))
    minutes_forms, commitment_forms, initiative_forms = {}, {}, {}
    if agenda.may_record:
        for item in items:
            minutes_forms[item.id] = form_for(
                "minutes",
                item.id,
                lambda item=item: MinutesForm(
                    formdata=None, prefix=f"punkt{item.id}", minutes=item.minutes, decision=item.decision
                ),
            )
            commitment_forms[item.id] = form_for(
                "commitment",
                item.id,
                lambda item=item: CommitmentForm(organisations, formdata=None, prefix=f"punkt{item.id}"),
            )
    status_forms = {}
    for item in items:
        for commitment in item.commitments:
            if agendas.may_follow_up(acting_user(), commitment):
                status_forms[commitment.id] = form_for(
                    "status",
                    commitment.id,
                    lambda commitment=commitment: CommitmentStatusForm(
                        formdata=None, prefix=f"atagande{commitment.id}", status=commitment.status
                    ),
                )
            if agendas.may_make_initiative(acting_user(), commitment):
                default = agendas.default_sections(commitment)
                initiative_forms[commitment.id] = form_for(
                    "initiative",
                    commitment.id,
                    lambda commitment=commitment, default=default: MakeInitiativeForm(
                        sections,
                        formdata=None,
                        prefix=f"atagande{commitment.id}",
                        section_id=str(default[0]) if default else "",
                    ),
                )
    return render_template(
        "followup/agenda.html",
        process=process,
        agenda=agenda,
        council=agenda.council,
        meeting=agenda.meeting,
        visible_initiatives={
            c.id
            for item in items
            for c in item.commitments
            if c.initiative and initiatives.may_see(acting_user(), c.initiative)
        },
        item_form=item_form,
        minutes_forms=minutes_forms,
        commitment_forms=commitment_forms,
        initiative_forms=initiative_forms,
        status_forms=status_forms,
        confirm_form=ConfirmForm(),
    ), (422 if failed else 200)


def _back(code: str, council_id: int, meeting_id: int, anchor: str | None = None):
    return redirect(url_for(".agenda", code=code, council_id=council_id, meeting_id=meeting_id, _anchor=anchor))


@bp.get(AGENDA)
def agenda(code: str, council_id: int, meeting_id: int):
    return _agenda_page(code, council_id, meeting_id)


def _choices(code: str):
    process, adoption = goal_areas.followed_up_process(db.session, acting_user(), code)
    return agendas.agenda_choices(db.session, process, adoption)


def _agenda_to_change(code: str, council_id: int, meeting_id: int, role: str, draft: bool) -> agendas.Agenda:
    """The agenda, if the reader may see it (else 404), holds `role` (else 403) and is in the right state (409)."""
    agenda = agendas.get_agenda(db.session, acting_user(), code, council_id, meeting_id)
    if not getattr(agenda, role):
        raise NotAllowed(msg(N_("Du har inte behörighet att göra detta.")))
    if agenda.draft != draft:
        raise Conflict(
            msg(N_("Dagordningen är redan publicerad och kan inte ändras."))
            if agenda.council_meeting.agenda_published
            else msg(N_("Dagordningen är inte publicerad ännu."))
        )
    return agenda


@bp.post(AGENDA + "/punkter")
@login_required
def add_item(code: str, council_id: int, meeting_id: int):
    _agenda_to_change(code, council_id, meeting_id, "preparer", draft=True)
    form = ItemForm(*_choices(code))
    if form.validate_on_submit():
        added = commit_or_show_errors(
            form,
            lambda: agendas.add_item(
                db.session, acting_user(), code, council_id, meeting_id, form.data_for_service(), _now()
            ),
        )
        if added is not None:
            flash(_("Punkten %(title)s är tillagd i utkastet.", title=added.title), "success")
            return _back(code, council_id, meeting_id, f"punkt-{added.id}")
    return _agenda_page(code, council_id, meeting_id, ("item", 0, form))


@bp.route(AGENDA + "/punkter/<int:item_id>", methods=["GET", "POST"])
@login_required
def edit_item(code: str, council_id: int, meeting_id: int, item_id: int):
    agenda = _agenda_to_change(code, council_id, meeting_id, "preparer", draft=True)
    item = next((i for i in agenda.items if i.id == item_id), None)
    if item is None:
        abort(404)
    form = ItemForm(*_choices(code))
    if request.method == "GET":
        form.fill_from(item)
    elif form.validate_on_submit():
        saved = commit_or_show_errors(
            form,
            lambda: agendas.edit_item(
                db.session, acting_user(), code, council_id, meeting_id, item_id, form.data_for_service()
            ),
        )
        if saved is not None:
            flash(_("Punkten %(title)s är ändrad.", title=saved.title), "success")
            return _back(code, council_id, meeting_id, f"punkt-{saved.id}")
    return render_template(
        "followup/agenda_item.html",
        process=agenda.council.process,
        council=agenda.council,
        meeting=agenda.meeting,
        item=item,
        form=form,
    ), form_status(form)


@bp.post(AGENDA + "/punkter/<int:item_id>/flytta/<any(upp, ner):direction>")
@login_required
def move_item(code: str, council_id: int, meeting_id: int, item_id: int, direction: str):
    _agenda_to_change(code, council_id, meeting_id, "preparer", draft=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    step = -1 if direction == "upp" else 1
    moved = agendas.move_item(db.session, acting_user(), code, council_id, meeting_id, item_id, step)
    db.session.commit()
    return _back(code, council_id, meeting_id, f"punkt-{moved.id}")


@bp.post(AGENDA + "/punkter/<int:item_id>/ta-bort")
@login_required
def remove_item(code: str, council_id: int, meeting_id: int, item_id: int):
    _agenda_to_change(code, council_id, meeting_id, "preparer", draft=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    agendas.remove_item(db.session, acting_user(), code, council_id, meeting_id, item_id)
    db.session.commit()
    flash(_("Punkten är borttagen ur utkastet."), "success")
    return _back(code, council_id, meeting_id)


@bp.post(AGENDA + "/publicera")
@login_required
def publish(code: str, council_id: int, meeting_id: int):
    _agenda_to_change(code, council_id, meeting_id, "publisher", draft=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        agendas.publish_agenda(db.session, acting_user(), code, council_id, meeting_id, _now())
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        flash(" ".join(translate(m) for messages in error.errors.values() for m in messages), "error")
        return _back(code, council_id, meeting_id)
    flash(_("Dagordningen är publicerad och syns nu för rådets medlemmar och allmänheten."), "success")
    return _back(code, council_id, meeting_id)


@bp.post(AGENDA + "/punkter/<int:item_id>/protokoll")
@login_required
def minutes(code: str, council_id: int, meeting_id: int, item_id: int):
    _agenda_to_change(code, council_id, meeting_id, "recorder", draft=False)
    form = MinutesForm(prefix=f"punkt{item_id}")
    if form.validate_on_submit():
        saved = commit_or_show_errors(
            form,
            lambda: agendas.record_minutes(
                db.session,
                acting_user(),
                code,
                council_id,
                meeting_id,
                item_id,
                form.minutes.data or "",
                form.decision.data or "",
                _now(),
            ),
        )
        if saved is not None:
            flash(_("Protokoll och beslut för %(title)s är sparade.", title=saved.title), "success")
            return _back(code, council_id, meeting_id, f"punkt-{item_id}")
    return _agenda_page(code, council_id, meeting_id, ("minutes", item_id, form))


@bp.post(AGENDA + "/punkter/<int:item_id>/ataganden")
@login_required
def add_commitment(code: str, council_id: int, meeting_id: int, item_id: int):
    _agenda_to_change(code, council_id, meeting_id, "recorder", draft=False)
    form = CommitmentForm(organisations_to_pick(db.session), prefix=f"punkt{item_id}")
    if form.validate_on_submit():
        added = commit_or_show_errors(
            form,
            lambda: agendas.add_commitment(
                db.session, acting_user(), code, council_id, meeting_id, item_id, form.data_for_service(), _now()
            ),
        )
        if added is not None:
            flash(_("Åtagandet är lämnat till %(owner)s.", owner=added.owner_organisation.name), "success")
            return _back(code, council_id, meeting_id, f"punkt-{item_id}")
    return _agenda_page(code, council_id, meeting_id, ("commitment", item_id, form))


@bp.post(AGENDA + "/ataganden/<int:commitment_id>/insats")
@login_required
def make_initiative(code: str, council_id: int, meeting_id: int, commitment_id: int):
    agenda = agendas.get_agenda(db.session, acting_user(), code, council_id, meeting_id)
    commitment = next((c for item in agenda.items for c in item.commitments if c.id == commitment_id), None)
    if commitment is None:
        abort(404)
    if commitment.initiative_id is not None:
        raise Conflict(msg(N_("Åtagandet har redan blivit en insats.")))
    if not agendas.may_make_initiative(acting_user(), commitment):
        abort(403)
    _areas, sections, _approved, _steps = _choices(code)
    form = MakeInitiativeForm(sections, prefix=f"atagande{commitment_id}")
    if form.validate_on_submit():
        try:
            made = agendas.make_initiative(
                db.session, acting_user(), code, council_id, meeting_id, commitment_id, form.section_ids(), _now()
            )
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            errors = dict(error.errors)
            errors["section_id"] = errors.pop("section_ids", [])
            show_domain_errors(form, ValidationFailed(errors))
        else:
            flash(
                _("Åtagandet är nu en föreslagen insats. Samordnaren granskar den innan den visas för alla."),
                "success",
            )
            return redirect(url_for("followup.initiative", code=code, initiative_id=made.id))
    return _agenda_page(code, council_id, meeting_id, ("initiative", commitment_id, form))


@bp.post(AGENDA + "/ataganden/<int:commitment_id>/status")
@login_required
def commitment_status(code: str, council_id: int, meeting_id: int, commitment_id: int):
    agenda = agendas.get_agenda(db.session, acting_user(), code, council_id, meeting_id)
    commitment = next((c for item in agenda.items for c in item.commitments if c.id == commitment_id), None)
    if commitment is None:
        abort(404)
    if not agendas.may_follow_up(acting_user(), commitment):
        abort(403)
    form = CommitmentStatusForm(prefix=f"atagande{commitment_id}")
    if form.validate_on_submit():
        saved = commit_or_show_errors(
            form,
            lambda: agendas.set_commitment_status(
                db.session, acting_user(), code, council_id, meeting_id, commitment_id, form.status.data
            ),
        )
        if saved is not None:
            flash(_("Åtagandets status är sparad."), "success")
            return _back(code, council_id, meeting_id, f"atagande-{commitment_id}")
    return _agenda_page(code, council_id, meeting_id, ("status", commitment_id, form))
