"""The registry import (all or nothing, idempotent), the picker search and the admin pages."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.accounts.actor import SYSTEM
from app.accounts.models import AuditEvent, OrganizationKind, Role
from app.schools import service
from app.schools.csv_import import ImportRejected
from app.schools.models import AccountabilityLevel, District, PovertyBand, School
from tests import factories
from tests.schools import factories as school_factories
from tests.schools.factories import csv_row, csv_text


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_bundled_file_imports_every_school_and_again_changes_nothing(session):
    rows = service.read_school_csv(service.BUNDLED_CSV.read_bytes())
    report = service.schools_import(session=session, rows=rows, actor=SYSTEM)
    assert report.schools_created == 1861
    assert report.districts_created == 410
    morgan = session.scalar(select(School).where(School.state_code == "01370025"))
    assert morgan.name == "Morgan Full Service Community School"
    assert morgan.zip_code == "01040"
    assert morgan.region == "western"
    assert morgan.accountability_level is AccountabilityLevel.level_5
    assert morgan.poverty_band is PovertyBand.from_80
    again = service.schools_import(session=session, rows=rows, actor=SYSTEM)
    assert (again.schools_created, again.schools_updated, again.schools_unchanged) == (0, 0, 1861)
    assert again.districts_created == 0


def test_changed_rows_update_in_place(session):
    service.schools_import(session=session, rows=[(2, csv_row())], actor=SYSTEM)
    report = service.schools_import(
        session=session, rows=[(2, csv_row(**{"School Name": "Abington Senior High"}))], actor=SYSTEM
    )
    assert report.schools_updated == 1
    assert (
        session.scalar(select(School.name).where(School.state_code == "00010505")) == "Abington Senior High"
    )


def test_bad_rows_import_nothing_and_each_is_reported(session):
    before = _count(session, School)
    text = csv_text(
        [
            csv_row(),
            csv_row(**{"School Code": "20001", "Zip": "abc"}),
            csv_row(**{"School Code": "20002", "Accountability and Assistance Level": "Level 7"}),
            csv_row(),  # the first row again
        ]
    )
    with pytest.raises(ImportRejected) as caught:
        service.schools_import(session=session, rows=service.read_school_csv(text), actor=SYSTEM)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (3, "Zip"),
        (4, "Accountability and Assistance Level"),
        (5, "School Code"),
    }
    assert _count(session, School) == before


def test_a_file_without_required_columns_is_refused_whole():
    with pytest.raises(ImportRejected) as caught:
        service.read_school_csv("School Name,Town\nA,B\n")
    assert {p.column for p in caught.value.problems} == {
        "School Code",
        "Zip",
        "District Name",
        "District Code",
    }


def test_only_admins_import(session):
    partner_user = factories.user(session, role=Role.partner_editor)
    with pytest.raises(Exception) as caught:
        service.schools_import(session=session, rows=[(2, csv_row())], actor=factories.actor(partner_user))
    assert caught.value.__class__.__name__ == "NotFound"


def test_search_answers_radio_options_with_name_town_and_district(session, client_for):
    district = school_factories.district(session, name="Holyoke Test")
    school_factories.school(session, district=district, name="Morgan Test Community School", town="Holyoke")
    user = factories.user(session, role=Role.partner_editor)
    response = client_for(user).get("/schools/search", params={"q": "morgan test", "field": "school_id"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    options = soup.select("input[type=radio][name=school_id]")
    assert len(options) == 1
    label = soup.select_one(f"label[for={options[0]['id']}]").get_text(" ", strip=True)
    assert "Morgan Test Community School" in label
    assert "Holyoke" in label and "Holyoke Test district" in label


def test_search_escapes_what_was_typed(session, client_for):
    user = factories.user(session, role=Role.partner_editor)
    response = client_for(user).get("/schools/search", params={"q": "<script>x</script>"})
    assert "<script>x" not in response.text
    assert "&lt;script&gt;" in response.text


def test_admin_lists_and_filters_districts_and_schools(session, client_for):
    district = school_factories.district(session, name="Zebra Filter District", region="central")
    school_factories.school(session, district=district, name="Zebra Filter School")
    admin = factories.user(session, role=Role.state_admin)
    client = client_for(admin)
    page = BeautifulSoup(client.get("/admin/schools", params={"q": "zebra filter"}).text, "html.parser")
    assert [th.get_text(strip=True) for th in page.select("tbody th")] == ["Zebra Filter District"]
    page = BeautifulSoup(
        client.get(
            "/admin/schools", params={"view": "schools", "q": "zebra filter", "level": "level_4"}
        ).text,
        "html.parser",
    )
    assert "Zebra Filter School" in page.select_one("tbody th").get_text()
    page = BeautifulSoup(
        client.get(
            "/admin/schools", params={"view": "schools", "q": "zebra filter", "level": "level_1"}
        ).text,
        "html.parser",
    )
    assert page.select_one(".pp-empty") is not None


def test_admin_links_a_district_organization(session, client_for):
    district = school_factories.district(session)
    organization = factories.organization(
        session, kind=OrganizationKind.district, name="Linkable District Org"
    )
    admin = factories.user(session, role=Role.state_admin)
    client = client_for(admin)
    response = client.post_form(
        f"/admin/schools/districts/{district.id}/organization", {"organization_id": str(organization.id)}
    )
    assert response.status_code == 303
    session.refresh(district)
    assert district.organization_id == organization.id
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "district.linked"))
    assert event.object_id == str(district.id)
    page = BeautifulSoup(client.get(f"/admin/schools/districts/{district.id}").text, "html.parser")
    assert page.select_one("#field-organization_id option[selected]").get_text() == "Linkable District Org"


def test_linking_refuses_partner_organizations_and_a_second_district(session, client_for):
    first = school_factories.district(session)
    second = school_factories.district(session)
    district_org = factories.organization(session, kind=OrganizationKind.district)
    partner_org = factories.organization(session, kind=OrganizationKind.partner)
    first.organization_id = district_org.id
    session.flush()
    client = client_for(factories.user(session, role=Role.state_admin))
    response = client.post_form(
        f"/admin/schools/districts/{second.id}/organization", {"organization_id": str(partner_org.id)}
    )
    assert response.status_code == 422
    assert BeautifulSoup(response.text, "html.parser").select_one("#error-organization_id")
    response = client.post_form(
        f"/admin/schools/districts/{second.id}/organization", {"organization_id": str(district_org.id)}
    )
    assert response.status_code == 422
    assert (
        "Already linked"
        in BeautifulSoup(response.text, "html.parser").select_one("#error-organization_id").text
    )
    assert session.get(District, second.id).organization_id is None
