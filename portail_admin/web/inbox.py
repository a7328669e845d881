"""Boîte de réception: write, sent with answers, received with reply, deleted and restorable."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..core.errors import ValidationError
from ..core.models.enums import MessageDirection
from ..core.services import messages
from . import helpers

bp = Blueprint("inbox", __name__)
FOLDERS = {"recus": "Messages reçus", "envoyes": "Messages envoyés", "supprimes": "Supprimés"}


@bp.get("/messages")
@login_required
def folder() -> Any:
    name = request.args.get("dossier", "recus")
    if name not in FOLDERS:
        name = "recus"
    s = helpers.db_session()
    fid = helpers.family_id()
    context: dict[str, Any] = {"folder": name, "folders": FOLDERS}
    if name == "recus":
        context["received"] = messages.family_received(s, fid)
    elif name == "envoyes":
        context["conversations"] = messages.family_sent(s, fid)
    else:
        context["deleted"] = messages.family_deleted(s, fid)
    return render_template("inbox.html", **context)


@bp.route("/messages/ecrire", methods=["GET", "POST"])
@login_required
def write() -> Any:
    errors: dict[str, str] = {}
    subject = body = ""
    status = 200
    if request.method == "POST":
        subject = request.form.get("subject", "")
        body = request.form.get("body", "")
        try:
            with helpers.write() as s:
                messages.send_from_family(s, helpers.family_id(), subject, body)
        except ValidationError as exc:
            errors, status = exc.errors, 400
        else:
            flash("Votre message a été envoyé à la mairie.")
            return redirect(url_for("inbox.folder", dossier="envoyes"))
    return (
        render_template("compose.html", errors=errors, subject=subject, body=body, folders=FOLDERS),
        status,
    )


@bp.get("/messages/<id:message_id>")
@login_required
def show(message_id: int) -> Any:
    with helpers.write() as s:
        message = messages.mark_read_by_family(s, helpers.family_id(), message_id)
        replies = messages.family_sent(s, helpers.family_id())
    answers = next((c.answers for c in replies if c.message.id == message.id), [])
    return render_template(
        "message.html",
        message=message,
        answers=answers,
        incoming=message.direction is MessageDirection.TO_FAMILY,
        errors={},
        reply_subject=messages.reply_subject(message.subject),
        reply_body="",
        folders=FOLDERS,
    )


@bp.post("/messages/<id:message_id>/repondre")
@login_required
def reply(message_id: int) -> Any:
    subject = request.form.get("subject", "")
    body = request.form.get("body", "")
    try:
        with helpers.write() as s:
            messages.send_from_family(s, helpers.family_id(), subject, body, reply_to_id=message_id)
    except ValidationError as exc:
        message = messages.get_for_family(helpers.db_session(), helpers.family_id(), message_id)
        return (
            render_template(
                "message.html",
                message=message,
                answers=[],
                incoming=message.direction is MessageDirection.TO_FAMILY,
                errors=exc.errors,
                reply_subject=subject,
                reply_body=body,
                folders=FOLDERS,
            ),
            400,
        )
    flash("Votre réponse a été envoyée à la mairie.")
    return redirect(url_for("inbox.folder", dossier="envoyes"))


@bp.route("/messages/<id:message_id>/supprimer", methods=["GET", "POST"])
@login_required
def delete(message_id: int) -> Any:
    """GET asks first (a page, so it works without JavaScript); POST deletes."""
    if request.method == "GET":
        message = messages.get_for_family(helpers.db_session(), helpers.family_id(), message_id)
        if message.deleted_by_family_at is not None:
            flash("Ce message est déjà dans les messages supprimés.")
            return redirect(url_for("inbox.folder", dossier="supprimes"))
        return render_template("message_delete.html", message=message, folders=FOLDERS)
    with helpers.write() as s:
        message = messages.get_for_family(s, helpers.family_id(), message_id)
        already = message.deleted_by_family_at is not None
        messages.delete_for_family(s, helpers.family_id(), message_id)
    if already:
        flash("Ce message était déjà dans les messages supprimés.")
    else:
        flash("Le message a été placé dans les messages supprimés : vous pouvez l'y restaurer.")
    return redirect(url_for("inbox.folder"))


@bp.post("/messages/<id:message_id>/restaurer")
@login_required
def restore(message_id: int) -> Any:
    with helpers.write() as s:
        message = messages.get_for_family(s, helpers.family_id(), message_id)
        deleted = message.deleted_by_family_at is not None
        messages.restore_for_family(s, helpers.family_id(), message_id)
    if deleted:
        flash("Le message a été restauré.")
        folder = "envoyes" if message.direction is MessageDirection.FROM_FAMILY else "recus"
        return redirect(url_for("inbox.folder", dossier=folder))
    flash("Ce message n'était pas supprimé : il n'y avait rien à restaurer.")
    return redirect(url_for("inbox.folder", dossier="supprimes"))
