"""The append-only audit log: one event per state change, in the change's transaction."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.actor import Actor
from app.accounts.models import AuditEvent

# Never copied into an event, whatever a caller passes.
_SECRET_FIELDS = frozenset({"password", "password_hash", "token", "token_hash"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int | str | None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor.user.id if actor.user is not None else None,
        actor_email=actor.label,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        changes={k: _jsonable(v) for k, v in (changes or {}).items() if k not in _SECRET_FIELDS},
        client_address=actor.client_address,
    )
    session.add(event)
    return event


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
