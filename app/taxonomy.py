"""The program's shared vocabularies (PRODUCT.md): codes stored in the database, labels shown."""

FOCUS_AREAS: dict[str, str] = {
    "leadership": "Leadership & school systems",
    "staffing": "Staffing & human capital",
    "learning_time": "Learning time",
    "instruction": "Instruction & tiered support",
    "data_assessment": "Data & assessment",
    "climate_supports": "Climate, culture & student supports",
    "family_community": "Family & community engagement",
}

GRADE_BANDS: dict[str, str] = {
    "early": "Early childhood (PK–K)",
    "elementary": "Elementary (grades 1–5)",
    "middle": "Middle (grades 6–8)",
    "high": "High school (grades 9–12)",
}

# Massachusetts' regions as the state's district and school support centers draw them.
REGIONS: dict[str, str] = {
    "greater_boston": "Greater Boston",
    "northeast": "Northeast",
    "central": "Central",
    "southeast": "Southeast & Cape",
    "western": "Western",
}

SCHOOL_TYPES: dict[str, str] = {
    "district": "District public school",
    "charter": "Charter school",
    "vocational": "Vocational & technical",
    "alternative": "Alternative & recovery",
}

ESSA_TIERS: dict[str, str] = {
    "tier_1": "Tier 1: strong evidence",
    "tier_2": "Tier 2: moderate evidence",
    "tier_3": "Tier 3: promising evidence",
    "tier_4": "Tier 4: demonstrates a rationale",
    "none": "Does not meet ESSA evidence standards",
}


def options(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    """(code, label) pairs for select and checkbox macros."""
    return list(vocabulary.items())
