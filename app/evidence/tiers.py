"""ESSA evidence tiers (ESEA section 8101(21)(A), WWC's ESSA guidance) as pure rules.

`assess(study)` says which tier a study supports and, for every tier, which conditions are
met and which are missing, in words a partner can act on. Nothing here touches the database:
the inputs are plain values (the form preview and the saved item use the same rules).
"""

import math
from dataclasses import dataclass, field

from app.taxonomy import ESSA_TIERS

SIGNIFICANCE_LEVEL = 0.05
MIN_STUDENTS = 350
MIN_SITES = 2

TIER_ORDER = ("tier_1", "tier_2", "tier_3", "tier_4", "none")
TIER_LABELS = ESSA_TIERS
SHORT_LABELS = {
    "tier_1": "Tier 1",
    "tier_2": "Tier 2",
    "tier_3": "Tier 3",
    "tier_4": "Tier 4",
    "none": "Does not meet",
}
SECTION_1003_WARNING = (
    "Tier 4 evidence is not usable with ESEA section 1003 school-improvement funds, "
    "which may pay only for activities with Tier 1, 2 or 3 evidence."
)

EXPERIMENTAL = "rct"
QUASI_EXPERIMENTAL = "quasi_experimental"
CORRELATIONAL_WITH_CONTROLS = "correlational_controls"


@dataclass(frozen=True)
class FindingFacts:
    direction: str | None = None  # "positive", "negative", "none"
    p_value: float | None = None
    reported_significant: bool = False
    outcome: str = ""
    effect_size: float | None = None

    @property
    def is_significant(self) -> bool:
        """p < .05 when a p-value is given (p = .05 is not significant); else the study's own flag."""
        if self.p_value is not None:
            return self.p_value < SIGNIFICANCE_LEVEL
        return self.reported_significant


@dataclass(frozen=True)
class StudyFacts:
    design: str | None = None
    attrition: str | None = None  # "low", "high", "unknown"
    baseline_equivalence: bool = False
    wwc_rating: str | None = None  # "without_reservations", "with_reservations", ...
    student_count: int | None = None
    site_count: int | None = None
    has_logic_model: bool = False
    study_under_way: bool = False
    findings: tuple[FindingFacts, ...] = ()


@dataclass(frozen=True)
class Condition:
    text: str
    met: bool
    detail: str = ""


@dataclass(frozen=True)
class TierCheck:
    tier: str
    conditions: tuple[Condition, ...]

    @property
    def met(self) -> bool:
        return all(c.met for c in self.conditions)

    @property
    def label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def missing(self) -> list[Condition]:
        return [c for c in self.conditions if not c.met]


@dataclass(frozen=True)
class Assessment:
    tier: str
    checks: tuple[TierCheck, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def short_label(self) -> str:
        return SHORT_LABELS[self.tier]

    @property
    def usable_for_section_1003(self) -> bool:
        return self.tier in ("tier_1", "tier_2", "tier_3")

    @property
    def warning(self) -> str | None:
        return SECTION_1003_WARNING if self.tier == "tier_4" else None

    def check(self, tier: str) -> TierCheck:
        return next(c for c in self.checks if c.tier == tier)


def _significant_positive(findings: tuple[FindingFacts, ...]) -> Condition:
    text = "A statistically significant (p < .05) positive effect on a relevant outcome"
    hits = [f for f in findings if f.direction == "positive" and f.is_significant]
    if hits:
        return Condition(
            text, True, f"{len(hits)} significant positive finding{'s' if len(hits) != 1 else ''}."
        )
    if not findings:
        return Condition(text, False, "Add at least one finding.")
    close = [f for f in findings if f.direction == "positive" and f.p_value is not None]
    if close:
        smallest = min(f.p_value for f in close if f.p_value is not None)
        return Condition(
            text, False, f"The smallest p-value of a positive finding is {smallest:g}; it must be below .05."
        )
    return Condition(text, False, "No positive finding is marked statistically significant.")


def _no_overriding_negative(findings: tuple[FindingFacts, ...]) -> Condition:
    text = "No overriding statistically significant negative finding"
    negatives = [f for f in findings if f.direction == "negative" and f.is_significant]
    if negatives:
        names = ", ".join(sorted({f.outcome for f in negatives if f.outcome})) or "an outcome"
        return Condition(text, False, f"A significant negative effect was found on {names}.")
    return Condition(text, True)


def _sample(study: StudyFacts) -> Condition:
    text = f"At least {MIN_STUDENTS} students in the study"
    if study.student_count is None:
        return Condition(text, False, "Enter the number of students.")
    if study.student_count >= MIN_STUDENTS:
        return Condition(text, True, f"{study.student_count} students.")
    return Condition(
        text, False, f"{study.student_count} students; {MIN_STUDENTS - study.student_count} more needed."
    )


def _sites(study: StudyFacts) -> Condition:
    text = f"At least {MIN_SITES} sites (schools or districts)"
    if study.site_count is None:
        return Condition(text, False, "Enter the number of sites.")
    if study.site_count >= MIN_SITES:
        return Condition(text, True, f"{study.site_count} sites.")
    return Condition(text, False, f"{study.site_count} site; at least {MIN_SITES} needed.")


def _well_implemented_rct(study: StudyFacts) -> bool:
    return study.design == EXPERIMENTAL and (
        study.attrition == "low" or study.wwc_rating == "without_reservations"
    )


def _implementation(study: StudyFacts) -> Condition:
    text = "Well implemented: low attrition, or meets WWC standards without reservations"
    if _well_implemented_rct(study):
        return Condition(text, True)
    if study.attrition == "high":
        return Condition(text, False, "Attrition is high.")
    return Condition(text, False, "Attrition is not known.")


def _tier_1(study: StudyFacts) -> TierCheck:
    return TierCheck(
        "tier_1",
        (
            Condition(
                "An experimental study (randomized controlled trial)",
                study.design == EXPERIMENTAL,
            ),
            _implementation(study),
            _significant_positive(study.findings),
            _sample(study),
            _sites(study),
            _no_overriding_negative(study.findings),
        ),
    )


def _tier_2(study: StudyFacts) -> TierCheck:
    # A well-implemented randomized trial is more than Tier 2 asks for; it qualifies as well.
    design_ok = study.design in (QUASI_EXPERIMENTAL, EXPERIMENTAL)
    # A well-implemented randomized trial has equivalent groups by design.
    equivalent = (
        study.baseline_equivalence
        or study.wwc_rating in ("with_reservations", "without_reservations")
        or _well_implemented_rct(study)
    )
    return TierCheck(
        "tier_2",
        (
            Condition(
                "A quasi-experimental study (or a randomized trial with high attrition)",
                design_ok,
            ),
            Condition(
                "Baseline equivalence of the groups shown (meets WWC standards with reservations)",
                equivalent,
            ),
            _significant_positive(study.findings),
            _sample(study),
            _sites(study),
            _no_overriding_negative(study.findings),
        ),
    )


def _tier_3(study: StudyFacts) -> TierCheck:
    design_ok = study.design in (CORRELATIONAL_WITH_CONTROLS, EXPERIMENTAL, QUASI_EXPERIMENTAL)
    return TierCheck(
        "tier_3",
        (
            Condition(
                "A correlational study with statistical controls for selection bias "
                "(or an experimental or quasi-experimental design lacking the sample or sites)",
                design_ok,
            ),
            _significant_positive(study.findings),
            _no_overriding_negative(study.findings),
        ),
    )


def _tier_4(study: StudyFacts) -> TierCheck:
    return TierCheck(
        "tier_4",
        (
            Condition("A well-specified logic model grounded in research", study.has_logic_model),
            Condition("An effort to study the effects is under way", study.study_under_way),
        ),
    )


def assess(study: StudyFacts) -> Assessment:
    """The highest tier whose conditions are all met, with every tier's conditions."""
    checks = (_tier_1(study), _tier_2(study), _tier_3(study), _tier_4(study))
    tier = next((check.tier for check in checks if check.met), "none")
    return Assessment(tier=tier, checks=checks)


def improvement_index(effect_size: float | None) -> int | None:
    """WWC improvement index: the expected percentile change for an average comparison student.

    (Phi(g) - 0.5) x 100, where Phi is the standard normal cumulative distribution, clamped
    to -50..+50 and rounded to a whole percentile point.
    """
    if effect_size is None or math.isnan(effect_size):
        return None
    phi = 0.5 * (1 + math.erf(effect_size / math.sqrt(2)))
    value = (phi - 0.5) * 100
    return round(max(-50.0, min(50.0, value)))


def tier_rank(tier: str | None) -> int:
    """Lower is stronger; unknown values sort last."""
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)
