"""Plain study facts for the tier rules, from a saved item or from a half-filled form."""

from collections.abc import Mapping
from typing import Any

from app.evidence.models import EvidenceItem
from app.evidence.tiers import FindingFacts, StudyFacts


def item_facts(item: EvidenceItem) -> StudyFacts:
    """Facts of a saved item (its findings must be loaded)."""
    return StudyFacts(
        design=item.study_design.value,
        attrition=item.attrition.value if item.attrition else None,
        baseline_equivalence=item.baseline_equivalence,
        wwc_rating=item.wwc_rating.value,
        student_count=item.student_count,
        site_count=item.site_count,
        has_logic_model=item.has_logic_model,
        study_under_way=item.study_under_way,
        findings=tuple(
            FindingFacts(
                direction=f.direction.value,
                p_value=f.p_value,
                reported_significant=f.reported_significant,
                outcome=f.measure or f.outcome_domain,
                effect_size=f.effect_size,
            )
            for f in item.findings
        ),
    )


def _number(value: Any, kind: type = float) -> Any:
    text = str(value or "").strip().replace(",", "")
    if not text:
        return None
    try:
        return kind(text) if kind is float else int(float(text))
    except ValueError:
        return None


def _flag(value: Any) -> bool:
    return str(value or "").strip().lower() in ("yes", "true", "on", "1")


def form_facts(values: Mapping[str, Any], findings: list[Mapping[str, Any]]) -> StudyFacts:
    """Facts of whatever the partner has typed so far: unreadable values count as missing."""
    return StudyFacts(
        design=str(values.get("study_design") or "") or None,
        attrition=str(values.get("attrition") or "") or None,
        baseline_equivalence=_flag(values.get("baseline_equivalence")),
        wwc_rating=str(values.get("wwc_rating") or "") or None,
        student_count=_number(values.get("student_count"), int),
        site_count=_number(values.get("site_count"), int),
        has_logic_model=_flag(values.get("has_logic_model")),
        study_under_way=_flag(values.get("study_under_way")),
        findings=tuple(
            FindingFacts(
                direction=str(row.get("direction") or "") or None,
                p_value=_number(row.get("p_value")),
                reported_significant=_flag(row.get("reported_significant")),
                outcome=str(row.get("measure") or row.get("outcome_domain") or ""),
                effect_size=_number(row.get("effect_size")),
            )
            for row in findings
        ),
    )
