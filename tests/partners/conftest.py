import pytest

from app.accounts.models import OrganizationKind, Role
from app.storage import file_store
from tests import factories
from tests.partners import factories as partner_factories


@pytest.fixture
def partner_org(session):
    return factories.organization(
        session, name="Brightpath Learning Partners (fictional)", kind=OrganizationKind.partner
    )


@pytest.fixture
def editor(session, partner_org):
    return factories.user(session, role=Role.partner_editor, organization=partner_org)


@pytest.fixture
def partner(session, partner_org):
    return partner_factories.partner(session, organization=partner_org)


@pytest.fixture
def admin(session):
    return factories.user(session, role=Role.state_admin)


@pytest.fixture
def store(settings):
    return file_store(settings.data_dir)
