"""Inline validation answers with the same message the full submit would show."""

from app.accounts.models import Role
from tests import factories


def test_request_account_field_check_uses_the_submit_rules(client):
    bad = client.post_form(
        "/request-account/validate", {"field": "password", "password": "password1234", "email": "a@b.org"}
    )
    assert bad.json() == {
        "field": "password",
        "error": "This password is too common and easy to guess. Choose something less predictable.",
    }
    good = client.post_form("/request-account/validate", {"field": "email", "email": "someone@example.org"})
    assert good.json() == {"field": "email", "error": ""}


def test_profile_field_check_explains_a_bad_website(client_for, session):
    editor = client_for(factories.user(session, role=Role.partner_editor))
    response = editor.post_form(
        "/workspace/profile/validate", {"field": "website", "website": "brightpath.org"}
    )
    assert response.json() == {
        "field": "website",
        "error": "Enter the full web address, starting with https://.",
    }


def test_evidence_and_engagement_forms_check_fields_and_rows_inline(client_for, session):
    editor = client_for(factories.user(session, role=Role.partner_editor))
    evidence = editor.post_form(
        "/workspace/evidence/validate",
        {
            "field": "findings-0-p_value",
            "title": "A study",
            "findings-0-measure": "Reading",
            "findings-0-p_value": "2",
        },
    )
    assert evidence.json()["field"] == "findings-0-p_value" and evidence.json()["error"]
    engagement = editor.post_form(
        "/workspace/engagements/validate", {"field": "start_date", "start_date": "someday"}
    )
    assert engagement.json() == {"field": "start_date", "error": "Enter a date as YYYY-MM-DD."}
