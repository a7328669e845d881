"""The texts a municipal bill carries, with the defaults used while the commune's settings
leave them empty (Paramètres › Facturation)."""

from __future__ import annotations

from typing import Any

DEFAULT_ISSUER_TITLE = "Le Maire"

DEFAULT_PAYMENT_INSTRUCTIONS = (
    "Règlement à la régie de la mairie : en espèces, par carte bancaire, en CESU ou par chèque "
    "à l'ordre du Trésor public, en rappelant le numéro de la facture. Les familles ayant signé "
    "un mandat SEPA sont prélevées à l'échéance."
)

# CGCT art. L.1617-5: two months to contest a municipal bill before the competent court.
DEFAULT_CONTEST_NOTICE = (
    "Dans un délai de deux mois suivant la réception de ce titre (article L.1617-5 du Code "
    "général des collectivités territoriales), vous pouvez en contester le bien-fondé en "
    "saisissant directement le tribunal judiciaire ou le tribunal administratif compétent selon "
    "la nature de la créance."
)

CHEQUE_PAYEE = "Trésor public"


def issuer_title(settings: Any) -> str:
    return settings.issuer_title.strip() or DEFAULT_ISSUER_TITLE


def payment_instructions(settings: Any) -> str:
    return settings.payment_instructions.strip() or DEFAULT_PAYMENT_INSTRUCTIONS


def contest_notice(settings: Any) -> str:
    return settings.contest_notice.strip() or DEFAULT_CONTEST_NOTICE
