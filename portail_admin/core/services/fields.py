"""The fields of each section of the family record: one spec serves the desktop forms, the
portal's request forms and the services that apply them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import clock
from .. import validation as v
from ..models.enums import AttachmentBody, Civility, FamilySituation, QfSource, Quality, Sex


def _today() -> dt.date:
    return clock.today()


def _hundred_years_ago() -> dt.date:
    return _today() - dt.timedelta(days=365 * 100)


def _twenty_five_years_ago() -> dt.date:
    return _today() - dt.timedelta(days=int(365.25 * 25))


def _in_one_year() -> dt.date:
    return _today() + dt.timedelta(days=365)


GUARDIAN_FIELDS: dict[str, v.Cleaner] = {
    "civility": v.choice(Civility),
    "last_name": v.upper_text(100, required=True),
    "first_name": v.upper_text(100, required=True),
    "quality": v.choice(Quality),
    "situation": v.choice(FamilySituation),
    "address": v.text(255),
    "postal_code": v.postal_code,
    "city": v.upper_text(100),
    "phone_home": v.phone,
    "phone_work": v.phone,
    "phone_mobile": v.phone,
    "email": v.email,
    "profession": v.text(100),
    "csp": v.text(100),
    "employer": v.text(100),
    "employer_address": v.text(255),
    "email_consent": v.boolean,
    "sms_consent": v.boolean,
}

TAX_FIELDS: dict[str, v.Cleaner] = {
    "tax_reference_income": v.decimal(min_value=Decimal(0), max_value=Decimal("9999999999")),
    "tax_shares": v.decimal(min_value=Decimal(1), max_value=Decimal(20), places=2),
}

CAF_FIELDS: dict[str, v.Cleaner] = {
    "attachment_body": v.choice(AttachmentBody, required=True),
    "allocataire_number": v.text(20),
    "quotient_familial": v.decimal(min_value=Decimal(0), max_value=Decimal("99999")),
    "qf_date": v.date(max_value=_today, too_late="La date du quotient ne peut pas être future."),
    "qf_source": v.choice(QfSource),
}

BANK_FIELDS: dict[str, v.Cleaner] = {
    "account_holder": v.upper_text(100),
    "bank_name": v.text(100),
    "iban": v.iban,
    "bic": v.bic,
    "mandate_reference": v.text(35),
    "mandate_signed_on": v.date(max_value=_today, too_late="La date de signature est future."),
    "direct_debit": v.boolean,
}

FAMILY_SECTIONS: dict[str, dict[str, v.Cleaner]] = {
    "tax": TAX_FIELDS,
    "caf": CAF_FIELDS,
    "bank": BANK_FIELDS,
}

CHILD_FIELDS: dict[str, v.Cleaner] = {
    "last_name": v.upper_text(100, required=True),
    "first_name": v.upper_text(100, required=True),
    "birth_date": v.date(
        required=True,
        min_value=_twenty_five_years_ago,
        max_value=_in_one_year,
        too_early="Date de naissance trop ancienne pour un accueil d'enfant.",
        too_late="Date de naissance trop éloignée dans le futur.",
    ),
    "sex": v.choice(Sex),
    "school": v.text(100),
    "school_class": v.text(50),
    "wears_glasses": v.boolean,
}

CONSENT_FIELDS: dict[str, v.Cleaner] = {
    "consent_photo": v.boolean,
    "consent_outings": v.boolean,
    "consent_medical_care": v.boolean,
    "consent_leave_alone": v.boolean,
}

HEALTH_FIELDS: dict[str, v.Cleaner] = {
    "allergies": v.text(2000, multiline=True),
    "has_pai": v.boolean,
    "pai_details": v.text(2000, multiline=True),
    "diet": v.text(255),
    "doctor_name": v.text(100),
    "doctor_phone": v.phone,
    "vaccinations": v.text(2000, multiline=True),
    "medical_notes": v.text(4000, multiline=True),
}

AUTHORISED_PERSON_FIELDS: dict[str, v.Cleaner] = {
    "last_name": v.upper_text(100, required=True),
    "first_name": v.upper_text(100, required=True),
    "relationship_": v.text(50),
    "phone": v.phone,
}

# French labels of every field, for forms, error summaries and request screens.
LABELS: dict[str, str] = {
    "civility": "Civilité",
    "last_name": "Nom",
    "first_name": "Prénom",
    "quality": "Qualité",
    "situation": "Situation",
    "address": "Adresse",
    "postal_code": "Code postal",
    "city": "Ville",
    "phone_home": "Téléphone domicile",
    "phone_work": "Téléphone prof.",
    "phone_mobile": "Mobile",
    "email": "Email",
    "profession": "Profession",
    "csp": "CSP",
    "employer": "Employeur",
    "employer_address": "Adresse employeur",
    "email_consent": "Autorisation courriel",
    "sms_consent": "Autorisation SMS",
    "tax_reference_income": "Revenu fiscal de référence",
    "tax_shares": "Nombre de parts",
    "attachment_body": "Organisme de rattachement",
    "allocataire_number": "N° allocataire",
    "quotient_familial": "Quotient familial",
    "qf_date": "Date du quotient",
    "qf_source": "Source du quotient",
    "account_holder": "Titulaire du compte",
    "bank_name": "Nom banque",
    "iban": "IBAN",
    "bic": "BIC",
    "mandate_reference": "Référence unique du mandat (RUM)",
    "mandate_signed_on": "Date de signature du mandat",
    "direct_debit": "Prélèvement automatique",
    "birth_date": "Date de naissance",
    "sex": "Sexe",
    "school": "École",
    "school_class": "Classe",
    "wears_glasses": "Port de lunettes",
    "consent_photo": "Droit à l'image",
    "consent_outings": "Sorties",
    "consent_medical_care": "Soins d'urgence",
    "consent_leave_alone": "Peut partir seul",
    "allergies": "Allergies",
    "has_pai": "PAI",
    "pai_details": "Détails du PAI",
    "diet": "Régime alimentaire",
    "doctor_name": "Médecin",
    "doctor_phone": "Téléphone du médecin",
    "vaccinations": "Vaccinations",
    "medical_notes": "Remarques médicales",
    "relationship_": "Lien avec l'enfant",
    "phone": "Téléphone",
}
