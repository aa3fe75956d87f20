"""The partners demo data: twelve complete fictional profiles across every focus area."""

from sqlalchemy import func, select

from app import taxonomy
from app.accounts.models import Role, User
from app.partners import demo
from app.partners.models import Partner, PartnerFocusArea, PartnerRevision, RevisionStatus


def test_demo_partners_are_complete_fictional_and_cover_every_focus_area(session):
    accounts = demo.load(session)
    assert [a.email for a in accounts] == [f"partner{n}@demo.priority-partners.org" for n in range(1, 13)]
    assert all(a.role is Role.partner_editor for a in accounts)
    partners = session.scalars(select(Partner).where(Partner.name.like("%(fictional)"))).all()
    assert len(partners) == 12
    for partner in partners:
        assert partner.summary and partner.description and partner.services
        assert partner.website.endswith(".example")
        assert partner.cost_min_cents <= partner.cost_max_cents
    covered = set(session.scalars(select(PartnerFocusArea.focus_area).distinct()))
    assert covered == set(taxonomy.FOCUS_AREAS)
    editors = session.scalar(select(func.count()).select_from(User).where(User.email.like("partner%@demo.%")))
    assert editors == 12
    pending = session.scalars(
        select(PartnerRevision).where(PartnerRevision.status == RevisionStatus.pending)
    ).all()
    assert len(pending) == 1
