"""The letter that gives a family its portal access: the commune's header, the family's name
and address (placed for a window envelope), the portal address, the identifiant, the temporary
password and the password rule. A4, in French, DejaVu Sans embedded.

The temporary password is printed, never stored: build the letter right after
services.portal_accounts created or reset the account, from the IssuedCredentials it returned.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from .. import clock, formatting, passwords
from ..errors import NotFoundError
from ..models import CommuneSettings, Family
from .fonts import FONT, FONT_BOLD, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 20 * mm
# French window envelope (DL/C5): the address window starts 100 mm from the left, 45 mm down.
ADDRESS_X = 105 * mm
ADDRESS_TOP = 50 * mm


def of_commune(name: str) -> str:
    """ "de Lyon", "d'Alix", "d'Hauteville": the elision French writes before a vowel."""
    return formatting.de(name) if name else ""


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, spaceAfter=6)
    return {
        "body": body,
        "object": ParagraphStyle("object", parent=body, fontName=FONT_BOLD, spaceAfter=10),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "secret": ParagraphStyle(
            "secret", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=0
        ),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")
        ),
    }


def family_address_lines(family: Family) -> list[str]:
    """Name and postal address of the family's responsable, as printed in the window."""
    guardian = family.primary
    if guardian is None:
        return [f"Famille n° {family.family_number}"]
    civility = guardian.civility.label if guardian.civility is not None else ""
    lines = [" ".join(p for p in (civility, guardian.last_name, guardian.first_name) if p)]
    if guardian.address:
        lines.append(guardian.address)
    town = " ".join(p for p in (guardian.postal_code, guardian.city) if p)
    if town:
        lines.append(town)
    return lines


def _header(canvas: Canvas, commune: CommuneSettings, family: Family) -> None:
    canvas.saveState()
    top = PAGE_HEIGHT - 18 * mm
    canvas.setFont(FONT_BOLD, 15)
    canvas.drawString(LEFT, top, f"Mairie {of_commune(commune.name)}".strip())
    canvas.setFont(FONT, 9.5)
    y = top - 6 * mm
    for line in (commune.address or "").splitlines():
        if line.strip():
            canvas.drawString(LEFT, y, line.strip())
            y -= 4.5 * mm
    contact = " · ".join(
        p
        for p in (
            f"Tél. {formatting.phone(commune.contact_phone)}" if commune.contact_phone else "",
            commune.contact_email,
        )
        if p
    )
    if contact:
        canvas.drawString(LEFT, y, contact)
        y -= 4.5 * mm
    canvas.setStrokeColor(colors.HexColor("#2e5c8a"))
    canvas.setLineWidth(1.2)
    canvas.line(LEFT, y - 1 * mm, PAGE_WIDTH - LEFT, y - 1 * mm)
    canvas.setFont(FONT, 11)
    y = PAGE_HEIGHT - ADDRESS_TOP
    for index, line in enumerate(family_address_lines(family)):
        canvas.setFont(FONT_BOLD if index == 0 else FONT, 11)
        canvas.drawString(ADDRESS_X, y, line)
        y -= 5.5 * mm
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.HexColor("#666666"))
    canvas.drawCentredString(
        PAGE_WIDTH / 2, 10 * mm, "Document personnel et confidentiel — Portail Famille"
    )
    canvas.restoreState()


def credential_letter(
    commune: CommuneSettings,
    family: Family,
    login: str,
    password: str,
    today: dt.date | None = None,
) -> bytes:
    """The letter as PDF bytes."""
    register_fonts()
    today = today or clock.today()
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=LEFT,
        topMargin=95 * mm,
        bottomMargin=18 * mm,
        title="Vos identifiants du Portail Famille",
        author=f"Mairie {of_commune(commune.name)}".strip(),
        initialFontName=FONT,
        initialFontSize=10,
        subject=f"Famille n° {family.family_number}",
    )
    place = f"{commune.name}, le" if commune.name else "Le"
    portal = commune.portal_url or "(adresse communiquée par la mairie)"
    box = Table(
        [
            [Paragraph("Adresse du portail", st["cell"]), Paragraph(escape(portal), st["cell"])],
            [Paragraph("Identifiant", st["cell"]), Paragraph(escape(login), st["secret"])],
            [
                Paragraph("Mot de passe provisoire", st["cell"]),
                Paragraph(escape(password), st["secret"]),
            ],
        ],
        colWidths=[50 * mm, PAGE_WIDTH - 2 * LEFT - 50 * mm],
        hAlign="LEFT",
    )
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#2e5c8a")),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9bb3cc")),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e8eff7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    means = []
    if commune.contact_phone:
        means.append(f"par téléphone au {formatting.phone(commune.contact_phone)}")
    if commune.contact_email:
        means.append(f"par e-mail à {commune.contact_email}")
    contact = " ".join(p for p in (commune.contact_names or "la mairie", " ou ".join(means)) if p)
    story = [
        Paragraph(f"{escape(place)} {format_date(today, 'd MMMM y', locale='fr_FR')}", st["body"]),
        Spacer(1, 4 * mm),
        Paragraph("Objet : vos identifiants du Portail Famille", st["object"]),
        Paragraph("Madame, Monsieur,", st["body"]),
        Paragraph(
            f"La mairie a ouvert à votre famille (N° famille {escape(family.family_number)}) "
            "l'accès au Portail Famille. Vous pourrez y consulter votre compte et celui de vos "
            "enfants, demander des réservations, déclarer des absences, demander la mise à jour "
            "de votre fiche et écrire à la mairie.",
            st["body"],
        ),
        Spacer(1, 2 * mm),
        box,
        Spacer(1, 5 * mm),
        Paragraph(
            "Lors de votre première connexion, il vous sera demandé de remplacer ce mot de passe "
            "provisoire par un mot de passe de votre choix. Celui-ci doit respecter la règle "
            f"suivante : <b>{escape(passwords.PASSWORD_RULE)}</b>.",
            st["body"],
        ),
        Paragraph(
            "La mairie ne conserve pas ce mot de passe provisoire : gardez ce courrier en lieu "
            "sûr jusqu'à votre première connexion, puis détruisez-le. Ne communiquez jamais vos "
            "identifiants.",
            st["body"],
        ),
    ]
    if contact:
        story.append(Paragraph(f"Pour toute question, contactez {escape(contact)}.", st["body"]))
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.", st["body"]
        ),
        Spacer(1, 8 * mm),
        Paragraph(
            escape(f"La mairie {of_commune(commune.name)}".strip()),
            st["object"],
        ),
    ]

    def first_page(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        _header(canvas, commune, family)

    doc.build(story, onFirstPage=first_page, onLaterPages=first_page)
    return buffer.getvalue()


def credential_letter_for(session: Session, family_id: int, login: str, password: str) -> bytes:
    """The letter for a family, with the commune's saved settings."""
    commune = session.get(CommuneSettings, 1) or CommuneSettings(name="")
    family = session.get(Family, family_id)
    if family is None:
        raise NotFoundError("Cette famille n'existe pas ou a été supprimée.")
    return credential_letter(commune, family, login, password)
