"""Ranked, explained recommendations for a school needs profile (pure: no database)."""

from dataclasses import dataclass, field

from app import taxonomy

NEED_LEVELS = {"high": "High need", "medium": "Medium need", "low": "Low need"}
NEED_WEIGHTS = {"high": 3, "medium": 1, "low": 0}
TIER_POINTS = {"tier_1": 6, "tier_2": 4, "tier_3": 2}
TIER_WORDS = {"tier_1": "Tier 1 (strong)", "tier_2": "Tier 2 (moderate)", "tier_3": "Tier 3 (promising)"}


@dataclass(frozen=True)
class SchoolFacts:
    region: str
    grade_bands: tuple[str, ...]
    school_type: str


@dataclass(frozen=True)
class Candidate:
    slug: str
    name: str
    focus_areas: tuple[str, ...]
    regions: tuple[str, ...]
    grade_bands: tuple[str, ...]
    school_types: tuple[str, ...]
    tier: str
    accepting: bool
    similar_schools: int
    cost_min_cents: int | None


@dataclass
class Recommendation:
    candidate: Candidate
    score: int
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)


def _labels(codes: list[str], vocabulary: dict[str, str]) -> str:
    return "; ".join(vocabulary.get(code, code) for code in codes)


def recommend(
    needs: dict[str, str],
    school: SchoolFacts,
    candidates: list[Candidate],
    *,
    budget_max_cents: int | None = None,
    limit: int = 10,
) -> list[Recommendation]:
    """Partners covering at least one high- or medium-need area, best fit first, each with why."""
    high = [code for code, level in needs.items() if level == "high"]
    medium = [code for code, level in needs.items() if level == "medium"]
    out: list[Recommendation] = []
    for candidate in candidates:
        covered_high = [code for code in high if code in candidate.focus_areas]
        covered_medium = [code for code in medium if code in candidate.focus_areas]
        if not covered_high and not covered_medium:
            continue
        score = 10 * (NEED_WEIGHTS["high"] * len(covered_high) + NEED_WEIGHTS["medium"] * len(covered_medium))
        rec = Recommendation(candidate, 0)
        if covered_high:
            rec.reasons.append(
                f"Works on your high-need areas: {_labels(covered_high, taxonomy.FOCUS_AREAS)}."
            )
        if covered_medium:
            rec.reasons.append(f"Also covers: {_labels(covered_medium, taxonomy.FOCUS_AREAS)}.")
        missing = [code for code in high if code not in candidate.focus_areas]
        if missing:
            rec.cautions.append(f"Does not work on: {_labels(missing, taxonomy.FOCUS_AREAS)}.")
        if candidate.tier in TIER_POINTS:
            score += TIER_POINTS[candidate.tier]
            rec.reasons.append(
                f"{TIER_WORDS[candidate.tier]} evidence verified by state reviewers; "
                "usable with school-improvement (section 1003) funds."
            )
        elif candidate.tier == "tier_4":
            rec.cautions.append(
                "Tier 4 evidence only: school-improvement (section 1003) funds cannot pay for it."
            )
        else:
            rec.cautions.append("No evidence verified at Tiers 1–3 yet.")
        if candidate.similar_schools:
            score += 3 * min(candidate.similar_schools, 3)
            plural = "s" if candidate.similar_schools != 1 else ""
            rec.reasons.append(
                f"Confirmed work in {candidate.similar_schools} school{plural} like this one "
                "(same accountability level and low-income band)."
            )
        if school.region in candidate.regions:
            score += 2
            rec.reasons.append(f"Serves your region ({taxonomy.REGIONS.get(school.region, school.region)}).")
        else:
            rec.cautions.append("Does not list your region.")
        grades = [band for band in school.grade_bands if band in candidate.grade_bands]
        if grades:
            score += 2
            rec.reasons.append(f"Works with your grades: {_labels(grades, taxonomy.GRADE_BANDS)}.")
        elif school.grade_bands:
            rec.cautions.append("Does not list your school's grades.")
        if school.school_type in candidate.school_types:
            score += 1
        if not candidate.accepting:
            score -= 5
            rec.cautions.append("Not accepting new districts now.")
        over_budget = budget_max_cents is not None and candidate.cost_min_cents is not None
        if over_budget and candidate.cost_min_cents > budget_max_cents:  # type: ignore[operator]
            score -= 3
            rec.cautions.append("Its lowest price is above your budget.")
        rec.score = score
        out.append(rec)
    out.sort(key=lambda r: (-r.score, r.candidate.name.lower()))
    return out[:limit]
