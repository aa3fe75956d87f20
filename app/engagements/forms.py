"""Reading the engagement form: the engagement's fields plus any number of outcome rows.

Outcome rows arrive as `outcomes-<n>-<field>`; a row left entirely blank is ignored, so the
form can always offer an empty row. Errors keep the row's own number so they sit next to it.
"""

import re
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from app.engagements.schemas import (
    MAX_OUTCOMES,
    OUTCOME_FIELDS,
    OUTCOME_PREFIX,
    EngagementForm,
    OutcomeForm,
    place_problem,
)
from app.web.forms import field_errors

_ROW_KEY = re.compile(rf"^{OUTCOME_PREFIX}-(\d+)-(\w+)$")
_TARGETED = re.compile(r"^(\w+): (.+)$")


def targeted_errors(exc: ValidationError, prefix: str = "") -> dict[str, str]:
    """Field errors; whole-model errors written as "field: message" land on that field."""
    errors = {}
    for key, message in field_errors(exc).items():
        match = _TARGETED.match(message) if key == "__all__" else None
        if match:
            key, message = match.group(1), match.group(2)
            message = message[:1].upper() + message[1:]
        errors[f"{prefix}{key}"] = message
    return errors


def outcome_rows(form: FormData | dict[str, Any]) -> list[dict[str, str]]:
    """The submitted outcome rows in order, each with its fields (blank rows kept)."""
    rows: dict[int, dict[str, str]] = {}
    for key in form:
        match = _ROW_KEY.match(str(key))
        if match and match.group(2) in OUTCOME_FIELDS:
            value = form.get(key)
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = str(value or "")
    return [rows[n] for n in sorted(rows)][:MAX_OUTCOMES]


def is_blank(row: dict[str, str]) -> bool:
    # The unit select always sends a value; it alone does not make a row.
    return not any(v.strip() for k, v in row.items() if k != "unit")


def parse_engagement(
    values: dict[str, Any], rows: list[dict[str, str]]
) -> tuple[EngagementForm | None, list[OutcomeForm], dict[str, str]]:
    errors: dict[str, str] = {}
    engagement = None
    try:
        engagement = EngagementForm.model_validate(values)
    except ValidationError as exc:
        errors.update(targeted_errors(exc))
        # Whole-form rules do not run while a field is invalid; check the place anyway.
        problem = place_problem(
            values.get("school_id"), values.get("district_id"), values.get("school_name_other")
        )
        if problem and "school_id" not in errors:
            errors["school_id"] = problem
    outcomes = []
    for index, row in enumerate(rows):
        if is_blank(row):
            continue
        try:
            outcomes.append(OutcomeForm.model_validate(row))
        except ValidationError as exc:
            errors.update(targeted_errors(exc, prefix=f"{OUTCOME_PREFIX}-{index}-"))
    return engagement, outcomes, errors
