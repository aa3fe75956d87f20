"""Form input into a Pydantic model per use case, with one message per field."""

from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

ModelT = TypeVar("ModelT", bound=BaseModel)


def _friendly(error: dict[str, Any]) -> str:
    """Pydantic's wording is written for developers; this is what a form should say."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    blank = error.get("input") in ("", None)
    message = str(error["msg"])
    if kind == "missing" or (blank and kind.endswith(("_parsing", "_type"))):
        return "This field is required."
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return "This field is required." if minimum <= 1 or blank else f"Use at least {minimum} characters."
    if kind == "string_too_long":
        return f"Use at most {ctx.get('max_length')} characters."
    if kind in ("enum", "literal_error"):
        return "Choose an option." if blank else "Choose one of the listed options."
    if kind == "int_parsing" or kind == "int_from_float":
        return "Enter a whole number."
    if kind in ("float_parsing", "decimal_parsing"):
        return "Enter a number."
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return "Enter a date as YYYY-MM-DD."
    if kind == "bool_parsing":
        return "Choose yes or no."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Enter a number of at least {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Enter a number no more than {ctx.get('le', ctx.get('lt'))}."
    if kind in ("url_parsing", "url_scheme", "url_type"):
        return "Enter a full web address, like https://example.org."
    if "valid email address" in message:
        return "Enter an email address like name@example.org."
    return message.removeprefix("Value error, ")


def form_dict(form: FormData, *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """Plain dict from form data; fields named in `lists` keep every value (checkboxes)."""
    data: dict[str, Any] = {}
    for key in form:
        if key == "csrf_token":
            continue
        data[key] = form.getlist(key) if key in lists else form.get(key)
    for key in lists:
        data.setdefault(key, [])
    return data


def field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "__all__"
        if field not in errors:
            message = _friendly(error)  # type: ignore[arg-type]
            errors[field] = message[:1].upper() + message[1:]
    return errors


def parse(model: type[ModelT], data: dict[str, Any]) -> tuple[ModelT | None, dict[str, str]]:
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        return None, field_errors(exc)


EnumT = TypeVar("EnumT", bound=Enum)


def enum_or_none(enum_cls: type[EnumT], value: str | None) -> EnumT | None:
    """A filter value from a query string: the enum member, or None for blank or unknown."""
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None
