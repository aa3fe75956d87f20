"""Every school registry SELECT. The registry is public state data: no per-viewer filtering."""

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.accounts.models import Organization, OrganizationKind, OrganizationStatus
from app.errors import NotFound
from app.schools.models import AccountabilityLevel, District, PovertyBand, School

SEARCH_LIMIT = 10


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def school_search(session: Session, text: str, *, limit: int = SEARCH_LIMIT) -> list[School]:
    """The picker: schools whose name, town or district contains every word typed."""
    words = [w for w in text.split() if w][:5]
    if not words or len(text.strip()) < 2:
        return []
    statement = (
        select(School)
        .join(District, School.district_id == District.id)
        .options(selectinload(School.district))
        .order_by(School.name, School.id)
        .limit(limit)
    )
    for word in words:
        pattern = _like(word)
        statement = statement.where(
            or_(
                func.lower(School.name).like(pattern, escape="\\"),
                func.lower(School.town).like(pattern, escape="\\"),
                func.lower(District.name).like(pattern, escape="\\"),
            )
        )
    return list(session.scalars(statement))


def school(session: Session, school_id: int) -> School:
    found = session.scalar(
        select(School).where(School.id == school_id).options(selectinload(School.district))
    )
    if found is None:
        raise NotFound()
    return found


def school_by_code(session: Session, state_code: str) -> School | None:
    return session.scalar(
        select(School).where(School.state_code == state_code).options(selectinload(School.district))
    )


def district(session: Session, district_id: int) -> District:
    found = session.scalar(
        select(District).where(District.id == district_id).options(selectinload(District.organization))
    )
    if found is None:
        raise NotFound()
    return found


def district_by_code(session: Session, state_code: str) -> District | None:
    return session.scalar(select(District).where(District.state_code == state_code))


def district_by_name(session: Session, name: str) -> District | None:
    return session.scalar(select(District).where(District.name == name))


def district_for_organization(session: Session, organization_id: int | None) -> District | None:
    """The district a district organization acts for, if an admin linked one."""
    if organization_id is None:
        return None
    return session.scalar(select(District).where(District.organization_id == organization_id))


def district_options(session: Session) -> list[tuple[int, str]]:
    return [
        (d.id, d.name) for d in session.execute(select(District.id, District.name).order_by(District.name))
    ]


def districts(
    *, text: str = "", region: str = "", linked: str = "", sort: str = "name"
) -> Select[tuple[District]]:
    statement = select(District).options(selectinload(District.organization))
    if text:
        statement = statement.where(func.lower(District.name).like(_like(text), escape="\\"))
    if region:
        statement = statement.where(District.region == region)
    if linked == "yes":
        statement = statement.where(District.organization_id.is_not(None))
    elif linked == "no":
        statement = statement.where(District.organization_id.is_(None))
    order = {
        "name": (District.name,),
        "code": (District.state_code,),
        "region": (District.region, District.name),
    }
    return statement.order_by(*order.get(sort, order["name"]), District.id)


def schools(
    *,
    text: str = "",
    region: str = "",
    level: AccountabilityLevel | None = None,
    poverty: PovertyBand | None = None,
    district_id: int | None = None,
    sort: str = "name",
) -> Select[tuple[School]]:
    statement = select(School).options(selectinload(School.district))
    if text:
        pattern = _like(text)
        statement = statement.where(
            or_(
                func.lower(School.name).like(pattern, escape="\\"),
                func.lower(School.town).like(pattern, escape="\\"),
            )
        )
    if region:
        statement = statement.where(School.region == region)
    if level is not None:
        statement = statement.where(School.accountability_level == level)
    if poverty is not None:
        statement = statement.where(School.poverty_band == poverty)
    if district_id is not None:
        statement = statement.where(School.district_id == district_id)
    order = {
        "name": (School.name,),
        "town": (School.town, School.name),
        "enrollment": (School.enrollment.desc(), School.name),
        "low_income": (School.low_income_share.desc(), School.name),
    }
    return statement.order_by(*order.get(sort, order["name"]), School.id)


def schools_like(session: Session, school: School, *, limit: int = 20) -> list[School]:
    """Schools with the same accountability level and poverty band (for the directory)."""
    statement = (
        select(School)
        .where(
            School.accountability_level == school.accountability_level,
            School.poverty_band == school.poverty_band,
            School.id != school.id,
        )
        .options(selectinload(School.district))
        .order_by(School.name)
        .limit(limit)
    )
    return list(session.scalars(statement))


def linkable_organizations(session: Session) -> list[Organization]:
    """Active district organizations, for the link form."""
    return list(
        session.scalars(
            select(Organization)
            .where(
                Organization.kind == OrganizationKind.district,
                Organization.status == OrganizationStatus.active,
            )
            .order_by(Organization.name)
        )
    )


def counts(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count(District.id))) or 0,
        session.scalar(select(func.count(School.id))) or 0,
    )


def school_ids_by_code(session: Session, codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    rows = session.execute(select(School.state_code, School.id).where(School.state_code.in_(codes)))
    return {code: id_ for code, id_ in rows}


def district_ids_by_code(session: Session, codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    rows = session.execute(select(District.state_code, District.id).where(District.state_code.in_(codes)))
    return {code: id_ for code, id_ in rows}
