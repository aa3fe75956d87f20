"""School needs profiles: ranked, explained recommendations."""

from bs4 import BeautifulSoup

from app.accounts.models import OrganizationKind, Role
from app.directory import matching
from app.schools.models import AccountabilityLevel, PovertyBand
from tests import factories
from tests.directory import factories as df

SCHOOL = matching.SchoolFacts(region="central", grade_bands=("middle",), school_type="district")


def _candidate(name: str, **overrides) -> matching.Candidate:  # type: ignore[no-untyped-def]
    values = {
        "slug": name.lower(),
        "name": name,
        "focus_areas": ("instruction",),
        "regions": ("central",),
        "grade_bands": ("middle",),
        "school_types": ("district",),
        "tier": "tier_2",
        "accepting": True,
        "similar_schools": 0,
        "cost_min_cents": None,
    }
    values.update(overrides)
    return matching.Candidate(**values)


def test_high_needs_outrank_medium_and_evidence_breaks_ties():
    needs = {"instruction": "high", "climate_supports": "medium", "leadership": "low"}
    ranked = matching.recommend(
        needs,
        SCHOOL,
        [
            _candidate("Climate only", focus_areas=("climate_supports",)),
            _candidate("Instruction tier 3", tier="tier_3"),
            _candidate("Instruction tier 1", tier="tier_1"),
            _candidate("Leadership only", focus_areas=("leadership",)),
        ],
    )
    assert [r.candidate.name for r in ranked] == ["Instruction tier 1", "Instruction tier 3", "Climate only"]
    assert any("high-need areas: Instruction" in reason for reason in ranked[0].reasons)
    assert any("Does not work on: Instruction" in caution for caution in ranked[2].cautions)


def test_similar_schools_region_availability_and_budget_are_explained():
    needs = {"instruction": "high"}
    ranked = matching.recommend(
        needs,
        SCHOOL,
        [
            _candidate("Far away", regions=("western",)),
            _candidate("Similar", similar_schools=2),
            _candidate("Full", accepting=False),
            _candidate("Pricey", cost_min_cents=9_000_000),
        ],
        budget_max_cents=5_000_000,
    )
    names = [r.candidate.name for r in ranked]
    assert names[0] == "Similar" and names[-1] == "Full"
    by_name = {r.candidate.name: r for r in ranked}
    assert any("2 schools like this one" in reason for reason in by_name["Similar"].reasons)
    assert "Does not list your region." in by_name["Far away"].cautions
    assert "Not accepting new districts now." in by_name["Full"].cautions
    assert "Its lowest price is above your budget." in by_name["Pricey"].cautions


def test_district_records_needs_and_gets_ranked_recommendations(session, client_for):
    org = factories.organization(session, kind=OrganizationKind.district)
    user = factories.user(session, role=Role.district_member, organization=org)
    district = df.district(session, organization=org)
    school = df.school(
        session, district=district, level=AccountabilityLevel.level_4, poverty=PovertyBand.from_80
    )
    strong = df.partner(
        session, name="Strong Fit (fictional)", focus_areas=("instruction", "data_assessment")
    )
    df.evidence(session, strong, verified_tier="tier_1")
    df.engagement(session, strong, school=df.school(session))
    df.partner(session, name="Partial Fit (fictional)", focus_areas=("data_assessment",))
    df.partner(session, name="No Fit (fictional)", focus_areas=("family_community",))
    df.partner(
        session, name="Unlisted Fit (fictional)", focus_areas=("instruction",), designation="suspended"
    )
    client = client_for(user)

    invalid = client.post_form("/directory/needs", {"school_id": str(school.id)})
    assert invalid.status_code == 422
    assert (
        "at least one focus area"
        in BeautifulSoup(invalid.text, "html.parser").select_one("#error-summary").text
    )

    response = client.post_form(
        "/directory/needs",
        {
            "school_id": str(school.id),
            "need_instruction": "high",
            "need_data_assessment": "medium",
            "budget_max_dollars": "80,000",
        },
    )
    assert response.status_code == 303
    page = BeautifulSoup(client.get(response.headers["location"]).text, "html.parser")
    names = [a.get_text(strip=True) for a in page.select(".pp-result__title a")]
    assert names == ["Strong Fit (fictional)", "Partial Fit (fictional)"]
    reasons = page.select(".pp-result")[0].select_one(".pp-reasons").get_text(" ", strip=True)
    assert "Tier 1 (strong) evidence" in reasons and "high-need areas" in reasons

    other = factories.user(session, role=Role.district_member)
    assert client_for(other).get(response.headers["location"]).status_code == 404
    foreign_school = df.school(session)
    assert (
        client.post_form(
            "/directory/needs", {"school_id": str(foreign_school.id), "need_instruction": "high"}
        ).status_code
        == 404
    )
