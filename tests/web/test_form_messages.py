"""Form errors read as a person would write them, next to the right field."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, EmailStr, Field

from app.web.forms import parse


class Colour(StrEnum):
    red = "red"


class Example(BaseModel):
    name: str = Field(min_length=1, max_length=5)
    email: EmailStr
    count: int = Field(ge=1)
    colour: Colour
    when: date


def test_blank_fields_are_required_and_bad_values_are_explained():
    _, blank = parse(Example, {"name": "", "email": "", "count": "", "colour": "", "when": ""})
    assert blank == {
        "name": "This field is required.",
        "email": "Enter an email address like name@example.org.",
        "count": "This field is required.",
        "colour": "Choose an option.",
        "when": "This field is required.",
    }
    _, bad = parse(
        Example, {"name": "toolong", "email": "x@", "count": "0", "colour": "blue", "when": "soon"}
    )
    assert bad == {
        "name": "Use at most 5 characters.",
        "email": "Enter an email address like name@example.org.",
        "count": "Enter a number of at least 1.",
        "colour": "Choose one of the listed options.",
        "when": "Enter a date as YYYY-MM-DD.",
    }
