"""Connexion, déconnexion, mot de passe oublié, changement de mot de passe."""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from ..core import clock, mailer
from ..core.errors import ValidationError
from ..core.models import CommuneSettings, PortalAccount
from ..core.passwords import PASSWORD_RULE
from ..core.services import portal_auth
from . import helpers
from .security import PortalUser

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)

RESET_SENT = (
    "Si un compte correspond à votre saisie, un courriel contenant un lien de "
    "réinitialisation vient de vous être envoyé. Ce lien est valable une heure et ne sert "
    "qu'une fois."
)


def _throttled(kind: str) -> None:
    throttle = current_app.extensions["portail_throttle"]
    if not throttle.allow(f"{kind}:{request.remote_addr or '?'}"):
        abort(429)


def _start_session(account: PortalAccount, token: str) -> None:
    """A fresh session (new cookie, new CSRF token) for the account that just logged in, under
    the token of its new portal_session row."""
    session.clear()
    login_user(PortalUser(account, token))
    session.permanent = True


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("account.home"))
    error = ""
    login_value = ""
    status = 200
    if session.pop("expired", False):
        flash("Votre session a expiré faute d'activité : veuillez vous identifier à nouveau.")
    if request.method == "POST":
        _throttled("login")
        login_value = (request.form.get("login") or "").strip()[:50]
        password = request.form.get("password") or ""
        account = None
        token = ""
        with helpers.write() as s:  # committed either way: failures count towards the lock
            try:
                account = portal_auth.authenticate(s, login_value, password)
            except portal_auth.AuthError as exc:
                error = str(exc)
                status = 401
            else:
                token = portal_auth.open_session(s, account.id, clock.now())
        if account is not None:
            _start_session(account, token)
            if account.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(url_for("account.home"))
    return (
        render_template(
            "login.html", error=error, login_value=login_value, password_rule=PASSWORD_RULE
        ),
        status,
    )


@bp.get("/deconnexion")
def logout_page() -> Any:
    """A typed or bookmarked address: a button to log out (logging out is a form, with CSRF)."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("logout.html")


@bp.post("/deconnexion")
def logout() -> Any:
    target = helpers.commune().logout_url
    if isinstance(current_user, PortalUser):  # the token stops working, wherever it was copied
        with helpers.write() as s:
            portal_auth.end_session(s, current_user.token)
    logout_user()
    session.clear()
    if target.startswith(("http://", "https://")):
        return redirect(target)
    return redirect(url_for("auth.login"))


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    forced = bool(current_user.must_change_password)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        _throttled("password")  # the current password is checked here too
        try:
            with helpers.write() as s:
                account = s.get(PortalAccount, current_user.account_id)
                portal_auth.change_password(
                    s,
                    account,
                    request.form.get("new_password") or "",
                    request.form.get("confirm") or "",
                    current_password=None if forced else request.form.get("current_password") or "",
                )  # every session of the account ends, this one too...
                token = portal_auth.open_session(s, account.id, clock.now())  # ...and restarts
        except ValidationError as exc:
            errors = exc.errors
        else:
            _start_session(account, token)
            flash("Votre mot de passe a été modifié.")
            return redirect(url_for("account.home"))
        status = 400
    return (
        render_template("password.html", errors=errors, forced=forced, password_rule=PASSWORD_RULE),
        status,
    )


def _send_reset_mail(settings: CommuneSettings, to: str, link: str) -> None:
    body = (
        "Bonjour,\n\n"
        "Une réinitialisation du mot de passe de votre compte du Portail Famille a été "
        "demandée. Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, "
        f"utilisable une seule fois) :\n\n{link}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de "
        f"passe reste inchangé.\n\n{settings.name or 'Votre mairie'}"
    )
    try:
        mailer.send_mail(settings, to, "Portail Famille : réinitialisation du mot de passe", body)
    except mailer.MailError:
        log.warning("Courriel de réinitialisation non envoyé", exc_info=True)


def portal_base_url(settings: CommuneSettings) -> str:
    """The commune's own address of the portal, or "" when it is not (properly) configured.

    Reset links are built from it and never from the request's Host header, which the client
    chooses: a forged Host would otherwise send a valid token to someone else's site."""
    url = (settings.portal_url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return ""
    return url


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot_password() -> Any:
    settings = helpers.commune()
    base = portal_base_url(settings)
    configured = mailer.smtp_configured(settings) and bool(base)
    if mailer.smtp_configured(settings) and not base:
        log.warning(
            "Mot de passe oublié indisponible : l'adresse du portail n'est pas renseignée "
            "dans les paramètres de la commune."
        )
    sent = False
    if request.method == "POST" and configured:
        _throttled("reset")
        identifier = (request.form.get("identifier") or "").strip()[:255]
        with helpers.write() as s:
            ticket = portal_auth.start_reset(s, identifier)
            email = ticket.email if ticket else ""
            token = ticket.token if ticket else ""
        if ticket:
            path = url_for("auth.reset_password", token=token)[len(request.script_root) :]
            link = base + path
            mail_settings = CommuneSettings(
                name=settings.name,
                smtp_host=settings.smtp_host,
                smtp_port=settings.smtp_port,
                smtp_user=settings.smtp_user,
                smtp_sender=settings.smtp_sender,
                smtp_starttls=settings.smtp_starttls,
            )
            if current_app.config["MAIL_IN_BACKGROUND"]:  # same answer time either way
                threading.Thread(
                    target=_send_reset_mail, args=(mail_settings, email, link), daemon=True
                ).start()
            else:
                _send_reset_mail(mail_settings, email, link)
        sent = True
    return render_template("forgot.html", configured=configured, sent=sent, message=RESET_SENT)


@bp.route("/reinitialiser/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Any:
    errors: dict[str, str] = {}
    status = 200
    valid = portal_auth.account_for_token(helpers.db_session(), token) is not None
    if request.method == "POST" and valid:
        _throttled("reset")
        try:
            with helpers.write() as s:
                portal_auth.finish_reset(
                    s,
                    token,
                    request.form.get("new_password") or "",
                    request.form.get("confirm") or "",
                )
        except ValidationError as exc:
            errors = exc.errors
            status = 400
        else:
            logout_user()
            session.clear()
            flash("Votre mot de passe a été modifié : vous pouvez vous connecter.")
            return redirect(url_for("auth.login"))
    if not valid:
        status = 404
    return (
        render_template("reset.html", valid=valid, errors=errors, password_rule=PASSWORD_RULE),
        status,
    )
