"""The partner's evidence pages: forms, finding rows, lifecycle, versions, attachments."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent, OrganizationKind, Role
from app.evidence.models import EvidenceItem, EvidenceStatus
from tests import factories
from tests.evidence import factories as evidence_factories
from tests.partners import factories as partner_factories


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.text, "html.parser")


@pytest.fixture
def partner(session):  # type: ignore[no-untyped-def]
    return partner_factories.partner(
        session, organization=factories.organization(session, name="Bright Path (fictional)")
    )


@pytest.fixture
def editor(session, partner):  # type: ignore[no-untyped-def]
    return factories.user(
        session, role=Role.partner_editor, organization=partner.organization_id and _org(session, partner)
    )


def _org(session, partner):  # type: ignore[no-untyped-def]
    from app.accounts.models import Organization

    return session.get(Organization, partner.organization_id)


@pytest.fixture
def browser(client_for, editor):  # type: ignore[no-untyped-def]
    return client_for(editor)


def _items(session, partner) -> list[EvidenceItem]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(
            select(EvidenceItem).where(EvidenceItem.partner_id == partner.id).order_by(EvidenceItem.id)
        )
    )


def _second_finding() -> dict[str, str]:
    return {
        "findings-1-outcome_domain": "attendance",
        "findings-1-measure": "Chronic absence rate",
        "findings-1-before_value": "31",
        "findings-1-after_value": "24",
        "findings-1-comparison_before": "30",
        "findings-1-comparison_after": "29",
        "findings-1-reported_significant": "yes",
        "findings-1-direction": "positive",
    }


def test_empty_list_invites_the_first_item(browser):
    page = soup(browser.get("/workspace/evidence"))
    assert page.select_one(".pp-empty h2").get_text(strip=True) == "No evidence yet"
    assert (
        page.select_one('nav[aria-label="Partner workspace"] a[aria-current="page"]')["href"]
        == "/workspace/evidence"
    )


def test_partner_adds_evidence_with_two_findings_and_sees_the_tier(browser, session, partner):
    response = browser.post_form(
        "/workspace/evidence/new", {**evidence_factories.TIER_1_FORM, **_second_finding()}
    )
    assert response.status_code == 303
    [item] = _items(session, partner)
    assert response.headers["location"] == f"/workspace/evidence/{item.id}"
    assert item.status is EvidenceStatus.draft
    assert item.claimed_tier == "tier_1"
    page = soup(browser.get(f"/workspace/evidence/{item.id}"))
    assert page.select_one("h1").get_text(strip=True) == "Leadership coaching trial"
    assert "Tier 1: strong evidence" in page.select_one(".pp-tier__result").get_text()
    rows = page.select("table.pp-findings tbody tr")
    assert len(rows) == 2
    # Effect size 0.25 -> improvement index +10 percentile points.
    assert "+10 percentile points" in rows[0].get_text()
    assert "24" in rows[1].get_text()
    listing = soup(browser.get("/workspace/evidence"))
    assert [a.get_text(strip=True) for a in listing.select("tbody th a")] == ["Leadership coaching trial"]
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.created")) is not None


def test_bad_input_is_explained_next_to_each_field_and_rows_are_kept(browser, session, partner):
    data = {
        **evidence_factories.TIER_1_FORM,
        "title": "",
        "link": "not a link",
        "student_count": "many",
        "findings-0-p_value": "1.5",
        **_second_finding(),
        "findings-1-measure": "",
    }
    response = browser.post_form("/workspace/evidence/new", data)
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("#error-title").get_text(strip=True) == "This field is required."
    assert "https://" in page.select_one("#error-link").get_text()
    assert page.select_one("#error-student_count") is not None
    assert page.select_one("#error-findings-0-p_value") is not None
    assert page.select_one("#error-findings-1-measure").get_text(strip=True) == "This field is required."
    summary_links = [a["href"] for a in page.select("#error-summary a")]
    assert "#field-findings-1-measure" in summary_links
    assert "Finding 2, measure" in page.select_one("#error-summary").get_text()
    # What the partner typed is still there, both finding rows included.
    assert page.select_one("#field-link")["value"] == "not a link"
    assert page.select_one("#field-findings-0-measure")["value"] == "State math test"
    assert page.select_one("#field-findings-1-before_value")["value"] == "31"
    assert page.select_one("#field-findings-1-outcome_domain option[selected]")["value"] == "attendance"
    assert len(page.select("fieldset.pp-finding")) == 2
    assert _items(session, partner) == []


def test_a_finding_needs_an_effect_size_or_before_and_after_values(browser):
    data = {**evidence_factories.TIER_1_FORM, "findings-0-effect_size": "", "findings-0-p_value": ""}
    page = soup(browser.post_form("/workspace/evidence/new", data))
    assert (
        "effect size, or the values before and after"
        in page.select_one("#error-findings-0-effect_size").get_text()
    )


def test_status_tier_and_partner_cannot_be_posted(browser, session, partner):
    other = partner_factories.partner(session)
    data = {
        **evidence_factories.TIER_1_FORM,
        "student_count": "10",
        "status": "verified",
        "claimed_tier": "tier_1",
        "verified_tier": "tier_1",
        "partner_id": str(other.id),
        "version": "7",
    }
    assert browser.post_form("/workspace/evidence/new", data).status_code == 303
    [item] = _items(session, partner)
    assert item.status is EvidenceStatus.draft
    assert item.claimed_tier == "tier_3"
    assert item.verified_tier is None
    assert item.version == 1
    assert _items(session, other) == []


def test_add_and_remove_finding_rows_without_javascript(browser, session, partner):
    data = {**evidence_factories.TIER_1_FORM, "form_action": "add_finding"}
    page = soup(browser.post_form("/workspace/evidence/new", data))
    assert len(page.select("fieldset.pp-finding")) == 2
    assert page.select_one("#field-findings-0-measure")["value"] == "State math test"
    assert page.select_one("#field-findings-1-outcome_domain").has_attr("autofocus")
    assert page.select_one("#field-title")["value"] == "Leadership coaching trial"
    data = {**evidence_factories.TIER_1_FORM, **_second_finding(), "form_action": "remove_finding-0"}
    page = soup(browser.post_form("/workspace/evidence/new", data))
    rows = page.select("fieldset.pp-finding")
    assert len(rows) == 1
    assert page.select_one("#field-findings-0-measure")["value"] == "Chronic absence rate"
    assert _items(session, partner) == []


def test_htmx_row_actions_return_only_the_rows_and_the_new_tier(browser):
    data = {**evidence_factories.TIER_1_FORM, "form_action": "remove_finding-0"}
    response = browser.post_form("/workspace/evidence/new", data, headers={"HX-Request": "true"})
    page = soup(response)
    assert page.select_one("h1") is None
    assert page.select_one("#findings") is not None
    assert page.select("fieldset.pp-finding")  # one empty row to fill in
    assert page.select_one("#tier-preview[hx-swap-oob]") is not None
    assert "Does not meet" in page.select_one("#tier-preview").get_text()


def test_preview_explains_the_tier_condition_by_condition(browser):
    data = {**evidence_factories.TIER_1_FORM, "student_count": "349"}
    response = browser.post_form("/workspace/evidence/preview", data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = soup(response)
    assert "Tier 3: promising evidence" in page.select_one(".pp-tier__result").get_text()
    tier_1 = page.select("details.pp-tier__check")[0]
    missing = [li.get_text(" ", strip=True) for li in tier_1.select(".pp-condition--missing")]
    assert len(missing) == 1
    assert "At least 350 students" in missing[0] and "1 more needed" in missing[0]
    tier_4 = {
        **evidence_factories.TIER_1_FORM,
        "study_design": "logic_model_only",
        "has_logic_model": "yes",
        "study_under_way": "yes",
    }
    tier_4 = {k: v for k, v in tier_4.items() if not k.startswith("findings-")}
    page = soup(browser.post_form("/workspace/evidence/preview", tier_4))
    assert "Tier 4" in page.select_one(".pp-tier__result").get_text()
    assert "not usable with ESEA section 1003" in page.select_one(".usa-alert--warning").get_text()


def test_edit_a_draft_keeps_its_findings(browser, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner)
    page = soup(browser.get(f"/workspace/evidence/{item.id}/edit"))
    assert page.select_one("#field-findings-0-effect_size")["value"] == "0.25"
    assert page.select_one("#field-study_design option[selected]")["value"] == "rct"
    data = {**evidence_factories.TIER_1_FORM, "title": "Renamed study", "site_count": "1"}
    assert browser.post_form(f"/workspace/evidence/{item.id}/edit", data).status_code == 303
    session.refresh(item)
    assert item.title == "Renamed study"
    assert item.claimed_tier == "tier_3"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.updated"))
    assert event.changes["title"] == ["Leadership coaching trial", "Renamed study"]


def test_submit_freezes_the_item_and_its_claimed_tier(browser, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner)
    confirm = soup(browser.get(f"/workspace/evidence/{item.id}/submit"))
    assert "cannot be changed" in confirm.select_one(".usa-alert--warning").get_text()
    response = browser.post_form(f"/workspace/evidence/{item.id}/submit")
    assert response.status_code == 303
    session.refresh(item)
    assert item.status is EvidenceStatus.submitted
    assert item.claimed_tier == "tier_1"
    assert item.submitted_at is not None
    # Immutable: the edit page sends the partner back, a posted edit is refused.
    edit = browser.get(f"/workspace/evidence/{item.id}/edit", follow_redirects=False)
    assert edit.status_code == 303
    refused = browser.post_form(
        f"/workspace/evidence/{item.id}/edit", {**evidence_factories.TIER_1_FORM, "title": "Changed"}
    )
    assert refused.status_code == 409
    assert browser.post_form(f"/workspace/evidence/{item.id}/delete").status_code == 409
    assert browser.post_form(f"/workspace/evidence/{item.id}/submit").status_code == 409
    session.refresh(item)
    assert item.title == "Leadership coaching trial"


def test_an_empty_draft_cannot_be_submitted(browser, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner, findings=[])
    response = browser.post_form(f"/workspace/evidence/{item.id}/submit")
    assert response.status_code == 422
    assert "at least one finding" in soup(response).select_one(".usa-alert--error").get_text()


def test_correction_makes_version_2_and_keeps_version_1(browser, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
    response = browser.post_form(f"/workspace/evidence/{item.id}/correct")
    assert response.status_code == 303
    first, second = _items(session, partner)
    assert response.headers["location"] == f"/workspace/evidence/{second.id}/edit"
    assert (first.version, first.status, first.is_latest) == (1, EvidenceStatus.submitted, False)
    assert (second.version, second.status, second.is_latest) == (2, EvidenceStatus.draft, True)
    assert second.previous_id == first.id and second.lineage_id == first.lineage_id
    data = {**evidence_factories.TIER_1_FORM, "title": "Corrected title"}
    assert browser.post_form(f"/workspace/evidence/{second.id}/edit", data).status_code == 303
    session.refresh(first)
    assert first.title == "Leadership coaching trial"
    old = soup(browser.get(f"/workspace/evidence/{first.id}"))
    assert "earlier version" in old.get_text()
    assert [th.get_text(strip=True) for th in old.select("#versions-heading ~ table tbody th")] == [
        "Version 2",
        "Version 1 (this page)",
    ]
    listing = soup(browser.get("/workspace/evidence"))
    assert [a.get_text(strip=True) for a in listing.select("tbody th a")] == ["Corrected title"]
    # Only the newest version can be corrected, and only once at a time.
    assert browser.post_form(f"/workspace/evidence/{first.id}/correct").status_code == 409
    assert browser.post_form(f"/workspace/evidence/{second.id}/correct").status_code == 409


def test_deleting_a_correction_draft_restores_the_previous_version(browser, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner, status=EvidenceStatus.submitted)
    browser.post_form(f"/workspace/evidence/{item.id}/correct")
    _, correction = _items(session, partner)
    response = browser.post_form(f"/workspace/evidence/{correction.id}/delete")
    assert response.headers["location"] == f"/workspace/evidence/{item.id}"
    session.refresh(item)
    assert item.is_latest
    assert _items(session, partner) == [item]


def test_delete_a_draft(browser, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner)
    page = soup(browser.get(f"/workspace/evidence/{item.id}"))
    assert page.select_one(f'form[action="/workspace/evidence/{item.id}/delete"][hx-confirm]') is not None
    assert browser.post_form(f"/workspace/evidence/{item.id}/delete").status_code == 303
    assert _items(session, partner) == []
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.deleted")) is not None


def test_attach_a_pdf_and_refuse_a_spoofed_one(browser, session, partner, settings):
    item = evidence_factories.evidence_item(session, partner=partner)
    files = {"file": ("report.pdf", partner_factories.PDF, "application/pdf")}
    response = browser.post(
        f"/workspace/evidence/{item.id}/attachments",
        data={"csrf_token": browser.csrf_token, "title": "Final report"},
        files=files,
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = soup(browser.get(f"/workspace/evidence/{item.id}"))
    link = page.select_one("#attachments ul a")
    assert link.get_text(strip=True) == "Final report"
    download = browser.get(link["href"])
    assert download.status_code == 200 and download.content == partner_factories.PDF
    spoofed = browser.post(
        f"/workspace/evidence/{item.id}/attachments",
        data={"csrf_token": browser.csrf_token},
        files={"file": ("virus.pdf", partner_factories.ELF, "application/pdf")},
        follow_redirects=False,
    )
    assert spoofed.status_code == 422
    assert "not a real" in soup(spoofed).select_one("#error-file").get_text()
    document_id = link["href"].rsplit("/", 1)[1]
    removed = browser.post_form(f"/workspace/evidence/{item.id}/attachments/{document_id}/remove")
    assert removed.status_code == 303
    assert soup(browser.get(f"/workspace/evidence/{item.id}")).select("#attachments ul a") == []


def test_another_partner_cannot_see_or_change_the_evidence(client_for, session, partner):
    item = evidence_factories.evidence_item(session, partner=partner)
    other_org = factories.organization(session, kind=OrganizationKind.partner)
    partner_factories.partner(session, organization=other_org)
    intruder = client_for(factories.user(session, role=Role.partner_editor, organization=other_org))
    assert intruder.get(f"/workspace/evidence/{item.id}").status_code == 404
    assert (
        intruder.post_form(f"/workspace/evidence/{item.id}/edit", evidence_factories.TIER_1_FORM).status_code
        == 404
    )
    assert intruder.post_form(f"/workspace/evidence/{item.id}/delete").status_code == 404
    assert "Leadership" not in intruder.get("/workspace/evidence").text
    session.refresh(item)
    assert item.status is EvidenceStatus.draft


def test_list_sorts_filters_and_paginates(browser, session, partner):
    for n in range(22):
        evidence_factories.evidence_item(
            session, partner=partner, title=f"Study {n:02d}", student_count=10 * n
        )
    evidence_factories.evidence_item(
        session, partner=partner, title="Aardvark study", status=EvidenceStatus.submitted
    )
    first = soup(browser.get("/workspace/evidence?sort=title&order=asc"))
    titles = [a.get_text(strip=True) for a in first.select("tbody th a")]
    assert titles[:2] == ["Aardvark study", "Study 00"]
    assert len(titles) == 20
    assert first.select_one('th[aria-sort="ascending"]') is not None
    second = soup(browser.get("/workspace/evidence?sort=title&order=asc&page=2"))
    assert len(second.select("tbody tr")) == 3
    submitted = soup(browser.get("/workspace/evidence?status=submitted"))
    assert [a.get_text(strip=True) for a in submitted.select("tbody th a")] == ["Aardvark study"]
    by_tier = soup(browser.get("/workspace/evidence?sort=tier&order=asc"))
    assert "Tier 1" in by_tier.select("tbody tr")[0].get_text()


def test_partner_text_is_escaped(browser, session, partner):
    evidence_factories.evidence_item(session, partner=partner, title="<script>alert(1)</script>")
    response = browser.get("/workspace/evidence")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_htmx_filter_gets_only_the_results(browser, session, partner):
    evidence_factories.evidence_item(session, partner=partner, title="Draft one")
    response = browser.get("/workspace/evidence?status=draft", headers={"HX-Request": "true"})
    page = soup(response)
    assert page.select_one("h1") is None
    assert [a.get_text(strip=True) for a in page.select("tbody th a")] == ["Draft one"]
    assert response.headers["Vary"] == "HX-Request"
