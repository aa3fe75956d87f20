"""Fictional evidence demo data for `portal demo-data`: studies across every ESSA tier."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import SYSTEM, Actor
from app.accounts.demo import EMAIL_DOMAIN, DemoAccount
from app.accounts.models import User
from app.config import Settings
from app.evidence import service
from app.evidence.models import EvidenceItem
from app.evidence.schemas import EvidenceForm
from app.partners.models import Partner
from app.storage import file_store

NOTE = "All authors, studies and results are fictional demonstration data."


def report_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (with a correct cross-reference table) showing some text."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = ["BT", "/F1 18 Tf", "72 720 Td", f"({escape(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        text_ops += ["0 -22 Td", f"({escape(line)}) Tj"]
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(output)


def _finding(n: int, **values: str) -> dict[str, str]:
    return {f"findings-{n}-{key}": value for key, value in values.items()}


STUDIES: list[dict[str, Any]] = [
    {
        "form": {
            "title": "Randomized trial of leadership coaching in 24 schools (fictional)",
            "summary": "Principals and leadership teams in 24 schools were randomly assigned to two years "
            "of coaching or to business as usual. " + NOTE,
            "evidence_type": "independent_evaluation",
            "study_design": "rct",
            "conducted_by": "Harborview Education Research (fictional)",
            "study_year": "2023",
            "grades": "3-8",
            "locale": "urban",
            "school_count": "24",
            "student_count": "4180",
            "site_count": "24",
            "attrition": "low",
            "wwc_rating": "not_reviewed",
            "citation": "Harborview Education Research (fictional) (2023). Leadership coaching in "
            "persistently low-performing schools: a randomized trial. Demonstration report.",
            **_finding(
                0,
                outcome_domain="math",
                measure="State mathematics assessment, scaled score",
                effect_size="0.21",
                p_value="0.004",
                direction="positive",
                sample_size="4180",
            ),
            **_finding(
                1,
                outcome_domain="ela",
                measure="State ELA assessment, scaled score",
                effect_size="0.12",
                p_value="0.03",
                direction="positive",
                sample_size="4180",
            ),
        },
        "submit": True,
        "verify": ("tier_1", "Low attrition confirmed from the report's CONSORT table; effects significant."),
        "pdf": True,
    },
    {
        "form": {
            "title": "Matched comparison study of extended learning time (fictional)",
            "summary": "Schools adding 300 hours a year compared with matched schools. " + NOTE,
            "evidence_type": "independent_evaluation",
            "study_design": "quasi_experimental",
            "conducted_by": "Pioneer Valley Policy Lab (fictional)",
            "study_year": "2022",
            "grades": "K-5",
            "locale": "mixed",
            "school_count": "9",
            "student_count": "1650",
            "site_count": "9",
            "baseline_equivalence": "yes",
            "citation": "Pioneer Valley Policy Lab (fictional) (2022). Extended learning time outcomes.",
            **_finding(
                0,
                outcome_domain="ela",
                measure="Grade 3 reading proficiency",
                effect_size="0.17",
                p_value="0.02",
                direction="positive",
                sample_size="1650",
            ),
        },
        "submit": True,
        "verify": ("tier_2", "Baseline equivalence shown for prior achievement and income."),
    },
    {
        "form": {
            "title": "Attendance outreach and chronic absence, correlational analysis (fictional)",
            "summary": "Regression of chronic absence on program participation with controls for prior "
            "attendance and demographics. " + NOTE,
            "evidence_type": "internal_analysis",
            "study_design": "correlational_controls",
            "conducted_by": "The partner's own data team (fictional)",
            "study_year": "2024",
            "grades": "6-12",
            "locale": "town",
            "school_count": "4",
            "student_count": "820",
            "site_count": "4",
            **_finding(
                0,
                outcome_domain="attendance",
                measure="Chronic absence rate (%)",
                before_value="31",
                after_value="22",
                comparison_before="30",
                comparison_after="28",
                p_value="0.01",
                direction="positive",
                sample_size="820",
            ),
        },
        "submit": True,
    },
    {
        "form": {
            "title": "Family engagement model: logic model and pilot study plan (fictional)",
            "summary": "A research-grounded logic model for home visits; a pilot evaluation started in "
            "2025. " + NOTE,
            "evidence_type": "case_study",
            "study_design": "logic_model_only",
            "conducted_by": "The partner, with a university adviser (fictional)",
            "study_year": "2025",
            "has_logic_model": "yes",
            "study_under_way": "yes",
        },
        "submit": True,
    },
    {
        "form": {
            "title": "Before-and-after results at one middle school (fictional)",
            "summary": "Proficiency rose after the first year, with no comparison group. " + NOTE,
            "evidence_type": "case_study",
            "study_design": "pre_post",
            "conducted_by": "The partner (fictional)",
            "study_year": "2024",
            "grades": "6-8",
            "locale": "rural",
            "school_count": "1",
            "student_count": "310",
            "site_count": "1",
            **_finding(
                0,
                outcome_domain="math",
                measure="Students proficient in math (%)",
                before_value="18",
                after_value="27",
                reported_significant="",
                direction="positive",
            ),
        },
        "submit": False,
    },
]


def _reviewer(session: Session) -> Actor:
    admin = session.scalar(select(User).where(User.email == f"admin@{EMAIL_DOMAIN}"))
    return Actor(user=admin, client_address="demo data") if admin is not None else SYSTEM


def load(session: Session) -> list[DemoAccount]:
    partners = list(session.scalars(select(Partner).order_by(Partner.id)))
    if not partners or session.scalar(select(EvidenceItem.id).limit(1)) is not None:
        return []
    staff = _reviewer(session)
    store = file_store(Settings().data_dir)
    # The first partner shows every status and tier in its workspace; the others get one
    # submitted study each, so the directory has tiers to filter and compare.
    plan = [(partners[0], study) for study in STUDIES]
    plan += [(partner, STUDIES[n % 4]) for n, partner in enumerate(partners[1:])]
    for partner, study in plan:
        rows = [
            {k.split("-", 2)[2]: v for k, v in study["form"].items() if k.startswith(f"findings-{i}-")}
            for i in range(4)
        ]
        values = {k: v for k, v in study["form"].items() if not k.startswith("findings-")}
        form = EvidenceForm.model_validate({**values, "findings": [row for row in rows if row]})
        item = service.evidence_create(session=session, partner=partner, form=form, actor=SYSTEM)
        if study.get("pdf") and partner is partners[0]:
            service.evidence_attach(
                session=session,
                item=item,
                filename="leadership-coaching-trial-report.pdf",
                content=report_pdf(
                    "Leadership coaching trial: final report (fictional)",
                    [
                        "Harborview Education Research (fictional), 2023.",
                        "24 schools randomly assigned; 4,180 students; attrition 6% overall.",
                        "Mathematics: effect size 0.21 (p = .004). ELA: effect size 0.12 (p = .03).",
                        NOTE,
                    ],
                ),
                title="Final evaluation report (fictional)",
                store=store,
                max_bytes=Settings().upload_max_bytes,
                actor=SYSTEM,
            )
        if study["submit"]:
            service.evidence_submit(session=session, item=item, actor=SYSTEM)
        if study.get("verify"):
            tier, reason = study["verify"]
            service.evidence_verify(session=session, item=item, tier=tier, reason=reason, actor=staff)
    session.flush()
    return []
