"""Review cycles, rubrics, applications, conflicts, assignments, score sheets, decisions, designations."""

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, TimestampMixin, str_enum, utcnow

EXPIRING_WITHIN_DAYS = 90


class CycleStatus(enum.StrEnum):
    draft = "draft"
    open = "open"
    in_review = "in_review"
    decided = "decided"
    closed = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ApplicationStatus(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    withdrawn = "withdrawn"
    decided = "decided"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ConflictKind(enum.StrEnum):
    employment = "employment"
    family = "family"
    financial = "financial"
    other = "other"

    @property
    def label(self) -> str:
        return CONFLICT_KIND_LABELS[self]


CONFLICT_KIND_LABELS = {
    ConflictKind.employment: "Employment or contract in the last 2 years",
    ConflictKind.family: "Family or personal relationship",
    ConflictKind.financial: "Financial interest",
    ConflictKind.other: "Other",
}


class Recommendation(enum.StrEnum):
    approve = "approve"
    approve_with_conditions = "approve_with_conditions"
    do_not_approve = "do_not_approve"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Outcome(enum.StrEnum):
    """A decision's result for one focus area."""

    approved = "approved"
    approved_with_conditions = "approved_with_conditions"
    not_approved = "not_approved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def grants(self) -> bool:
        return self is not Outcome.not_approved


class Rubric(IdMixin, TimestampMixin, Base):
    """Weighted criteria scored 1-4. Frozen once a cycle using it opens; copy it to change it."""

    __tablename__ = "rubrics"

    name: Mapped[str] = mapped_column(String(200))
    is_frozen: Mapped[bool] = mapped_column(default=False)

    criteria: Mapped[list["RubricCriterion"]] = relationship(
        back_populates="rubric",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="RubricCriterion.position",
    )


class RubricCriterion(IdMixin, Base):
    __tablename__ = "rubric_criteria"

    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int]
    # Descriptors of levels 1, 2, 3 and 4, in that order.
    levels: Mapped[list[str]] = mapped_column(JSON, default=list)

    rubric: Mapped[Rubric] = relationship(back_populates="criteria", lazy="raise")


class Cycle(IdMixin, TimestampMixin, Base):
    __tablename__ = "review_cycles"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    status: Mapped[CycleStatus] = mapped_column(str_enum(CycleStatus), index=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id"), index=True)
    term_years: Mapped[int] = mapped_column(default=3)
    focus_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    # [{"question": ..., "word_limit": ...}, ...] in order; answers are keyed by position.
    prompts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    rubric: Mapped[Rubric] = relationship(lazy="raise")


class Application(IdMixin, TimestampMixin, Base):
    __tablename__ = "applications"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("review_cycles.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(str_enum(ApplicationStatus))
    focus_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    # {"0": "answer to prompt 0", ...}
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence_item_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    engagement_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # [{"name", "title", "district", "email"}, ...]
    references: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Frozen at submission: what reviewers read, whatever the partner changes later.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    cycle: Mapped[Cycle] = relationship(lazy="raise")
    partner: Mapped["Partner"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="application", lazy="raise", cascade="all, delete-orphan"
    )
    information_requests: Mapped[list["InformationRequest"]] = relationship(
        back_populates="application",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="InformationRequest.id",
    )
    decision: Mapped["Decision | None"] = relationship(
        back_populates="application", lazy="raise", cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (
        UniqueConstraint("cycle_id", "partner_id"),
        Index("ix_applications_cycle_id_status", "cycle_id", "status"),
    )


class Conflict(IdMixin, Base):
    """A reviewer's standing declaration against a partner: never assigned, never shown."""

    __tablename__ = "review_conflicts"

    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConflictKind] = mapped_column(str_enum(ConflictKind))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner: Mapped["Partner"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821

    __table_args__ = (UniqueConstraint("reviewer_id", "partner_id"),)


class Assignment(IdMixin, Base):
    """A reviewer assigned to an application, with their score sheet."""

    __tablename__ = "review_assignments"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date]
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Score sheet: {"<criterion id>": {"score": 1-4 or None, "comment": str}}
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # {"<evidence item id>": {"tier": code, "reason": str}}
    tiers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recommendation: Mapped[Recommendation | None] = mapped_column(str_enum(Recommendation))
    comment_to_partner: Mapped[str] = mapped_column(Text, default="")
    internal_comment: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    # Optimistic lock: a save must name the version it was edited from.
    version: Mapped[int] = mapped_column(default=1)

    application: Mapped[Application] = relationship(back_populates="assignments", lazy="raise")
    reviewer: Mapped["User"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821

    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.submitted_at is None and self.due_date < today


class DiscussionComment(IdMixin, Base):
    """Internal discussion among state staff on an application. Partners never see it."""

    __tablename__ = "review_discussion_comments"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InformationRequest(IdMixin, Base):
    __tablename__ = "information_requests"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date]
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    asked_by_name: Mapped[str] = mapped_column(String(200))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    # Documents (from the partner's documents) attached to the answer.
    document_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]

    application: Mapped[Application] = relationship(back_populates="information_requests", lazy="raise")

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class Decision(IdMixin, Base):
    __tablename__ = "review_decisions"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    # {"<focus area>": "approved" | "approved_with_conditions" | "not_approved"}
    outcomes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    rationale: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str] = mapped_column(Text, default="")
    # Reviewer comments the admin chose to release: [{"label": ..., "comment": ...}]
    released_feedback: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    internal_note: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="decision", lazy="raise")


class DesignationStatus(enum.StrEnum):
    """Stored status. "Expiring" and "expired" are derived from the dates (see display_status)."""

    active = "active"
    suspended = "suspended"
    revoked = "revoked"


class Designation(IdMixin, Base):
    """A partner's Priority Partner status for some focus areas, for a term."""

    __tablename__ = "designations"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[DesignationStatus] = mapped_column(str_enum(DesignationStatus))
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The decision that granted it (None for designations recorded by hand or imported).
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )

    focus_areas: Mapped[list["DesignationFocusArea"]] = relationship(
        back_populates="designation", lazy="raise", cascade="all, delete-orphan"
    )
    partner: Mapped["Partner"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821

    __table_args__ = (Index("ix_designations_status_end_date", "status", "end_date"),)

    def display_status(self, today: date) -> str:
        """active, expiring (within 90 days), expired, suspended or revoked."""
        if self.status is not DesignationStatus.active:
            return self.status.value
        if self.end_date < today:
            return "expired"
        if (self.end_date - today).days <= EXPIRING_WITHIN_DAYS:
            return "expiring"
        return "active"

    def is_listed(self, today: date) -> bool:
        """Only an active, unexpired designation puts a partner in the directory."""
        return self.status is DesignationStatus.active and self.start_date <= today <= self.end_date


class DesignationFocusArea(Base):
    __tablename__ = "designation_focus_areas"

    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), primary_key=True
    )
    focus_area: Mapped[str] = mapped_column(String(40), primary_key=True)

    designation: Mapped[Designation] = relationship(back_populates="focus_areas", lazy="raise")
