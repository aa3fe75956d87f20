"""School registry test data: plain functions with keyword overrides; each flushes."""

import itertools

from sqlalchemy.orm import Session

from app.schools.models import AccountabilityLevel, District, PovertyBand, School

_codes = itertools.count(90_000_000)


def district(session: Session, **overrides) -> District:  # type: ignore[no-untyped-def]
    n = next(_codes)
    values = {"state_code": f"{n:08d}", "name": f"District {n}", "region": "western"}
    values.update(overrides)
    created = District(**values)
    session.add(created)
    session.flush()
    return created


def school(session: Session, *, district: District | None = None, **overrides) -> School:  # type: ignore[no-untyped-def]
    if district is None:
        district = globals()["district"](session)
    n = next(_codes)
    values = {
        "state_code": f"{n:08d}",
        "name": f"School {n}",
        "district_id": district.id,
        "town": "Springfield",
        "zip_code": "01105",
        "region": "western",
        "grade_low": "K",
        "grade_high": "05",
        "grade_bands": ["early", "elementary"],
        "school_type": "district",
        "enrollment": 400,
        "low_income_share": 82.5,
        "accountability_level": AccountabilityLevel.level_4,
        "poverty_band": PovertyBand.from_80,
    }
    values.update(overrides)
    created = School(**values)
    session.add(created)
    session.flush()
    created.district = district
    return created


def csv_row(**overrides: str) -> dict[str, str]:
    """One row of the state's school directory file, as the importer reads it."""
    row = {
        "School Code": "10505",
        "School Name": "Abington High",
        "School Type": "Public School",
        "Town": "Abington",
        "Zip": "2351",
        "Grade": "09,10,11,12",
        "District Name": "Abington",
        "District Code": "10000",
        "TOTAL_Enrollment": "452",
        "% Economically Disadvantaged": "21.5",
        "Accountability and Assistance Level": "Level 1",
    }
    row.update(overrides)
    return row


def csv_text(rows: list[dict[str, str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
