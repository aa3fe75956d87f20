"""Engagements as CSV: the template, the all-or-nothing import's row checks, and the export.

One row per outcome measure; an engagement's columns repeat on each of its measure rows and
rows sharing an `engagement_ref` belong to one engagement. An engagement with no measures is a
single row with the measure columns empty. The export uses the same columns, so an exported
file can be edited and imported elsewhere.
"""

import csv
import io
from dataclasses import dataclass, field

from pydantic import ValidationError

from app.engagements.forms import is_blank, targeted_errors
from app.engagements.models import Engagement, school_year_label
from app.engagements.schemas import MAX_LATER_YEARS, EngagementForm, OutcomeForm, place_problem
from app.schools.csv_import import RowProblem
from app.schools.registry import state_code
from app.web.spreadsheet import defuse

ENGAGEMENT_COLUMNS = (
    "engagement_ref",
    "school_code",
    "school_name_other",
    "district_code",
    "start_date",
    "end_date",
    "focus_areas",
    "services",
    "intensity",
    "funding_source",
    "cost_dollars",
)
OUTCOME_COLUMNS = (
    "measure_name",
    "unit",
    "students_count",
    "baseline_year",
    "baseline_value",
    "state_baseline_value",
    *(f"value_year{n}" for n in range(1, MAX_LATER_YEARS + 1)),
    *(f"state_value_year{n}" for n in range(1, MAX_LATER_YEARS + 1)),
)
EXPORT_ONLY_COLUMNS = ("status", "district_comment")
COLUMNS = ENGAGEMENT_COLUMNS + OUTCOME_COLUMNS

# Form field -> CSV column, so a validation message names the column the user sees.
_ENGAGEMENT_FIELD_COLUMN = {
    "school_id": "school_code",
    "district_id": "district_code",
    "cost": "cost_dollars",
    "cost_cents": "cost_dollars",
}
_OUTCOME_COLUMN_FIELD = {
    "measure_name": "name",
    **{f"value_year{n}": f"value_{n}" for n in range(1, MAX_LATER_YEARS + 1)},
    **{f"state_value_year{n}": f"state_value_{n}" for n in range(1, MAX_LATER_YEARS + 1)},
}
_OUTCOME_FIELD_COLUMN = {v: k for k, v in _OUTCOME_COLUMN_FIELD.items()}

TEMPLATE_EXAMPLE = {
    "engagement_ref": "E1",
    "school_code": "01370025",
    "school_name_other": "",
    "district_code": "",
    "start_date": "2015-08-15",
    "end_date": "2018-06-30",
    "focus_areas": "leadership;instruction",
    "services": "Leadership coaching and instructional rounds (example row: replace it)",
    "intensity": "intensive",
    "funding_source": "section_1003",
    "cost_dollars": "250000",
    "measure_name": "Grade 3-8 ELA, % proficient or advanced (example)",
    "unit": "percent",
    "students_count": "220",
    "baseline_year": "2015",
    "baseline_value": "21.5",
    "state_baseline_value": "60.0",
    "value_year1": "26.0",
    "value_year2": "31.5",
    "value_year3": "",
    "state_value_year1": "60.5",
    "state_value_year2": "61.0",
    "state_value_year3": "",
}

TEMPLATE_NOTES = (
    "# One row per outcome measure; rows with the same engagement_ref are one engagement.",
    "# school_code: the state's 8-digit school code, or leave it empty and fill school_name_other"
    " (a school outside the registry) or district_code alone (a whole-district engagement).",
    "# focus_areas: codes separated by ; (leadership, staffing, learning_time, instruction,"
    " data_assessment, climate_supports, family_community).",
    "# intensity: light, moderate, intensive. funding_source: title_i, section_1003,"
    " district_general, state_grant, foundation, other. unit: percent, index_points, other.",
    "# School years are named by the year they end: 2015 is 2014-15. value_year1 is the year after"
    " the baseline. Delete these # lines and the example row before importing.",
)


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(TEMPLATE_EXAMPLE)
    return out.getvalue() + "\n".join(TEMPLATE_NOTES) + "\n"


@dataclass
class ParsedEngagement:
    line: int
    form: EngagementForm
    outcomes: list[OutcomeForm] = field(default_factory=list)


def _engagement_values(
    row: dict[str, str], schools: dict[str, int], districts: dict[str, int]
) -> tuple[dict[str, object], list[tuple[str, str]]]:
    problems = []
    values: dict[str, object] = {
        "school_name_other": row.get("school_name_other", ""),
        "start_date": row.get("start_date", ""),
        "end_date": row.get("end_date", ""),
        "focus_areas": [
            c.strip() for c in row.get("focus_areas", "").replace("|", ";").split(";") if c.strip()
        ],
        "services": row.get("services", ""),
        "intensity": row.get("intensity", "").lower(),
        "funding_source": row.get("funding_source", "").lower(),
        "cost": row.get("cost_dollars", ""),
    }
    for column, lookup, key in (
        ("school_code", schools, "school_id"),
        ("district_code", districts, "district_id"),
    ):
        raw = row.get(column, "")
        if not raw:
            continue
        code = state_code(raw)
        if code is None or code not in lookup:
            kind = "school" if column == "school_code" else "district"
            problems.append((column, f"No {kind} in the registry has the code “{raw}”."))
        else:
            values[key] = lookup[code]
    return values, problems


def codes_in(rows: list[tuple[int, dict[str, str]]], column: str) -> set[str]:
    return {code for _, row in rows if (code := state_code(row.get(column, ""))) is not None}


def parse_rows(
    rows: list[tuple[int, dict[str, str]]],
    *,
    schools: dict[str, int],
    districts: dict[str, int],
    present_columns: list[str],
) -> tuple[list[ParsedEngagement], list[RowProblem]]:
    """Engagements from CSV rows, or every problem by line and column (then nothing imports)."""
    problems: list[RowProblem] = []
    missing = [c for c in ENGAGEMENT_COLUMNS if c not in present_columns]
    if missing:
        return [], [RowProblem(1, c, "This column is missing from the header.") for c in missing]
    parsed: dict[str, ParsedEngagement] = {}
    first_rows: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        if row.get("engagement_ref", "").startswith("#"):
            continue
        if not any(row.values()):
            continue
        ref = row.get("engagement_ref", "")
        if not ref:
            problems.append(RowProblem(line, "engagement_ref", "Give each engagement a reference, like E1."))
            continue
        if ref in first_rows:
            first_line, first = first_rows[ref]
            for column in ENGAGEMENT_COLUMNS[1:]:
                if row.get(column, "") not in ("", first.get(column, "")):
                    problems.append(
                        RowProblem(
                            line,
                            column,
                            f"Differs from line {first_line}, which has the same engagement_ref.",
                        )
                    )
        else:
            first_rows[ref] = (line, row)
            values, lookup_problems = _engagement_values(row, schools, districts)
            problems.extend(RowProblem(line, column, message) for column, message in lookup_problems)
            if not lookup_problems:
                try:
                    parsed[ref] = ParsedEngagement(line, EngagementForm.model_validate(values))
                except ValidationError as exc:
                    found = targeted_errors(exc)
                    place = place_problem(
                        values.get("school_id"), values.get("district_id"), values.get("school_name_other")
                    )
                    if place and "school_id" not in found:
                        found["school_id"] = place
                    for key, message in found.items():
                        problems.append(RowProblem(line, _ENGAGEMENT_FIELD_COLUMN.get(key, key), message))
        outcome = {field: row.get(column, "") for column, field in _column_fields().items()}
        if not outcome.get("unit"):
            outcome["unit"] = "percent"
        if is_blank(outcome):
            continue
        try:
            measure = OutcomeForm.model_validate(outcome)
        except ValidationError as exc:
            for key, message in targeted_errors(exc).items():
                problems.append(RowProblem(line, _OUTCOME_FIELD_COLUMN.get(key, key), message))
            continue
        if ref in parsed:
            parsed[ref].outcomes.append(measure)
    if not parsed and not problems:
        problems.append(RowProblem(2, "engagement_ref", "The file has no engagement rows."))
    return list(parsed.values()), problems


def _column_fields() -> dict[str, str]:
    return {column: _OUTCOME_COLUMN_FIELD.get(column, column) for column in OUTCOME_COLUMNS}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def export_csv(engagements: list[Engagement]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS + EXPORT_ONLY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for engagement in engagements:
        base = {
            "engagement_ref": f"E{engagement.id}",
            "school_code": engagement.school.state_code if engagement.school else "",
            "school_name_other": engagement.school_name_other or "",
            "district_code": engagement.district.state_code
            if engagement.district and not engagement.school
            else "",
            "start_date": engagement.start_date.isoformat(),
            "end_date": engagement.end_date.isoformat() if engagement.end_date else "",
            "focus_areas": ";".join(engagement.focus_area_codes),
            "services": engagement.services,
            "intensity": engagement.intensity.value,
            "funding_source": engagement.funding_source.value,
            "cost_dollars": f"{engagement.cost_cents / 100:.2f}" if engagement.cost_cents is not None else "",
            "status": engagement.status.value,
            "district_comment": engagement.district_comment or "",
        }
        if not engagement.outcomes:
            writer.writerow(_safe(base))
            continue
        for measure in engagement.outcomes:
            row = dict(base)
            row.update(
                {
                    "measure_name": measure.name,
                    "unit": measure.unit.value,
                    "students_count": "" if measure.students_count is None else str(measure.students_count),
                    "baseline_year": str(measure.baseline_year),
                    "baseline_value": _number(measure.baseline_value),
                    "state_baseline_value": _number(measure.state_baseline_value),
                }
            )
            for value in measure.values:
                n = value.school_year - measure.baseline_year
                if 1 <= n <= MAX_LATER_YEARS:
                    row[f"value_year{n}"] = _number(value.value)
                    row[f"state_value_year{n}"] = _number(value.state_value)
            writer.writerow(_safe(row))
    return out.getvalue()


def _safe(row: dict[str, str]) -> dict[str, str]:
    return {key: defuse(value) for key, value in row.items()}


__all__ = ["COLUMNS", "export_csv", "parse_rows", "school_year_label", "template_csv"]
