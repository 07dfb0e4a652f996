"""Send a digest by email: a plain-text and an HTML part, with ``smtplib`` and ``email``.

The server and sender come from the options or the environment: ``CONTRACTS_SMTP``
(``host:port``), ``CONTRACTS_SMTP_FROM``, ``CONTRACTS_SMTP_USER`` and
``CONTRACTS_SMTP_PASSWORD`` (login, after STARTTLS when ``CONTRACTS_SMTP_STARTTLS=1``).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # smtplib and email are imported when a digest is sent (start-up time)
    from email.message import EmailMessage

DEFAULT_PORT = 25
TIMEOUT = 30


class MailError(Exception):
    """The digest could not be sent: no server configured, or the server refused it."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int = DEFAULT_PORT
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def server_from(spec: str | None, env: dict | None = None) -> Server:
    """``--smtp HOST:PORT`` or ``$CONTRACTS_SMTP``; MailError when neither is set."""
    env = os.environ if env is None else env
    spec = spec or env.get("CONTRACTS_SMTP")
    if not spec:
        raise MailError("no SMTP server to send the digest through: give --smtp HOST:PORT or "
                        "set CONTRACTS_SMTP (for example CONTRACTS_SMTP=localhost:25)")
    host, _, port = spec.strip().rpartition(":") if ":" in spec else (spec.strip(), "", "")
    try:
        number = int(port) if port else DEFAULT_PORT
    except ValueError:
        raise MailError(f"SMTP server {spec!r} is not HOST:PORT (for example "
                        "smtp.example.com:587)") from None  # fmt: skip
    return Server(host or "localhost", number, env.get("CONTRACTS_SMTP_USER") or None,
                  env.get("CONTRACTS_SMTP_PASSWORD") or None,
                  env.get("CONTRACTS_SMTP_STARTTLS", "") in ("1", "true", "yes"))  # fmt: skip


def sender_from(spec: str | None, env: dict | None = None) -> str:
    env = os.environ if env is None else env
    return spec or env.get("CONTRACTS_SMTP_FROM") or f"contracts@{socket.getfqdn() or 'localhost'}"


def message(subject: str, text: str, html: str, sender: str, to: list[str]) -> EmailMessage:
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = sender
    mail["To"] = ", ".join(to)
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    return mail


def send(mail: EmailMessage, server: Server) -> None:
    """Deliver ``mail``; MailError (with the server named) on any failure."""
    import smtplib

    try:
        with smtplib.SMTP(server.host, server.port, timeout=TIMEOUT) as smtp:
            if server.starttls:
                smtp.starttls()
            if server.user:
                smtp.login(server.user, server.password or "")
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as e:
        raise MailError(f"cannot send the digest through {server}: {e}") from e
