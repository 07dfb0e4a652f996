"""Our pages inside Datasette: a contract, a document page, the original file, the calendar
feed, the review queue (with its forms) and the token login.

Reads run on Datasette's read-only connections (``execute_fn``); review writes open the store
with ``tracker.store.open_store`` in a worker thread and call tracker/review.py, the same code
as `contracts review`.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from urllib.parse import urlencode

import sqlite_utils
from datasette.utils.asgi import Forbidden, NotFound, Response

from tracker import edits, exports, lifecycle, review, schedule
from tracker.queries import NotFound as StoreNotFound
from tracker.store import StoreError, open_store
from tracker.web import documents
from tracker.web.metadata import DB
from tracker.web.sql import milestones_sql

REVIEW_PERMISSION = "contracts-review"
ACTIONS = ("accept", "correct", "reject")


def _config(datasette) -> dict:
    return datasette.plugin_config("contracts") or {}


def _as_of(datasette) -> date:
    as_of = _config(datasette).get("as_of")
    return date.fromisoformat(as_of) if as_of else date.today()


async def _read(datasette, fn):
    return await datasette.get_database(DB).execute_fn(lambda conn: fn(sqlite_utils.Database(conn)))


# --- the contract page -----------------------------------------------------------------------
def contract_data(db: sqlite_utils.Database, contract_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT c.*, d.path, d.format, d.pages, d.sha256, d.size, d.ingested_at, d.warnings, "
        "d.needs_ocr FROM contracts c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        [contract_id],
    ))  # fmt: skip
    if not rows:
        return None
    contract = rows[0]
    contract["warnings"] = json.loads(contract["warnings"] or "[]")
    contract["edited_fields"] = json.loads(contract["edited_fields"] or "[]")
    for key in ("renewal_term", "notice_period"):
        contract[key] = _period_text(contract[key])

    def rows_of(sql):
        return list(db.query(sql, [contract_id]))

    return {
        "contract": contract,
        "parties": rows_of("SELECT * FROM parties WHERE contract_id = ? ORDER BY id"),
        "key_dates": rows_of("SELECT * FROM key_dates WHERE contract_id = ? ORDER BY "
                             "CASE kind WHEN 'agreement_date' THEN 1 WHEN 'effective_date' "
                             "THEN 2 WHEN 'expiration_date' THEN 3 ELSE 4 END, id"),
        "milestones": rows_of(f"SELECT * FROM ({milestones_sql()}) WHERE contract_id = ? "
                              "ORDER BY due IS NULL, due, id"),
        "payment_terms": rows_of("SELECT * FROM payment_terms WHERE contract_id = ? "
                                 "AND kind NOT IN ('total_value', 'installment', 'deposit') "
                                 "ORDER BY id"),
        "items": list(db.query(review.ITEMS_SQL, {"contract": str(contract_id)})),
        "history": rows_of("SELECT e.*, m.name AS milestone FROM events e LEFT JOIN milestones m "
                           "ON m.id = e.milestone_id WHERE e.contract_id = ? ORDER BY e.id DESC "
                           "LIMIT 20"),
    }  # fmt: skip


def _period_text(value: str | None) -> str | None:
    """'{"value": 90, "unit": "days"}' -> '90 days' (older rows hold plain text)."""
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if isinstance(data, dict) and "value" in data:
        text = f"{data['value']} {data.get('unit', '')}".strip()
        extra = {k: v for k, v in data.items() if k not in ("value", "unit") and v}
        return text + (" (" + ", ".join(f"{k}: {v}" for k, v in extra.items()) + ")"
                       if extra else "")  # fmt: skip
    return value if isinstance(data, str) else json.dumps(data)


async def contract_page(request, datasette):
    contract_id = int(request.url_vars["id"])
    data = await _read(datasette, lambda db: contract_data(db, contract_id))
    if data is None:
        raise NotFound(f"No contract {contract_id} in the store")
    contract = data["contract"]
    data["original"] = documents.locate(contract["path"], contract["size"], _config(datasette))
    data["as_of"] = _as_of(datasette).isoformat()
    data["can_review"] = await _can_review(datasette, request)
    return Response.html(await datasette.render_template(
        "contracts_contract.html", data, request=request))  # fmt: skip


# --- documents -------------------------------------------------------------------------------
def _document(db: sqlite_utils.Database, document_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT d.id, d.path, d.format, d.pages, d.size, d.sha256, d.text, c.id AS contract_id, "
        "c.title FROM documents d LEFT JOIN contracts c ON c.document_id = d.id WHERE d.id = ?",
        [document_id],
    ))  # fmt: skip
    return rows[0] if rows else None


async def page_text(request, datasette):
    """One page of a document's stored text, the quoted sentence highlighted."""
    document_id, number = int(request.url_vars["id"]), int(request.url_vars["page"])
    doc = await _read(datasette, lambda db: _document(db, document_id))
    if doc is None:
        raise NotFound(f"No document {document_id} in the store")
    pages = doc["text"].split("\f")
    if not 1 <= number <= len(pages):
        raise NotFound(f"{doc['path']} has no page {number} (it has {len(pages)})")
    quote = request.args.get("quote") or ""
    context = {
        "doc": doc, "page": number, "page_count": len(pages), "quote": quote,
        "parts": documents.highlight(pages[number - 1], quote),
        "original": documents.locate(doc["path"], doc["size"], _config(datasette)),
    }  # fmt: skip
    return Response.html(await datasette.render_template(
        "contracts_page.html", context, request=request))  # fmt: skip


async def original_file(request, datasette):
    """The original file, if it is still where it was read from and unchanged (same SHA-256)."""
    document_id = int(request.url_vars["id"])
    doc = await _read(datasette, lambda db: _document(db, document_id))
    if doc is None:
        raise NotFound(f"No document {document_id} in the store")
    found = await asyncio.to_thread(documents.read_original, doc, _config(datasette))
    if isinstance(found, str):
        raise NotFound(found)
    name = doc["path"].replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    return Response(found, content_type=documents.CONTENT_TYPES.get(doc["format"],
                    "application/octet-stream"), headers={
        "content-disposition": f"inline; filename*=UTF-8''{_quote_name(name)}",
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
    })  # fmt: skip


def _quote_name(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


# --- calendar --------------------------------------------------------------------------------
async def calendar(request, datasette):
    """Every dated milestone as iCalendar, with the UIDs of `contracts export --format ics`."""
    contract = request.args.get("contract")
    try:
        remind = int(request.args.get("remind") or 3)
        contract_id = int(contract) if contract else None
    except ValueError:
        return Response.text("contract and remind are numbers", status=400)
    as_of = _as_of(datasette)

    def build(db):
        rows = exports.export_rows(db, contract_id, as_of=as_of)
        return exports.export_ics(db, rows, remind_days=max(0, min(remind, 365)))

    text = await _read(datasette, build)
    return Response(text, content_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": 'inline; filename="contracts.ics"'})


# --- review ----------------------------------------------------------------------------------
async def _can_review(datasette, request) -> bool:
    return bool(await datasette.permission_allowed(request.actor, REVIEW_PERMISSION,
                                                   default=False))  # fmt: skip


async def review_page(request, datasette):
    if request.method == "POST":
        return await review_post(request, datasette)
    contract = request.args.get("contract") or ""
    items = await _read(datasette, lambda db: list(db.query(
        review.ITEMS_SQL, {"contract": contract if contract.isdigit() else ""})))  # fmt: skip
    context = {
        "items": items, "contract": contract, "review_on": bool(_config(datasette).get("review")),
        "can_review": await _can_review(datasette, request),
        "milestone_fields": review.MILESTONE_FIELDS,
    }  # fmt: skip
    return Response.html(await datasette.render_template(
        "contracts_review.html", context, request=request))  # fmt: skip


def _apply(store: str, actor: str, form: dict) -> str:
    """One review step on the store, in a worker thread, through tracker/review.py."""
    item, action = form.get("item", ""), form.get("action", "")
    note = form.get("note") or None
    db = open_store(store)
    try:
        if action == "accept":
            return review.accept(db, item, by=actor, note=note)
        holidays = schedule.load_holidays()
        if action == "correct":
            return review.correct(db, item, form.get("value", ""), field=form.get("field") or None,
                                  by=actor, note=note, holidays=holidays)  # fmt: skip
        return review.reject(db, item, by=actor, note=note, holidays=holidays)
    finally:
        db.conn.close()


async def review_post(request, datasette):
    wants_json = "application/json" in (request.headers.get("content-type", "") +
                                        request.headers.get("accept", ""))  # fmt: skip
    config = _config(datasette)
    if not config.get("review"):
        raise Forbidden("Writes are off: start the server with `contracts serve --review`")
    if not await _can_review(datasette, request):
        raise Forbidden("Log in to review (/-/login with the token `contracts serve` printed)")
    if "application/json" in request.headers.get("content-type", ""):
        form = json.loads((await request.post_body()) or b"{}")
    else:
        form = dict(await request.post_vars())
    if form.get("action") not in ACTIONS:
        return Response.text("action must be accept, correct or reject", status=400)
    actor = f"{request.actor['id']} (web)"
    try:
        message = await asyncio.to_thread(_apply, config["store"], actor, form)
    except (review.ReviewError, edits.EditError, lifecycle.LifecycleError,
            schedule.ScheduleError, StoreNotFound, StoreError) as e:  # fmt: skip
        if wants_json:
            return Response.json({"ok": False, "error": str(e)}, status=400)
        datasette.add_message(request, str(e), datasette.ERROR)
        return Response.redirect(_back(datasette, form))
    if wants_json:
        return Response.json({"ok": True, "message": message})
    datasette.add_message(request, message, datasette.INFO)
    return Response.redirect(_back(datasette, form))


def _back(datasette, form: dict) -> str:
    nxt = form.get("next") or ""
    if nxt.startswith("/") and not nxt.startswith("//"):
        return nxt
    return datasette.urls.path("/-/review")


# --- login by token --------------------------------------------------------------------------
async def login(request, datasette):
    from tracker.web.plugin import token_matches

    config = _config(datasette)
    if request.method == "POST":
        form = await request.post_vars()
        token, name = form.get("token", ""), (form.get("name") or "").strip()
    else:
        token, name = request.args.get("token", ""), (request.args.get("name") or "").strip()
    error = None
    if token:
        if token_matches(datasette, token):
            response = Response.redirect(datasette.urls.path("/-/review"))
            actor = {"id": name[:60] or "reviewer", "via": "contracts-token"}
            response.set_cookie("ds_actor", datasette.sign({"a": actor}, "actor"),
                                httponly=True, samesite="lax")  # fmt: skip
            return response
        error = "That token is not the one `contracts serve --review` printed."
    context = {"error": error, "review_on": bool(config.get("review"))}
    return Response.html(await datasette.render_template("contracts_login.html", context,
                                                         request=request),
                         status=403 if error else 200)  # fmt: skip


def login_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/-/login?{urlencode({'token': token})}"


ROUTES = [
    (r"^/-/contract/(?P<id>\d+)$", contract_page),
    (r"^/-/document/(?P<id>\d+)/page/(?P<page>\d+)$", page_text),
    (r"^/-/document/(?P<id>\d+)/file$", original_file),
    (r"^/-/calendar\.ics$", calendar),
    (r"^/-/review$", review_page),
    (r"^/-/login$", login),
]
