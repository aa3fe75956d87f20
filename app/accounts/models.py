"""Organizations, users, sign-in sessions, one-time tokens, API tokens, audit events."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, TimestampMixin, str_enum, utcnow


class OrganizationKind(enum.StrEnum):
    state_agency = "state_agency"
    partner = "partner"
    district = "district"


class OrganizationStatus(enum.StrEnum):
    pending = "pending"
    active = "active"
    rejected = "rejected"
    disabled = "disabled"


class Role(enum.StrEnum):
    partner_editor = "partner_editor"
    district_member = "district_member"
    reviewer = "reviewer"
    state_admin = "state_admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.partner_editor: "Partner editor",
    Role.district_member: "District member",
    Role.reviewer: "Reviewer",
    Role.state_admin: "State administrator",
}

# Which roles may belong to which kind of organization.
ROLES_BY_KIND = {
    OrganizationKind.state_agency: (Role.state_admin, Role.reviewer),
    OrganizationKind.partner: (Role.partner_editor,),
    OrganizationKind.district: (Role.district_member,),
}


class UserStatus(enum.StrEnum):
    invited = "invited"
    active = "active"
    disabled = "disabled"


class TokenPurpose(enum.StrEnum):
    invitation = "invitation"
    password_reset = "password_reset"


class Organization(IdMixin, TimestampMixin, Base):
    __tablename__ = "organizations"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganizationKind] = mapped_column(str_enum(OrganizationKind))
    status: Mapped[OrganizationStatus] = mapped_column(str_enum(OrganizationStatus))
    website: Mapped[str | None] = mapped_column(String(300))
    request_note: Mapped[str | None] = mapped_column(Text)
    decision_reason: Mapped[str | None] = mapped_column(Text)

    users: Mapped[list["User"]] = relationship(back_populates="organization", lazy="raise")

    __table_args__ = (Index("ix_organizations_kind_status", "kind", "status"),)


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    # Stored lower-cased: the unique index makes emails unique case-insensitively.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    status: Mapped[UserStatus] = mapped_column(str_enum(UserStatus))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    last_sign_in_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship(back_populates="users", lazy="raise")

    @property
    def is_active(self) -> bool:
        return self.status is UserStatus.active


class SignInSession(IdMixin, Base):
    """A signed-in browser. The cookie carries a random token; only its hash is stored."""

    __tablename__ = "sign_in_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    client_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship(lazy="raise")


class OneTimeToken(IdMixin, Base):
    """Invitation and password-reset links: single use, expiring, stored hashed."""

    __tablename__ = "one_time_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[TokenPurpose] = mapped_column(str_enum(TokenPurpose))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="raise")


class ApiToken(IdMixin, Base):
    """A personal token for the JSON API, carrying exactly its owner's permissions."""

    __tablename__ = "api_tokens"

    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown so owners can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="raise")


class SignInFailure(IdMixin, Base):
    """One failed sign-in; counted per account and per client address for throttling."""

    __tablename__ = "sign_in_failures"

    email: Mapped[str] = mapped_column(String(254))
    client_address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_sign_in_failures_email_failed_at", "email", "failed_at"),
        Index("ix_sign_in_failures_client_address_failed_at", "client_address", "failed_at"),
    )


class AuditEvent(IdMixin, Base):
    """Who did what to which object, when and from where. Rows are only ever inserted."""

    __tablename__ = "audit_events"

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(60))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client_address: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)
