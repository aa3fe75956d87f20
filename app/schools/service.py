"""Every write to the school registry: the CSV import and district organization links."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import audit
from app.accounts import permissions as perms
from app.accounts.actor import Actor
from app.accounts.models import Organization, OrganizationKind
from app.errors import Conflict, NotFound, ValidationFailed
from app.schools import registry
from app.schools.csv_import import ImportRejected, RowProblem, decode, header, read_rows
from app.schools.models import District, School

BUNDLED_CSV = Path(__file__).resolve().parent / "data" / "ma_public_schools_2017.csv"

_SCHOOL_FIELDS = (
    "name",
    "town",
    "zip_code",
    "region",
    "grade_low",
    "grade_high",
    "grade_bands",
    "school_type",
    "enrollment",
    "low_income_share",
    "accountability_level",
    "poverty_band",
)


@dataclass
class SchoolImportReport:
    districts_created: int = 0
    districts_updated: int = 0
    schools_created: int = 0
    schools_updated: int = 0
    schools_unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def read_school_csv(content: bytes | str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a school directory CSV; a file missing required columns is rejected whole."""
    text = decode(content) if isinstance(content, bytes) else content
    missing = [c for c in registry.REQUIRED_COLUMNS if c not in header(text)]
    if missing:
        raise ImportRejected(
            [RowProblem(1, column, "This column is missing from the header.") for column in missing]
        )
    return list(read_rows(text))


def schools_import(
    *, session: Session, rows: Iterable[tuple[int, dict[str, str]]], actor: Actor
) -> SchoolImportReport:
    """Upsert districts and schools by state code. Any bad row: nothing changes (ImportRejected)."""
    perms.require(perms.can_manage_school_registry(actor), actor, hide=True)
    records: list[registry.SchoolRecord] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        record, row_problems = registry.parse_row(line, row)
        problems.extend(row_problems)
        if record is None:
            continue
        if record.state_code in seen:
            problems.append(
                RowProblem(line, "School Code", f"Duplicate of the school on line {seen[record.state_code]}.")
            )
            continue
        seen[record.state_code] = line
        records.append(record)
    if problems:
        raise ImportRejected(problems)

    report = SchoolImportReport()
    districts = {d.state_code: d for d in session.scalars(select(District))}
    # A district's region is the most common region of its schools (ties: alphabetical).
    regions: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for record in records:
        regions.setdefault(record.district_code, Counter())[record.region] += 1
        names.setdefault(record.district_code, record.district_name)
    for code, name in names.items():
        region = sorted(regions[code].items(), key=lambda item: (-item[1], item[0]))[0][0]
        district = districts.get(code)
        if district is None:
            district = District(state_code=code, name=name, region=region)
            session.add(district)
            districts[code] = district
            report.districts_created += 1
        elif (district.name, district.region) != (name, region):
            district.name, district.region = name, region
            report.districts_updated += 1
    session.flush()

    schools = {s.state_code: s for s in session.scalars(select(School))}
    for record in records:
        values = {name: getattr(record, name) for name in _SCHOOL_FIELDS}
        values["district_id"] = districts[record.district_code].id
        school = schools.get(record.state_code)
        if school is None:
            session.add(School(state_code=record.state_code, **values))
            report.schools_created += 1
        elif any(getattr(school, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(school, key, value)
            report.schools_updated += 1
        else:
            report.schools_unchanged += 1
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="schools.imported",
        object_type="school_registry",
        object_id=None,
        changes={
            "districts_created": report.districts_created,
            "districts_updated": report.districts_updated,
            "schools_created": report.schools_created,
            "schools_updated": report.schools_updated,
            "schools_unchanged": report.schools_unchanged,
        },
    )
    return report


def district_link(
    *, session: Session, district: District, organization_id: int | None, actor: Actor
) -> District:
    """Make a district organization act for a district (or unlink it with None)."""
    perms.require(perms.can_manage_school_registry(actor), actor, hide=True)
    before = district.organization_id
    if organization_id is not None:
        organization = session.get(Organization, organization_id)
        if organization is None:
            raise NotFound("That organization does not exist.")
        if organization.kind is not OrganizationKind.district:
            raise ValidationFailed(
                field_errors={"organization_id": "Choose a district organization, not a partner or agency."}
            )
        taken = session.scalar(
            select(District).where(District.organization_id == organization_id, District.id != district.id)
        )
        if taken is not None:
            raise Conflict(
                f"{organization.name} already acts for {taken.name}. Unlink it there first.",
                field_errors={"organization_id": f"Already linked to {taken.name}."},
            )
    if before == organization_id:
        return district
    district.organization_id = organization_id
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="district.linked" if organization_id is not None else "district.unlinked",
        object_type="district",
        object_id=district.id,
        changes={"organization_id": [before, organization_id]},
    )
    return district
