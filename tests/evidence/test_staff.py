"""State staff read, verify and return evidence; the contracts other domains use."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent, Organization, Role
from app.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from app.evidence import queries, service
from app.evidence.models import Direction, EvidenceStatus, StudyDesign
from app.notifications.models import OutboxMessage
from app.web.templating import templates
from tests import factories
from tests.evidence import factories as evidence_factories
from tests.partners import factories as partner_factories


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.text, "html.parser")


@pytest.fixture
def partner(session):  # type: ignore[no-untyped-def]
    return partner_factories.partner(session)


@pytest.fixture
def admin(session):  # type: ignore[no-untyped-def]
    return factories.user(session, role=Role.state_admin)


def test_admin_reads_any_partners_evidence_and_verifies_a_changed_tier(client_for, session, partner, admin):
    item = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
    browser = client_for(admin)
    listing = soup(browser.get("/admin/evidence"))
    assert [a.get_text(strip=True) for a in listing.select("tbody th a")] == [item.title]
    page = soup(browser.get(f"/admin/evidence/{item.id}"))
    assert "Tier 1" in page.select_one("#tier-heading").get_text()
    assert page.select_one("#field-tier option[selected]")["value"] == "tier_1"
    missing_reason = browser.post_form(f"/admin/evidence/{item.id}/verify", {"tier": "tier_2", "reason": ""})
    assert missing_reason.status_code == 422
    assert soup(missing_reason).select_one("#error-reason") is not None
    response = browser.post_form(
        f"/admin/evidence/{item.id}/verify",
        {"tier": "tier_2", "reason": "Attrition is above WWC's boundary."},
    )
    assert response.status_code == 303
    session.refresh(item)
    assert (item.status, item.verified_tier, item.claimed_tier) == (
        EvidenceStatus.verified,
        "tier_2",
        "tier_1",
    )
    assert item.staff_reason == "Attrition is above WWC's boundary."
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.verified"))
    assert event.changes["changed_from_claim"] is True
    # The partner sees the verified tier and the reason.
    editor = factories.user(
        session, role=Role.partner_editor, organization=session.get(Organization, partner.organization_id)
    )
    own = soup(client_for(editor).get(f"/workspace/evidence/{item.id}"))
    assert "Verified: Tier 2: moderate evidence" in own.select_one(".usa-alert--success").get_text()
    assert "Attrition is above" in own.select_one(".usa-alert--success").get_text()


def test_admin_returns_evidence_with_a_reason_and_the_partner_corrects_it(
    client_for, session, partner, admin
):
    editor = factories.user(
        session, role=Role.partner_editor, organization=session.get(Organization, partner.organization_id)
    )
    item = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
    browser = client_for(admin)
    empty = browser.post_form(f"/admin/evidence/{item.id}/return", {"return_reason": "  "})
    assert empty.status_code == 422
    assert soup(empty).select_one("#error-return_reason") is not None
    assert (
        browser.post_form(
            f"/admin/evidence/{item.id}/return", {"return_reason": "Add the p-values."}
        ).status_code
        == 303
    )
    session.refresh(item)
    assert item.status is EvidenceStatus.returned
    [message] = session.scalars(select(OutboxMessage).where(OutboxMessage.subject.like("Evidence returned%")))
    assert "Add the p-values." in message.body
    partner_browser = client_for(editor)
    page = soup(partner_browser.get(f"/workspace/evidence/{item.id}"))
    assert "Add the p-values." in page.select_one(".usa-alert--warning").get_text()
    assert partner_browser.post_form(f"/workspace/evidence/{item.id}/correct").status_code == 303


def test_drafts_cannot_be_verified_and_only_staff_verify(session, partner, admin):
    draft = evidence_factories.evidence_item(session, partner=partner)
    with pytest.raises(InvalidTransition):
        service.evidence_verify(
            session=session, item=draft, tier="tier_1", reason="ok", actor=factories.actor(admin)
        )
    submitted = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
    editor = factories.user(
        session, role=Role.partner_editor, organization=session.get(Organization, partner.organization_id)
    )
    with pytest.raises(Forbidden):
        service.evidence_verify(
            session=session, item=submitted, tier="tier_1", reason="mine", actor=factories.actor(editor)
        )
    with pytest.raises(ValidationFailed):
        service.evidence_verify(
            session=session, item=submitted, tier="tier_9", reason="x", actor=factories.actor(admin)
        )
    reviewer = factories.user(session, role=Role.reviewer)
    service.evidence_verify(
        session=session, item=submitted, tier="tier_1", reason="Sound.", actor=factories.actor(reviewer)
    )
    assert submitted.verified_tier == "tier_1"


def test_reviewers_and_districts_do_not_get_the_admin_pages(client_for, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
    for role in (Role.reviewer, Role.district_member):
        browser = client_for(factories.user(session, role=role))
        assert browser.get(f"/admin/evidence/{item.id}").status_code == 404


def test_best_verified_tier_by_partner_uses_public_verified_versions(session, admin):
    strong, modest, none = (partner_factories.partner(session) for _ in range(3))
    actor = factories.actor(admin)
    for partner, tier in ((strong, "tier_3"), (strong, "tier_1"), (modest, "tier_2")):
        item = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
        service.evidence_verify(session=session, item=item, tier=tier, reason="Checked.", actor=actor)
    evidence_factories.evidence_item(session, partner=none, status=EvidenceStatus.submitted)
    evidence_factories.evidence_item(session, partner=none, verified_tier="tier_1")  # a draft never counts
    session.flush()
    assert queries.best_verified_tier_by_partner(session, [strong.id, modest.id, none.id]) == {
        strong.id: "tier_1",
        modest.id: "tier_2",
    }
    assert queries.best_verified_tier_by_partner(session, []) == {}


def test_public_evidence_shows_newest_submitted_versions_only(session, partner):
    editor = factories.user(
        session, role=Role.partner_editor, organization=session.get(Organization, partner.organization_id)
    )
    actor = factories.actor(editor)
    evidence_factories.evidence_item(session, partner=partner, title="Private draft")
    first = evidence_factories.evidence_item(
        session, partner=partner, title="Coaching study", status=EvidenceStatus.submitted
    )
    evidence_factories.evidence_item(
        session, partner=partner, title="Returned study", status=EvidenceStatus.returned
    )
    session.refresh(first, ["findings", "attachments"])
    correction = service.evidence_correct(session=session, item=first, actor=actor)
    assert [i.title for i in queries.public_evidence_for_partner(session, partner.id)] == ["Coaching study"]
    assert queries.public_evidence_for_partner(session, partner.id)[0].version == 1
    correction.title = "Coaching study, corrected"
    service.evidence_submit(session=session, item=correction, actor=actor)
    session.flush()
    public = queries.public_evidence_for_partner(session, partner.id)
    assert [(i.title, i.version) for i in public] == [("Coaching study, corrected", 2)]
    assert len(public[0].findings) == 1


def test_summary_partial_renders_plain_language_evidence(session, partner):
    evidence_factories.evidence_item(
        session,
        partner=partner,
        title="Rationale <b>only</b>",
        status=EvidenceStatus.submitted,
        study_design=StudyDesign.logic_model_only,
        has_logic_model=True,
        study_under_way=True,
        findings=[],
    )
    evidence_factories.evidence_item(
        session,
        partner=partner,
        title="Coaching trial",
        status=EvidenceStatus.submitted,
        findings=[
            evidence_factories.finding(),
            evidence_factories.finding(position=1, direction=Direction.none, p_value=0.4),
        ],
    )
    items = queries.public_evidence_for_partner(session, partner.id)
    html = templates.env.get_template("evidence/_summary.html").render(evidence_items=items)
    page = BeautifulSoup(html, "html.parser")
    assert [h.get_text(strip=True) for h in page.select("h3")] == ["Coaching trial", "Rationale <b>only</b>"]
    assert "<b>only</b>" not in html
    text = page.get_text(" ", strip=True)
    assert "Tier 1: strong evidence" in text and "claimed by the partner, not yet verified" in text
    assert "improvement index +10 percentile points" in text
    assert "not statistically significant, p = 0.4" in text
    assert "not usable with ESEA section 1003" in text
    assert "1,200 students in 12 sites" in text


def test_a_second_simultaneous_correction_is_refused_cleanly(session, partner):
    editor = factories.user(
        session, role=Role.partner_editor, organization=session.get(Organization, partner.organization_id)
    )
    item = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
    # Another request already wrote version 2 but this one still sees version 1 as the newest.
    evidence_factories.evidence_item(session, partner=partner, lineage_id=item.lineage_id, version=2)
    session.refresh(item, ["findings", "attachments"])
    with pytest.raises(Conflict):
        service.evidence_correct(session=session, item=item, actor=factories.actor(editor))
    assert session.get(type(item), item.id).is_latest
