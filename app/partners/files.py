"""Uploaded files that must not outlive a rolled-back transaction.

A file is written to the store before its row is committed. If the transaction that wrote it
rolls back (the whole request, or a savepoint around the upload), a file this transaction
created and no committed row refers to is removed, so a failed upload leaves nothing behind.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, SessionTransaction

from app.partners.models import Document, Partner
from app.storage import FileStore

_NEW_FILES = "partners_new_files"
_RELEASED_FILES = "partners_released_files"


@dataclass(frozen=True)
class _Written:
    store: FileStore
    key: str
    transaction: SessionTransaction


def save_new(session: Session, store: FileStore, content: bytes) -> str:
    """Store the content; remember it for removal if this transaction rolls back."""
    existed = _exists(store, content)
    key = store.save(content)
    if not existed:
        transaction = session.get_nested_transaction() or session.get_transaction()
        if transaction is None:  # pragma: no cover - services always run inside a transaction
            transaction = session.begin()
        session.info.setdefault(_NEW_FILES, []).append(_Written(store, key, transaction))
    return key


def release_after_commit(session: Session, store: FileStore, key: str) -> None:
    """The last row referring to this file was deleted: remove the file once that commits
    (unless a row committed meanwhile by another request refers to it again)."""
    session.info.setdefault(_RELEASED_FILES, []).append((store, key))


def _exists(store: FileStore, content: bytes) -> bool:
    return store.exists(hashlib.sha256(content).hexdigest())


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def _referenced(session: Session, key: str) -> bool:
    """Whether a committed row refers to the file (checked on a fresh connection)."""
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        # Tests bind the session to one connection in an outer transaction: nothing
        # outside it is committed, so only this session's own rows could refer to the key.
        return False
    with bind.connect() as connection:
        found = (
            connection.execute(select(Document.id).where(Document.storage_key == key).limit(1)).first()
            or connection.execute(select(Partner.id).where(Partner.logo_storage_key == key).limit(1)).first()
        )
    return found is not None


@event.listens_for(Session, "after_soft_rollback")
def _remove_files_of_rolled_back_transaction(session: Session, previous: SessionTransaction) -> None:
    written: list[_Written] = session.info.get(_NEW_FILES, [])
    if not written:
        return
    keep = []
    for item in written:
        if _within(item.transaction, previous):
            if not _referenced(session, item.key):
                item.store.delete(item.key)
        else:
            keep.append(item)
    session.info[_NEW_FILES] = keep
    if previous.parent is None:
        session.info.pop(_RELEASED_FILES, None)


@event.listens_for(Session, "after_commit")
def _forget_committed_files(session: Session) -> None:
    session.info.pop(_NEW_FILES, None)
    released = session.info.pop(_RELEASED_FILES, [])
    for store, key in released:
        if not _referenced(session, key):
            store.delete(key)
