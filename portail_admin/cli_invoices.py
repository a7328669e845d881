"""`portail-admin invoices …`: the monthly invoice run without the desktop app.

    portail-admin invoices generate --month 2015-03           the preview, family by family
    portail-admin invoices generate --month 2015-03 --issue   issues the invoices
    portail-admin invoices cancel AL-36 --reason "Erreur de pointage"

Each prints what it did in French and exits 0; a refusal (bad month, a month not begun, an
unknown number, an invoice already cancelled…) prints the French reason and exits non-zero
with nothing written. The command acts with the database's access, as an administrator."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from .cli_print import parse_month
from .core import db
from .core.errors import PortailError, ValidationError
from .core.formatting import french_spacing, money, month_title
from .core.models.enums import StaffRole


def add_parser(sub: Any) -> None:
    invoices = sub.add_parser("invoices", help="facturation du mois et avoirs")
    actions = invoices.add_subparsers(dest="invoices_command", required=True)
    generate = actions.add_parser(
        "generate", help="aperçu de la facturation d'un mois, ou son émission avec --issue"
    )
    generate.add_argument("--month", required=True, metavar="AAAA-MM", help="le mois facturé")
    generate.add_argument(
        "--issue", action="store_true", help="émet les factures (sans cette option : aperçu)"
    )
    cancel = actions.add_parser("cancel", help="annule une facture par un avoir")
    cancel.add_argument("number", metavar="NUMERO", help="le numéro de la facture, ex. AL-36")
    cancel.add_argument("--reason", required=True, metavar="MOTIF", help="le motif de l'avoir")


def _actor() -> str:
    try:
        return f"staff:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name (a container, a service account)
        return db.SYSTEM_ACTOR


def run(url: str, args: argparse.Namespace) -> int:
    engine = db.make_engine(url)
    try:
        factory = db.make_session_factory(engine)
        if args.invoices_command == "cancel":
            lines = _cancel(factory, args.number, args.reason)
        elif args.issue:
            lines = _issue(factory, parse_month(args.month))
        else:
            lines = _preview(factory, parse_month(args.month))
    except ValidationError as exc:  # its text names the fields: the messages alone here
        raise PortailError(french_spacing(" ".join(exc.errors.values()))) from exc
    finally:
        engine.dispose()
    print("\n".join(french_spacing(line) for line in lines))
    return 0


def _preview(factory: Any, month: Any) -> list[str]:
    from .core.billing.run import preview_month

    with factory() as session, session.begin():
        preview = preview_month(session, month)
    out = [f"Aperçu de la facturation de {month_title(preview.month)}"]
    for family in preview.families:
        count = len(family.lines)
        what = f"{count} ligne" + ("s" if count > 1 else "")
        state = "" if family.issuable else " — non émise"
        line = f"{family.name} (N° {family.family_number}) : {what}, {money(family.total)}{state}"
        if family.alerts:
            line += " — " + " ; ".join(alert.text for alert in family.alerts)
        out.append(line)
    count = preview.count
    if count:
        noun = "facture à émettre" if count == 1 else "factures à émettre"
        out.append(f"{count} {noun}, total {money(preview.total)}.")
    else:
        out.append(f"Rien à facturer pour {month_title(preview.month)}.")
    return out


def _issue(factory: Any, month: Any) -> list[str]:
    from .core.billing.run import issue_month

    with db.transaction(factory, _actor()) as session:
        issued = issue_month(session, month, role=StaffRole.ADMIN)
    return [issued.message]


def _cancel(factory: Any, number: str, reason: str) -> list[str]:
    from .core.billing import corrections

    with db.transaction(factory, _actor()) as session:
        invoice = corrections.invoice_by_number(session, number)
        note = corrections.cancel_invoice(session, invoice.id, reason, role=StaffRole.ADMIN)
        text = (
            f"Avoir {note.number} émis : {money(note.total)}, annule la facture {invoice.number}."
        )
    return [text]
