"""Email: queued in the outbox with the change, sent by a real SMTP server, never lost."""

import socket
from contextlib import contextmanager
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from sqlalchemy import select

from app.db import utcnow
from app.notifications import service
from app.notifications.models import OutboxMessage


class _Collect(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield handler, f"smtp://127.0.0.1:{controller.port}"
    controller.stop()


def _factory(session):
    # outbox_deliver opens its own transactions; in tests they nest inside the test's one.
    class _Factory:
        def __call__(self):
            return _NoClose(session)

        @contextmanager
        def begin(self):
            with session.begin_nested():
                yield session

    return _Factory()


class _NoClose:
    def __init__(self, session) -> None:
        self.session = session

    def __enter__(self):
        return self.session

    def __exit__(self, *exc) -> None:
        return None


def test_due_messages_are_sent_once_over_smtp(session, smtp_server):
    handler, url = smtp_server
    service.message_enqueue(session=session, recipient="a@example.org", subject="Hello", body="Body text")
    session.flush()
    sent, failed = service.outbox_deliver(
        session_factory=_factory(session), smtp_url=url, sender="portal@example.org"
    )
    assert (sent, failed) == (1, 0)
    assert handler.messages[0]["To"] == "a@example.org"
    assert handler.messages[0]["Subject"] == "Hello"
    again = service.outbox_deliver(
        session_factory=_factory(session), smtp_url=url, sender="portal@example.org"
    )
    assert again == (0, 0)
    assert len(handler.messages) == 1


def test_failed_send_keeps_the_message_and_retries_later(session):
    message = service.message_enqueue(session=session, recipient="b@example.org", subject="Hi", body="x")
    session.flush()
    dead = f"smtp://127.0.0.1:{_free_port()}"
    sent, failed = service.outbox_deliver(
        session_factory=_factory(session), smtp_url=dead, sender="p@example.org"
    )
    assert (sent, failed) == (0, 1)
    session.refresh(message)
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    assert message.next_attempt_at > utcnow() + timedelta(seconds=30)


def test_without_smtp_messages_stay_in_the_outbox(session):
    service.message_enqueue(session=session, recipient="c@example.org", subject="Hi", body="x")
    assert service.outbox_deliver(
        session_factory=_factory(session), smtp_url=None, sender="p@example.org"
    ) == (0, 0)
    assert (
        session.scalar(select(OutboxMessage.sent_at).where(OutboxMessage.recipient == "c@example.org"))
        is None
    )


def test_dedupe_key_queues_a_reminder_once(session):
    first = service.message_enqueue(
        session=session, recipient="d@example.org", subject="R", body="x", dedupe_key="k1"
    )
    second = service.message_enqueue(
        session=session, recipient="d@example.org", subject="R", body="x", dedupe_key="k1"
    )
    assert first is not None and second is None
