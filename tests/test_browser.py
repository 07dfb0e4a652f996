"""The web view in a real browser: Chromium (Debian's `chromium` and `chromium-driver`, which
.ci/run installs) driven by Selenium, against `contracts serve` running as a person starts it.

The browser has no network but this machine: a dead proxy for everything else and a resolver
that knows no name, and every resource a page loaded must come from the server. Set
CONTRACTS_SCREENSHOTS=docs to write screenshots of the main pages there.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from models import Contract, Document, Evidence, Milestone, Page, Party
from tests.conftest import ROOT
from tracker.cli import cli
from tracker.save import save_document
from tracker.store import open_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                "(pip install '.[test]')")  # fmt: skip
pytest.importorskip("datasette", reason="the web extra is not installed: pip install '.[web]'")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="Chromium is not installed: apt-get install -y chromium chromium-driver (.ci/run does)",
)
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

TOKEN = "browser-test-token"
AS_OF = "2025-05-20"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SHOTS = os.environ.get("CONTRACTS_SCREENSHOTS")


def add_hostile_contract(path: Path) -> int:
    text = f"{HOSTILE} SERVICES AGREEMENT"
    document = Document(path="hostile.txt", sha256="f" * 64, format="txt",
                        pages=(Page(number=1, text=text),), size=len(text))  # fmt: skip
    evidence = Evidence(page=1, text=HOSTILE)
    contract = Contract(
        file="hostile.txt", sha256="f" * 64, format="txt", pages=1, title=HOSTILE,
        parties=(Party(HOSTILE, "Client", evidence, 0.3, True),),
        milestones=(Milestone(HOSTILE, "payment", date(2025, 5, 1), amount=100.0,
                              currency="USD", evidence=evidence, needs_review=True),),
    )  # fmt: skip
    db = open_store(path)
    try:
        return save_document(db, document, contract)
    finally:
        db.conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(template_store, tmp_path_factory):
    source, items = template_store
    path = tmp_path_factory.mktemp("browser") / "contracts.db"
    shutil.copy(source, path)
    hostile = add_hostile_contract(path)
    port = free_port()
    command = [sys.executable, "-c", "from tracker.cli import cli; cli()", "serve", "--db",
               str(path), "--port", str(port), "--review", "--as-of", AS_OF]  # fmt: skip
    env = {**os.environ, "CONTRACTS_TOKEN": TOKEN}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"contracts serve stopped: {process.stderr.read()}")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("contracts serve did not start listening within 60 s")
    yield {"url": f"http://127.0.0.1:{port}", "path": path, "items": items, "hostile": hostile}
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--window-size=1280,1000",
                 # No network but this machine: a dead proxy, and no name resolves.
                 "--proxy-server=http://127.0.0.1:9",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):  # fmt: skip
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=DRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def load(browser, server, path: str):
    browser.get(server["url"] + path)
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def check_offline(browser, server) -> None:
    """Every resource the page loaded came from the server; nothing failed to load."""
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    outside = [u for u in urls if not u.startswith(server["url"])]
    assert outside == [], outside
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors


def screenshot(browser, name: str) -> None:
    if not SHOTS:
        return
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 700), 2400))
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(Path(SHOTS) / f"web-{name}.png"))
    browser.set_window_size(1280, 1000)


def test_home_page(browser, server):
    load(browser, server, "/")
    assert browser.title.startswith("Contracts")
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav.contracts-panel a")]
    assert links[:4] == ["Contracts", "Milestones", "Overdue", "Due soon"]
    check_offline(browser, server)
    screenshot(browser, "home")


def test_overdue_page(browser, server):
    load(browser, server, "/contracts/overdue")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    cells = [row.text for row in rows]
    assert any("First installment" in c and "117 days late" in c for c in cells)
    links = [a.get_attribute("href") for a in browser.find_elements(By.LINK_TEXT, "json")]
    assert any("/contracts/overdue.json" in (href or "") for href in links)
    check_offline(browser, server)
    screenshot(browser, "overdue")


def test_contract_page_with_its_quotes(browser, server):
    load(browser, server, "/-/contract/1")
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "blockquote.quote")]
    assert any("Twelve Thousand Dollars ($12,000.00)" in q for q in quotes)
    assert browser.find_element(By.CSS_SELECTOR, "#milestone-5").text.count("USD 12,000.00")
    check_offline(browser, server)
    screenshot(browser, "contract")
    browser.find_element(By.CSS_SELECTOR, "#milestone-5 .evidence a").click()
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, "quote")))
    assert "Twelve Thousand Dollars" in browser.find_element(By.ID, "quote").text
    assert "page 2 of 3" in browser.find_element(By.TAG_NAME, "h1").text


def test_the_charts_have_marks(browser, server):
    load(browser, server, "/-/dashboards/portfolio")
    count_marks = """
        return ['chart-cash', 'chart-status'].map(id => {
          const el = document.getElementById(id);
          const svg = el && el.querySelector('svg.marks');
          if (svg) return svg.querySelectorAll('g.mark-rect path').length;  // one per bar
          const canvas = el && el.querySelector('canvas');
          if (!canvas) return 0;
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width,
                                                            canvas.height).data;
          let coloured = 0;  // pixels of bars: saturated, unlike grey text and grid lines
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
            if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
          }
          return coloured > 100 ? 1 : 0;
        });"""
    WebDriverWait(browser, 30).until(lambda d: min(d.execute_script(count_marks)) > 0)
    cash, status = browser.execute_script(count_marks)
    assert cash >= 2 and status >= 1  # expected and collected bars; a bar per status
    check_offline(browser, server)
    screenshot(browser, "charts")


def test_the_calendar_feed(server):
    from icalendar import Calendar

    with urllib.request.urlopen(server["url"] + "/-/calendar.ics", timeout=30) as response:
        assert response.headers["content-type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any(s.startswith("First installment (payment)") for s in summaries)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert all(uid.startswith("milestone-") and uid.endswith(".contracts") for uid in uids)


def test_hostile_text_renders_as_text(browser, server):
    load(browser, server, f"/-/contract/{server['hostile']}")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert() ran
    assert HOSTILE in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert any(HOSTILE in q.text for q in browser.find_elements(By.CSS_SELECTOR, "blockquote"))
    load(browser, server, "/-/review")
    assert HOSTILE in browser.find_element(By.CSS_SELECTOR, "table.review").text
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


def test_a_post_without_the_token_is_refused(server):
    data = json.dumps({"item": server["items"]["party"], "action": "accept"}).encode()
    request = urllib.request.Request(server["url"] + "/-/review", data=data, method="POST",
                                     headers={"content-type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_review_in_the_page_then_export_and_evaluate(browser, server, runner, tmp_path,
                                                     monkeypatch, capsys):  # fmt: skip
    from extractor.evaluate.fixtures import main as evaluate_main

    items = server["items"]
    load(browser, server, f"/-/login?token={TOKEN}&name=Dana")
    assert browser.current_url.endswith("/-/review")
    screenshot(browser, "review")
    browser.find_element(By.CSS_SELECTOR, f"#item-{items['party']} form.accept button").click()
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR,
                                                                     ".message-info")))  # fmt: skip
    assert "confirmed Elena Marquez" in browser.find_element(By.CSS_SELECTOR, ".message-info").text
    row = f"#item-{items['effective_date']}"
    browser.find_element(By.CSS_SELECTOR, f"{row} form.correct input[name=value]").send_keys(
        "2025-01-15")
    browser.find_element(By.CSS_SELECTOR, f"{row} form.correct button").click()
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR,
                                                                     ".message-info")))  # fmt: skip
    assert "2025-01-13 -> 2025-01-15" in browser.find_element(By.CSS_SELECTOR,
                                                              ".message-info").text  # fmt: skip
    assert not browser.find_elements(By.CSS_SELECTOR, row)
    check_offline(browser, server)

    monkeypatch.setenv("CONTRACTS_DB", str(server["path"]))
    shown = runner.invoke(cli, ["show", "1"]).stdout
    assert "Effective date: 2025-01-15" in shown
    history = runner.invoke(cli, ["history", "1"]).stdout
    assert "Dana (web)" in history and "confirmed: Elena Marquez (Consultant)" in history
    out = tmp_path / "corrections.jsonl"
    assert runner.invoke(cli, ["review", "export", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text().splitlines()[0])["effective_date"] == "2025-01-15"
    assert evaluate_main(["--gold", str(out), "--json"]) == 0
    fields = json.loads(capsys.readouterr().out)["fields"]
    assert fields["effective_date"]["fn"] == 1  # the extractor still reads 2025-01-13
    assert fields["parties"]["tp"] == 1
