"""`portail-admin print …`: the printed lists as files, without opening the desktop app — the
monthly attendance sheet of a service, the daily list of a structure, the canteen's meal
counts (PDF, or CSV for the caterer). The documents are those the desktop prints
(core.reports), read under one snapshot of the database."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .core import db
from .core.errors import PortailError
from .core.formatting import french_spacing
from .core.models.enums import StaffRole


def add_parser(sub: Any) -> None:
    """The `print` subcommand and its three documents."""
    printing = sub.add_parser(
        "print",
        help="enregistre une feuille de présence, une liste du jour ou le comptage des repas",
    )
    documents = printing.add_subparsers(dest="document", required=True)

    attendance = documents.add_parser(
        "attendance", help="feuille de présence du mois d'une prestation (PDF)"
    )
    attendance.add_argument(
        "--service", required=True, metavar="NOM", help="nom ou code de la prestation"
    )
    attendance.add_argument("--month", required=True, metavar="AAAA-MM", help="le mois")
    attendance.add_argument(
        "--group-by-class",
        action="store_true",
        help="regroupe les enfants par école et classe, une page par classe",
    )
    _common(attendance, ".pdf")

    daily = documents.add_parser(
        "daily", help="liste du jour d'une structure, avec les personnes autorisées (PDF)"
    )
    daily.add_argument("--structure", required=True, metavar="NOM", help="nom de la structure")
    daily.add_argument("--day", required=True, metavar="AAAA-MM-JJ", help="le jour")
    _common(daily, ".pdf")

    meals = documents.add_parser(
        "meals", help="comptage des repas de la cantine, par jour et par régime (PDF ou CSV)"
    )
    period = meals.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", metavar="AAAA-MM", help="le mois")
    period.add_argument("--week", metavar="AAAA-MM-JJ", help="la semaine de ce jour")
    meals.add_argument("--service", metavar="NOM", help="une seule cantine (par défaut : toutes)")
    _common(meals, ".pdf ou .csv")


def _common(parser: argparse.ArgumentParser, suffix: str) -> None:
    parser.add_argument(
        "-o", "--output", required=True, metavar=f"FICHIER{suffix}", help="le fichier écrit"
    )
    parser.add_argument(
        "--without-health",
        action="store_true",
        help="sans les mentions PAI et allergie (une liste affichée, par exemple)",
    )


def run(url: str, args: argparse.Namespace) -> int:
    output = Path(args.output)
    kind = _output_kind(args.document, output)
    engine = db.make_engine(url)
    try:
        factory = db.make_session_factory(engine)
        # An administrator's view of the data (the command runs with the database's access);
        # --without-health prints what a role without the health data would get.
        role = None if args.without_health else StaffRole.ADMIN
        with factory() as session, session.begin():
            data, what = _document(session, args, role, kind)
    finally:
        engine.dispose()
    _write(output, data)
    print(french_spacing(f"{what} : {output}"))
    return 0


def _document(session: Any, args: argparse.Namespace, role: Any, kind: str) -> tuple[bytes, str]:
    from .core.reports import lookup

    if args.document == "attendance":
        from .core.reports import attendance_sheet

        service = lookup.find_service(session, args.service)
        pdf = attendance_sheet.attendance_sheet(
            session, role, service.id, parse_month(args.month), group_by_class=args.group_by_class
        )
        return pdf, "Feuille de présence enregistrée"
    if args.document == "daily":
        from .core.reports import daily_list

        structure = lookup.find_structure(session, args.structure)
        return daily_list.daily_list(session, role, structure.id, parse_day(args.day)), (
            "Liste du jour enregistrée"
        )
    from .core.reports import meal_counts

    if args.month:
        first, last = meal_counts.month_of(parse_month(args.month))
    else:
        first, last = meal_counts.week_of(parse_day(args.week))
    service_ids = [lookup.find_service(session, args.service).id] if args.service else None
    counts = meal_counts.meal_counts(session, first, last, service_ids=service_ids)
    if kind == "csv":
        return meal_counts.meal_counts_csv(counts).encode(
            "utf-8"
        ), "Comptage des repas enregistré (CSV)"
    from .core.services.commune import get_settings

    pdf = meal_counts.meal_counts_pdf(counts, get_settings(session).name)
    return pdf, "Comptage des repas enregistré"


def parse_month(text: str) -> dt.date:
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if match and 1 <= int(match[2]) <= 12 and 1900 <= int(match[1]) <= 2200:
        return dt.date(int(match[1]), int(match[2]), 1)
    raise PortailError(
        french_spacing(f"Mois invalide : « {text} ». Écrivez-le AAAA-MM, par exemple 2026-12.")
    )


def parse_day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat((text or "").strip())
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2200:
        raise PortailError(
            french_spacing(
                f"Jour invalide : « {text} ». Écrivez-le AAAA-MM-JJ, par exemple 2026-12-01."
            )
        )
    return day


def _output_kind(document: str, output: Path) -> str:
    suffix = output.suffix.lower()
    allowed = {".pdf": "pdf", ".csv": "csv"} if document == "meals" else {".pdf": "pdf"}
    if suffix not in allowed:
        wanted = " ou ".join(allowed)
        raise PortailError(
            french_spacing(f"Le fichier doit finir par {wanted} : « {output.name} ».")
        )
    if not output.parent.exists() and str(output.parent) not in ("", "."):
        raise PortailError(french_spacing(f"Le dossier « {output.parent} » n'existe pas."))
    return allowed[suffix]


def _write(output: Path, data: bytes) -> None:
    """Written whole or not at all: a reader never opens a half-written file."""
    directory = output.parent if str(output.parent) else Path(".")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".portail-", dir=directory)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, output)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise PortailError(
            french_spacing(f"Le fichier « {output} » n'a pas pu être écrit : {exc.strerror}.")
        ) from exc
