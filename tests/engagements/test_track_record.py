"""Track record rules at their boundaries: medians, the 10-point share, suppression under 10."""

from datetime import date

import pytest

from app.engagements.track_record import EngagementFigures, MeasureFigures, compute, school_year

AS_OF = date(2020, 1, 1)


def measure(change: float, *, students: int | None = 50, state_change: float | None = 1.0, unit="percent"):
    return MeasureFigures(
        name="ELA",
        unit=unit,
        students_count=students,
        baseline_year=2015,
        baseline_value=20.0,
        state_baseline_value=60.0 if state_change is not None else None,
        later=(
            (2016, 20.0 + change / 2, 60.0),
            (2017, 20.0 + change, None if state_change is None else 60.0 + state_change),
        ),
    )


def engagement(key: str, *measures: MeasureFigures, start=date(2015, 8, 1), end=date(2017, 6, 30)):
    return EngagementFigures(
        school_key=key, school_label=key, start_date=start, end_date=end, measures=measures
    )


def test_no_engagements_gives_an_empty_record():
    record = compute([], as_of=AS_OF)
    assert record.is_empty
    assert record.median_change is None
    assert record.share_gain_10 is None


def test_median_of_odd_and_even_counts():
    odd = compute(
        [engagement("a", measure(2)), engagement("b", measure(8)), engagement("c", measure(30))], as_of=AS_OF
    )
    assert odd.median_change == 8
    even = compute([engagement("a", measure(2)), engagement("b", measure(8))], as_of=AS_OF)
    assert even.median_change == 5


def test_change_against_the_state_uses_the_same_years():
    record = compute([engagement("a", measure(12, state_change=3))], as_of=AS_OF)
    assert record.median_change == 12
    assert record.median_change_vs_state == 9
    assert record.results[0].state_change == 3


def test_without_state_figures_there_is_no_comparison():
    record = compute([engagement("a", measure(12, state_change=None))], as_of=AS_OF)
    assert record.median_change == 12
    assert record.median_change_vs_state is None


@pytest.mark.parametrize(("change", "counts"), [(9.9, False), (10.0, True), (10.1, True)])
def test_gain_of_ten_points_is_the_boundary(change, counts):
    record = compute([engagement("a", measure(change)), engagement("b", measure(0))], as_of=AS_OF)
    assert record.share_gain_10 == (0.5 if counts else 0.0)


def test_a_school_gain_is_the_median_of_its_measures():
    # School a: measures 4, 12, 20 -> median 12 (a gain); school b: 9 -> not.
    record = compute(
        [engagement("a", measure(4), measure(12), measure(20)), engagement("b", measure(9))], as_of=AS_OF
    )
    assert record.schools_with_outcomes == 2
    assert record.share_gain_10 == 0.5


@pytest.mark.parametrize(("students", "suppressed"), [(9, True), (10, False), (None, True), (0, True)])
def test_fewer_than_ten_students_are_suppressed(students, suppressed):
    record = compute([engagement("a", measure(15, students=students))], as_of=AS_OF)
    assert record.results[0].suppressed is suppressed
    assert record.measures_suppressed == (1 if suppressed else 0)
    if suppressed:
        assert record.results[0].change is None
        assert record.median_change is None
        assert record.share_gain_10 is None
    else:
        assert record.median_change == 15


def test_suppressed_measures_never_enter_a_figure():
    record = compute([engagement("a", measure(50, students=5), measure(2))], as_of=AS_OF)
    assert record.median_change == 2
    assert record.share_gain_10 == 0.0


def test_measures_on_other_scales_or_without_later_years_are_left_out():
    no_later = MeasureFigures("x", "percent", 50, 2015, 10.0, None, ())
    record = compute([engagement("a", measure(30, unit="other"), no_later)], as_of=AS_OF)
    assert record.results == []
    assert record.schools == 1


def test_schools_and_years_count_distinct_values():
    record = compute(
        [
            engagement("a", start=date(2015, 8, 1), end=date(2016, 6, 30)),  # 2016
            engagement("a", start=date(2016, 7, 1), end=date(2017, 6, 30)),  # 2017
            engagement("b", start=date(2016, 9, 1), end=None),  # 2017 .. 2020 (as of Jan 2020)
        ],
        as_of=AS_OF,
    )
    assert record.schools == 2
    assert record.years == 5  # 2016, 2017, 2018, 2019, 2020


@pytest.mark.parametrize(
    ("day", "year"), [(date(2016, 6, 30), 2016), (date(2016, 7, 1), 2017), (date(2017, 1, 1), 2017)]
)
def test_school_year_turns_on_the_first_of_july(day, year):
    assert school_year(day) == year
