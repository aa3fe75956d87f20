"""Queue email in the outbox (same transaction as the change) and deliver it later."""

import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.db import utcnow
from app.notifications.models import OutboxMessage

log = logging.getLogger("app.notifications")

MAX_ATTEMPTS = 8


def message_enqueue(
    *, session: Session, recipient: str, subject: str, body: str, dedupe_key: str | None = None
) -> OutboxMessage | None:
    """Queue one email. With a dedupe key already used, nothing is queued and None returned."""
    if dedupe_key is not None:
        exists = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
        if exists is not None:
            return None
    message = OutboxMessage(recipient=recipient, subject=subject, body=body, dedupe_key=dedupe_key)
    if dedupe_key is None:
        session.add(message)
        session.flush()
        return message
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        # Another run queued the same reminder between our check and insert.
        return None
    log.info("Queued email to %s: %s", recipient, subject)
    return message


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def _smtp_send(smtp_url: str, sender: str, message: OutboxMessage) -> None:
    parts = urlsplit(smtp_url)
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with smtp_class(parts.hostname or "localhost", parts.port or 25, timeout=20) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(email)


def outbox_deliver(
    *, session_factory: sessionmaker[Session], smtp_url: str | None, sender: str, now: datetime | None = None
) -> tuple[int, int]:
    """Send what is due; each message is committed on its own so one failure loses nothing.

    Returns (sent, failed). Without an SMTP URL nothing is sent: messages stay readable in
    the outbox page.
    """
    if not smtp_url:
        return 0, 0
    now = now or utcnow()
    sent = failed = 0
    with session_factory() as session:
        due = session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.attempts < MAX_ATTEMPTS,
            )
            .order_by(OutboxMessage.id)
            .limit(200)
        ).all()
    for message_id in due:
        with session_factory.begin() as session:
            query = select(OutboxMessage).where(
                OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None)
            )
            if session.bind is not None and session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            message = session.scalar(query)
            if message is None:
                continue
            message.attempts += 1
            try:
                _smtp_send(smtp_url, sender, message)
            except (OSError, smtplib.SMTPException) as exc:
                message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
                message.next_attempt_at = now + _retry_delay(message.attempts)
                failed += 1
                log.warning("Email %s to %s failed: %s", message.id, message.recipient, exc)
            else:
                message.sent_at = utcnow()
                message.last_error = None
                sent += 1
    return sent, failed
