"""E-mail through the commune's SMTP server (CommuneSettings.smtp_*).

The SMTP password lives in the OS keyring under kind "smtp" and the identity
`smtp_identity(settings)` ("user@host"), never in the database or a file.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from . import secrets
from .errors import PortailError
from .models import CommuneSettings

SMTP_KIND = "smtp"
TIMEOUT_SECONDS = 15


class MailError(PortailError):
    """The message could not be sent (French text for staff)."""


def smtp_identity(settings: CommuneSettings) -> str:
    return f"{settings.smtp_user}@{settings.smtp_host}"


def smtp_configured(settings: CommuneSettings | None) -> bool:
    return bool(settings and settings.smtp_host and settings.smtp_sender)


# A file joined to a message: (file name, content, MIME type such as "application/pdf").
Attachment = tuple[str, bytes, str]


def build_message(
    settings: CommuneSettings,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    domain = settings.smtp_sender.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body)
    for filename, content, mimetype in attachments:
        maintype, _, subtype = mimetype.partition("/")
        message.add_attachment(
            content, maintype=maintype, subtype=subtype or "octet-stream", filename=filename
        )
    return message


def send_mail(
    settings: CommuneSettings,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
) -> None:
    """Send a plain-text e-mail (with `attachments`, if any); raises MailError when SMTP is
    missing or refuses."""
    if not smtp_configured(settings):
        raise MailError("L'envoi de courriels n'est pas configuré (paramètres SMTP de la commune).")
    message = build_message(settings, to, subject, body, attachments)
    password = None
    if settings.smtp_user:
        password = secrets.get_secret(SMTP_KIND, smtp_identity(settings))
    port = settings.smtp_port or 587
    try:
        if port == 465:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host,
                port,
                timeout=TIMEOUT_SECONDS,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(settings.smtp_host, port, timeout=TIMEOUT_SECONDS)
        with client:
            if port != 465 and settings.smtp_starttls:
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_user and password:
                client.login(settings.smtp_user, password)
            client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"Le courriel n'a pas pu être envoyé ({type(exc).__name__}).") from exc
