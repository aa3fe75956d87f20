"""A designated partner's edits wait as a pending revision; state staff accept or reject."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent
from app.notifications.models import OutboxMessage
from app.partners import queries
from app.partners.models import Partner, PartnerRevision, RevisionStatus
from tests.partners.test_profile import GOOD


def _page(response):
    return BeautifulSoup(response.text, "html.parser")


def _designate(session, partner):
    partner.is_designated = True
    session.flush()


def _pending(session, partner):
    return session.scalar(
        select(PartnerRevision).where(
            PartnerRevision.partner_id == partner.id, PartnerRevision.status == RevisionStatus.pending
        )
    )


def test_designated_partner_edit_becomes_a_pending_revision(client_for, session, editor, partner):
    _designate(session, partner)
    client = client_for(editor)
    response = client.post_form("/workspace/profile", {**GOOD, "summary": "A brand new summary."})
    assert response.status_code == 303
    session.expire_all()
    assert session.get(Partner, partner.id).summary == "Coaching for school leadership teams."
    revision = _pending(session, partner)
    assert revision is not None and revision.proposed["summary"] == "A brand new summary."

    page = _page(client.get("/workspace/profile"))
    assert page.select_one("#pending-revision") is not None
    # The form shows what the partner proposed, not the published version.
    assert page.select_one("#field-summary").get_text() == "A brand new summary."

    # A second edit replaces the pending proposal instead of piling up revisions.
    client.post_form("/workspace/profile", {**GOOD, "summary": "Second thoughts."})
    session.expire_all()
    revisions = session.scalars(select(PartnerRevision).where(PartnerRevision.partner_id == partner.id)).all()
    assert len(revisions) == 1 and revisions[0].proposed["summary"] == "Second thoughts."


def test_partner_can_withdraw_the_pending_revision(client_for, session, editor, partner):
    _designate(session, partner)
    client = client_for(editor)
    client.post_form("/workspace/profile", {**GOOD, "summary": "Changed my mind later."})
    response = client.post_form("/workspace/profile/revision/withdraw")
    assert response.status_code == 303
    assert _pending(session, partner) is None
    assert _page(client.get("/workspace/profile")).select_one("#pending-revision") is None


def test_diff_accept_publishes_and_tells_the_partner(client_for, session, editor, partner, admin):
    _designate(session, partner)
    client_for(editor).post_form("/workspace/profile", {**GOOD, "summary": "Published after review."})
    revision = _pending(session, partner)
    staff = client_for(admin)

    listing = _page(staff.get("/admin/revisions"))
    assert listing.select_one(f"a[href='/admin/revisions/{revision.id}']") is not None

    diff = _page(staff.get(f"/admin/revisions/{revision.id}"))
    row = diff.select_one("tr[data-field=summary]")
    assert row.select_one(".pp-diff__old").get_text(strip=True) == "Coaching for school leadership teams."
    assert row.select_one(".pp-diff__new").get_text(strip=True) == "Published after review."
    cost = diff.select_one("tr[data-field=cost_min_cents] .pp-diff__new").get_text(strip=True)
    assert cost == "$25,000"
    assert diff.select_one("tr[data-field=name]") is None  # unchanged fields are not listed

    response = staff.post_form(f"/admin/revisions/{revision.id}/accept")
    assert response.status_code == 303
    session.expire_all()
    published = queries.partner_with_facets(session, partner.id)
    assert published.summary == "Published after review."
    assert {r.region for r in published.regions} == {"central", "western"}
    assert session.get(PartnerRevision, revision.id).status is RevisionStatus.accepted
    mail = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == editor.email)).all()
    assert [m.subject for m in mail] == ["Your profile changes are published"]
    assert (
        session.scalar(select(AuditEvent).where(AuditEvent.action == "partner_revision.accept")) is not None
    )
    # Deciding twice is refused.
    assert staff.post_form(f"/admin/revisions/{revision.id}/accept").status_code == 409


def test_reject_keeps_the_published_profile_and_needs_a_reason(client_for, session, editor, partner, admin):
    _designate(session, partner)
    client_for(editor).post_form("/workspace/profile", {**GOOD, "summary": "Too bold a claim."})
    revision = _pending(session, partner)
    staff = client_for(admin)

    missing = staff.post_form(f"/admin/revisions/{revision.id}/reject", {"reason": "  "})
    assert missing.status_code == 422
    assert _page(missing).select_one("#error-reason") is not None

    response = staff.post_form(
        f"/admin/revisions/{revision.id}/reject", {"reason": "Cite the study for that claim."}
    )
    assert response.status_code == 303
    session.expire_all()
    assert session.get(Partner, partner.id).summary == "Coaching for school leadership teams."
    rejected = session.get(PartnerRevision, revision.id)
    assert (
        rejected.status is RevisionStatus.rejected
        and rejected.decision_reason == "Cite the study for that claim."
    )
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == editor.email))
    assert "Cite the study for that claim." in mail.body
    notice = _page(client_for(editor).get("/workspace/profile")).select_one("#last-decision")
    assert "Cite the study for that claim." in notice.get_text()


def test_undesignated_partner_edits_apply_directly(client_for, session, editor, partner):
    client_for(editor).post_form("/workspace/profile", {**GOOD, "summary": "Straight to the directory."})
    session.expire_all()
    assert session.get(Partner, partner.id).summary == "Straight to the directory."
    assert _pending(session, partner) is None


def test_admin_partner_list_search_and_profile(client_for, session, partner, admin):
    staff = client_for(admin)
    page = _page(staff.get("/admin/partners", params={"q": "brightpath"}))
    assert [a.get_text(strip=True) for a in page.select("tbody th a")] == [partner.name]
    empty = _page(staff.get("/admin/partners", params={"q": "no such partner zzz"}))
    assert empty.select_one(".pp-empty") is not None
    detail = _page(staff.get(f"/admin/partners/{partner.id}"))
    assert detail.select_one("h1").get_text(strip=True) == partner.name
    terms = [dt.get_text(strip=True) for dt in detail.select("dt")]
    assert "Primary focus areas" in terms
