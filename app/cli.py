"""The `klynge` command: the same runtime and command table as the server.

    klynge serve                      start the server (as run.py)
    klynge agenda check FILE...       validate agenda files
    klynge agenda show FILE --start HH:MM
    klynge agenda schema
    klynge meeting new AGENDA --cluster NAME --date YYYY-MM-DD --start HH:MM [--json]
    klynge meeting list | delete CODE
    klynge groups ... | survey ... | import-chat ... | export ... | backup ... | deck ...
"""

from __future__ import annotations

import typer

from app.cliparts import agenda, board, deck, export, groups, meeting, survey, trust

cli = typer.Typer(help="Klyngemøde: live facilitation for GP cluster meetings.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)


@cli.command()
def serve() -> None:
    """Start the web app (KLYNGE_PORT, KLYNGE_DATABASE_URL, KLYNGE_DATA_DIR configure it)."""
    from app.server import main as run_server

    run_server()


for part in (agenda, meeting, groups, survey, board, export, trust, deck):
    part.register(cli)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
