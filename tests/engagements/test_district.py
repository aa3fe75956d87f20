"""District confirmation: only members of the school's own district confirm or dispute."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent, OrganizationKind, Role
from app.engagements.models import ConfirmationStatus, Engagement
from app.notifications.models import OutboxMessage
from tests import factories
from tests.engagements import factories as engagement_factories
from tests.schools import factories as school_factories


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def test_district_lists_engagements_at_its_own_schools_only(
    session, client_for, district_user, partner, school
):
    ours = engagement_factories.engagement(session, partner=partner, school=school, services="Ours")
    elsewhere = school_factories.school(session, name="Elsewhere Middle")
    engagement_factories.engagement(session, partner=partner, school=elsewhere, services="Theirs")
    page = soup(client_for(district_user).get("/district/engagements"))
    rows = page.select("tbody tr")
    assert len(rows) == 1
    assert rows[0].select_one("td").get_text() == "Riverton Elementary"
    assert rows[0].select_one("a")["href"] == f"/district/engagements/{ours.id}"


def test_confirming_notifies_the_partner_and_is_audited(
    session, client_for, district_user, editor, partner, school
):
    engagement = engagement_factories.engagement(session, partner=partner, school=school)
    client = client_for(district_user)
    detail = soup(client.get(f"/district/engagements/{engagement.id}"))
    assert detail.select_one(f'form[action="/district/engagements/{engagement.id}/confirm"]')
    response = client.post_form(f"/district/engagements/{engagement.id}/confirm")
    assert response.status_code == 303
    session.refresh(engagement)
    assert engagement.status is ConfirmationStatus.confirmed
    assert engagement.confirmed_by_id == district_user.id
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == editor.email))
    assert "confirmed" in message.subject
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "engagement.confirmed"))
    assert event.object_id == str(engagement.id)


def test_dispute_needs_a_comment_which_the_partner_then_reads(
    session, client_for, district_user, editor, partner, school
):
    engagement = engagement_factories.engagement(session, partner=partner, school=school)
    client = client_for(district_user)
    response = client.post_form(f"/district/engagements/{engagement.id}/dispute", {"comment": "  "})
    assert response.status_code == 422
    assert soup(response).select_one("#error-comment")
    session.refresh(engagement)
    assert engagement.status is ConfirmationStatus.unconfirmed
    response = client.post_form(
        f"/district/engagements/{engagement.id}/dispute", {"comment": "Dates are wrong <b>really</b>"}
    )
    assert response.status_code == 303
    session.refresh(engagement)
    assert engagement.status is ConfirmationStatus.disputed
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == editor.email))
    assert "Dates are wrong" in message.body
    page = client_for(editor).get(f"/workspace/engagements/{engagement.id}")
    assert "<b>really</b>" not in page.text
    assert soup(page).select_one(".pp-comment").get_text() == "Dates are wrong <b>really</b>"


def test_another_district_cannot_see_or_confirm(session, client_for, partner, school):
    other_org = factories.organization(session, kind=OrganizationKind.district)
    school_factories.district(session, organization_id=other_org.id)
    outsider = factories.user(session, role=Role.district_member, organization=other_org)
    engagement = engagement_factories.engagement(session, partner=partner, school=school)
    client = client_for(outsider)
    assert client.get(f"/district/engagements/{engagement.id}").status_code == 404
    assert client.post_form(f"/district/engagements/{engagement.id}/confirm").status_code == 404
    assert (
        client.post_form(f"/district/engagements/{engagement.id}/dispute", {"comment": "x"}).status_code
        == 404
    )
    assert soup(client.get("/district/engagements")).select_one(".pp-empty")
    session.refresh(engagement)
    assert engagement.status is ConfirmationStatus.unconfirmed


def test_a_district_without_a_linked_registry_district_sees_nothing(session, client_for):
    unlinked_org = factories.organization(session, kind=OrganizationKind.district)
    member = factories.user(session, role=Role.district_member, organization=unlinked_org)
    assert client_for(member).get("/district/engagements").status_code == 404


def test_partners_cannot_confirm_their_own_engagements(session, client_for, editor, partner, school):
    engagement = engagement_factories.engagement(session, partner=partner, school=school)
    assert client_for(editor).post_form(f"/district/engagements/{engagement.id}/confirm").status_code == 404
    assert session.scalar(select(Engagement.status).where(Engagement.id == engagement.id)) == "unconfirmed"


def test_confirming_twice_is_refused(session, client_for, district_user, partner, school):
    engagement = engagement_factories.engagement(
        session, partner=partner, school=school, status=ConfirmationStatus.confirmed
    )
    response = client_for(district_user).post_form(f"/district/engagements/{engagement.id}/confirm")
    assert response.status_code == 409
