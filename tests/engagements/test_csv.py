"""CSV import (all or nothing, every bad row and column reported), the template, the export."""

import csv
import io

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.engagements import csv_io
from app.engagements.models import ConfirmationStatus, Engagement, OutcomeMeasure
from app.engagements.queries import track_record_for_partner
from tests.engagements import factories as engagement_factories


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def row(**overrides: str) -> dict[str, str]:
    values = {column: "" for column in csv_io.COLUMNS}
    values.update(
        {
            "engagement_ref": "E1",
            "school_code": "77000001",
            "start_date": "2016-08-29",
            "end_date": "2018-06-30",
            "focus_areas": "leadership;instruction",
            "services": "Coaching",
            "intensity": "moderate",
            "funding_source": "title_i",
            "cost_dollars": "50000",
            "measure_name": "ELA % proficient",
            "unit": "percent",
            "students_count": "120",
            "baseline_year": "2016",
            "baseline_value": "30",
            "value_year1": "36",
        }
    )
    values.update(overrides)
    return values


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def upload(client, content: bytes):
    return client.post(
        "/workspace/engagements/import",
        data={"csrf_token": client.csrf_token},
        files={"file": ("engagements.csv", content, "text/csv")},
        follow_redirects=False,
    )


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_template_downloads_with_every_column(session, client_for, editor):
    response = client_for(editor).get("/workspace/engagements/template.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(header) == csv_io.COLUMNS


def test_a_good_file_imports_engagements_with_their_outcomes(session, client_for, editor, partner, school):
    content = as_csv(
        [
            row(),
            row(measure_name="Math % proficient", baseline_value="25", value_year1="29"),
            row(
                engagement_ref="E2",
                school_code="",
                district_code=school.district.state_code,
                **dict.fromkeys(csv_io.OUTCOME_COLUMNS, ""),
            ),
        ]
    )
    response = upload(client_for(editor), content)
    assert response.status_code == 303, response.text
    engagements = session.scalars(select(Engagement).where(Engagement.partner_id == partner.id)).all()
    assert len(engagements) == 2
    assert count(session, OutcomeMeasure) == 2
    assert {e.school_id for e in engagements} == {school.id, None}


def test_bad_rows_import_nothing_and_every_problem_is_listed(session, client_for, editor, partner, school):
    content = as_csv(
        [
            row(),
            row(engagement_ref="E2", school_code="99999999"),
            row(engagement_ref="E3", start_date="someday", intensity="extreme"),
            row(engagement_ref="E4", baseline_value="250"),
            row(engagement_ref="E1", services="Something else"),
            row(engagement_ref=""),
        ]
    )
    response = upload(client_for(editor), content)
    assert response.status_code == 422
    problems = {
        (tr.select_one("th").get_text(), tr.select("td")[0].get_text())
        for tr in soup(response).select("table.pp-problems tbody tr")
    }
    assert problems == {
        ("3", "school_code"),
        ("4", "start_date"),
        ("4", "intensity"),
        ("5", "baseline_value"),
        ("6", "services"),
        ("7", "engagement_ref"),
    }
    assert count(session, Engagement) == 0


def test_a_file_missing_columns_or_empty_is_refused(session, client_for, editor):
    client = client_for(editor)
    response = upload(client, b"engagement_ref,services\nE1,x\n")
    assert response.status_code == 422
    columns = {td.get_text() for td in soup(response).select("table.pp-problems tbody td code")}
    assert "school_code" in columns and "start_date" in columns
    response = upload(client, b"")
    assert response.status_code == 422
    assert soup(response).select_one("#error-file")


def test_export_lists_own_engagements_and_imports_back(session, client_for, editor, partner, school):
    engagement_factories.engagement(
        session,
        partner=partner,
        school=school,
        status=ConfirmationStatus.confirmed,
        outcomes=[engagement_factories.measure(later=[25.0, 31.0])],
        services="=HYPERLINK(1)",
    )
    client = client_for(editor)
    response = client.get("/workspace/engagements/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["school_code"] == "77000001"
    assert rows[0]["value_year2"] == "31"
    assert rows[0]["status"] == "confirmed"
    assert rows[0]["services"] == "'=HYPERLINK(1)"
    assert upload(client, response.content).status_code == 303
    assert count(session, Engagement) == 2


def test_track_record_counts_confirmed_engagements_only(session, partner, school):
    engagement_factories.engagement(
        session,
        partner=partner,
        school=school,
        status=ConfirmationStatus.confirmed,
        outcomes=[engagement_factories.measure(baseline=20, later=[32.0])],
    )
    engagement_factories.engagement(
        session,
        partner=partner,
        school=None,
        school_name_other="Unconfirmed school",
        outcomes=[engagement_factories.measure(baseline=20, later=[90.0])],
    )
    record = track_record_for_partner(session, partner.id)
    assert record.schools == 1
    assert record.median_change == 12
    assert record.share_gain_10 == 1.0
