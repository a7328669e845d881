"""Accueil, Infos/Documents, Mon compte, Relevé de compte, Liste des demandes."""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import login_required
from sqlalchemy import select

from ..core import clock
from ..core.errors import ValidationError
from ..core.models import Child, DownloadableForm, Service
from ..core.models.enums import FAMILY_REQUEST_KINDS, RequestKind, RequestStatus
from ..core.services import requests as req_service
from ..core.services import statement
from ..core.services.families import guardian_values, section_values
from ..core.services.fields import BANK_FIELDS, CAF_FIELDS, GUARDIAN_FIELDS, TAX_FIELDS
from . import helpers

bp = Blueprint("account", __name__)

SENT = "Votre demande a été transmise à la mairie, qui l'acceptera ou la refusera."


@bp.get("/")
@login_required
def home() -> Any:
    today = clock.today()
    summary = statement.account_summary(helpers.db_session(), helpers.family_id(), today)
    return render_template(
        "home.html",
        today=today,
        balance=summary.balance,
        unpaid=summary.unpaid,
        unpaid_total=summary.unpaid_total,
    )


@bp.get("/documents")
@login_required
def documents() -> Any:
    forms = helpers.db_session().execute(
        select(DownloadableForm.id, DownloadableForm.title, DownloadableForm.filename).order_by(
            DownloadableForm.title
        )
    )
    return render_template("documents.html", forms=list(forms))


@bp.get("/documents/<id:form_id>")
@login_required
def download(form_id: int) -> Any:
    form = helpers.db_session().get(DownloadableForm, form_id)
    if form is None:
        abort(404)
    filename = " ".join(form.filename.replace('"', "").split()) or "document"
    mimetype = (
        "application/pdf" if filename.lower().endswith(".pdf") else "application/octet-stream"
    )
    # send_file writes an ASCII filename and an RFC 5987 filename* for accents, ’, œ…
    return send_file(
        io.BytesIO(form.content), mimetype=mimetype, as_attachment=True, download_name=filename
    )


# --- Mon compte ------------------------------------------------------------------------------

SECTIONS: dict[str, tuple[RequestKind, str, dict[str, Any]]] = {
    "responsable": (RequestKind.GUARDIAN, "Infos Responsable", GUARDIAN_FIELDS),
    "conjoint": (RequestKind.PARTNER, "Informations Conjoint", GUARDIAN_FIELDS),
    "fiscales": (RequestKind.TAX, "Informations Fiscales", TAX_FIELDS),
    "caf": (RequestKind.CAF, "Informations Caf", CAF_FIELDS),
    "bancaires": (RequestKind.BANK, "Coordonnées Bancaires", BANK_FIELDS),
}


def _current_values(slug: str) -> dict[str, Any]:
    fam = helpers.family()
    if slug == "responsable":
        return guardian_values(fam.primary)
    if slug == "conjoint":
        return guardian_values(fam.partner)
    return section_values(fam, {"fiscales": "tax", "caf": "caf", "bancaires": "bank"}[slug])


@bp.get("/mon-compte")
@login_required
def my_account() -> Any:
    return render_template("account.html", family=helpers.family(), sections=SECTIONS)


@bp.route("/mon-compte/<slug>", methods=["GET", "POST"])
@login_required
def account_section(slug: str) -> Any:
    if slug not in SECTIONS:
        abort(404)
    kind, title, spec = SECTIONS[slug]
    values = _current_values(slug)
    errors: dict[str, str] = {}
    submitted = None
    status = 200
    if request.method == "POST":
        data = helpers.submitted_values(request.form, spec)
        try:
            with helpers.write() as s:
                req_service.request_family_change(s, helpers.family_id(), kind, data)
        except ValidationError as exc:
            errors = exc.errors
            submitted = request.form
            status = 400
        else:
            flash(SENT)
            return redirect(url_for("account.my_account"))
    required = (
        {"last_name", "first_name"}
        if kind in (RequestKind.GUARDIAN, RequestKind.PARTNER)
        else set()
    )
    if kind is RequestKind.CAF:
        required = {"attachment_body"}
    fields = helpers.build_fields(list(spec), values, errors, submitted, required=required)
    return (
        render_template(
            "section_form.html",
            title=title,
            fields=fields,
            form_error=errors.get(""),
            errors=errors,
            back=url_for("account.my_account"),
            back_label="Mon compte",
        ),
        status,
    )


# --- Relevé de compte ------------------------------------------------------------------------


@bp.get("/releve")
@login_required
def account_statement() -> Any:
    s = helpers.db_session()
    lines = statement.statement_lines(s, helpers.family_id())
    return render_template(
        "statement.html", lines=lines, balance=statement.balance(s, helpers.family_id())
    )


# --- Liste des demandes ----------------------------------------------------------------------

ACCOUNT_KINDS = [
    RequestKind.GUARDIAN,
    RequestKind.PARTNER,
    RequestKind.TAX,
    RequestKind.CAF,
    RequestKind.BANK,
]
CHILD_KINDS = [
    RequestKind.CHILD_ADD,
    RequestKind.CHILD_INFO,
    RequestKind.CONSENTS,
    RequestKind.HEALTH,
    RequestKind.RESERVATION,
    RequestKind.ABSENCE,
]
FILTER_LABELS = {
    RequestKind.GUARDIAN: "Informations responsable",
    RequestKind.PARTNER: "Informations conjoint",
    RequestKind.TAX: "Informations fiscales",
    RequestKind.CAF: "Informations CAF",
    RequestKind.BANK: "Informations bancaires",
    RequestKind.CHILD_ADD: "Ajout d'un enfant",
    RequestKind.CHILD_INFO: "Informations enfant",
    RequestKind.CONSENTS: "Autorisations",
    RequestKind.HEALTH: "Données sanitaires",
    RequestKind.RESERVATION: "Réservations",
    RequestKind.ABSENCE: "Absences",
}


@bp.get("/demandes")
@login_required
def request_list() -> Any:
    group = request.args.get("groupe", "compte")
    if group not in ("compte", "enfants"):
        group = "compte"
    kinds = ACCOUNT_KINDS if group == "compte" else CHILD_KINDS
    selected = request.args.get("type", "")
    chosen = [k for k in kinds if k.value == selected] or kinds
    s = helpers.db_session()
    rows = req_service.family_requests(s, helpers.family_id(), kinds=chosen)
    child_ids = {r.child_id for r in rows if r.child_id}
    service_ids = {r.service_id for r in rows if r.service_id}
    children = (
        dict(s.execute(select(Child.id, Child.first_name).where(Child.id.in_(child_ids))).all())
        if child_ids
        else {}
    )
    services = (
        dict(s.execute(select(Service.id, Service.name).where(Service.id.in_(service_ids))).all())
        if service_ids
        else {}
    )
    fam = helpers.family()
    guardians = {RequestKind.GUARDIAN: fam.primary, RequestKind.PARTNER: fam.partner}

    def subject_of(r: Any) -> str:
        """Whom a request concerns: the child, the responsable, the conjoint or the family."""
        if r.child_id:
            return children.get(r.child_id, "")
        if r.kind is RequestKind.CHILD_ADD:
            return str(r.new_values.get("first_name", ""))
        if r.kind in guardians:
            person = guardians[r.kind]
            names = (
                (person.first_name, person.last_name)
                if person is not None
                else (r.new_values.get("first_name"), r.new_values.get("last_name"))
            )
            name = " ".join(str(n) for n in names if n)
            return f"{r.kind.label} ({name})" if name else r.kind.label
        return "Famille"

    by_status: dict[RequestStatus, list[Any]] = {status: [] for status in RequestStatus}
    for row in rows:
        by_status[row.status].append(row)
    return render_template(
        "requests.html",
        group=group,
        kinds=kinds,
        selected=selected if len(chosen) == 1 else "",
        filter_labels=FILTER_LABELS,
        pending=by_status[RequestStatus.PENDING],
        refused=by_status[RequestStatus.REFUSED],
        accepted=by_status[RequestStatus.ACCEPTED],
        subject_of=subject_of,
        services=services,
        label_of=req_service.label_of,
        display_value=req_service.display_value,
        family_kinds=FAMILY_REQUEST_KINDS,
    )


def _local_path(target: str) -> bool:
    """A path of this site to go back to. Printable ASCII only: browsers drop tabs and
    line breaks from a Location ("/<tab>/evil.fr" is "//evil.fr" to them), and a line break
    in a header is an error; the pages send url_for() paths, always printable ASCII."""
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and all(" " < c < "\x7f" for c in target)
    )


@bp.post("/demandes/<id:request_id>/annuler")
@login_required
def withdraw(request_id: int) -> Any:
    try:
        with helpers.write() as s:
            req_service.withdraw_request(s, helpers.family_id(), request_id)
    except ValidationError as exc:
        flash(exc.errors.get("", "Cette demande ne peut plus être annulée."), "error")
    else:
        flash("Votre demande a été annulée.")
    target = request.form.get("next", "")
    if _local_path(target):
        return redirect(target)
    return redirect(url_for("account.request_list", groupe="enfants"))
