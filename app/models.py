"""Every domain's tables, imported so Alembic and the tests see one complete metadata."""

from app.accounts.models import (  # noqa: F401
    ApiToken,
    AuditEvent,
    OneTimeToken,
    Organization,
    SignInFailure,
    SignInSession,
    User,
)
from app.db import Base
from app.notifications.models import OutboxMessage  # noqa: F401

metadata = Base.metadata
