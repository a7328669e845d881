"""The application factory: configuration, database, login, CSRF, security headers, errors."""

from __future__ import annotations

import datetime as dt
import logging
import secrets as pysecrets
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from flask import Flask, g, redirect, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, ValidationError

from ..core import db, secrets
from ..core.errors import ConcurrentEditError, NotFoundError
from ..core.formatting import french_spacing
from ..core.planning.states import CellState
from . import helpers
from .security import PortalUser, Throttle, load_user

log = logging.getLogger(__name__)

SECRET_KIND = "web"  # noqa: S105 (a keyring entry name, not a secret)
SECRET_IDENTITY = "flask-secret-key"  # noqa: S105


def flask_secret_key() -> str:
    """The key signing session cookies: made at first start, kept in the OS keyring only."""
    key = secrets.get_secret(SECRET_KIND, SECRET_IDENTITY)
    if key:
        return key
    key = pysecrets.token_urlsafe(48)
    try:
        secrets.set_secret(SECRET_KIND, SECRET_IDENTITY, key)
    except Exception:  # no usable keyring: sessions will not survive a restart
        log.warning("Trousseau indisponible : la clé de session ne sera pas conservée.")
    return key


class PortalSessionInterface(SecureCookieSessionInterface):
    """Secure cookies whenever the request came over https (directly or through the proxy)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


class IdConverter(BaseConverter):
    """`<id:...>` in the portal's routes: a row id in ASCII digits, 1..MAX_ID; anything else
    ("١" that int() reads as 1, "1_0", a number too big for the INTEGER column) is a 404."""

    regex = r"[0-9]+"  # not \d: it matches every script's digits
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = helpers.parse_id(value)  # the rule of ids in query strings and forms too
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


def size_in_french(size: int) -> str:
    """A byte count as a French reader reads it: "256 Ko", "10 Mo", "1,5 Mo"."""
    for unit, step in (("Mo", 1024 * 1024), ("Ko", 1024)):
        if size >= step:
            amount = format_decimal(Decimal(size) / step, format="#,##0.#", locale="fr_FR")
            return f"{amount}\u00a0{unit}"
    return f"{size}\u00a0octets"


def content_security_policy(extra_form_action: str = "") -> str:
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        f"frame-ancestors 'none'; form-action 'self'{extra_form_action}"
    )


DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_NAME": "portail_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # also set per request when it came over https
    # A session is checked against its portal_session row (web/security.py): idle timeout and
    # absolute lifetime there; the cookie itself lasts the lifetime and is never re-sent.
    "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=12),
    "SESSION_REFRESH_EACH_REQUEST": False,
    "IDLE_TIMEOUT_SECONDS": 30 * 60,
    "SESSION_LIFETIME_SECONDS": 12 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the (idle-limited) session
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "LOGIN_THROTTLE_LIMIT": 20,  # attempts per client address...
    "LOGIN_THROTTLE_WINDOW": 15 * 60,  # ...in this many seconds
    "MAIL_IN_BACKGROUND": True,
    "PREFERRED_URL_SCHEME": "http",
}


def _pool_options(threads: int | None) -> dict[str, Any]:
    """A request may hold two connections at once (its read session and its write
    transaction): with `threads` requests served together the pool keeps one pair for each, so
    a busy portal never waits for a connection it could have had. SQLAlchemy's default
    (5 + 10 overflow) is kept for a development server or tests (no thread count given)."""
    if not threads:
        return {}
    return {"pool_size": 2 * threads + 1, "max_overflow": 0}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = flask_secret_key()
    app.session_interface = PortalSessionInterface()
    url = app.config.get("DATABASE_URL") or db.resolve_url()
    engine = db.make_engine(url, **_pool_options(app.config.get("SERVER_THREADS")))
    app.extensions["portail_engine"] = engine
    app.extensions["portail_sessions"] = db.make_session_factory(engine)
    app.extensions["portail_throttle"] = Throttle(
        app.config["LOGIN_THROTTLE_LIMIT"], app.config["LOGIN_THROTTLE_WINDOW"]
    )

    CSRFProtect(app)
    login_manager = LoginManager(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Veuillez vous identifier pour accéder à cette page."
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)

    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    helpers.register_filters(app)

    # Before the routes are added. Every id route says <id:...>; <int:...> gets the same rule
    # so a route written the usual way cannot take "١" for 1 either.
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["int"] = IdConverter
    from .account import bp as account_bp
    from .auth import bp as auth_bp
    from .children import bp as children_bp
    from .inbox import bp as inbox_bp
    from .invoices import bp as invoices_bp

    for blueprint in (auth_bp, account_bp, children_bp, invoices_bp, inbox_bp):
        app.register_blueprint(blueprint)

    @app.get("/etat")
    def minimal() -> tuple[str, int, dict[str, str]]:
        """The smallest page of the app (monitoring, and the benchmark's baseline)."""
        return "OK", 200, {"Content-Type": "text/plain; charset=utf-8"}

    legend_css = "\n".join(
        f".s-{state.key} {{ background: {state.colour}; color: {state.text_colour}; }}"
        for state in CellState
    )

    @app.get("/legende.css")
    def legend_stylesheet() -> tuple[str, int, dict[str, str]]:
        """The planning states' colours, from the one enum every grid shares."""
        return legend_css, 200, {"Content-Type": "text/css; charset=utf-8"}

    @app.before_request
    def _forced_password_change() -> Any:
        if (
            current_user.is_authenticated
            and isinstance(current_user, PortalUser)
            and current_user.must_change_password
            and request.endpoint
            not in {
                "auth.change_password",
                "auth.logout",
                "auth.logout_page",
                "static",
                "minimal",
                "legend_stylesheet",
            }
        ):
            return redirect(url_for("auth.change_password"))
        return None

    @app.after_request
    def _security_headers(response: Any) -> Any:
        logout_origin = g.get("logout_origin", "")
        response.headers["Content-Security-Policy"] = content_security_policy(
            f" {logout_origin}" if logout_origin else ""
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request.endpoint not in ("static", "legend_stylesheet"):
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session_ = g.pop("db", None)
        if session_ is not None:
            session_.close()

    def _error_page(
        status: int, title: str, text: str, back_url: str = "", back_label: str = ""
    ) -> tuple[str, int]:
        try:
            page = render_template(
                "error.html",
                status=status,
                title=title,
                text=text,
                back_url=back_url,
                back_label=back_label,
            )
            return page, status
        except Exception:  # the error page itself must never fail
            log.exception("error page")
            return f"<h1>{title}</h1><p>{text}</p>", status

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> tuple[str, int]:
        return _error_page(
            400,
            "Formulaire expiré",
            "Ce formulaire a expiré ou n'a pas été envoyé depuis le portail. "
            "Revenez à la page précédente, rechargez-la et recommencez.",
        )

    @app.errorhandler(NotFoundError)
    @app.errorhandler(404)
    def _not_found(_exc: Exception) -> tuple[str, int]:
        return _error_page(
            404, "Page introuvable", "Cette page n'existe pas ou n'est plus disponible."
        )

    @app.errorhandler(ConcurrentEditError)
    def _concurrent(_exc: ConcurrentEditError) -> tuple[str, int]:
        # Two tabs (or a double click, or the mairie at the same moment) changed the same row:
        # the later write was refused whole, nothing is half-written.
        return _error_page(
            409,
            "Modification simultanée",
            "Cette information vient d'être modifiée en même temps, depuis un autre onglet "
            "ou par la mairie. Rien n'a été enregistré par cette demande-ci : revenez à la "
            "page précédente, rechargez-la et vérifiez avant de recommencer.",
        )

    @app.errorhandler(413)
    def _too_large(_exc: Exception) -> tuple[str, int]:
        # MAX_CONTENT_LENGTH: said with the real limit, and the way back to the form (its page
        # again when it has one; the browser's Retour keeps what was typed).
        max_bytes = app.config.get("MAX_CONTENT_LENGTH")
        limit = f" ({size_in_french(int(max_bytes))} au plus)" if max_bytes else ""
        rule = request.url_rule
        back = request.path if rule is not None and "GET" in (rule.methods or ()) else ""
        return _error_page(
            413,
            "Envoi trop volumineux",
            french_spacing(
                f"Le formulaire envoyé est trop volumineux{limit} : rien n'a été enregistré. "
                "Revenez à la page précédente (bouton Retour de votre navigateur, qui garde "
                "votre saisie), raccourcissez le texte, puis envoyez-le de nouveau."
            ),
            back_url=back,
            back_label="Revenir au formulaire",
        )

    @app.errorhandler(429)
    def _too_many(_exc: Exception) -> tuple[str, int]:
        return _error_page(
            429,
            "Trop de tentatives",
            "Trop de tentatives depuis votre connexion. "
            "Patientez quelques minutes, puis réessayez.",
        )

    @app.errorhandler(Exception)
    def _any_error(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            if exc.code == 404:
                return _not_found(exc)
            if exc.code == 413:
                return _too_large(exc)
            if exc.code and exc.code < 500:
                return _error_page(
                    exc.code, "Requête refusée", "Cette demande n'a pas pu être traitée."
                )
        log.exception("Erreur du portail", exc_info=exc)
        return _error_page(
            500,
            "Une erreur est survenue",
            "Le portail n'a pas pu traiter votre demande. Réessayez dans quelques instants ; "
            "si le problème persiste, contactez la mairie.",
        )

    return app
