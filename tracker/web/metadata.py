"""What Datasette shows about the store: titles, table and column descriptions, facets, the
canned queries and the dashboard of charts."""

from __future__ import annotations

from tracker.web import sql

DB = "contracts"  # the store's name in URLs (/contracts/...), whatever its file is called

ABOUT = (
    "Contracts, their parties, key dates and milestones as extracted from the signed documents, "
    "with the page and sentence each value came from. Overdue and due-soon are computed from "
    "the due date and today; money is never summed across currencies."
)

TABLES: dict[str, dict] = {
    "contract_list": {
        "description": "One row per contract, like `contracts list`: parties, dates, value, the "
        "next open due date and how many values are waiting for review.",
        "columns": {
            "id": "Contract id (as in `contracts show ID`); opens the contract page.",
            "parties": "The parties, as the contract names them.",
            "value": "Total contract value, in the contract's currency.",
            "next_due": "Earliest due date of a milestone that still needs something.",
            "to_review": "Values the extractor was not sure of and nobody has reviewed yet.",
            "file": "The document the contract was read from.",
        },
        "facets": ["currency", "governing_law"],
        "sort": "id",
    },
    "milestone_list": {
        "description": "Every milestone like `contracts milestones`: due date, days late or "
        "left, contract, parties, status, amount and what is still outstanding.",
        "columns": {
            "due": "Due date: read from the contract, entered by a person, or derived from a "
            "relative deadline (for instance 30 days after the effective date).",
            "when": "Days late or left, as of today (or `contracts serve --as-of`).",
            "state": "overdue, due soon (within 14 days), upcoming, passed, done, done late, "
            "undated, waived or cancelled; computed, never stored.",
            "status": "Where the milestone is in its life: pending, in_progress, completed, "
            "approved, invoiced, paid, waived, cancelled.",
            "outstanding": "Amount still to be paid (invoiced or contracted, less payments).",
            "party_names": "The contract's parties as a list (the party facet).",
            "page": "Page of the document the milestone was read from.",
            "evidence": "The sentence it was read from.",
            "confidence": "How sure the extractor was (0 to 1).",
            "needs_review": "1 when a person should confirm the value (see the review queue).",
        },
        "facets": ["state", "kind", "status", "currency", {"array": "party_names"}],
        "sort": "due",
    },
    "document_list": {
        "description": "The documents read, without their text. Search their full text here "
        "or with the `search` query.",
        "fts_table": "documents_fts",
        "fts_pk": "id",
        "facets": ["format"],
        "columns": {"warnings": "What went wrong reading it (a JSON list)."},
    },
    "contracts": {
        "description": "The contracts as stored: one per document. `extraction` is the JSON "
        "of `contracts show --json` as extracted; `edited_fields` lists the columns a person "
        "corrected (kept on re-extraction).",
        "label_column": "title",
    },
    "documents": {
        "description": "The files read: path, format, SHA-256, pages, warnings and the text "
        "(full-text searchable).",
        "label_column": "path",
    },
    "parties": {
        "description": "Parties of each contract, with the page and sentence they were read "
        "from. `review`: confirmed or corrected by a person.",
        "facets": ["role", "review"],
    },
    "key_dates": {
        "description": "Agreement, effective, expiration and signing dates, with their evidence.",
        "facets": ["kind", "review"],
    },
    "milestones": {
        "description": "The obligations tracked: deliverables, approvals, payments, notices... "
        "with their due date or rule, amount, status and evidence.",
        "facets": ["kind", "status", "currency"],
    },
    "payment_terms": {"description": "Payment terms found: net days, late fees, retainage..."},
    "events": {
        "description": "The append-only audit log: every lifecycle step, correction, "
        "rescheduled due date and review (who, when, old and new value in `details`).",
        "facets": ["action", "actor"],
        "sort_desc": "id",
    },
    "ingest_errors": {"description": "Files that could not be read, with the reason."},
}


def queries() -> dict[str, dict]:
    as_of = " Leave as_of empty for today."
    return {
        "overdue": {
            "title": "Overdue milestones",
            "description": "Milestones whose due date has passed and that have not reached "
            "the step the date is for (completed; approved; paid), most overdue first: the "
            "first 200 (all of them: milestone_list?state=overdue)." + as_of,
            "sql": sql.overdue_sql(),
        },
        "due_soon": {
            "title": "Due soon",
            "description": "Open milestones falling due within the next `days` days "
            "(default 30), soonest first: the first 200." + as_of,
            "sql": sql.due_soon_sql(),
        },
        "cash_by_month": {
            "title": "Cash by month, per currency",
            "description": "Expected (unpaid balances of open money milestones, by the month "
            "they fall due) and collected (payments, by the month received). One row per "
            "currency and month: amounts are never summed across currencies.",
            "sql": sql.cash_by_month_sql(),
        },
        "renewals": {
            "title": "Renewals and notice deadlines",
            "description": "Contracts that renew, with their notice milestones, soonest first.",
            "sql": sql.renewals_sql(),
        },
        "review_queue": {
            "title": "Review queue",
            "description": "Values the extractor was not sure of, and document warnings. "
            "Leave contract empty for all. Accept, correct or reject them on the review page "
            "(/-/review) or with `contracts review`.",
            "sql": sql.review_queue_sql(),
        },
        "search": {
            "title": "Search the documents",
            "description": "Full-text search over every document (words, \"a phrase\", "
            "prefix*, AND/OR/NOT).",
            "sql": sql.search_sql(),
        },
    }


def dashboards() -> dict:
    cash = {
        "width": 760,  # a faceted chart cannot take the container's width
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": "month"},
            "xOffset": {"field": "measure", "sort": ["expected", "collected"]},
            "y": {"field": "amount", "type": "quantitative", "title": "amount"},
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": "",
                "scale": {"domain": ["expected", "collected"]},
            },
            "row": {"field": "currency", "type": "nominal", "title": None},
        },
        "resolve": {"scale": {"y": "independent"}},
    }
    status = {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "status", "type": "nominal", "sort": None},
            "y": {"field": "milestones", "type": "quantitative"},
            "color": {"field": "status", "type": "nominal", "legend": None},
        },
    }
    return {
        "portfolio": {
            "title": "Portfolio",
            "description": "Cash expected against collected by month, one chart per currency "
            "(never summed across currencies), and milestones by status.",
            "layout": [["cash"], ["status"]],
            "charts": {
                "cash": {
                    "title": "Cash by month: expected vs collected",
                    "db": DB,
                    "query": sql.cash_chart_sql(),
                    "library": "vega-lite",
                    "display": cash,
                },
                "status": {
                    "title": "Milestones by status",
                    "db": DB,
                    "query": sql.status_chart_sql(),
                    "library": "vega-lite",
                    "display": status,
                },
            },
        }
    }


def metadata(plugin_config: dict) -> dict:
    return {
        "title": "Contracts",
        "description": ABOUT,
        "databases": {DB: {"description": ABOUT, "tables": TABLES, "queries": queries()}},
        "plugins": {"datasette-dashboards": dashboards(), "contracts": plugin_config},
    }
