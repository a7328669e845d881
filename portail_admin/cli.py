"""The `portail-admin` command: the desktop app by default, and its maintenance subcommands."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy import Engine

from . import cli_invoices, cli_print
from .core import db
from .core.errors import PortailError
from .core.formatting import french_spacing
from .core.migrations import upgrade

log = logging.getLogger("portail_admin")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portail-admin",
        description="Portail Famille — gestion des accueils périscolaires de la mairie.",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="base de données (sqlite:///chemin ou postgresql://utilisateur@hôte/base)",
    )
    parser.add_argument(
        "--with-demo",
        action="store_true",
        help="charge la commune de démonstration si la base est vide, puis ouvre l'application",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="ouvre la fenêtre principale hors écran, visite chaque espace et quitte",
    )
    sub = parser.add_subparsers(dest="command")

    db_cmd = sub.add_parser("db", help="gestion de la base de données")
    db_sub = db_cmd.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="crée ou met à jour le schéma de la base")
    db_sub.add_parser("where", help="indique la base utilisée")
    web_role = db_sub.add_parser(
        "web-role",
        help="crée ou met à jour le rôle PostgreSQL sous lequel tourne le portail des familles",
    )
    web_role.add_argument("name", metavar="NOM", help="nom du rôle, par exemple portail_web")
    web_role.add_argument(
        "--password",
        action="store_true",
        help="définit le mot de passe du rôle (demandé deux fois, ou lu dans "
        "PORTAIL_WEB_ROLE_PASSWORD) ; sans cette option, il est inchangé",
    )

    demo = sub.add_parser("demo", help="charge la commune de démonstration (Alix)")
    demo.add_argument(
        "--families",
        type=int,
        default=None,
        help="nombre de familles générées (grande commune : 3500)",
    )
    demo.add_argument(
        "--replace", action="store_true", help="remplace les données déjà présentes"
    )

    cli_print.add_parser(sub)
    cli_invoices.add_parser(sub)

    web = sub.add_parser("web", help="sert le portail des familles (waitress)")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8080)
    web.add_argument(
        "--trusted-proxy",
        default=None,
        metavar="ADRESSE",
        help="adresse IP du proxy https dont l'en-tête X-Forwarded-For est cru "
        "(par défaut : la boucle locale si le portail l'écoute ; \"\" pour aucun)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except PortailError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    url = db.resolve_url(args.database)

    if args.command == "db":
        engine = db.make_engine(url)
        if args.db_command == "upgrade":
            upgrade(engine)
            print(f"Base à jour : {db.describe(engine.url)}")
        elif args.db_command == "web-role":
            return _web_role(engine, args.name, args.password)
        else:
            print(db.describe(engine.url))
        return 0

    if args.command == "demo":
        from .core.demo import DemoRefused, load_demo

        engine = db.make_engine(url)
        upgrade(engine)
        try:
            summary = load_demo(db.make_session_factory(engine), args.families, args.replace)
        except DemoRefused as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(summary)
        return 0

    if args.command == "print":
        return cli_print.run(url, args)

    if args.command == "invoices":
        return cli_invoices.run(url, args)

    if args.command == "web":
        from .web.server import serve

        return serve(url, args.host, args.port, trusted_proxy=args.trusted_proxy)

    if args.with_demo:
        from .core.demo import database_is_empty, load_demo

        engine = db.make_engine(url)
        upgrade(engine)
        factory = db.make_session_factory(engine)
        if database_is_empty(factory):
            print("Chargement de la commune de démonstration…")
            print(load_demo(factory))
        engine.dispose()
    return _run_desktop(url, self_test=args.self_test)


def _web_role(engine: Engine, name: str, with_password: bool) -> int:
    from .core import db_roles

    db_roles.require_postgresql(engine)  # before asking for a password
    db_roles.check_role_name(name)
    password = _web_role_password() if with_password else None
    result = db_roles.apply_web_role(engine, name, password)
    url = db.without_password(engine.url).set(username=result.name)
    done = "créé" if result.created else "mis à jour"
    lines = [
        f"Rôle «\u00a0{result.name}\u00a0» {done} : il lit ce que voient les familles et "
        "n'écrit que leurs demandes, leurs messages, leurs connexions et le journal des "
        "modifications.",
    ]
    if password:
        try:
            db.remember_password(url, password)
            lines.append("Mot de passe défini, et enregistré dans le trousseau de ce poste.")
        except PortailError:
            lines.append(
                "Mot de passe défini. Le trousseau de ce poste n'est pas disponible : donnez-le "
                "au portail par la variable PGPASSWORD ou un fichier .pgpass."
            )
    elif result.created:
        lines.append(
            "Ce rôle n'a pas de mot de passe : relancez avec --password pour en définir un."
        )
    else:
        lines.append("Mot de passe inchangé (l'option --password le change).")
    lines.append(
        "Pour servir le portail sous ce rôle : portail-admin --database "
        f"{url.render_as_string(hide_password=False)} web"
    )
    print("\n".join(french_spacing(line) for line in lines))
    return 0


def _web_role_password() -> str:
    """From PORTAIL_WEB_ROLE_PASSWORD, or typed twice (never echoed, printed nor logged)."""
    from .core.db_roles import PASSWORD_ENV_VAR

    password = os.environ.get(PASSWORD_ENV_VAR)
    if password:
        return password
    first = getpass.getpass(french_spacing("Mot de passe du rôle : "))
    if first != getpass.getpass(french_spacing("Le même mot de passe, une seconde fois : ")):
        raise PortailError(french_spacing("Les deux mots de passe diffèrent : rien n'a changé."))
    if not first:
        raise PortailError(french_spacing("Mot de passe vide : rien n'a changé."))
    return first


def _run_desktop(url: str, self_test: bool) -> int:
    from .desktop.app import run

    return run(url, self_test=self_test)


if __name__ == "__main__":
    raise SystemExit(main())
