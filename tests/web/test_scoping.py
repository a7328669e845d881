"""Every route with an id, called by DUPONT with the MARTIN family's ids: 404, never data."""

from __future__ import annotations

from sqlalchemy import select

from portail_admin.core.models import Invoice, Message, Request
from portail_admin.core.models.enums import RequestStatus

from .conftest import post
from .test_pages import text


def test_every_route_with_another_familys_ids_is_404(logged_in, world, session_factory, app):
    other_child = world.other_child_id
    wed = world.services["wednesday"]
    with session_factory() as s:
        other_invoice = s.scalar(select(Invoice.id).where(Invoice.family_id == world.martin_id))
    gets = [
        f"/mes-enfants/{other_child}",
        f"/mes-enfants/{other_child}/informations",
        f"/mes-enfants/{other_child}/autorisations",
        f"/mes-enfants/{other_child}/sante",
        f"/mes-enfants/{other_child}/planning",
        f"/mes-enfants/{other_child}/planning?mois=2015-05",
        f"/mes-enfants/{other_child}/planning/jour?service={wed}&jour=2015-05-13",
        f"/messages/{world.other_message_id}",
        f"/factures/{other_invoice}.pdf",
    ]
    posts = [
        (f"/mes-enfants/{other_child}/informations", {"first_name": "X", "last_name": "Y"}),
        (f"/mes-enfants/{other_child}/autorisations", {"consent_photo": "on"}),
        (f"/mes-enfants/{other_child}/sante", {"allergies": "x"}),
        (
            f"/mes-enfants/{other_child}/planning/demande",
            {"service_id": wed, "day": "2015-05-13", "kind": "reservation"},
        ),
        # DUPONT's own child with a service she is not enrolled in: unknown id too
        (
            f"/mes-enfants/{world.child_id}/planning/demande",
            {"service_id": 9999, "day": "2015-05-13", "kind": "reservation"},
        ),
        (f"/demandes/{world.other_request_id}/annuler", {}),
        (f"/messages/{world.other_message_id}/repondre", {"subject": "a", "body": "b"}),
        (f"/messages/{world.other_message_id}/supprimer", {}),
        (f"/messages/{world.other_message_id}/restaurer", {}),
    ]
    for path in gets:
        response = logged_in.get(path)
        assert response.status_code == 404, path
        page = text(response)
        assert "HUGO" not in page and "Secret MARTIN" not in page, path
    for path, data in posts:
        response = post(logged_in, path, data)
        assert response.status_code == 404, path
    # the route map is covered: every rule with an id is in the lists above
    rules_with_ids = {r.rule for r in app.url_map.iter_rules() if "<" in r.rule}
    assert rules_with_ids <= {
        "/mes-enfants/<id:child_id>",
        "/mes-enfants/<id:child_id>/<slug>",
        "/mes-enfants/<id:child_id>/planning",
        "/mes-enfants/<id:child_id>/planning/jour",
        "/mes-enfants/<id:child_id>/planning/demande",
        "/demandes/<id:request_id>/annuler",
        "/messages/<id:message_id>",
        "/messages/<id:message_id>/repondre",
        "/messages/<id:message_id>/supprimer",
        "/messages/<id:message_id>/restaurer",
        "/factures/<id:invoice_id>.pdf",
        "/documents/<id:form_id>",  # commune-wide forms, not family data
        "/mon-compte/<slug>",  # a section name, not an id
        "/reinitialiser/<token>",
        "/static/<path:filename>",
    }, rules_with_ids
    with session_factory() as s:
        other_request = s.get(Request, world.other_request_id)
        assert other_request.status is RequestStatus.PENDING
        other_message = s.get(Message, world.other_message_id)
        assert other_message.read_at is None and other_message.deleted_by_family_at is None
        assert s.scalars(select(Request).where(Request.family_id == world.dupont_id)).all() == []


def test_garbage_ids_are_404(logged_in, world):
    for path in ["/mes-enfants/abc", "/messages/-1", "/mes-enfants/99999/planning"]:
        assert logged_in.get(path).status_code == 404, path
    wed = world.services["wednesday"]
    for query in [f"service={wed}&jour=2015-02-30", "service=x&jour=2015-05-13", ""]:
        path = f"/mes-enfants/{world.child_id}/planning/jour?{query}"
        assert logged_in.get(path).status_code == 404, path
