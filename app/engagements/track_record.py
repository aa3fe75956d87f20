"""A partner's track record from its confirmed engagements. Pure: no database, no dates but the
one passed in.

Formulas (shown to readers in templates/engagements/_track_record.html):

- **Schools**: distinct schools (or whole districts, or named schools outside the registry)
  with at least one confirmed engagement.
- **Years**: distinct school years in which a confirmed engagement was under way. A school year
  runs from 1 July to 30 June and is named by the year it ends (2016 is 2015-16); an engagement
  without an end date counts up to the `as_of` date.
- **Change** of one outcome measure: its value in the latest reported year minus its baseline
  value, in points. Only measures on a 0-100 scale (percent of students, index points) with at
  least one later year count.
- **Change against the state**: the measure's change minus the state's change over the same
  years (latest reported state value minus the state's baseline value); only measures with both
  state figures count.
- **Median change** and **median change against the state**: the medians of those numbers
  over all reported measures (for an even count, the mean of the middle two).
- **Share of schools with gains of 10 points or more**: a school's gain is the median change of
  its reported measures; the share is the schools whose gain is 10 or more, over the schools
  with at least one reported measure.
- **Suppression**: a measure about fewer than 10 students (or with no student count) is never
  used in any figure and is shown only as "suppressed", so no small group can be singled out.
"""

from dataclasses import dataclass, field
from datetime import date
from statistics import median

MIN_STUDENTS = 10
GAIN_THRESHOLD = 10.0
COMPARABLE_UNITS = frozenset({"percent", "index_points"})


@dataclass(frozen=True)
class MeasureFigures:
    name: str
    unit: str
    students_count: int | None
    baseline_year: int
    baseline_value: float
    state_baseline_value: float | None
    # (school year, value, state value) for the years after the baseline
    later: tuple[tuple[int, float, float | None], ...] = ()


@dataclass(frozen=True)
class EngagementFigures:
    school_key: str
    school_label: str
    start_date: date
    end_date: date | None
    measures: tuple[MeasureFigures, ...] = ()


@dataclass(frozen=True)
class MeasureResult:
    school_label: str
    name: str
    baseline_year: int
    final_year: int | None
    suppressed: bool
    change: float | None = None
    state_change: float | None = None

    @property
    def change_vs_state(self) -> float | None:
        if self.change is None or self.state_change is None:
            return None
        return self.change - self.state_change


@dataclass(frozen=True)
class TrackRecord:
    schools: int
    years: int
    measures_reported: int
    measures_suppressed: int
    schools_with_outcomes: int
    median_change: float | None
    median_change_vs_state: float | None
    share_gain_10: float | None
    results: list[MeasureResult] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.schools == 0


def school_year(day: date) -> int:
    """The school year a day falls in, named by the calendar year it ends (1 July starts one)."""
    return day.year + 1 if day.month >= 7 else day.year


def _years(engagements: list[EngagementFigures], as_of: date) -> int:
    years: set[int] = set()
    for engagement in engagements:
        end = engagement.end_date or as_of
        if end < engagement.start_date:
            end = engagement.start_date
        years.update(range(school_year(engagement.start_date), school_year(end) + 1))
    return len(years)


def measure_result(school_label: str, measure: MeasureFigures) -> MeasureResult | None:
    """The change a measure shows, suppressed when about too few students; None if not comparable."""
    if measure.unit not in COMPARABLE_UNITS or not measure.later:
        return None
    final_year, final_value, final_state = max(measure.later, key=lambda row: row[0])
    if measure.students_count is None or measure.students_count < MIN_STUDENTS:
        return MeasureResult(school_label, measure.name, measure.baseline_year, final_year, suppressed=True)
    state_change = None
    if measure.state_baseline_value is not None and final_state is not None:
        state_change = final_state - measure.state_baseline_value
    return MeasureResult(
        school_label,
        measure.name,
        measure.baseline_year,
        final_year,
        suppressed=False,
        change=final_value - measure.baseline_value,
        state_change=state_change,
    )


def compute(engagements: list[EngagementFigures], *, as_of: date) -> TrackRecord:
    results: list[MeasureResult] = []
    changes_by_school: dict[str, list[float]] = {}
    for engagement in engagements:
        for measure in engagement.measures:
            result = measure_result(engagement.school_label, measure)
            if result is None:
                continue
            results.append(result)
            if result.change is not None:
                changes_by_school.setdefault(engagement.school_key, []).append(result.change)
    reported = [r for r in results if not r.suppressed]
    changes = [r.change for r in reported if r.change is not None]
    relative = [r.change_vs_state for r in reported if r.change_vs_state is not None]
    school_gains = [median(values) for values in changes_by_school.values()]
    return TrackRecord(
        schools=len({e.school_key for e in engagements}),
        years=_years(engagements, as_of),
        measures_reported=len(reported),
        measures_suppressed=len(results) - len(reported),
        schools_with_outcomes=len(school_gains),
        median_change=median(changes) if changes else None,
        median_change_vs_state=median(relative) if relative else None,
        share_gain_10=(
            sum(1 for gain in school_gains if gain >= GAIN_THRESHOLD) / len(school_gains)
            if school_gains
            else None
        ),
        results=results,
    )
