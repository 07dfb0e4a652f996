"""Build the Datasette app on a store, and serve it.

Read-only unless ``review`` is on; then review forms write through tracker/review.py for a
person logged in with the token. Everything the pages load (Datasette's own assets, the
dashboard plugin's Vega scripts, our CSS) is served from installed packages: nothing is
fetched from the internet.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.store import open_store
from tracker.web import metadata as web_metadata
from tracker.web import plugin
from tracker.web.sql import ensure_views, register_functions

HERE = Path(__file__).parent
SETTINGS = {
    "truncate_cells_html": 300,  # documents.text and extraction JSON stay readable
    "facet_time_limit_ms": 1000,
    "sql_time_limit_ms": 5000,
    "default_page_size": 100,
}


class WebUnavailable(Exception):
    """Datasette is not installed (the `web` extra)."""


@dataclass(frozen=True)
class ServeOptions:
    review: bool = False
    token: str | None = None
    as_of: date | None = None


def new_token() -> str:
    return secrets.token_urlsafe(24)


def prepare_store(path: str) -> list[str]:
    """Open (and migrate) the store and bring the web views up to date."""
    db = open_store(path)
    try:
        register_functions(db.conn)
        return ensure_views(db)
    finally:
        db.conn.close()


def make_datasette(path: str, options: ServeOptions | None = None):
    """A Datasette instance on the store at ``path``, our plugin registered."""
    try:
        from datasette.app import Datasette
        from datasette.database import Database
        from datasette.plugins import pm
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise WebUnavailable(
            "the web view needs Datasette: pip install 'contracts[web]'"
        ) from e
    options = options or ServeOptions()
    prepare_store(path)
    if not pm.is_registered(plugin):
        pm.register(plugin, name="contracts")
    config = {
        "store": str(Path(path).resolve()),
        "review": options.review,
        "token_sha256": hashlib.sha256(options.token.encode()).hexdigest()
        if options.token else None,
        "as_of": options.as_of.isoformat() if options.as_of else None,
    }  # fmt: skip
    ds = Datasette(
        [],
        metadata=web_metadata.metadata(config),
        template_dir=str(HERE / "templates"),
        static_mounts=[("contracts-static", str(HERE / "static"))],
        settings=SETTINGS,
    )
    if "_memory" in ds.databases:
        ds.remove_database("_memory")
    ds.add_database(Database(ds, path=str(path), is_mutable=True), name=web_metadata.DB,
                    route=web_metadata.DB)  # fmt: skip
    return ds


def serve(path: str, host: str, port: int, options: ServeOptions, on_ready=None) -> None:
    """Run the server until Ctrl-C; ``on_ready(url)`` is called once it listens."""
    import uvicorn

    ds = make_datasette(path, options)
    config = uvicorn.Config(ds.app(), host=host, port=port, log_level="warning",
                            lifespan="on")  # fmt: skip
    server = uvicorn.Server(config)
    if on_ready is not None:
        original = server.startup

        async def startup(sockets=None):
            await original(sockets)
            if server.started:
                on_ready(f"http://{_host_for_url(host)}:{port}/")

        server.startup = startup
    server.run()


def _host_for_url(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
