"""Pure review rules: weighted totals, score spread, word counts, completeness, cycle workflow."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

SPREAD_FLAG = 2
MAX_SCORE = 4

# Every transition the workflow allows, with the verb shown on its button.
CYCLE_TRANSITIONS: dict[str, dict[str, str]] = {
    "draft": {"open": "Open for applications"},
    "open": {"in_review": "Close applications and start review"},
    "in_review": {"decided": "Mark decided"},
    "decided": {"closed": "Close the cycle"},
    "closed": {},
}

STATUS_LABELS = {
    "draft": "Draft",
    "open": "Open",
    "in_review": "In review",
    "decided": "Decided",
    "closed": "Closed",
}


def transition_problem(current: str, target: str) -> str | None:
    """Why a cycle cannot go from `current` to `target`, or None if the workflow allows it."""
    if target not in STATUS_LABELS:
        return f"“{target}” is not a cycle status."
    if target == current:
        return f"The cycle is already {STATUS_LABELS[current].lower()}."
    if target in CYCLE_TRANSITIONS.get(current, {}):
        return None
    allowed = [STATUS_LABELS[t].lower() for t in CYCLE_TRANSITIONS.get(current, {})]
    after = f" It can only move to {allowed[0]}." if allowed else " It cannot change any more."
    return f"A {STATUS_LABELS[current].lower()} cycle cannot move to {STATUS_LABELS[target].lower()}.{after}"


def window_problem(opens_on: date, closes_on: date, today: date) -> str | None:
    """Why an application cannot be started or submitted today, or None inside the window.

    The window includes both its opening and its closing day.
    """
    window = f"Applications are accepted from {opens_on.isoformat()} to {closes_on.isoformat()}"
    if today < opens_on:
        return f"This cycle opens for applications on {opens_on.isoformat()}. {window}."
    if today > closes_on:
        return f"Applications to this cycle closed on {closes_on.isoformat()}. {window}."
    return None


def word_count(text: str | None) -> int:
    return len(re.findall(r"\S+", text or ""))


@dataclass(frozen=True)
class CriterionWeight:
    id: int
    weight: int


def weighted_total(criteria: Sequence[CriterionWeight], scores: Mapping[str, Any]) -> float | None:
    """Weighted mean on the 1-4 scale over the scored criteria; None when nothing is scored."""
    total = weights = 0.0
    for criterion in criteria:
        score = (scores.get(str(criterion.id)) or {}).get("score")
        if score is None:
            continue
        total += int(score) * criterion.weight
        weights += criterion.weight
    if weights == 0:
        return None
    return round(total / weights, 2)


def spread(values: Sequence[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return None
    return max(present) - min(present)


def is_flagged(values: Sequence[int | None]) -> bool:
    gap = spread(values)
    return gap is not None and gap >= SPREAD_FLAG


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    detail: str = ""


def checklist(
    *,
    focus_areas: Sequence[str],
    cycle_focus_areas: Sequence[str],
    prompts: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    evidence_count: int,
    engagement_count: int,
    references: Sequence[Mapping[str, Any]],
) -> list[ChecklistItem]:
    """What a complete application has; submitting needs every item done."""
    items = [
        ChecklistItem(
            "focus_areas",
            "At least one focus area sought, among those the cycle covers",
            bool(focus_areas) and all(area in cycle_focus_areas for area in focus_areas),
        )
    ]
    for index, prompt in enumerate(prompts):
        answer = str(answers.get(str(index)) or "")
        words = word_count(answer)
        limit = int(prompt.get("word_limit") or 0)
        detail = f"{words} of {limit} words" if limit else f"{words} words"
        done = words > 0 and (not limit or words <= limit)
        items.append(ChecklistItem(f"answer_{index}", f"Answer: {prompt.get('question', '')}", done, detail))
    items.append(ChecklistItem("evidence", "At least one evidence item attached", evidence_count > 0))
    items.append(ChecklistItem("engagements", "At least one engagement attached", engagement_count > 0))
    complete_refs = [r for r in references if r.get("name") and r.get("email") and r.get("district")]
    items.append(ChecklistItem("references", "At least one district reference", bool(complete_refs)))
    return items


def add_years(start: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February in a non-leap year)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
