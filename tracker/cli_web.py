"""`contracts serve`: the store in a browser, on Datasette (the `web` extra)."""

from __future__ import annotations

import importlib.util
import webbrowser

import click

from tracker.cli_common import DATE
from tracker.output import echo_err
from tracker.store import StoreError, default_db_path

commands = click.Group()  # gathered into ``contracts`` by tracker/cli.py
HINT = "the web view needs Datasette: pip install 'contracts[web]'"


@commands.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
              help="SQLite store (default: $CONTRACTS_DB or ./contracts.db).")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine by default.")
@click.option("--open", "open_browser", is_flag=True, help="Open the home page in a browser.")
@click.option("--review", is_flag=True,
              help="Allow the review queue's accept/correct/reject forms (for a logged-in "
                   "person; read-only without it).")
@click.option("--token", envvar="CONTRACTS_TOKEN",
              help="The login token for --review (default: a new random one, printed; also "
                   "$CONTRACTS_TOKEN).")
@click.option("--as-of", type=DATE, help="Date that counts as today (default: today).")
def serve(db_path, port, host, open_browser, review, token, as_of):
    """Browse the store in a web browser: contracts, milestones, overdue, cash by month,
    charts, a calendar feed, each contract with its quotes, and the review queue.

    Read-only and on this machine only unless told otherwise. Nothing is fetched from the
    internet: every page and script comes from the installed packages.

    \b
    Example:
        $ contracts serve --open
        $ contracts serve --review          # prints a login link for the review forms
        $ contracts serve --port 8080 --as-of 2025-06-30
    """
    if importlib.util.find_spec("datasette") is None:
        raise click.ClickException(HINT)
    from tracker.web.app import ServeOptions, WebUnavailable, new_token
    from tracker.web.app import serve as run
    from tracker.web.pages import login_url

    path = db_path or default_db_path()
    if review and not token:
        token = new_token()
    options = ServeOptions(review=review, token=token, as_of=as_of)

    def ready(url: str) -> None:
        mode = "review forms on" if review else "read-only"
        echo_err(f"Serving {path} at {url} ({mode}); Ctrl-C to stop.")
        if review:
            echo_err(f"Log in to review: {login_url(url, token)}")
        if open_browser:
            webbrowser.open(url)

    try:
        run(path, host, port, options, on_ready=ready)
    except (StoreError, WebUnavailable) as e:
        raise click.ClickException(str(e)) from e
