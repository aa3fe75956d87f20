"""Evidence test data: plain functions with keyword overrides; each flushes."""

from typing import Any

from sqlalchemy.orm import Session

from app.db import utcnow
from app.evidence.facts import item_facts
from app.evidence.models import (
    Attrition,
    Direction,
    EvidenceItem,
    EvidenceStatus,
    EvidenceType,
    Finding,
    StudyDesign,
    WwcRating,
)
from app.evidence.tiers import assess
from app.partners.models import Partner

# The form fields of a study that supports Tier 1 (strong evidence).
TIER_1_FORM = {
    "title": "Leadership coaching trial",
    "summary": "Principals coached for two years.",
    "evidence_type": "independent_evaluation",
    "study_design": "rct",
    "conducted_by": "Northfield Research Group (fictional)",
    "study_year": "2022",
    "grades": "3-8",
    "locale": "urban",
    "school_count": "12",
    "student_count": "1200",
    "site_count": "12",
    "attrition": "low",
    "wwc_rating": "without_reservations",
    "citation": "Fictional, A. (2022). A trial.",
    "link": "https://example.org/study",
    "findings-0-outcome_domain": "math",
    "findings-0-measure": "State math test",
    "findings-0-effect_size": "0.25",
    "findings-0-p_value": "0.01",
    "findings-0-direction": "positive",
    "findings-0-sample_size": "1200",
}


def finding(**overrides: Any) -> Finding:
    values: dict[str, Any] = {
        "position": 0,
        "outcome_domain": "math",
        "measure": "State math test",
        "effect_size": 0.25,
        "p_value": 0.01,
        "direction": Direction.positive,
        "sample_size": 1200,
        "reported_significant": False,
    }
    values.update(overrides)
    return Finding(**values)


def evidence_item(
    session: Session,
    *,
    partner: Partner,
    status: EvidenceStatus = EvidenceStatus.draft,
    findings: list[Finding] | None = None,
    **overrides: Any,
) -> EvidenceItem:
    values: dict[str, Any] = {
        "partner_id": partner.id,
        "title": "Leadership coaching trial",
        "summary": "Principals coached for two years.",
        "evidence_type": EvidenceType.independent_evaluation,
        "study_design": StudyDesign.rct,
        "conducted_by": "Northfield Research Group (fictional)",
        "study_year": 2022,
        "grades": "3-8",
        "locale": "urban",
        "school_count": 12,
        "student_count": 1200,
        "site_count": 12,
        "attrition": Attrition.low,
        "wwc_rating": WwcRating.without_reservations,
        "status": status,
        "version": 1,
        "is_latest": True,
    }
    values.update(overrides)
    item = EvidenceItem(**values)
    item.findings = [finding()] if findings is None else findings
    item.attachments = []
    item.claimed_tier = assess(item_facts(item)).tier
    if status is not EvidenceStatus.draft:
        item.submitted_at = utcnow()
    session.add(item)
    session.flush()
    if item.lineage_id is None:
        item.lineage_id = item.id
        session.flush()
    return item
