"""The digest: what needs a person, in text, Markdown, HTML and JSON, and by email through a
real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import json
import socket
from email import message_from_bytes, policy

import pytest

from tests.conftest import FIXTURES, TEST_FILES
from tests.test_renewals import store_fixture
from tracker.cli import cli
from tracker.store import open_store

MONITORING = TEST_FILES / "monitoring"
CONSULTING = FIXTURES / "consulting-agreement.docx"

pytestmark = pytest.mark.skipif(not (FIXTURES / "consulting-agreement.expected.json").exists(),
                                reason="fixtures not generated")


@pytest.fixture
def store(db_path, monkeypatch):
    """The consulting agreement and the renewal fixture, from their golden extractions."""
    for name in ("CONTRACTS_HOLIDAYS", "CONTRACTS_SMTP", "CONTRACTS_SMTP_FROM"):
        monkeypatch.setenv(name, "")
    store_fixture(CONSULTING, db_path)
    store_fixture(MONITORING / "renewal-annual-60days.txt", db_path)
    return db_path


def run(runner, *args, code=0):
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


def test_the_sections_name_contract_party_amount_and_page(store, runner):
    text = run(runner, "digest", "--as-of", "2025-05-20", "--days", "14").stdout
    lines = text.splitlines()
    assert lines[0] == "Contracts digest for 2025-05-20 (next 14 days)"
    assert "Overdue (2)" in lines
    assert ("  - 2025-01-23 · 117 days late  First installment (payment) · USD 12,000.00 · "
            "contract 1 CONSULTING AGREEMENT · Northwind Health Systems, Inc.; Elena Marquez · "
            "p. 2  [m4]") in lines
    assert "Due within 14 days (1)" in lines
    assert any(line.startswith("  - 2025-05-30 · 10 days left  Final Report (deliverable)")
               for line in lines)
    assert "Payments to invoice now (1)" in lines
    # The renewal contract renewed three times by then: each renewal is reported.
    assert sum(line.startswith("Renewed: contract 2") for line in lines) == 3


def test_notice_windows_and_expected_payments(store, runner):
    run(runner, "complete", "2", "--on", "2025-05-28")  # Final Report delivered
    run(runner, "approve", "3", "--on", "2025-06-04")  # accepted: the payment is dated
    run(runner, "invoice", "6", "--on", "2025-06-05", "--ref", "INV-0042")
    data = json.loads(run(runner, "digest", "--as-of", "2025-12-20", "--days", "14",
                          "--format", "json").stdout)
    sections = {s["key"]: s for s in data["sections"]}
    [notice] = sections["notice"]["items"]
    assert notice["contract_id"] == 2 and notice["when"] == "2025-12-31 · 11 days left"
    assert "renews on 2026-03-01 for 1 year" in notice["what"]
    [expected] = sections["expected"]["items"]
    assert (expected["ref"], expected["amount"], expected["currency"], expected["page"]) == (
        "m6", 18000.0, "USD", 2)
    assert expected["when"] == "invoiced 2025-06-05 · due 2025-07-04"


def test_other_formats(store, runner):
    markdown = run(runner, "digest", "--as-of", "2025-05-20", "--format", "md").stdout
    assert markdown.startswith("# Contracts digest for 2025-05-20")
    assert "## Overdue (2)" in markdown and "\\[m4\\]" in markdown
    html = run(runner, "digest", "--as-of", "2025-05-20", "--format", "html").stdout
    assert "<h2>Overdue (2)</h2>" in html and "<td class='n'>USD 12,000.00</td>" in html


def test_an_empty_digest_says_so_in_one_line(db_path, runner, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    open_store(db_path).conn.close()
    result = run(runner, "digest", "--as-of", "2025-05-20")
    assert result.stdout == ("Nothing needs a person on 2025-05-20: nothing overdue, due, to "
                             "invoice or to review in the next 14 days.\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on localhost that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.envelopes = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 Message accepted for delivery"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_the_digest_email_is_received(store, runner, smtp_server):
    controller, handler = smtp_server
    result = run(runner, "digest", "--as-of", "2025-05-20", "--to", "team@example.com",
                 "--smtp", f"127.0.0.1:{controller.port}", "--from", "contracts@example.com")
    assert result.stdout == ""
    assert result.stderr.endswith(f"sent the digest of 2025-05-20 to team@example.com via "
                                  f"127.0.0.1:{controller.port}\n")
    [envelope] = handler.envelopes
    assert envelope.mail_from == "contracts@example.com"
    assert envelope.rcpt_tos == ["team@example.com"]
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Contracts digest 2025-05-20: 2 overdue, 1 due, 1 to invoice"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "First installment (payment) · USD 12,000.00 · contract 1 CONSULTING AGREEMENT" in text
    assert "<h2>Overdue (2)</h2>" in html


def test_the_server_may_come_from_the_environment(store, runner, smtp_server, monkeypatch):
    controller, handler = smtp_server
    monkeypatch.setenv("CONTRACTS_SMTP", f"127.0.0.1:{controller.port}")
    monkeypatch.setenv("CONTRACTS_SMTP_FROM", "digest@example.com")
    run(runner, "digest", "--as-of", "2025-05-20", "--to", "a@example.com", "--to",
        "b@example.com")
    [envelope] = handler.envelopes
    assert envelope.mail_from == "digest@example.com"
    assert envelope.rcpt_tos == ["a@example.com", "b@example.com"]


def test_to_without_a_server_is_a_clear_error(store, runner):
    result = run(runner, "digest", "--to", "team@example.com", code=1)
    assert result.output == ("Error: no SMTP server to send the digest through: give --smtp "
                             "HOST:PORT or set CONTRACTS_SMTP (for example "
                             "CONTRACTS_SMTP=localhost:25)\n")


def test_a_server_that_does_not_answer_is_a_clear_error(store, runner):
    port = free_port()  # nothing listens there
    result = run(runner, "digest", "--to", "team@example.com", "--smtp", f"127.0.0.1:{port}",
                 code=1)
    assert result.output.startswith(f"Error: cannot send the digest through 127.0.0.1:{port}:")
