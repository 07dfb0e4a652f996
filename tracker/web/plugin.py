"""Our Datasette plugin: SQL functions, routes, login by token, links in cells and menus.

It is registered by ``tracker.web.app.make_datasette`` (not by an entry point), so a plain
``datasette`` run elsewhere is unaffected. Its settings are the ``contracts`` plugin config the
app puts in the metadata: ``store`` (the file), ``review`` (writes on), ``token_sha256`` (the
login token's hash, never the token), ``as_of`` (the date that is "today").
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from datasette import hookimpl
from markupsafe import Markup, escape

from tracker.web import pages
from tracker.web.metadata import DB
from tracker.web.sql import register_functions

REVIEW_PERMISSION = "contracts-review"


def config(datasette) -> dict:
    return datasette.plugin_config("contracts") or {}


def token_matches(datasette, token: str | None) -> bool:
    wanted = config(datasette).get("token_sha256")
    if not wanted or not token:
        return False
    given = hashlib.sha256(token.encode("utf-8")).hexdigest()
    return hmac.compare_digest(given, wanted)


@hookimpl
def prepare_connection(conn, database, datasette):
    if database != DB:
        return
    as_of = config(datasette).get("as_of")
    register_functions(conn, date.fromisoformat(as_of) if as_of else None)


@hookimpl
def register_routes():
    return pages.ROUTES


@hookimpl
def actor_from_request(datasette, request):
    """``Authorization: Bearer <token>`` (the --token of `contracts serve`) is a reviewer."""
    header = request.headers.get("authorization", "")
    if header.startswith("Bearer ") and token_matches(datasette, header[7:].strip()):
        return {"id": request.headers.get("x-reviewer") or "api", "via": "contracts-token"}
    return None


@hookimpl
def permission_allowed(datasette, actor, action, resource):
    if action == REVIEW_PERMISSION:
        return bool(config(datasette).get("review") and actor and actor.get("id"))
    return None


def _link(href: str, text) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Contract ids open the contract page; pages open the document's text at that page."""
    if database != DB or value is None:
        return None
    keys = row.keys() if hasattr(row, "keys") else ()
    if column == "contract_id" or (column == "id" and table == "contract_list"):
        return _link(datasette.urls.path(f"/-/contract/{int(value)}"), escape(value))
    if column == "page" and "document_id" in keys and row["document_id"] is not None:
        try:
            page = int(value)
        except (TypeError, ValueError):
            return None
        href = datasette.urls.path(f"/-/document/{int(row['document_id'])}/page/{page}")
        return _link(href, f"p. {page}")
    if column == "document_id" and table != "documents":
        return _link(datasette.urls.path(f"/-/document/{int(value)}/page/1"), escape(value))
    return None


@hookimpl
def menu_links(datasette, actor, request):
    links = [
        {"href": datasette.urls.path("/-/review"), "label": "Review queue"},
        {"href": datasette.urls.path("/-/dashboards/portfolio"), "label": "Charts"},
        {"href": datasette.urls.path("/-/calendar.ics"), "label": "Calendar feed (.ics)"},
    ]
    if config(datasette).get("review") and not actor:
        links.append({"href": datasette.urls.path("/-/login"), "label": "Log in to review"})
    return links


@hookimpl
def extra_template_vars(datasette):
    return {"contracts_review_on": bool(config(datasette).get("review"))}
