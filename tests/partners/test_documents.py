"""Documents: real types accepted, spoofed or oversized files refused, nothing left behind."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.accounts.actor import SYSTEM
from app.accounts.models import AuditEvent, OrganizationKind, Role
from app.errors import Conflict, NotFound, ValidationFailed
from app.partners import queries, service
from app.partners.models import Document
from tests import factories
from tests.partners import factories as partner_factories
from tests.partners.factories import CSV, ELF, PDF, PNG, xlsx


def _page(response):
    return BeautifulSoup(response.text, "html.parser")


def _stored_files(store):
    return sorted(p.name for p in store.root.rglob("*") if p.is_file()) if store.root.exists() else []


def _upload(client, content, name="report.pdf", title=""):
    return client.post(
        "/workspace/documents",
        data={"csrf_token": client.csrf_token, "title": title},
        files={"file": (name, content, "application/pdf")},
        follow_redirects=False,
    )


def test_real_files_are_accepted_listed_and_downloadable(client_for, session, editor, partner, store):
    client = client_for(editor)
    assert _upload(client, PDF, "Annual report 2024!.pdf", "Evaluation").status_code == 303
    assert _upload(client, CSV, "scores.csv").status_code == 303
    assert _upload(client, xlsx(), "scores.xlsx").status_code == 303
    documents = session.scalars(select(Document).where(Document.partner_id == partner.id)).all()
    assert sorted(d.kind for d in documents) == ["csv", "pdf", "xlsx"]
    pdf = next(d for d in documents if d.kind == "pdf")
    assert pdf.filename == "Annual report 2024.pdf" and pdf.title == "Evaluation"
    assert store.exists(pdf.storage_key)

    page = _page(client.get("/workspace/documents"))
    assert len(page.select("table.pp-documents tbody tr")) == 3
    download = client.get(f"/documents/{pdf.id}")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == 'attachment; filename="Annual report 2024.pdf"'
    uploads = session.scalars(select(AuditEvent).where(AuditEvent.action == "document.upload")).all()
    assert len(uploads) == 3 and {e.object_id for e in uploads} == {str(d.id) for d in documents}


def test_htmx_search_returns_only_the_results(client_for, session, partner, editor):
    partner_factories.document(session, partner=partner, filename="budget.csv", kind="csv", title="Budget")
    partner_factories.document(session, partner=partner, content=PDF + b"x", filename="report.pdf")
    response = client_for(editor).get(
        "/workspace/documents", params={"q": "budg"}, headers={"HX-Request": "true"}
    )
    page = _page(response)
    assert page.select_one("h1") is None
    assert [th.get_text(strip=True) for th in page.select("tbody th")] == ["budget.csv"]


@pytest.mark.parametrize(("content", "name"), [(ELF, "report.pdf"), (PNG, "report.pdf"), (b"", "empty.pdf")])
def test_spoofed_or_empty_files_are_refused(client_for, session, editor, partner, store, content, name):
    response = _upload(client_for(editor), content, name)
    assert response.status_code == 422
    assert _page(response).select_one("#error-file") is not None
    assert session.scalar(select(func.count()).select_from(Document)) == 0
    assert _stored_files(store) == []


def test_over_the_limit_is_refused(app, client_for, session, editor, partner, store):
    app.state.settings = app.state.settings.model_copy(update={"upload_max_bytes": 1024})
    response = _upload(client_for(editor), PDF + b"0" * 2048)
    assert response.status_code == 422
    assert "larger than" in _page(response).select_one("#error-file").get_text()
    assert session.scalar(select(func.count()).select_from(Document)) == 0
    assert _stored_files(store) == []


def test_missing_file_is_an_error_next_to_the_field(client_for, editor, partner):
    client = client_for(editor)
    response = client.post_form("/workspace/documents", {"title": "Forgot the file"})
    assert response.status_code == 422
    page = _page(response)
    assert page.select_one("#error-file") is not None
    assert page.select_one("#field-title")["value"] == "Forgot the file"


def test_failed_transaction_leaves_neither_row_nor_file(session, editor, partner, store):
    actor = factories.actor(editor)
    with pytest.raises(RuntimeError), session.begin_nested():
        document = service.document_upload(
            session=session,
            partner=partner,
            filename="report.pdf",
            content=PDF,
            title=None,
            store=store,
            max_bytes=1024 * 1024,
            actor=actor,
        )
        assert store.exists(document.storage_key)
        raise RuntimeError("something later in the request failed")
    assert session.scalar(select(func.count()).select_from(Document)) == 0
    assert _stored_files(store) == []


def test_whole_transaction_rollback_removes_the_file(session, editor, partner, store):
    service.document_upload(
        session=session,
        partner=partner,
        filename="report.pdf",
        content=PDF,
        title=None,
        store=store,
        max_bytes=1024 * 1024,
        actor=factories.actor(editor),
    )
    assert len(_stored_files(store)) == 1
    session.rollback()
    assert _stored_files(store) == []


def test_committed_upload_keeps_its_file(session, editor, partner, store):
    service.document_upload(
        session=session,
        partner=partner,
        filename="report.pdf",
        content=PDF,
        title=None,
        store=store,
        max_bytes=1024 * 1024,
        actor=factories.actor(editor),
    )
    session.commit()
    assert len(_stored_files(store)) == 1


def test_a_file_another_row_uses_is_kept_when_an_upload_fails(session, editor, partner, store):
    other = partner_factories.partner(session)
    service.document_upload(
        session=session,
        partner=other,
        filename="shared.pdf",
        content=PDF,
        title=None,
        store=store,
        max_bytes=1024 * 1024,
        actor=SYSTEM,
    )
    with pytest.raises(RuntimeError), session.begin_nested():
        service.document_upload(
            session=session,
            partner=partner,
            filename="shared.pdf",
            content=PDF,
            title=None,
            store=store,
            max_bytes=1024 * 1024,
            actor=factories.actor(editor),
        )
        raise RuntimeError("rolled back")
    assert len(_stored_files(store)) == 1


def test_duplicate_upload_is_a_clear_error(session, editor, partner, store):
    kwargs = dict(
        session=session,
        partner=partner,
        title=None,
        store=store,
        max_bytes=1024 * 1024,
        actor=factories.actor(editor),
    )
    service.document_upload(filename="a.pdf", content=PDF, **kwargs)
    with pytest.raises(Conflict) as refused:
        service.document_upload(filename="b.pdf", content=PDF, **kwargs)
    assert "already uploaded" in refused.value.field_errors["file"]


def test_other_partner_and_districts_cannot_download(client_for, session, partner, editor):
    document = partner_factories.document(session, partner=partner)
    other_org = factories.organization(session, kind=OrganizationKind.partner)
    other_editor = factories.user(session, role=Role.partner_editor, organization=other_org)
    assert client_for(other_editor).get(f"/documents/{document.id}").status_code == 404
    district = factories.user(session, role=Role.district_member)
    assert client_for(district).get(f"/documents/{document.id}").status_code == 404
    with pytest.raises(NotFound):
        queries.document_for_viewer(session, factories.actor(other_editor), document.id)
    # Reviewers reach documents only through an assigned application, never by id.
    reviewer = factories.user(session, role=Role.reviewer)
    with pytest.raises(NotFound):
        queries.document_for_viewer(session, factories.actor(reviewer), document.id)
    admin = factories.user(session, role=Role.state_admin)
    assert queries.document_for_viewer(session, factories.actor(admin), document.id).id == document.id
    # Nor delete it.
    assert client_for(other_editor).post_form(f"/workspace/documents/{document.id}/delete").status_code == 404


def test_delete_asks_for_confirmation_then_removes_row_and_file(client_for, session, editor, partner, store):
    client = client_for(editor)
    _upload(client, PDF)
    document = session.scalar(select(Document).where(Document.partner_id == partner.id))
    confirm = _page(client.get(f"/workspace/documents/{document.id}/delete"))
    assert confirm.select_one("h1").get_text(strip=True) == "Delete report.pdf?"
    assert confirm.select_one(f"form[action='/workspace/documents/{document.id}/delete']") is not None
    assert client.post_form(f"/workspace/documents/{document.id}/delete").status_code == 303
    document_id = document.id
    session.expire_all()
    assert session.get(Document, document_id) is None
    assert _stored_files(store) == []


def test_delete_is_refused_while_evidence_uses_the_document(client_for, session, editor, partner, store):
    from app.evidence.models import EvidenceAttachment, EvidenceItem, EvidenceType, StudyDesign

    document = service.document_upload(
        session=session,
        partner=partner,
        filename="report.pdf",
        content=PDF,
        title=None,
        store=store,
        max_bytes=1024 * 1024,
        actor=factories.actor(editor),
    )
    item = EvidenceItem(
        partner_id=partner.id,
        title="Reading gains study",
        evidence_type=EvidenceType.internal_analysis,
        study_design=StudyDesign.pre_post,
    )
    session.add(item)
    session.flush()
    session.add(EvidenceAttachment(evidence_item_id=item.id, document_id=document.id))
    session.flush()
    with pytest.raises(Conflict):
        service.document_delete(
            session=session, document=document, partner=partner, store=store, actor=factories.actor(editor)
        )
    client = client_for(editor)
    response = client.post_form(f"/workspace/documents/{document.id}/delete")
    assert response.status_code == 303
    shown = _page(client.get("/workspace/documents"))
    assert "attached to evidence" in shown.select_one("#page-alerts").get_text()
    assert session.get(Document, document.id) is not None
    assert store.exists(document.storage_key)


def test_upload_helpers_reject_images_as_documents(session, editor, partner, store):
    with pytest.raises(ValidationFailed):
        service.document_upload(
            session=session,
            partner=partner,
            filename="logo.pdf",
            content=PNG,
            title=None,
            store=store,
            max_bytes=1024 * 1024,
            actor=factories.actor(editor),
        )


def test_documents_list_paginates_and_sorts(client_for, session, editor, partner):
    for n in range(27):
        partner_factories.document(
            session, partner=partner, content=PDF + f"{n}".encode(), filename=f"file-{n:02d}.pdf"
        )
    client = client_for(editor)
    first = _page(client.get("/workspace/documents", params={"sort": "name"}))
    names = [th.get_text(strip=True) for th in first.select("tbody th")]
    assert len(names) == 25 and names[0] == "file-00.pdf"
    second = _page(client.get("/workspace/documents", params={"sort": "name", "page": 2}))
    assert [th.get_text(strip=True) for th in second.select("tbody th")] == ["file-25.pdf", "file-26.pdf"]
