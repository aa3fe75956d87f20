"""Directory search: every filter and combinations against a reference computed in Python."""

import itertools
from dataclasses import dataclass
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import event

from app.directory import search
from app.directory.search import Filters
from app.schools.models import AccountabilityLevel, PovertyBand
from tests.directory import factories as df


@dataclass
class Spec:
    name: str
    words: str
    focus_areas: tuple[str, ...]
    regions: tuple[str, ...]
    grade_bands: tuple[str, ...]
    school_types: tuple[str, ...]
    tier: str
    accepting: bool
    confirmed_schools: int
    like_schools: int
    ends_in_days: int = 400


SPECS = [
    Spec(
        "Alder Literacy (fictional)",
        "literacy coaching",
        ("instruction",),
        ("central",),
        ("elementary",),
        ("district",),
        "tier_1",
        True,
        3,
        1,
    ),
    Spec(
        "Birch Attendance (fictional)",
        "attendance mentoring",
        ("climate_supports",),
        ("western",),
        ("middle", "high"),
        ("district", "charter"),
        "tier_2",
        True,
        1,
        0,
    ),
    Spec(
        "Cedar Leaders (fictional)",
        "principal leadership coaching",
        ("leadership", "staffing"),
        ("central", "northeast"),
        ("high",),
        ("district",),
        "tier_3",
        False,
        0,
        0,
    ),
    Spec(
        "Dogwood Data (fictional)",
        "assessment dashboards literacy",
        ("data_assessment",),
        ("southeast",),
        ("elementary", "middle"),
        ("charter",),
        "tier_4",
        True,
        2,
        2,
        60,
    ),
    Spec(
        "Elm Families (fictional)",
        "family engagement nights",
        ("family_community",),
        ("greater_boston",),
        ("early", "elementary"),
        ("district",),
        "none",
        True,
        0,
        0,
    ),
    Spec(
        "Fir Tutoring (fictional)",
        "tutoring mathematics",
        ("learning_time", "instruction"),
        ("greater_boston", "central"),
        ("middle",),
        ("district", "vocational"),
        "unverified",
        False,
        1,
        1,
        30,
    ),
    Spec(
        "Ginkgo Climate (fictional)",
        "restorative climate attendance",
        ("climate_supports", "family_community"),
        ("northeast",),
        ("high",),
        ("alternative",),
        "tier_2",
        True,
        0,
        0,
    ),
    Spec(
        "Hazel Coaching (fictional)",
        "literacy mathematics coaching",
        ("instruction", "data_assessment"),
        ("western", "central"),
        ("elementary", "middle", "high"),
        ("district", "charter"),
        "tier_1",
        False,
        4,
        0,
    ),
]
HIDDEN = ["never", "suspended", "revoked", "expired", "future"]


@pytest.fixture
def world(session):
    chosen = df.school(session, level=AccountabilityLevel.level_4, poverty=PovertyBand.from_80)
    partners = {}
    for spec in SPECS:
        partner = df.partner(
            session,
            name=spec.name,
            summary=f"We offer {spec.words}.",
            focus_areas=spec.focus_areas,
            regions=spec.regions,
            grade_bands=spec.grade_bands,
            school_types=spec.school_types,
            accepting=spec.accepting,
            ends_in_days=spec.ends_in_days,
        )
        if spec.tier != "unverified":
            df.evidence(session, partner, verified_tier=spec.tier)
        # A weaker draft or unverified item never changes the best verified tier.
        df.evidence(session, partner, verified_tier=None, status="submitted")
        for i in range(spec.confirmed_schools):
            like = i < spec.like_schools
            school = df.school(
                session,
                level=AccountabilityLevel.level_4 if like else AccountabilityLevel.level_2,
                poverty=PovertyBand.from_80 if like else PovertyBand.under_40,
            )
            df.engagement(session, partner, school=school)
        df.engagement(session, partner, confirmed=False)
        partners[spec.name] = partner
    hidden = {}
    for state in HIDDEN:
        hidden[state] = df.partner(
            session,
            name=f"Hidden {state} literacy (fictional)",
            summary="literacy coaching",
            designation=None if state == "never" else state,
        )
    session.flush()
    return {"chosen_school": chosen, "partners": partners, "hidden": hidden}


def reference(filters: Filters, chosen_school_id: int) -> set[str]:
    out = set()
    for spec in SPECS:
        text = f"{spec.name} We offer {spec.words}.".lower()
        tokens = text.replace(".", " ").replace("(", " ").replace(")", " ").split()
        if any(not any(t.startswith(w) for t in tokens) for w in search.terms(filters.q)):
            continue
        if filters.focus_area and not set(filters.focus_area) & set(spec.focus_areas):
            continue
        if filters.region and not set(filters.region) & set(spec.regions):
            continue
        if filters.grade_band and not set(filters.grade_band) & set(spec.grade_bands):
            continue
        if filters.school_type and not set(filters.school_type) & set(spec.school_types):
            continue
        if filters.tier and spec.tier not in filters.tier:
            continue
        status = "expiring" if spec.ends_in_days <= 90 else "active"
        if filters.status and status not in filters.status:
            continue
        if filters.accepting and not spec.accepting:
            continue
        if filters.confirmed and not spec.confirmed_schools:
            continue
        if filters.like_school and not spec.like_schools:
            continue
        out.add(spec.name)
    return out


SINGLE = [
    Filters(),
    Filters(q="literacy"),
    Filters(q="coaching literacy"),
    Filters(q="mathem"),
    Filters(q="nothingmatcheszzz"),
    Filters(q='<script>alert(1)</script> OR "literacy'),
    *[
        Filters(focus_area=(v,))
        for v in ("instruction", "climate_supports", "leadership", "family_community")
    ],
    *[Filters(region=(v,)) for v in ("central", "western", "greater_boston")],
    *[Filters(grade_band=(v,)) for v in ("early", "middle", "high")],
    *[Filters(school_type=(v,)) for v in ("charter", "alternative", "vocational")],
    *[Filters(tier=(v,)) for v in search.TIER_CODES],
    Filters(status=("expiring",)),
    Filters(status=("active",)),
    Filters(accepting=True),
    Filters(confirmed=True),
]
COMBOS = [
    Filters(focus_area=("instruction", "climate_supports")),
    Filters(tier=("tier_1", "tier_2")),
    Filters(q="literacy", focus_area=("instruction",), region=("central",)),
    Filters(q="coaching", grade_band=("high",), accepting=True),
    Filters(focus_area=("instruction",), tier=("tier_1", "tier_4"), confirmed=True),
    Filters(region=("central", "western"), school_type=("charter",), grade_band=("middle",)),
    Filters(status=("expiring",), accepting=True, confirmed=True),
    Filters(q="attendance", focus_area=("climate_supports",), tier=("tier_2",), region=("northeast",)),
]


@pytest.mark.parametrize("filters", SINGLE + COMBOS, ids=lambda f: repr(f.params()))
def test_every_filter_and_combination_matches_the_reference(session, world, filters):
    result = search.search(session, filters, today=date.today(), per_page=100)
    assert {hit.partner.name for hit in result.hits} == reference(filters, world["chosen_school"].id)
    assert result.total == len(result.hits)


def test_schools_like_a_chosen_one(session, world):
    filters = Filters(like_school=world["chosen_school"].id)
    names = {hit.partner.name for hit in search.search(session, filters, today=date.today()).hits}
    assert (
        names
        == reference(filters, world["chosen_school"].id)
        == {"Alder Literacy (fictional)", "Dogwood Data (fictional)", "Fir Tutoring (fictional)"}
    )


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(q="literacy"),
        Filters(focus_area=("instruction",), region=("central",)),
        Filters(tier=("tier_1",), accepting=True),
    ],
    ids=lambda f: repr(f.params()),
)
def test_facet_counts_apply_every_other_filter(session, world, filters):
    result = search.search(session, filters, today=date.today())
    chosen = world["chosen_school"].id
    for facet, values in [
        ("focus_area", ("instruction", "climate_supports", "leadership")),
        ("region", ("central", "western")),
        ("tier", search.TIER_CODES),
    ]:
        for value in values:
            # What ticking only this value (and keeping every other filter) would give.
            expected = len(reference(Filters(**{**_fields(filters), facet: (value,)}), chosen))
            assert result.counts[facet].get(value, 0) == expected, (facet, value)
    accepting = len(reference(Filters(**{**_fields(filters), "accepting": True}), chosen))
    assert result.counts["accepting"].get("1", 0) == accepting


def _fields(filters: Filters) -> dict:
    return {k: getattr(filters, k) for k in Filters.__dataclass_fields__}


def test_sorting(session, world):
    by_name = [h.partner.name for h in search.search(session, Filters(sort="name"), today=date.today()).hits]
    assert by_name == sorted(by_name, key=str.lower)
    by_tier = [h.tier for h in search.search(session, Filters(sort="evidence"), today=date.today()).hits]
    assert by_tier == sorted(by_tier, key=search.TIER_CODES.index)
    by_schools = [
        h.confirmed_schools for h in search.search(session, Filters(sort="schools"), today=date.today()).hits
    ]
    assert by_schools == sorted(by_schools, reverse=True)
    ranked = search.search(session, Filters(q="literacy"), today=date.today()).hits
    assert ranked[0].score is not None


def test_pages_cover_every_match_once(session, world):
    seen = []
    for page in (1, 2, 3):
        seen += [
            h.partner.name
            for h in search.search(session, Filters(), today=date.today(), page=page, per_page=3).hits
        ]
    assert sorted(seen) == sorted(s.name for s in SPECS)


def test_unlisted_partners_never_appear_in_page_export_or_api(client, world):
    hidden = world["hidden"]
    page = BeautifulSoup(client.get("/directory?q=literacy&per_page=100").text, "html.parser")
    names = {a.get_text(" ", strip=True) for a in page.select(".pp-result__title a")}
    assert names and not any("Hidden" in n for n in names)
    assert "Hidden" not in client.get("/directory/export.csv").text
    assert "Hidden" not in client.get("/directory/export.json").text
    api = client.get("/api/v1/directory/partners?per_page=100").json()
    assert not any("Hidden" in p["name"] for p in api["partners"])
    for partner in hidden.values():
        assert client.get(f"/directory/{partner.slug}").status_code == 404
        assert client.get(f"/api/v1/directory/partners/{partner.slug}").status_code == 404
        assert client.get(f"/directory/compare?partner={partner.slug}").status_code == 200


def test_suspending_removes_a_partner_at_once(session, client, world):
    partner = world["partners"]["Alder Literacy (fictional)"]
    assert client.get(f"/directory/{partner.slug}").status_code == 200
    from app.reviews.models import Designation, DesignationStatus

    for designation in session.query(Designation).filter_by(partner_id=partner.id):
        designation.status = DesignationStatus.suspended
    session.flush()
    assert client.get(f"/directory/{partner.slug}").status_code == 404
    assert partner.name not in client.get("/directory").text


def test_search_page_keeps_state_in_the_form_and_links(client, world):
    response = client.get("/directory?q=coaching&focus_area=instruction&region=central&sort=name")
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one("#field-q")["value"] == "coaching"
    assert page.select_one("#facet-focus_area-instruction").has_attr("checked")
    assert page.select_one("#facet-region-central").has_attr("checked")
    assert page.select_one("#field-sort option[selected]")["value"] == "name"
    names = [a.get_text(" ", strip=True) for a in page.select(".pp-result__title a")]
    assert names == ["Alder Literacy (fictional)", "Hazel Coaching (fictional)"]
    export = page.select_one(".pp-export a")["href"]
    assert "focus_area=instruction" in export and "q=coaching" in export


def test_htmx_gets_results_and_counts_only(client, world):
    response = client.get("/directory?focus_area=instruction", headers={"HX-Request": "true"})
    page = BeautifulSoup(response.text, "html.parser")
    live = page.select_one("#directory-live")
    assert live is not None and page.select_one("h1") is None
    assert live.select(".pp-result") and live.select(".pp-count")
    assert response.headers["Vary"] == "HX-Request"
    restore = client.get(
        "/directory?focus_area=instruction",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert BeautifulSoup(restore.text, "html.parser").select_one("h1") is not None


def test_highlights_are_escaped(session, client):
    df.partner(
        session, name="Quince <b>Bold</b> literacy (fictional)", summary="<script>x</script> literacy help"
    )
    page = BeautifulSoup(client.get("/directory?q=literacy").text, "html.parser")
    assert page.select_one(".pp-result script") is None and page.select_one(".pp-result b") is None
    assert [m.get_text() for m in page.select(".pp-result mark")][:2] == ["literacy", "literacy"]


def test_statement_count_does_not_grow_with_page_size(session, world):
    counts = []
    for per_page in (2, 8):
        statements = []

        def count(*args, statements=statements, **kwargs):
            statements.append(1)

        bind = session.connection()
        event.listen(bind, "before_cursor_execute", count)
        try:
            result = search.search(session, Filters(q="coaching"), today=date.today(), per_page=per_page)
            for hit in result.hits:
                _ = hit.focus_areas, hit.partner.name
        finally:
            event.remove(bind, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_statement_count_per_request_does_not_grow_with_page_size(client, engine, world):
    counts = []
    for per_page in (1, 8):
        statements = []

        def count(*args, statements=statements, **kwargs):
            statements.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/directory?per_page={per_page}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_terms_ignore_operators():
    assert search.terms('"Literacy" OR coach* NEAR(x)') == ("literacy", "or", "coach", "near", "x")
    assert list(itertools.islice(search.terms(" ".join(f"w{i}" for i in range(20))), 100)) == [
        f"w{i}" for i in range(search.MAX_TERMS)
    ]


def test_anyone_can_compare_against_the_states_underperforming_schools(client, session):
    from app.schools.models import AccountabilityLevel
    from tests.schools import factories as school_factories

    chronic = school_factories.school(
        session, name="Chronic Example School", accountability_level=AccountabilityLevel.level_5
    )
    school_factories.school(
        session, name="Fine Example School", accountability_level=AccountabilityLevel.level_1
    )
    page = BeautifulSoup(client.get("/directory").text, "html.parser")
    options = [o.get_text(strip=True) for o in page.select("#field-like_school option")]
    assert any(text.startswith("Chronic Example School") for text in options)
    assert not any(text.startswith("Fine Example School") for text in options)
    chosen = BeautifulSoup(client.get(f"/directory?like_school={chronic.id}").text, "html.parser")
    assert chosen.select_one(f"#field-like_school option[value='{chronic.id}']").has_attr("selected")
