"""Partners test data: plain functions with keyword overrides; each flushes."""

import io
import zipfile

from sqlalchemy.orm import Session

from app.accounts.models import Organization, OrganizationKind
from app.partners.models import Document, Partner, PartnerFocusArea
from app.partners.service import slugify
from tests import factories

# Smallest useful real files for the content checks.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
CSV = b"school,year,score\nLincoln Elementary,2023,41\n"


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def partner(session: Session, *, organization: Organization | None = None, **overrides) -> Partner:  # type: ignore[no-untyped-def]
    if organization is None:
        organization = factories.organization(session, kind=OrganizationKind.partner)
    values = {
        "organization_id": organization.id,
        "slug": f"{slugify(organization.name)}-{organization.id}",
        "name": organization.name,
        "summary": "Coaching for school leadership teams.",
        "description": "",
        "services": [],
        "accepting_new_districts": True,
        "is_designated": False,
    }
    focus_areas = overrides.pop("focus_areas", ["leadership"])
    values.update(overrides)
    created = Partner(**values)
    created.focus_areas = [PartnerFocusArea(focus_area=code, is_primary=True) for code in focus_areas]
    created.regions = []
    created.grade_bands = []
    created.school_types = []
    session.add(created)
    session.flush()
    return created


def document(session: Session, *, partner: Partner, **overrides) -> Document:  # type: ignore[no-untyped-def]
    import hashlib

    content = overrides.pop("content", PDF + str(partner.id).encode())
    values = {
        "partner_id": partner.id,
        "storage_key": hashlib.sha256(content).hexdigest(),
        "filename": "report.pdf",
        "kind": "pdf",
        "content_type": "application/pdf",
        "size_bytes": len(content),
        "title": "Evaluation report",
    }
    values.update(overrides)
    created = Document(**values)
    session.add(created)
    session.flush()
    return created
