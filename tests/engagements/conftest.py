import pytest

from app.accounts.models import OrganizationKind, Role
from tests import factories
from tests.partners import factories as partner_factories
from tests.schools import factories as school_factories


@pytest.fixture
def partner_org(session):
    return factories.organization(
        session, name="Northstar Coaching (fictional)", kind=OrganizationKind.partner
    )


@pytest.fixture
def partner(session, partner_org):
    return partner_factories.partner(session, organization=partner_org)


@pytest.fixture
def editor(session, partner, partner_org):
    return factories.user(session, role=Role.partner_editor, organization=partner_org)


@pytest.fixture
def district_org(session):
    return factories.organization(
        session, name="Riverton Public Schools (fictional)", kind=OrganizationKind.district
    )


@pytest.fixture
def district(session, district_org):
    return school_factories.district(session, name="Riverton", organization_id=district_org.id)


@pytest.fixture
def district_user(session, district_org):
    return factories.user(session, role=Role.district_member, organization=district_org)


@pytest.fixture
def school(session, district):
    return school_factories.school(
        session, district=district, name="Riverton Elementary", state_code="77000001"
    )
