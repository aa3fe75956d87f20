"""Pure rules for turning a row of the state's school directory into registry values.

DESE's published file lost its leading zeros and describes grades as a list; these functions
restore codes, derive the region, grade bands, school type and poverty band. No database here.
"""

import re
from dataclasses import dataclass, field

from app.schools.csv_import import RowProblem
from app.schools.models import AccountabilityLevel, PovertyBand

REQUIRED_COLUMNS = ("School Code", "School Name", "Town", "Zip", "District Name", "District Code")

# Region from the first three digits of the zip code. Massachusetts zips run 010-027; the
# state's regional support centers follow county lines, which zip prefixes track closely
# enough for matching partners to schools (not for official reporting):
#   010-013  Springfield, Pittsfield, Greenfield, Northampton     -> western
#   014-017  Fitchburg, Worcester, Framingham / MetroWest          -> central
#   018-019  Lowell, Lawrence, Lynn, Salem                         -> northeast
#   020-022, 024  Boston and the inner suburbs                     -> greater_boston
#   023, 025-027  Brockton, Cape Cod and the islands, New Bedford, Fall River -> southeast
# Anything else (an out-of-state or malformed zip) falls back to greater_boston, and the row
# is reported only if the zip is not 5 digits.
_REGION_BY_ZIP3 = {
    **dict.fromkeys(("010", "011", "012", "013"), "western"),
    **dict.fromkeys(("014", "015", "016", "017"), "central"),
    **dict.fromkeys(("018", "019"), "northeast"),
    **dict.fromkeys(("020", "021", "022", "024"), "greater_boston"),
    **dict.fromkeys(("023", "025", "026", "027"), "southeast"),
}

_GRADE_ORDER = ["PK", "K", *[f"{n:02d}" for n in range(1, 13)], "SP"]
_BAND_OF_GRADE = {
    "PK": "early",
    "K": "early",
    **{f"{n:02d}": "elementary" for n in range(1, 6)},
    **{f"{n:02d}": "middle" for n in range(6, 9)},
    **{f"{n:02d}": "high" for n in range(9, 13)},
}
_VOCATIONAL = re.compile(r"\b(vocational|voc|technical|tech|agricultural)\b", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"\b(alternative|recovery|re-engagement|reengagement)\b", re.IGNORECASE)


def state_code(raw: str) -> str | None:
    """DESE codes are 8 digits; the file dropped leading zeros (10505 -> 00010505)."""
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 8:
        return None
    return raw.zfill(8)


def zip_code(raw: str) -> str | None:
    """Massachusetts zips start with 0, which the file dropped (2351 -> 02351)."""
    raw = raw.strip().split("-")[0]
    if not raw.isdigit() or len(raw) > 5 or len(raw) < 4:
        return None
    return raw.zfill(5)


def region_for_zip(zip5: str) -> str:
    return _REGION_BY_ZIP3.get(zip5[:3], "greater_boston")


def grades(raw: str) -> tuple[str | None, str | None, list[str]]:
    """(lowest grade, highest grade, grade band codes) from "PK,K,01,02"."""
    found = []
    for part in raw.split(","):
        part = part.strip().upper()
        if part.isdigit():
            part = f"{int(part):02d}"
        if part in _GRADE_ORDER:
            found.append(part)
    if not found:
        return None, None, []
    found.sort(key=_GRADE_ORDER.index)
    bands = []
    for grade in found:
        band = _BAND_OF_GRADE.get(grade)
        if band and band not in bands:
            bands.append(band)
    return found[0], found[-1], bands


def school_type(raw_type: str, name: str) -> str:
    """charter from DESE's type; vocational and alternative guessed from the school's name."""
    if "charter" in raw_type.lower():
        return "charter"
    if _VOCATIONAL.search(name):
        return "vocational"
    if _ALTERNATIVE.search(name):
        return "alternative"
    return "district"


def accountability_level(raw: str) -> AccountabilityLevel | None:
    text = raw.strip().lower()
    if not text:
        return AccountabilityLevel.none
    if text == "insufficient data":
        return AccountabilityLevel.insufficient_data
    match = re.fullmatch(r"level\s*([1-5])", text)
    return AccountabilityLevel(f"level_{match.group(1)}") if match else None


def poverty_band(share: float | None) -> PovertyBand:
    """Bands: under 40, 40 to under 60, 60 to under 80, 80 and over (percent low income)."""
    if share is None:
        return PovertyBand.unknown
    if share < 40:
        return PovertyBand.under_40
    if share < 60:
        return PovertyBand.from_40_to_60
    if share < 80:
        return PovertyBand.from_60_to_80
    return PovertyBand.from_80


@dataclass
class SchoolRecord:
    state_code: str
    name: str
    district_code: str
    district_name: str
    town: str
    zip_code: str
    region: str
    grade_low: str | None
    grade_high: str | None
    grade_bands: list[str]
    school_type: str
    enrollment: int | None
    low_income_share: float | None
    accountability_level: AccountabilityLevel
    poverty_band: PovertyBand = field(default=PovertyBand.unknown)


def _number(raw: str) -> float | None:
    raw = raw.strip().rstrip("%")
    if not raw:
        return None
    return float(raw)


def parse_row(line: int, row: dict[str, str]) -> tuple[SchoolRecord | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(RowProblem(line, column, message))

    for column in REQUIRED_COLUMNS:
        if not row.get(column, "").strip():
            problem(column, "This column is empty.")
    if problems:
        return None, problems
    code = state_code(row["School Code"])
    if code is None:
        problem("School Code", f"“{row['School Code']}” is not a school code of up to 8 digits.")
    district_code = state_code(row["District Code"])
    if district_code is None:
        problem("District Code", f"“{row['District Code']}” is not a district code of up to 8 digits.")
    zip5 = zip_code(row["Zip"])
    if zip5 is None:
        problem("Zip", f"“{row['Zip']}” is not a zip code.")
    level = accountability_level(row.get("Accountability and Assistance Level", ""))
    if level is None:
        problem(
            "Accountability and Assistance Level",
            "Use Level 1 to Level 5, Insufficient data, or leave it empty.",
        )
    enrollment = None
    try:
        total = _number(row.get("TOTAL_Enrollment", ""))
        enrollment = None if total is None else int(total)
        if enrollment is not None and enrollment < 0:
            raise ValueError
    except ValueError:
        problem("TOTAL_Enrollment", "Enter a whole number of students.")
    share = None
    try:
        share = _number(row.get("% Economically Disadvantaged", ""))
        if share is not None and not 0 <= share <= 100:
            raise ValueError
    except ValueError:
        problem("% Economically Disadvantaged", "Enter a percentage from 0 to 100.")
    if problems or code is None or district_code is None or zip5 is None or level is None:
        return None, problems
    low, high, bands = grades(row.get("Grade", ""))
    return (
        SchoolRecord(
            state_code=code,
            name=row["School Name"].strip()[:200],
            district_code=district_code,
            district_name=row["District Name"].strip()[:200],
            town=row["Town"].strip()[:100],
            zip_code=zip5,
            region=region_for_zip(zip5),
            grade_low=low,
            grade_high=high,
            grade_bands=bands,
            school_type=school_type(row.get("School Type", ""), row["School Name"]),
            enrollment=enrollment,
            low_income_share=share,
            accountability_level=level,
            poverty_band=poverty_band(share),
        ),
        [],
    )
