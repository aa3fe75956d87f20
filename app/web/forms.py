"""Form input into a Pydantic model per use case, with one message per field."""

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

ModelT = TypeVar("ModelT", bound=BaseModel)

# Pydantic's wording is written for developers; these read better next to a form field.
_FRIENDLY = {
    "missing": "This field is required.",
    "string_too_short": "This field is required.",
    "value_error.missing": "This field is required.",
}


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
        if field in errors:
            continue
        message = error["msg"]
        if error["type"] == "string_too_short" and error.get("ctx", {}).get("min_length", 1) > 1:
            message = f"Use at least {error['ctx']['min_length']} characters."
        elif error["type"] in _FRIENDLY:
            message = _FRIENDLY[error["type"]]
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        errors[field] = message[:1].upper() + message[1:]
    return errors


def parse(model: type[ModelT], data: dict[str, Any]) -> tuple[ModelT | None, dict[str, str]]:
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        return None, field_errors(exc)
