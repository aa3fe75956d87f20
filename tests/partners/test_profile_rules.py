"""Pure profile helpers: stored values shown in the form, the diff, completeness."""

from app.partners import profile


def test_form_values_show_dollars_and_yes_no():
    shown = profile.form_values(
        {"cost_min_cents": 2_500_000, "cost_max_cents": 8_000_050, "accepting_new_districts": False}
    )
    assert shown["cost_min_dollars"] == "25000"
    assert shown["cost_max_dollars"] == "80000.50"
    assert shown["accepting_new_districts"] == "no"
    assert shown["years_operating"] == ""


def test_changes_list_only_changed_fields_with_readable_values():
    current = {"name": "A", "summary": "Old", "regions": ["central"], "cost_max_cents": None, "services": []}
    proposed = {
        "name": "A",
        "summary": "New",
        "regions": ["central", "western"],
        "cost_max_cents": 1_000_000,
        "services": [],
    }
    changes = {c.field: c for c in profile.changes(current, proposed)}
    assert set(changes) == {"summary", "regions", "cost_max_cents"}
    assert changes["regions"].new == "Central\nWestern"
    assert changes["cost_max_cents"].old == "(none)" and changes["cost_max_cents"].new == "$10,000"


def test_incomplete_fields_name_what_is_missing():
    missing = profile.incomplete_fields({"summary": "Coaching", "primary_focus_areas": ["leadership"]})
    assert "Summary" not in missing and "Primary focus areas" not in missing
    assert missing[:2] == ["Description", "Website"]
