"""`contracts serve`: the Datasette app on a real store, through its own ASGI client (the
browser tests drive the same pages in Chromium)."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest

pytest.importorskip("datasette", reason="the web extra is not installed: pip install '.[web]'")

from tracker.cli import cli
from tracker.store import open_store
from tracker.web.app import ServeOptions, make_datasette

AS_OF = date(2025, 5, 20)
TOKEN = "s3cret-token"


def app(path, **options):
    return make_datasette(str(path), ServeOptions(as_of=AS_OF, **options))


def get(ds, path, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def post(ds, path, **kwargs):
    return asyncio.run(ds.client.post(path, **kwargs))


def rows(ds, path):
    response = get(ds, path)
    assert response.status_code == 200, response.text
    return response.json()["rows"]


class Assets(HTMLParser):
    """Every URL a page loads by itself: scripts, stylesheets, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.urls.append(attrs["href"])


def test_the_home_page_links_every_view(store):
    ds = app(store[0])
    page = get(ds, "/").text
    for href in ("/contracts/contract_list", "/contracts/milestone_list", "/contracts/overdue",
                 "/contracts/due_soon", "/contracts/cash_by_month", "/contracts/renewals",
                 "/-/review", "/-/dashboards/portfolio", "/-/calendar.ics"):  # fmt: skip
        assert f'href="{href}"' in page


def test_the_milestone_view_reads_like_the_cli(store, runner):
    ds = app(store[0])
    web = {r["id"]: r for r in rows(ds, "/contracts/milestone_list.json?_shape=objects&_size=max")}
    result = runner.invoke(cli, ["milestones", "--all", "--json", "--as-of", AS_OF.isoformat()])
    cli_rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(web) == set(cli_rows)
    for mid, row in cli_rows.items():
        assert web[mid]["due"] == row["due_date"]
        assert web[mid]["state"] == row["state"]
        assert web[mid]["outstanding"] == row["outstanding"]
        assert web[mid]["parties"] == row["parties"]
        assert web[mid]["contract"] == row["title"]
    assert {r["when"] for r in web.values()} >= {"117 days late", "10 days left"}


def test_facets_on_kind_status_currency_and_party(store):
    ds = app(store[0])
    data = get(ds, "/contracts/milestone_list.json?_facet=kind&_facet=status&_facet=currency"
                   "&_facet_array=party_names").json()  # fmt: skip
    facets = data["facet_results"]
    facets = facets.get("results", facets)  # 0.65 nests them
    assert {"kind", "status", "currency", "party_names"} <= set(facets)
    parties = {v["value"] for v in facets["party_names"]["results"]}
    assert "Elena Marquez" in parties


def test_canned_queries_answer_as_pages_json_and_csv(store):
    ds = app(store[0])
    overdue = rows(ds, "/contracts/overdue.json?_shape=objects")
    assert [r["milestone"] for r in overdue][:1] == ["First installment"]
    assert all(r["due"] < AS_OF.isoformat() for r in overdue)
    assert "Overdue milestones" in get(ds, "/contracts/overdue").text
    text = get(ds, "/contracts/overdue.csv").text
    assert next(csv.reader(io.StringIO(text)))[:3] == ["id", "due", "when"]
    soon = rows(ds, "/contracts/due_soon.json?_shape=objects&days=30")
    assert [r["milestone"] for r in soon] == ["Final Report", "Acceptance of the Final Report"]
    assert rows(ds, "/contracts/due_soon.json?_shape=objects&days=5") == []
    later = rows(ds, "/contracts/due_soon.json?_shape=objects&as_of=2025-01-01&days=30")
    assert [r["milestone"] for r in later] == ["First installment"]
    cash = rows(ds, "/contracts/cash_by_month.json?_shape=objects")
    assert {(r["currency"], r["month"]): r["expected"] for r in cash}[("USD", "2025-01")] == 12000
    queue = rows(ds, "/contracts/review_queue.json?_shape=objects&contract=1")
    assert {r["target"] for r in queue} == {"party", "key_date", "milestone", "warning"}
    assert rows(ds, "/contracts/renewals.json?_shape=objects") is not None
    found = rows(ds, "/contracts/search.json?_shape=objects&q=interim")
    assert found and "[" in found[0]["found"]


def test_cash_is_never_summed_across_currencies(store):
    path, _ids = store
    db = open_store(path)
    db.execute("UPDATE milestones SET currency = 'EUR' WHERE name LIKE 'Payment 10%'")
    db.conn.close()
    cash = rows(app(path), "/contracts/cash_by_month.json?_shape=objects")
    assert {r["currency"] for r in cash} == {"USD", "EUR"}
    assert sum(r["expected"] for r in cash if r["currency"] == "EUR") == 18000


def test_full_text_search_over_documents(store):
    found = rows(app(store[0]), "/contracts/document_list.json?_shape=objects&_search=interim")
    assert [r["title"] for r in found] == ["CONSULTING AGREEMENT"]


def test_the_contract_page_shows_values_with_their_quotes_and_pages(store):
    page = get(app(store[0]), "/-/contract/1").text
    assert "Northwind Health Systems, Inc." in page and "Elena Marquez" in page
    assert "Twelve Thousand Dollars ($12,000.00)" in page  # the quoted sentence
    assert 'href="/-/document/1/page/2?quote=' in page
    assert 'href="/-/document/1/file#page=2"' in page  # the original PDF at that page
    assert "117 days late" in page and "needs review" in page
    assert "USD 12,000.00" in page


def test_a_document_page_highlights_the_quote(store):
    ds = app(store[0])
    response = get(ds, "/-/document/1/page/2", params={"quote": "Twelve Thousand Dollars"})
    assert '<mark id="quote">Twelve Thousand Dollars</mark>' in response.text
    assert get(ds, "/-/document/1/page/9").status_code == 404


def test_the_original_is_served_only_while_unchanged(store, tmp_path):
    path, _ids = store
    ds = app(path)
    response = get(ds, "/-/document/1/file")
    assert response.headers["content-type"] == "application/pdf"
    db = open_store(path)
    sha = db.execute("SELECT sha256 FROM documents WHERE id = 1").fetchone()[0]
    assert hashlib.sha256(response.content).hexdigest() == sha
    copy = tmp_path / "changed.pdf"
    copy.write_bytes(response.content[:-10] + b"0123456789")
    db.execute("UPDATE documents SET path = ?", [str(copy)])
    db.conn.close()
    response = get(ds, "/-/document/1/file")
    assert response.status_code == 404 and "has changed since it was read" in response.text


def test_the_calendar_feed_has_the_uids_of_the_export(store, runner):
    from icalendar import Calendar

    feed = Calendar.from_ical(get(app(store[0]), "/-/calendar.ics").content)
    result = runner.invoke(cli, ["export", "--format", "ics"])
    exported = Calendar.from_ical(result.stdout)
    uids = sorted(str(e["UID"]) for e in feed.walk("VEVENT"))
    assert uids and uids == sorted(str(e["UID"]) for e in exported.walk("VEVENT"))


def test_writes_are_off_unless_serve_review(store):
    ds = app(store[0])
    response = post(ds, "/-/review", json={"item": store[1]["party"], "action": "accept"},
                    headers={"authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 403 and "contracts serve --review" in response.text
    assert "Read-only: writes are off" in get(ds, "/-/review").text


def test_anonymous_posts_are_refused_and_the_token_is_needed(store, runner):
    path, ids = store
    ds = app(path, review=True, token=TOKEN)
    form = {"item": ids["party"], "action": "accept"}
    assert post(ds, "/-/review", data=form).status_code == 403
    wrong = {"authorization": "Bearer not-it"}
    assert post(ds, "/-/review", json=form, headers=wrong).status_code == 403
    ok = post(ds, "/-/review", json=form, headers={"authorization": f"Bearer {TOKEN}",
                                                   "x-reviewer": "dana"})  # fmt: skip
    assert ok.status_code == 200 and ok.json()["ok"] is True
    assert "dana (web)" in runner.invoke(cli, ["history", "1"]).stdout


def test_a_logged_in_form_needs_its_csrf_token(store):
    path, ids = store
    ds = app(path, review=True, token=TOKEN)
    login = get(ds, "/-/login", params={"token": TOKEN, "name": "dana"})
    assert login.status_code == 302
    cookies = {"ds_actor": login.cookies["ds_actor"]}
    page = get(ds, "/-/review", cookies=cookies)
    assert 'value="accept"' in page.text
    form = {"item": ids["party"], "action": "accept"}
    refused = post(ds, "/-/review", data=form, cookies={**cookies, "ds_csrftoken": "x"})
    assert refused.status_code == 403
    csrf = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    sent = post(ds, "/-/review", data={**form, "csrftoken": csrf},
                cookies={**cookies, "ds_csrftoken": page.cookies["ds_csrftoken"]})  # fmt: skip
    assert sent.status_code == 302
    assert ids["party"] not in get(ds, "/-/review").text
    assert get(ds, "/-/login", params={"token": "wrong"}).status_code == 403


def test_every_asset_is_served_from_the_installed_packages(store):
    ds = app(store[0])
    pages = ["/", "/contracts/milestone_list", "/contracts/overdue", "/-/contract/1",
             "/-/dashboards/portfolio", "/-/review", "/-/document/1/page/1"]  # fmt: skip
    seen = set()
    for page in pages:
        parser = Assets()
        parser.feed(get(ds, page).text)
        for url in parser.urls:
            assert url.startswith("/") and not url.startswith("//"), f"{page} loads {url}"
            seen.add(url)
    assert any("vega-lite" in url for url in seen)
    for url in seen:
        assert get(ds, url).status_code == 200, url


def test_hostile_text_is_shown_as_text(store):
    path, _ids = store
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    db = open_store(path)
    db.execute("UPDATE contracts SET title = ?", [hostile])
    db.execute("UPDATE milestones SET evidence = ?, name = ?", [hostile, hostile])
    db.execute("UPDATE parties SET evidence = ?", [hostile])
    db.conn.close()
    ds = app(path)
    for page in ("/-/contract/1", "/-/review", "/contracts/milestone_list", "/contracts/overdue"):
        text = get(ds, page).text
        assert "<script>alert(1)" not in text and "<img src=x" not in text, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, page


def test_the_views_are_made_once(store):
    from tracker.web.app import prepare_store

    path, _ids = store
    assert prepare_store(str(path)) == ["contract_list", "milestone_list", "document_list"]
    assert prepare_store(str(path)) == []


def test_serve_without_datasette_prints_a_one_line_hint(runner, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "datasette" else real(name, *a))
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert result.stderr == "Error: the web view needs Datasette: pip install 'contracts[web]'\n"
