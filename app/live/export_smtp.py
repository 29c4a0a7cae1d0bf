"""Sending email over SMTP (blocking: call `deliver` in a worker thread with `asyncio.to_thread`).

One connection for the whole batch; each message goes to one recipient, so the report says per recipient
whether the server accepted it ('sent'), refused the address ('refused') or could not be reached ('failed').
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import parseaddr

from app.config import Settings

Result = tuple[str, str, str | None]  # (address, status, error)
TIMEOUT = 20.0


def connect(settings: Settings, timeout: float = TIMEOUT) -> smtplib.SMTP:
    """An open, logged-in connection as the settings say (security: tls, starttls or none)."""
    host, port = settings.smtp_host or "", settings.smtp_port
    if settings.smtp_security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if settings.smtp_user:
        smtp.login(settings.smtp_user, settings.smtp_password or "")
    return smtp


def _reason(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {text}".strip()


def deliver(settings: Settings, messages: Sequence[tuple[str, EmailMessage]]) -> list[Result]:
    """Send each (address, message); never raises: every address gets a status."""
    try:
        smtp = connect(settings)
    except (OSError, smtplib.SMTPException) as err:
        return [(address, "failed", f"forbindelsen mislykkedes: {err}") for address, _ in messages]
    envelope_from = parseaddr(settings.smtp_sender)[1] or settings.smtp_sender
    results: list[Result] = []
    try:
        for address, message in messages:
            results.append(_send_one(smtp, envelope_from, address, message))
            if results[-1][1] == "failed" and not _alive(smtp):
                results += [(a, "failed", "forbindelsen blev afbrudt") for a, _ in messages[len(results):]]
                break
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return results


def _send_one(smtp: smtplib.SMTP, envelope_from: str, address: str, message: EmailMessage) -> Result:
    try:
        refused = smtp.send_message(message, from_addr=envelope_from, to_addrs=[address])
    except smtplib.SMTPRecipientsRefused as err:
        code, text = err.recipients.get(address, (550, b"refused"))
        return address, "refused", _reason(code, text)
    except smtplib.SMTPResponseException as err:
        return address, "failed", _reason(err.smtp_code, err.smtp_error)
    except (OSError, smtplib.SMTPException) as err:
        return address, "failed", str(err) or type(err).__name__
    if address in refused:
        return address, "refused", _reason(*refused[address])
    return address, "sent", None


def _alive(smtp: smtplib.SMTP) -> bool:
    try:
        return smtp.noop()[0] == 250
    except (OSError, smtplib.SMTPException):
        return False
