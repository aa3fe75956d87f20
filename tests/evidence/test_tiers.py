"""ESSA tier rules at every boundary, and WWC's improvement index."""

import dataclasses

import pytest

from app.evidence.tiers import SECTION_1003_WARNING, FindingFacts, StudyFacts, assess, improvement_index

POSITIVE = FindingFacts(direction="positive", p_value=0.01, outcome="State math test", effect_size=0.25)
STRONG_RCT = StudyFacts(
    design="rct",
    attrition="low",
    student_count=350,
    site_count=2,
    findings=(POSITIVE,),
)
QED = StudyFacts(
    design="quasi_experimental",
    baseline_equivalence=True,
    student_count=350,
    site_count=2,
    findings=(POSITIVE,),
)


def with_(study: StudyFacts, **changes) -> StudyFacts:  # type: ignore[no-untyped-def]
    return dataclasses.replace(study, **changes)


def missing(study: StudyFacts, tier: str) -> list[str]:
    return [c.text for c in assess(study).check(tier).missing]


def test_a_well_implemented_trial_with_350_students_at_2_sites_is_tier_1():
    result = assess(STRONG_RCT)
    assert result.tier == "tier_1"
    assert result.usable_for_section_1003
    assert result.warning is None
    assert all(c.met for c in result.check("tier_1").conditions)


def test_349_students_is_not_enough_for_tier_1_or_2_but_is_tier_3():
    result = assess(with_(STRONG_RCT, student_count=349))
    assert result.tier == "tier_3"
    assert missing(with_(STRONG_RCT, student_count=349), "tier_1") == ["At least 350 students in the study"]
    detail = result.check("tier_1").missing[0].detail
    assert "349 students; 1 more needed" in detail


def test_350_students_is_enough():
    assert assess(with_(STRONG_RCT, student_count=350)).tier == "tier_1"
    assert assess(with_(QED, student_count=350)).tier == "tier_2"
    assert assess(with_(QED, student_count=349)).tier == "tier_3"


def test_one_site_is_not_enough_two_are():
    assert assess(with_(STRONG_RCT, site_count=1)).tier == "tier_3"
    assert missing(with_(STRONG_RCT, site_count=1), "tier_1") == ["At least 2 sites (schools or districts)"]
    assert assess(with_(STRONG_RCT, site_count=2)).tier == "tier_1"
    assert assess(with_(QED, site_count=1)).tier == "tier_3"


def test_unknown_sample_and_sites_count_as_missing():
    result = assess(with_(STRONG_RCT, student_count=None, site_count=None))
    assert result.tier == "tier_3"
    details = [c.detail for c in result.check("tier_1").missing]
    assert details == ["Enter the number of students.", "Enter the number of sites."]


@pytest.mark.parametrize(
    ("p_value", "tier"),
    [(0.049, "tier_1"), (0.05, "none"), (0.051, "none")],
)
def test_p_of_05_is_not_significant_but_049_is(p_value, tier):
    finding = dataclasses.replace(POSITIVE, p_value=p_value)
    assert assess(with_(STRONG_RCT, findings=(finding,))).tier == tier


def test_a_p_value_outweighs_the_significance_flag():
    finding = FindingFacts(direction="positive", p_value=0.05, reported_significant=True)
    assert not finding.is_significant
    flagged = FindingFacts(direction="positive", p_value=None, reported_significant=True)
    assert flagged.is_significant
    assert assess(with_(STRONG_RCT, findings=(flagged,))).tier == "tier_1"


def test_rct_with_high_attrition_is_at_most_tier_2_with_baseline_equivalence():
    high = with_(STRONG_RCT, attrition="high")
    assert assess(high).tier == "tier_3"
    assert "Attrition is high." in [c.detail for c in assess(high).check("tier_1").missing]
    assert assess(with_(high, baseline_equivalence=True)).tier == "tier_2"
    assert assess(with_(high, wwc_rating="with_reservations")).tier == "tier_2"


def test_meeting_wwc_standards_without_reservations_counts_as_well_implemented():
    assert assess(with_(STRONG_RCT, attrition="unknown", wwc_rating="without_reservations")).tier == "tier_1"
    assert assess(with_(STRONG_RCT, attrition="unknown")).tier == "tier_3"


def test_qed_without_baseline_equivalence_is_tier_3():
    result = assess(with_(QED, baseline_equivalence=False))
    assert result.tier == "tier_3"
    assert missing(with_(QED, baseline_equivalence=False), "tier_2") == [
        "Baseline equivalence of the groups shown (meets WWC standards with reservations)"
    ]


def test_an_overriding_negative_finding_rules_out_tiers_1_to_3():
    harm = FindingFacts(direction="negative", p_value=0.01, outcome="Attendance rate")
    for study in (STRONG_RCT, QED):
        result = assess(with_(study, findings=(POSITIVE, harm)))
        assert result.tier == "none"
        condition = result.check("tier_3").missing[0]
        assert condition.text == "No overriding statistically significant negative finding"
        assert "Attendance rate" in condition.detail


def test_a_negative_finding_that_is_not_significant_does_not_override():
    harmless = FindingFacts(direction="negative", p_value=0.3, outcome="Attendance rate")
    assert assess(with_(STRONG_RCT, findings=(POSITIVE, harmless))).tier == "tier_1"


def test_correlational_with_controls_is_tier_3_whatever_the_sample():
    study = StudyFacts(design="correlational_controls", student_count=40, site_count=1, findings=(POSITIVE,))
    assert assess(study).tier == "tier_3"
    without = with_(study, design="correlational")
    assert assess(without).tier == "none"


def test_pre_post_without_comparison_does_not_meet():
    study = StudyFacts(design="pre_post", student_count=5000, site_count=20, findings=(POSITIVE,))
    result = assess(study)
    assert result.tier == "none"
    assert result.label == "Does not meet ESSA evidence standards"
    assert not result.usable_for_section_1003


def test_logic_model_with_a_study_under_way_is_tier_4_and_flagged_for_section_1003():
    study = StudyFacts(design="logic_model_only", has_logic_model=True, study_under_way=True)
    result = assess(study)
    assert result.tier == "tier_4"
    assert not result.usable_for_section_1003
    assert result.warning == SECTION_1003_WARNING
    assert "section 1003" in result.warning


def test_a_logic_model_alone_is_not_tier_4():
    result = assess(StudyFacts(design="logic_model_only", has_logic_model=True))
    assert result.tier == "none"
    assert missing(StudyFacts(design="logic_model_only", has_logic_model=True), "tier_4") == [
        "An effort to study the effects is under way"
    ]


def test_no_findings_means_no_significant_effect():
    result = assess(with_(STRONG_RCT, findings=()))
    assert result.tier == "none"
    assert result.check("tier_1").missing[0].detail == "Add at least one finding."


def test_every_tier_lists_its_conditions():
    result = assess(QED)
    assert [check.tier for check in result.checks] == ["tier_1", "tier_2", "tier_3", "tier_4"]
    assert len(result.check("tier_1").conditions) == 6
    assert len(result.check("tier_2").conditions) == 6
    assert len(result.check("tier_3").conditions) == 3
    assert len(result.check("tier_4").conditions) == 2


@pytest.mark.parametrize(
    ("effect_size", "index"),
    [
        (0.0, 0),
        (0.25, 10),
        (-0.25, -10),
        (0.5, 19),
        (1.0, 34),
        (-1.0, -34),
        (2.0, 48),
        (4.0, 50),
        (-4.0, -50),
        (None, None),
    ],
)
def test_improvement_index_is_the_percentile_shift(effect_size, index):
    assert improvement_index(effect_size) == index


def test_improvement_index_stays_within_plus_minus_50():
    assert improvement_index(40.0) == 50
    assert improvement_index(-40.0) == -50


def test_a_well_implemented_trial_also_meets_every_tier_2_condition():
    assert assess(STRONG_RCT).check("tier_2").met
