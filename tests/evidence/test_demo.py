"""The evidence demo data: every tier represented, fictional, with a real PDF."""

from sqlalchemy import select

from app.evidence import demo
from app.evidence.models import EvidenceItem, EvidenceStatus
from app.partners.models import Document
from app.storage import detect_kind
from tests.partners import factories as partner_factories


def test_demo_evidence_covers_every_tier_and_attaches_a_pdf(session, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    partners = [partner_factories.partner(session) for _ in range(2)]
    assert demo.load(session) == []
    items = list(
        session.scalars(select(EvidenceItem).where(EvidenceItem.partner_id.in_([p.id for p in partners])))
    )
    tiers = {item.claimed_tier for item in items}
    assert tiers == {"tier_1", "tier_2", "tier_3", "tier_4", "none"}
    verified = [item for item in items if item.status is EvidenceStatus.verified]
    assert {item.verified_tier for item in verified} == {"tier_1", "tier_2"}
    assert all("fictional" in item.title for item in items)
    [document] = session.scalars(select(Document).where(Document.partner_id == partners[0].id))
    content = (tmp_path / "uploads" / document.storage_key[:2] / document.storage_key).read_bytes()
    assert detect_kind(content) == "pdf"
    assert b"startxref" in content


def test_demo_pdf_has_a_consistent_cross_reference_table():
    pdf = demo.report_pdf("Title (fictional)", ["one line"])
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[xref_at:].startswith(b"xref")
    entries = pdf[xref_at:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
