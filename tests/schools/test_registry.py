"""The pure rules that turn the state's directory rows into registry values."""

import pytest

from app.schools import registry
from app.schools.models import AccountabilityLevel, PovertyBand
from tests.schools.factories import csv_row


@pytest.mark.parametrize(
    ("raw", "code"), [("10505", "00010505"), ("1370025", "01370025"), ("123456789", None), ("12a", None)]
)
def test_state_codes_get_their_leading_zeros_back(raw, code):
    assert registry.state_code(raw) == code


@pytest.mark.parametrize(
    ("raw", "zip5"), [("2351", "02351"), ("1040", "01040"), ("02740", "02740"), ("12", None)]
)
def test_zip_codes_get_their_leading_zero_back(raw, zip5):
    assert registry.zip_code(raw) == zip5


@pytest.mark.parametrize(
    ("zip5", "region"),
    [
        ("01040", "western"),
        ("01609", "central"),
        ("01840", "northeast"),
        ("02125", "greater_boston"),
        ("02740", "southeast"),
        ("02351", "southeast"),
        ("99999", "greater_boston"),
    ],
)
def test_region_comes_from_the_zip_prefix(zip5, region):
    assert registry.region_for_zip(zip5) == region


@pytest.mark.parametrize(
    ("share", "band"),
    [
        (None, PovertyBand.unknown),
        (39.9, PovertyBand.under_40),
        (40.0, PovertyBand.from_40_to_60),
        (59.9, PovertyBand.from_40_to_60),
        (60.0, PovertyBand.from_60_to_80),
        (80.0, PovertyBand.from_80),
    ],
)
def test_poverty_bands_have_closed_lower_bounds(share, band):
    assert registry.poverty_band(share) is band


def test_grades_give_the_span_and_bands():
    assert registry.grades("PK,K,01,02,03,04,05,06") == ("PK", "06", ["early", "elementary", "middle"])
    assert registry.grades("09,10,11,12") == ("09", "12", ["high"])
    assert registry.grades("") == (None, None, [])


@pytest.mark.parametrize(
    ("raw_type", "name", "kind"),
    [
        ("Charter School", "Excel Academy", "charter"),
        ("Public School", "Wm J Dean Vocational Technical High", "vocational"),
        ("Public School", "Springfield High School of Science and Technology", "district"),
        ("Public School", "Lowell Alternative School", "alternative"),
        ("Public School", "Abington High", "district"),
    ],
)
def test_school_type(raw_type, name, kind):
    assert registry.school_type(raw_type, name) == kind


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        ("Level 4", AccountabilityLevel.level_4),
        ("Insufficient data", AccountabilityLevel.insufficient_data),
        ("", AccountabilityLevel.none),
        ("Level 9", None),
    ],
)
def test_accountability_levels(raw, level):
    assert registry.accountability_level(raw) is level


def test_a_bad_row_names_each_bad_column():
    record, problems = registry.parse_row(
        7, csv_row(**{"Zip": "x", "TOTAL_Enrollment": "many", "% Economically Disadvantaged": "140"})
    )
    assert record is None
    assert {(p.row, p.column) for p in problems} == {
        (7, "Zip"),
        (7, "TOTAL_Enrollment"),
        (7, "% Economically Disadvantaged"),
    }
