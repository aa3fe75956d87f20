"""Directory fixtures: listed (or not) partners with facets, evidence, engagements; schools."""

import itertools
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.accounts.models import Organization, OrganizationKind
from app.engagements.models import ConfirmationStatus, Engagement, FundingSource, Intensity
from app.evidence.models import EvidenceItem, EvidenceStatus, EvidenceType, StudyDesign
from app.partners.models import Partner, PartnerFocusArea, PartnerGradeBand, PartnerRegion, PartnerSchoolType
from app.reviews.models import Designation, DesignationStatus
from app.schools.models import AccountabilityLevel, District, PovertyBand, School
from tests import factories

_sequence = itertools.count(1)


def partner(
    session: Session,
    *,
    name: str | None = None,
    organization: Organization | None = None,
    summary: str = "Support for schools (fictional).",
    description: str = "",
    services: list[dict] | None = None,
    focus_areas: tuple[str, ...] = ("instruction",),
    regions: tuple[str, ...] = ("central",),
    grade_bands: tuple[str, ...] = ("elementary",),
    school_types: tuple[str, ...] = ("district",),
    accepting: bool = True,
    designation: str | None = "active",
    ends_in_days: int = 400,
    **overrides,
) -> Partner:  # type: ignore[no-untyped-def]
    """A partner; `designation` None (never designated), active, suspended, revoked, expired, future."""
    n = next(_sequence)
    name = name or f"Partner {n} (fictional)"
    organization = organization or factories.organization(session, name=name, kind=OrganizationKind.partner)
    created = Partner(
        organization_id=organization.id,
        slug=overrides.pop("slug", f"partner-{n}-{organization.id}"),
        name=name,
        summary=summary,
        description=description,
        services=services or [],
        accepting_new_districts=accepting,
        is_designated=designation is not None,
        **overrides,
    )
    created.focus_areas = [PartnerFocusArea(focus_area=v) for v in focus_areas]
    created.regions = [PartnerRegion(region=v) for v in regions]
    created.grade_bands = [PartnerGradeBand(grade_band=v) for v in grade_bands]
    created.school_types = [PartnerSchoolType(school_type=v) for v in school_types]
    session.add(created)
    session.flush()
    if designation is not None:
        designate(session, created, state=designation, ends_in_days=ends_in_days)
    return created


def designate(
    session: Session, partner: Partner, *, state: str = "active", ends_in_days: int = 400
) -> Designation:
    today = date.today()
    start, end = today - timedelta(days=30), today + timedelta(days=ends_in_days)
    status = DesignationStatus.active
    if state == "expired":
        start, end = today - timedelta(days=800), today - timedelta(days=1)
    elif state == "future":
        start, end = today + timedelta(days=10), today + timedelta(days=900)
    elif state in ("suspended", "revoked"):
        status = DesignationStatus(state)
    designation = Designation(partner_id=partner.id, start_date=start, end_date=end, status=status)
    session.add(designation)
    session.flush()
    return designation


def evidence(
    session: Session, partner: Partner, *, verified_tier: str | None = "tier_2", status: str = "verified"
) -> EvidenceItem:
    item = EvidenceItem(
        partner_id=partner.id,
        version=1,
        status=EvidenceStatus(status),
        title="A study (fictional)",
        evidence_type=EvidenceType.independent_evaluation,
        study_design=StudyDesign.quasi_experimental,
        claimed_tier=verified_tier or "tier_3",
        verified_tier=verified_tier if status == "verified" else None,
    )
    session.add(item)
    session.flush()
    item.lineage_id = item.id
    session.flush()
    return item


def district(session: Session, *, organization: Organization | None = None) -> District:
    n = next(_sequence)
    created = District(
        state_code=f"{n:08d}",
        name=f"District {n} (fictional)",
        region="central",
        organization_id=organization.id if organization else None,
    )
    session.add(created)
    session.flush()
    return created


def school(
    session: Session,
    *,
    district: District | None = None,
    level: AccountabilityLevel = AccountabilityLevel.level_4,
    poverty: PovertyBand = PovertyBand.from_80,
) -> School:
    n = next(_sequence)
    district = district or globals()["district"](session)
    created = School(
        state_code=f"{n:08d}",
        name=f"School {n} (fictional)",
        district_id=district.id,
        town="Town",
        zip_code="01000",
        region="central",
        grade_bands=["elementary"],
        school_type="district",
        accountability_level=level,
        poverty_band=poverty,
    )
    session.add(created)
    session.flush()
    return created


def engagement(
    session: Session, partner: Partner, *, school: School | None = None, confirmed: bool = True
) -> Engagement:
    school = school or globals()["school"](session)
    created = Engagement(
        partner_id=partner.id,
        school_id=school.id,
        district_id=school.district_id,
        start_date=date.today() - timedelta(days=700),
        intensity=Intensity.moderate,
        funding_source=FundingSource.title_i,
        status=ConfirmationStatus.confirmed if confirmed else ConfirmationStatus.unconfirmed,
    )
    session.add(created)
    session.flush()
    return created
