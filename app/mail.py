"""Sending plain-text e-mail: SMTP when configured, otherwise files in an outbox folder.

E-mail is plain text only, so user text in it can never become markup; header values
are stripped of line breaks so user text can never add headers.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, render_template

from consultation import audit
from consultation.people import User, mail_caps
from consultation.text import shortened

from .extensions import db

log = logging.getLogger(__name__)


def _header(value: str) -> str:
    return " ".join(str(value).split())


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, built from BASE_URL (SAMRAD_BASE_URL): never from the request's
    Host header, which whoever sends the request chooses."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


SHORT_NAME = 40
ANONYMOUS_KINDS = {mail_caps.MailKind.REGISTRATION, mail_caps.MailKind.COLLEAGUE_INVITATION}


def short_name(name: str, limit: int = SHORT_NAME) -> str:
    """A person's name for a subject line: a subject carries no more of anyone's own text than this."""
    return shortened(str(name), limit)


def caps() -> mail_caps.MailCaps:
    config = current_app.config
    return mail_caps.MailCaps(
        per_recipient=config["MAIL_CAP_PER_RECIPIENT_PER_DAY"],
        per_sender=config["MAIL_CAP_PER_SENDER_PER_DAY"],
        per_client_address=config["MAIL_CAP_PER_CLIENT_ADDRESS_PER_HOUR"],
        receipts_per_recipient=config["MAIL_CAP_RECEIPTS_PER_RECIPIENT_PER_DAY"],
        round_mail_per_recipient=config["MAIL_CAP_ROUND_MAIL_PER_RECIPIENT_PER_DAY"],
        round_mail_per_sender=config["MAIL_CAP_ROUND_MAIL_PER_SENDER_PER_DAY"],
    )


def budget() -> mail_caps.MailBudget:
    """The caps for the services that send in bulk (round invitations, reminders)."""
    return mail_caps.MailBudget(caps(), current_app.config["SECRET_KEY"])


def reserve(kind: mail_caps.MailKind, recipient: str, now: datetime, *, sender: User | None = None) -> None:
    """Count a mail this request asks for (the caller commits); MailCapReached when over a cap."""
    mail_caps.reserve(
        db.session,
        caps(),
        current_app.config["SECRET_KEY"],
        kind,
        recipient,
        now,
        sender=sender,
        # A signed-in sender has a cap of their own; the client address (shared by a whole office
        # behind one NAT) caps the anonymous, who can only ask for mail to others (registrations).
        address=None if sender is not None or kind not in ANONYMOUS_KINDS else audit.client_address.get(),
    )


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = _header(current_app.config["MAIL_DEFAULT_SENDER"])
    message["To"] = _header(to)
    message["Subject"] = _header(subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="samrad.local")
    message.set_content(body, charset="utf-8")
    return message


def send_mail(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render `templates/email/<template>.txt` and send it; raises on an SMTP failure."""
    body = render_template(f"email/{template}.txt", **context)
    message = build_message(to, subject, body)
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    else:
        outbox = Path(config["MAIL_OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(message))
        log.info("E-mail to %s written to %s", _header(to), path)
    return message


def outbox_messages(outbox_dir: str | Path) -> list[EmailMessage]:
    """The messages in the outbox folder, oldest first (for tests and development)."""
    from email import policy
    from email.parser import BytesParser

    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(p.read_bytes()) for p in sorted(Path(outbox_dir).glob("*.eml"))]
