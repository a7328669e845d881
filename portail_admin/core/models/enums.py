"""Closed vocabularies of the domain. Values are stored as strings; labels are what users read."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry the French label shown to users."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


def db_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a CHECK constraint on both SQLite and PostgreSQL."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=30,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class GuardianRole(LabelledEnum):
    PRIMARY = "primary", "Responsable"
    PARTNER = "partner", "Conjoint"


class Civility(LabelledEnum):
    MR = "M", "Monsieur"
    MRS = "MME", "Madame"


class Quality(LabelledEnum):
    FATHER = "father", "Père"
    MOTHER = "mother", "Mère"
    GUARDIAN = "tutor", "Tuteur"
    GUARDIAN_F = "tutor_f", "Tutrice"
    OTHER = "other", "Autre"


class FamilySituation(LabelledEnum):
    MARRIED = "married", "Marié"
    CIVIL_UNION = "pacs", "Pacsé"
    COHABITING = "cohabiting", "Vie maritale"
    SINGLE = "single", "Célibataire"
    SEPARATED = "separated", "Séparé"
    DIVORCED = "divorced", "Divorcé"
    WIDOWED = "widowed", "Veuf"


class AttachmentBody(LabelledEnum):
    """Organisme de rattachement (who pays family allowances)."""

    NONE = "none", "Aucun"
    CAF = "caf", "CAF"
    MSA = "msa", "MSA"
    OTHER = "other", "Autre"


class QfSource(LabelledEnum):
    CAF = "caf", "CAF (CDAP)"
    MSA = "msa", "MSA"
    TAX_NOTICE = "tax", "Avis d'imposition"
    DECLARED = "declared", "Déclaration de la famille"


class Sex(LabelledEnum):
    GIRL = "F", "Fille"
    BOY = "M", "Garçon"


class ServiceUnit(LabelledEnum):
    DAY = "day", "Journée"
    HALF_DAY = "half_day", "Demi-journée"
    SESSION = "session", "Séance"
    MEAL = "meal", "Repas"
    HOUR = "hour", "Heure"


class CalendarKind(LabelledEnum):
    PUBLIC_HOLIDAY = "public_holiday", "Jour férié"
    CLOSURE = "closure", "Fermeture"
    SHORT_HOLIDAYS = "short_holidays", "Petites vacances"
    SUMMER_HOLIDAYS = "summer_holidays", "Grandes vacances"


class CalendarSource(LabelledEnum):
    IMPORTED = "imported", "Importé"
    MANUAL = "manual", "Saisi"


class Booking(LabelledEnum):
    NONE = "none", "Non réservé"
    RESERVED = "reserved", "Réservé"
    REGULAR = "regular", "Régulier"


class Attendance(LabelledEnum):
    UNKNOWN = "unknown", "Non pointé"
    PRESENT = "present", "Présent"
    ABSENT_BILLED = "absent_billed", "Absent facturé"
    ABSENT_EXCUSED = "absent_excused", "Absent excusé"
    LEAVE = "leave", "Congé"
    EXTRA_HOURS = "extra_hours", "Heure hors contrat"


class RequestKind(LabelledEnum):
    GUARDIAN = "guardian", "Responsable"
    PARTNER = "partner", "Conjoint"
    TAX = "tax", "Fiscales"
    CAF = "caf", "CAF"
    BANK = "bank", "Bancaires"
    CHILD_ADD = "child_add", "Ajout d'un enfant"
    CHILD_INFO = "child_info", "Informations enfant"
    CONSENTS = "consents", "Autorisations"
    HEALTH = "health", "Données sanitaires"
    RESERVATION = "reservation", "Réservations"
    ABSENCE = "absence", "Absences"

    @property
    def is_family_record(self) -> bool:
        return self in FAMILY_REQUEST_KINDS


FAMILY_REQUEST_KINDS = frozenset(
    {RequestKind.GUARDIAN, RequestKind.PARTNER, RequestKind.TAX, RequestKind.CAF, RequestKind.BANK}
)


class RequestStatus(LabelledEnum):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Annulée par la famille"


class MessageDirection(LabelledEnum):
    TO_FAMILY = "to_family", "Envoyé à la famille"
    FROM_FAMILY = "from_family", "Reçu de la famille"


class InvoiceKind(LabelledEnum):
    INVOICE = "invoice", "Facture"
    CREDIT_NOTE = "credit_note", "Avoir"


class LineKind(LabelledEnum):
    """What an invoice line bills (its basis, printed on the invoice)."""

    PRESENT = "present", "Réservé et présent"
    PRESENT_UNBOOKED = "present_unbooked", "Présent sans réservation"
    ABSENT_BILLED = "absent_billed", "Absent facturé"
    UNBOOKED_SURCHARGE = "unbooked_surcharge", "Majoration présence sans réservation"
    LATE_ABSENCE_SURCHARGE = "late_absence_surcharge", "Majoration absence tardive"
    CORRECTION = "correction", "Correction"


class PaymentMethod(LabelledEnum):
    CASH = "cash", "Espèces"
    CHEQUE = "cheque", "Chèque"
    CARD = "card", "Carte bancaire"
    CESU = "cesu", "CESU"
    DIRECT_DEBIT = "direct_debit", "Prélèvement"
    ONLINE = "online", "Paiement en ligne"


class StaffRole(LabelledEnum):
    ADMIN = "admin", "Administrateur"
    AGENT = "agent", "Agent"
    ANIMATEUR = "animateur", "Animateur"


class SchoolZone(LabelledEnum):
    A = "A", "Zone A"
    B = "B", "Zone B"
    C = "C", "Zone C"


class ChangeAction(LabelledEnum):
    INSERT = "insert", "Création"
    UPDATE = "update", "Modification"
    DELETE = "delete", "Suppression"
