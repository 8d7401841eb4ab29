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

log = logging.getLogger(__name__)


def _header(value: str) -> str:
    return " ".join(str(value).split())


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, built from BASE_URL (SAMRAD_BASE_URL): never from the request's
    Host header, which whoever sends the request chooses."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


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
