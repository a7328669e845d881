"""Every page of the parents' portal, with the manual's words."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from portail_admin.core.models import Message, Request
from portail_admin.core.models.enums import MessageDirection, RequestKind, RequestStatus

from .conftest import csrf_of, post


def text(response) -> str:
    """The page as a reader sees the characters (entities decoded, French spaces plain)."""
    page = html.unescape(response.get_data(as_text=True))
    return page.replace("\u202f", " ").replace("\xa0", " ")


def test_login_page_shows_contact_line_and_rule(client, world):
    page = re.sub(r"<[^>]+>", "", text(client.get("/connexion")))
    assert "Afin d'accéder à notre service, veuillez vous identifier." in page
    assert "Identifiant" in page and "Mot de passe" in page
    assert "Mot de passe oublié ?" in page
    assert "Chrystelle ou Nancy par téléphone au 04 78 43 91 68" in page
    assert "mairie@alix-village.fr" in page
    assert "8 caractères minimum" in page


def test_pages_need_login(client, world):
    for path in ["/", "/mon-compte", "/mes-enfants", "/releve", "/messages", "/demandes"]:
        response = client.get(path)
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_home_is_the_manuals(logged_in, world):
    page = text(logged_in.get("/"))
    assert "Bienvenue sur le Portail Famille" in page
    assert "1001001818331" in page
    assert "Monsieur" in page and "DUPONT" in page and "JEAN" in page
    assert "Bienvenue JEAN DUPONT, vous avez" in page
    assert "1 nouveau(x) message(s)" in page
    assert "Lundi 4 Mai 2015" in page
    assert "AL-36" in page and "08/04/2015" in page and "30/04/2015" in page
    assert "120,60 €" in page
    assert "-120,60 €" in page  # the balance: payments minus invoices
    assert "Infos./Documents" in page and "Changer mot de passe" in page
    assert "Les inscriptions pour l'été ouvrent le 1er juin." in page


def test_home_lists_only_unpaid_at_today(logged_in, world, session_factory, monkeypatch):
    import datetime as dt

    from portail_admin.core import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2015, 4, 7))
    page = text(logged_in.get("/"))
    assert "AL-36" not in page and "Aucune facture impayée." in page


def test_account_page(logged_in, world):
    page = text(logged_in.get("/mon-compte"))
    for expected in [
        "Mon compte",
        "Mon conjoint",
        "Qualité :",
        "Père",
        "Séparé",
        "12 rue des Bonbons",
        "SAINT - JEAN",
        "01.02.03.04.05",
        "jean.dupont@wanadoo.fr",
        "DUPONT JEAN",
        "JEANNE",
        "Lotissement les bons bonbons.",
        "Infos Responsable",
        "Informations Conjoint",
        "Informations Fiscales",
        "Informations Caf",
        "Coordonnées Bancaires",
    ]:
        assert expected in page, expected


def test_account_section_creates_a_request_with_old_and_new(logged_in, world, session_factory):
    form = text(logged_in.get("/mon-compte/responsable"))
    assert "Enregistrer" in form and "12 rue des Bonbons" in form
    response = post(
        logged_in,
        "/mon-compte/responsable",
        {
            "civility": "M",
            "last_name": "Dupont",
            "first_name": "Jean",
            "quality": "father",
            "situation": "separated",
            "address": "3 place de la Mairie",
            "postal_code": "31400",
            "city": "Saint - Jean",
            "phone_home": "01.02.03.04.05",
            "email": "jean.dupont@wanadoo.fr",
            "email_consent": "on",
        },
        page="/mon-compte/responsable",
    )
    assert response.status_code == 302
    page = text(logged_in.get(response.headers["Location"]))
    assert "Votre demande a été transmise à la mairie" in page
    with session_factory() as s:
        req = s.scalars(
            select(Request).where(
                Request.family_id == world.dupont_id, Request.kind == RequestKind.GUARDIAN
            )
        ).one()
        assert req.new_values == {"address": "3 place de la Mairie"}
        assert req.old_values == {"address": "12 rue des Bonbons"}
        assert req.status is RequestStatus.PENDING


def test_each_account_section_form_renders(logged_in, world):
    for slug in ["responsable", "conjoint", "fiscales", "caf", "bancaires"]:
        page = text(logged_in.get(f"/mon-compte/{slug}"))
        assert "Enregistrer" in page and 'name="csrf_token"' in page
    assert logged_in.get("/mon-compte/inconnu").status_code == 404


def test_children_pages(logged_in, world):
    page = text(logged_in.get("/mes-enfants"))
    assert "LÉA" in page and "Ajouter un enfant" in page and "HUGO" not in page
    detail = text(logged_in.get(f"/mes-enfants/{world.child_id}"))
    assert "Port de lunettes" in detail and "Données sanitaires" in detail
    assert "Personnes autorisées" in detail or "personnes autorisées" in detail
    for slug in ["informations", "autorisations", "sante"]:
        assert logged_in.get(f"/mes-enfants/{world.child_id}/{slug}").status_code == 200


def test_add_child_request(logged_in, world, session_factory):
    response = post(
        logged_in,
        "/mes-enfants/ajouter",
        {"last_name": "Dupont", "first_name": "Tom", "birth_date": "2014-02-03", "sex": "M"},
    )
    assert response.status_code == 302
    with session_factory() as s:
        req = s.scalars(select(Request).where(Request.kind == RequestKind.CHILD_ADD)).one()
        assert req.new_values["first_name"] == "TOM"
        assert req.new_values["birth_date"] == "2014-02-03"


def test_child_requests_glasses_health_and_authorised_persons(logged_in, world, session_factory):
    base = f"/mes-enfants/{world.child_id}"
    info = {
        "last_name": "Dupont",
        "first_name": "Léa",
        "birth_date": "2008-03-12",
        "school": "École d'Alix",
        "school_class": "CE2",
        "wears_glasses": "on",
    }
    assert post(logged_in, f"{base}/informations", info).status_code == 302
    assert post(logged_in, f"{base}/sante", {"allergies": "Arachide"}).status_code == 302
    persons = {
        "person_count": "2",
        "person-0-last_name": "Durand",
        "person-0-first_name": "Paul",
        "person-0-relationship_": "Grand-père",
        "person-0-phone": "06 12 34 56 78",
        "consent_photo": "on",
    }
    assert post(logged_in, f"{base}/autorisations", persons).status_code == 302
    with session_factory() as s:
        by_kind = {
            r.kind: r for r in s.scalars(select(Request).where(Request.child_id == world.child_id))
        }
    assert by_kind[RequestKind.CHILD_INFO].new_values == {"wears_glasses": True}
    assert by_kind[RequestKind.HEALTH].new_values["allergies"] == "Arachide"
    consents = by_kind[RequestKind.CONSENTS].new_values
    assert consents["consent_photo"] is True
    assert consents["authorised_persons"] == [
        {
            "last_name": "DURAND",
            "first_name": "PAUL",
            "relationship_": "Grand-père",
            "phone": "+33612345678",
        }
    ]


def test_statement_page_runs_the_balance(logged_in, world):
    page = text(logged_in.get("/releve"))
    assert "Relevé de compte" in page and "Facture AL-36" in page
    assert "-120,60 €" in page


def test_inbox_write_read_reply_delete_restore(logged_in, world, session_factory):
    page = text(logged_in.get("/messages"))
    assert "Facture d'avril" in page and "Secret MARTIN" not in page
    # reading marks it read: no new message left
    assert "Votre facture AL-36" in text(logged_in.get(f"/messages/{world.message_id}"))
    assert "0 nouveau(x) message(s)" in text(logged_in.get("/"))
    # reply
    response = post(
        logged_in,
        f"/messages/{world.message_id}/repondre",
        {"subject": "Re : Facture d'avril", "body": "Je passe payer lundi."},
    )
    assert response.status_code == 302
    # write
    response = post(
        logged_in, "/messages/ecrire", {"subject": "Question", "body": "Horaires d'été ?"}
    )
    assert response.status_code == 302
    with session_factory() as s:
        sent = s.scalars(
            select(Message).where(Message.direction == MessageDirection.FROM_FAMILY)
        ).all()
        assert {m.subject for m in sent} == {"Re : Facture d'avril", "Question"}
        question = next(m for m in sent if m.subject == "Question")
        from portail_admin.core import db
        from portail_admin.core.services import messages

    with db.transaction(session_factory, "staff:nancy") as s:
        messages.send_to_family(
            s, world.dupont_id, "Re : Question", "De 7h30 à 18h.", reply_to_id=question.id
        )
    sent_page = text(logged_in.get("/messages?dossier=envoyes"))
    assert "Question" in sent_page and "Réponse de la mairie : Re : Question" in sent_page
    # delete and restore
    assert post(logged_in, f"/messages/{world.message_id}/supprimer").status_code == 302
    assert "Facture d'avril" not in text(logged_in.get("/messages"))
    assert "Facture d'avril" in text(logged_in.get("/messages?dossier=supprimes"))
    assert post(logged_in, f"/messages/{world.message_id}/restaurer").status_code == 302
    assert "Facture d'avril" in text(logged_in.get("/messages"))


def test_request_list_groups_and_filters(logged_in, world, session_factory):
    from portail_admin.core import db
    from portail_admin.core.services import requests as req_service

    with db.transaction(session_factory, "parent:x") as s:
        addr = req_service.request_family_change(
            s, world.dupont_id, RequestKind.GUARDIAN, {"address": "1 rue Neuve"}
        )
        tax = req_service.request_family_change(
            s, world.dupont_id, RequestKind.TAX, {"tax_shares": "2,5"}
        )
        addr.status = RequestStatus.REFUSED
        addr.motive = "Justificatif de domicile manquant"
        addr.decided_at = addr.created_at
        tax.status = RequestStatus.ACCEPTED
        tax.decided_at = tax.created_at
    page = text(logged_in.get("/demandes"))
    assert "Demandes refusées" in page and "Demandes acceptées" in page
    assert "Justificatif de domicile manquant" in page
    assert "1 rue Neuve" in page and "Nombre de parts" in page
    assert "LYON" not in page  # the other family's request
    only_tax = text(logged_in.get("/demandes?groupe=compte&type=tax"))
    assert "Nombre de parts" in only_tax and "1 rue Neuve" not in only_tax
    children = text(logged_in.get("/demandes?groupe=enfants"))
    assert "Réservations" in children and "Absences" in children and "1 rue Neuve" not in children


def test_documents_page_and_download(logged_in, world, session_factory):
    from portail_admin.core import db
    from portail_admin.core.models import DownloadableForm

    with db.transaction(session_factory) as s:
        form = DownloadableForm(
            title="Fiche sanitaire", filename="fiche.pdf", content=b"%PDF-1.4 test"
        )
        s.add(form)
        s.flush()
        form_id = form.id
    page = text(logged_in.get("/documents"))
    assert "Fiche sanitaire" in page
    response = logged_in.get(f"/documents/{form_id}")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 test"
    assert "attachment" in response.headers["Content-Disposition"]
    assert logged_in.get(f"/documents/{form_id + 99}").status_code == 404


def test_logout_redirects_to_the_communes_site(logged_in, world):
    response = post(logged_in, "/deconnexion")
    assert response.status_code == 302
    assert response.headers["Location"] == "http://alix-village.fr/article150"
    assert logged_in.get("/").status_code == 302  # logged out


def test_logout_needs_csrf(logged_in, world):
    assert logged_in.post("/deconnexion").status_code == 400
    assert logged_in.get("/").status_code == 200


def test_typed_logout_address_offers_the_button(client, logged_in, world):
    page = logged_in.get("/deconnexion")
    assert page.status_code == 200 and "Se déconnecter" in text(page)
    assert logged_in.get("/").status_code == 200  # a GET never logs out
    token = csrf_of(logged_in, "/deconnexion")
    done = logged_in.post("/deconnexion", data={"csrf_token": token})
    assert done.headers["Location"] == "http://alix-village.fr/article150"
    anonymous = logged_in.get("/deconnexion")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].endswith("/connexion")


def test_not_found_page_is_french(logged_in, world):
    response = logged_in.get("/nulle-part")
    assert response.status_code == 404 and "Page introuvable" in text(response)


def test_minimal_page(client, world):
    assert client.get("/etat").data == b"OK"


def test_csrf_token_on_login_page(client, world):
    assert csrf_of(client)


def test_menu_marks_exactly_one_tab_as_the_current_page(logged_in, world):
    tabs = {
        "/": "Accueil",
        "/documents": "Accueil",
        "/mon-compte": "Mon compte",
        "/mon-compte/bancaires": "Mon compte",
        "/mes-enfants": "Mes enfants",
        f"/mes-enfants/{world.child_id}/planning": "Mes enfants",
        "/releve": "Relevé de compte",
        "/factures": "Factures",
        "/messages": "Boîte de réception",
        "/messages/ecrire": "Boîte de réception",
        "/demandes": "Liste des demandes",
    }
    for path, tab in tabs.items():
        page = text(logged_in.get(path))
        menu = page[page.index('aria-label="Menu principal"') : page.index("</nav>")]
        current = re.findall(r'aria-current="page">([^<]+)</a>', menu)
        assert current == [tab], (path, current)


def test_download_with_a_french_file_name(logged_in, world, session_factory):
    from urllib.parse import unquote

    from portail_admin.core import db
    from portail_admin.core.models import DownloadableForm

    name = "Fiche d’inscription œuvre été 2015.pdf"  # ’ and œ are not Latin-1
    with db.transaction(session_factory) as s:
        form = DownloadableForm(title="Inscription", filename=name, content=b"%PDF-1.4 x")
        s.add(form)
        s.flush()
        form_id = form.id
    response = logged_in.get(f"/documents/{form_id}")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 x"
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == name
