from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.errors import Conflict, ValidationFailed
from consultation.letters import files as letter_files
from consultation.letters import registration as letter_registration
from consultation.people.mail_caps import MailCapReached, MailKind
from consultation.remiss import ResponseStatus, responses
from consultation.remiss.rounds import (
    RoundClosed,
    RoundNotOpen,
    get_round,
    invitations_of,
    invited_organisation_ids,
    owners_for,
    round_state,
)
from consultation.review import earlier_round
from consultation.timezones import to_local

from ..downloads import PDF, attachment
from ..extensions import db
from ..i18n import translate
from ..mail import external_url, send_mail
from ..mail import reserve as reserve_mail
from ..page_cache import cached_page, keep_until
from ..web import acting_user, show_domain_errors
from .editing import boxes, read_inputs
from .forms import ConfirmForm, DeclineForm, StartResponseForm

bp = Blueprint("remiss", __name__)


def now() -> datetime:
    return datetime.now(UTC)


def _owner_choices(owners) -> list[tuple[str, str]]:
    return [(o.key, o.organisation.name if o.organisation else _("Mig själv, som privatperson")) for o in owners]


@bp.get("/remiss/<int:round_id>")
@cached_page
def round_page(round_id: int):
    round_ = get_round(db.session, round_id)
    if not round_.process.is_public:
        abort(404)
    keep_until(_next_turn(round_))
    user = acting_user()
    owners = owners_for(db.session, user, round_) if user else []
    form = StartResponseForm()
    form.owner.choices = _owner_choices(owners)
    existing = {o.key: responses.find_response(db.session, round_.id, o) for o in owners}
    invited = invitations_of(db.session, round_, owners)
    declinable = responses.declinable_organisations(db.session, user, round_.id) if user else []
    return render_template(
        "remiss/round.html",
        round=round_,
        is_open=round_.is_open_at(now()),
        state=round_state(round_, now()),
        owners=owners,
        existing=existing,
        invitations=invited,
        declinable=declinable,
        form=form,
    )


@bp.post("/remiss/<int:round_id>/svar")
@login_required
def start(round_id: int):
    form = StartResponseForm()
    round_ = get_round(db.session, round_id)
    form.owner.choices = _owner_choices(owners_for(db.session, acting_user(), round_))
    if not form.validate_on_submit():
        flash(_("Välj vem du svarar för."), "error")
        return redirect(url_for(".round_page", round_id=round_id))
    try:
        response = responses.open_response(db.session, acting_user(), round_id, form.owner.data, now())
        db.session.commit()
    except (RoundClosed, RoundNotOpen, responses.RegisteredByRegion) as error:
        db.session.rollback()
        flash(translate(error.message), "error")
        return redirect(url_for(".round_page", round_id=round_id))
    return redirect(url_for(".edit", response_id=response.id))


def _next_turn(round_):
    """When the round's page changes by the clock alone: its opening, then its deadline."""
    moment = now()
    return next((at for at in (round_.opens_at, round_.closes_at) if at is not None and at > moment), None)


def _render_edit(response, status=200, posted=None, conflicts=(), errors=None, form_errors=()):
    keep_until(_next_turn(response.round))
    return (
        render_template(
            "remiss/edit.html",
            response=response,
            round=response.round,
            boxes=boxes(response, posted, conflicts, errors),
            conflicts=conflicts,
            form_errors=list(form_errors),
            has_changes=responses.has_unsubmitted_changes(response),
            is_open=responses.is_writable(response, now()),
            max_length=responses.MAX_COMMENT_LENGTH,
            confirm_form=ConfirmForm(),
            earlier=earlier_round.earlier_round(db.session, response),
            letters=letter_files.letters_of(db.session, response),
        ),
        status,
    )


@bp.route("/svar/<int:response_id>", methods=["GET", "POST"])
@login_required
@cached_page
def edit(response_id: int):
    user = acting_user()
    if request.method == "GET":
        return _render_edit(responses.get_own_response(db.session, user, response_id))
    # Locked for the rest of the request: a double-clicked "Skicka in" runs after this one, not beside it.
    response = responses.lock_own_response(db.session, user, response_id)

    posted = request.form
    action = posted.get("action", "save")
    try:
        result = responses.save_comments(db.session, user, response.id, read_inputs(posted, response), now())
        if result.conflicts:
            db.session.commit()  # the boxes without a conflict are saved
            return _render_edit(response, 409, posted, result.conflicts)
        if action == "review":
            return _confirm_submit(user, response, posted)
        if action == "submit":
            return _submit(user, response, posted)
        db.session.commit()
    except (RoundClosed, RoundNotOpen, ValidationFailed, Conflict) as error:
        db.session.rollback()
        return _render_refusal(response, posted, error)
    flash(_("Utkastet är sparat %(time)s.", time=to_local(now()).strftime("%H:%M")), "success")
    return redirect(url_for(".edit", response_id=response.id))


def _confirm_submit(user, response, posted, status=200, changed=False):
    """The confirmation step: the text is saved as a draft and shown as it would be sent."""
    content = responses.check_submittable(db.session, user, response.id, now())
    db.session.commit()
    return render_template(
        "remiss/confirm_submit.html",
        response=response,
        round=response.round,
        content=content,
        digest=responses.content_digest(content),
        consent=bool(posted.get("consent")),
        send_receipt=bool(posted.get("send_receipt")),
        contact=letter_registration.contact_address(db.session, response) if response.is_registration else None,
        changed=changed,
    ), status


def _submit(user, response, posted):
    """Submit the text just saved, commit, send the receipt and show it."""
    reviewed = posted.get("reviewed")
    if reviewed is not None:
        # Sent from the confirmation page: a colleague may have changed the text since it was shown.
        content = responses.check_submittable(db.session, user, response.id, now())
        if responses.content_digest(content) != reviewed:
            return _confirm_submit(user, response, posted, 409, changed=True)
    moment = now()
    submission = responses.submit_response(
        db.session, user, response.id, moment, publish_name_consent=bool(posted.get("consent"))
    )
    # An unchanged resubmission (a double click) answers with the earlier submission, whose receipt was sent.
    is_new = submission.submitted_at == moment
    db.session.commit()
    if response.is_registration:
        # Sent on the organisation's behalf: its contact gets the receipt, once, and only when asked for.
        mailed = is_new and bool(posted.get("send_receipt")) and _send_contact_receipt(response, submission)
        return redirect(url_for(".receipt", response_id=response.id, epost="kontakt" if mailed else "nej"))
    mailed = _send_receipt(response, submission) if is_new else True
    return redirect(url_for(".receipt", response_id=response.id, **({} if mailed else {"epost": "nej"})))


def _render_refusal(response, posted, error):
    """A refused save shows the person's text again: on the "too late" page, or in the form with its errors."""
    if isinstance(error, (RoundClosed, RoundNotOpen)):
        return render_template(
            "remiss/too_late.html",
            response=response,
            boxes=boxes(response, posted),
            message=translate(error.message),
        ), 409
    if isinstance(error, ValidationFailed):
        texts = {name: " ".join(translate(m) for m in messages) for name, messages in error.errors.items()}
        general = [t for name, t in texts.items() if name == "response"]
        return _render_edit(response, 422, posted, errors=texts, form_errors=general)
    return _render_edit(response, 409, posted, form_errors=[translate(error.message)])


@bp.post("/svar/<int:response_id>/autospara")
@login_required
def autosave(response_id: int):
    """Called by autosave.js; the same rules as the save button, answered in JSON."""
    user = acting_user()
    response = responses.lock_own_response(db.session, user, response_id)
    try:
        result = responses.save_comments(db.session, user, response.id, read_inputs(request.form, response), now())
        db.session.commit()
    except (RoundClosed, RoundNotOpen, ValidationFailed, Conflict) as error:
        db.session.rollback()
        return jsonify(ok=False, message=str(translate(error.message) if error.message else "")), 409
    revisions = {("whole" if c.section_id is None else str(c.section_id)): c.revision for c in response.comments}
    return jsonify(
        ok=True,
        saved_at=to_local(now()).strftime("%H:%M:%S"),
        revisions=revisions,
        conflicts=["whole" if c.section_id is None else str(c.section_id) for c in result.conflicts],
    )


def _send_receipt(response, submission) -> bool:
    """Mail the receipt, within the day's cap on receipts to one address; the submission stands either way.
    False when no receipt was mailed, so that the receipt page does not say it was."""
    try:
        reserve_mail(MailKind.RECEIPT, submission.submitted_by.email, now(), sender=submission.submitted_by)
        db.session.commit()
    except MailCapReached:
        db.session.rollback()
        flash(
            _(
                "Svaret är inskickat. Du har fått många kvitton i dag, så inget skickas med e-post den här"
                " gången: ladda ner svaret som PDF eller spara sidan som kvitto."
            ),
            "info",
        )
        return False
    try:
        send_mail(
            submission.submitted_by.email,
            _("Kvitto: remissvar %(reference)s", reference=response.reference),
            "receipt",
            response=response,
            submission=submission,
            link=external_url("remiss.receipt", response_id=response.id),
            pdf_link=external_url("remiss.submission_pdf", response_id=response.id, number=submission.number),
        )
    except OSError:
        flash(_("Svaret är inskickat, men kvittot kunde inte skickas med e-post. Spara sidan som kvitto."), "error")
        return False
    return True


def _send_contact_receipt(response, submission) -> bool:
    """The receipt of a registered response, to the organisation's contact (within the day's cap on receipts)."""
    address = letter_registration.contact_address(db.session, response)
    if not address:
        flash(
            _("Svaret är inskickat, men organisationen har ingen e-postadress i registret, så inget kvitto skickades."),
            "info",
        )
        return False
    try:
        # The coordinator's work, like round mail: a day of registrations near the deadline must not run into the
        # cap on one person's requested mail, so only the cap on receipts to the recipient's address applies.
        reserve_mail(MailKind.RECEIPT, address, now())
        db.session.commit()
    except MailCapReached:
        db.session.rollback()
        flash(_("Svaret är inskickat. Adressen har fått många kvitton i dag, så inget skickas med e-post nu."), "info")
        return False
    try:
        send_mail(
            address,
            _("Kvitto: remissvar %(reference)s", reference=response.reference),
            "receipt",
            response=response,
            submission=submission,
            recipient_name=response.organisation.name,
            link=external_url("remiss.submission", response_id=response.id, number=submission.number),
            pdf_link=external_url("remiss.submission_pdf", response_id=response.id, number=submission.number),
        )
    except OSError:
        flash(_("Svaret är inskickat, men kvittot kunde inte skickas med e-post."), "error")
        return False
    return True


@bp.get("/svar/<int:response_id>/kvitto")
@login_required
def receipt(response_id: int):
    response = responses.get_own_response(db.session, acting_user(), response_id)
    if not response.submissions:
        return redirect(url_for(".edit", response_id=response.id))
    return render_template(
        "remiss/receipt.html",
        response=response,
        submission=response.submissions[-1],
        mailed=request.args.get("epost") != "nej",  # only what this page says; the mail log is the truth
        contact=letter_registration.contact_address(db.session, response) if response.is_registration else None,
    )


def _submitted_version(response_id: int, number: int):
    """A response and one of its submitted versions, for whoever may read it; 404 for anyone else."""
    response = responses.get_submitted_response(db.session, acting_user(), response_id)
    found = next((s for s in response.submissions if s.number == number), None)
    if found is None:
        abort(404)
    return response, found


@bp.get("/svar/<int:response_id>/version/<int:number>")
@login_required
def submission(response_id: int, number: int):
    response, found = _submitted_version(response_id, number)
    return render_template(
        "remiss/submission.html",
        response=response,
        submission=found,
        is_owner=responses.is_owner_member(acting_user(), response),
    )


@bp.get("/svar/<int:response_id>/version/<int:number>.pdf")
@login_required
def submission_pdf(response_id: int, number: int):
    """The submitted version as a PDF to keep, for whoever may read it on the page above."""
    from . import receipt_pdf  # fpdf2 brings numpy: loaded only when a copy is asked for

    response, found = _submitted_version(response_id, number)
    filename = re.sub(r"[^A-Za-z0-9-]", "_", f"{response.reference}-version-{number}") + ".pdf"
    return attachment(receipt_pdf.submission_pdf(response, found), PDF, filename)


@bp.route("/svar/<int:response_id>/aterkalla", methods=["GET", "POST"])
@login_required
def withdraw(response_id: int):
    if request.method == "GET":
        # The confirmation step: withdrawing takes the response away from the working group at once.
        response = responses.get_own_response(db.session, acting_user(), response_id)
        if response.status != ResponseStatus.SUBMITTED or not responses.is_writable(response, now()):
            return redirect(url_for(".edit", response_id=response.id))
        return render_template("remiss/confirm_withdraw.html", response=response, form=ConfirmForm())
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        responses.withdraw_response(db.session, acting_user(), response_id, now())
        db.session.commit()
        flash(_("Svaret är återkallat. Du kan skicka in det igen före sista svarsdag."), "success")
    except (RoundClosed, ValidationFailed) as error:
        db.session.rollback()
        message = error.message if not isinstance(error, ValidationFailed) else next(iter(error.errors.values()))[0]
        flash(translate(message), "error")
    return redirect(url_for(".edit", response_id=response_id))


@bp.route("/remiss/<int:round_id>/avsta", methods=["GET", "POST"])
@login_required
def decline(round_id: int):
    user = acting_user()
    round_ = get_round(db.session, round_id)
    organisations = responses.declinable_organisations(db.session, user, round_.id)
    if not organisations:
        if set(invited_organisation_ids(db.session, round_)) & {o.id for o in user.organisations}:
            flash(_("Ni har redan meddelat att ni avstår."), "info")
            return redirect(url_for(".round_page", round_id=round_.id))
        abort(404)
    form = DeclineForm()
    form.organisation_id.choices = [(o.id, o.name) for o in organisations]
    if form.validate_on_submit():
        try:
            responses.decline_invitation(
                db.session, user, round_.id, form.organisation_id.data, form.reason.data or "", now()
            )
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        except RoundClosed as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
        else:
            flash(_("Ni har meddelat att ni avstår från att yttra er."), "success")
            return redirect(url_for(".round_page", round_id=round_.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("remiss/decline.html", form=form, round=round_), status
