"""The mailer talks to the commune's SMTP server with the password from the keyring."""

from __future__ import annotations

import smtplib

import pytest

from portail_admin.core import mailer, secrets
from portail_admin.core.models import CommuneSettings


class FakeSMTP:
    instances: list[FakeSMTP] = []

    def __init__(self, host, port, timeout=None, **kwargs):
        self.host, self.port = host, port
        self.calls: list[tuple] = []
        FakeSMTP.instances.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context=None):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"], message["Subject"], message.get_content()))


def settings(**overrides) -> CommuneSettings:
    values = dict(
        name="Mairie d'Alix",
        smtp_host="smtp.alix.fr",
        smtp_port=587,
        smtp_user="portail",
        smtp_sender="portail@alix.fr",
        smtp_starttls=True,
    )
    values.update(overrides)
    return CommuneSettings(**values)


def test_send_with_starttls_and_keyring_password(monkeypatch):
    FakeSMTP.instances.clear()
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    s = settings()
    secrets.set_secret("smtp", mailer.smtp_identity(s), "motdepasse-smtp")
    mailer.send_mail(s, "jean@exemple.fr", "Objet é", "Corps ✓")
    (client,) = FakeSMTP.instances
    assert client.calls[0] == ("starttls",)
    assert client.calls[1] == ("login", "portail", "motdepasse-smtp")
    assert client.calls[2][:3] == ("send", "jean@exemple.fr", "Objet é")


def test_not_configured_and_refusals(monkeypatch):
    with pytest.raises(mailer.MailError, match="pas configuré"):
        mailer.send_mail(settings(smtp_host=""), "a@b.fr", "x", "y")

    class Refusing(FakeSMTP):
        def send_message(self, message):
            raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr(smtplib, "SMTP", Refusing)
    with pytest.raises(mailer.MailError, match="n'a pas pu être envoyé"):
        mailer.send_mail(settings(smtp_user=""), "a@b.fr", "x", "y")
