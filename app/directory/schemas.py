"""Directory inputs: the search filters from a query string, shortlist and inquiry forms."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.datastructures import QueryParams

from app import taxonomy
from app.directory.search import SORTS, STATUS_LABELS, TIER_CODES, Filters

_VOCABULARIES = {
    "focus_area": taxonomy.FOCUS_AREAS,
    "region": taxonomy.REGIONS,
    "grade_band": taxonomy.GRADE_BANDS,
    "school_type": taxonomy.SCHOOL_TYPES,
    "tier": dict.fromkeys(TIER_CODES, ""),
    "status": STATUS_LABELS,
}


def _int(value: Any, default: int | None) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def filters_from_query(params: QueryParams | dict[str, Any]) -> tuple[Filters, int, int | None]:
    """(filters, page, per_page) from a query string. Unknown codes are ignored, not errors:
    a shared link keeps working after a vocabulary changes."""

    def getlist(name: str) -> list[str]:
        if isinstance(params, QueryParams):
            return params.getlist(name)
        value = params.get(name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    def get(name: str) -> str:
        values = getlist(name)
        return values[0] if values else ""

    chosen = {
        name: tuple(dict.fromkeys(v for v in getlist(name) if v in vocabulary))
        for name, vocabulary in _VOCABULARIES.items()
    }
    sort = get("sort")
    filters = Filters(
        q=get("q").strip()[:200],
        sort=sort if sort in SORTS else "relevance",
        accepting=get("accepting") in ("1", "true", "on"),
        confirmed=get("confirmed") in ("1", "true", "on"),
        like_school=_int(get("like_school"), None),
        **chosen,
    )
    return filters, _int(get("page"), 1) or 1, _int(get("per_page"), None)


class _Form(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ShortlistForm(_Form):
    name: str = Field(min_length=1, max_length=120)


class ShortlistAddForm(_Form):
    partner_slug: str = Field(min_length=1, max_length=120)
    shortlist_id: int | None = None
    new_shortlist_name: str = Field(default="", max_length=120)
    note: str = Field(default="", max_length=2000)

    @field_validator("shortlist_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value in ("", None) else value


class ShortlistNoteForm(_Form):
    note: str = Field(default="", max_length=2000)


class InquiryForm(_Form):
    subject: str = Field(min_length=3, max_length=200)
    body: str = Field(min_length=10, max_length=5000)


class ReplyForm(_Form):
    body: str = Field(min_length=1, max_length=5000)


class CompareQuery(_Form):
    partner: list[str] = Field(default_factory=list)


class NeedsProfileForm(_Form):
    school_id: int
    needs: dict[str, str]
    budget_max_dollars: int | None = Field(default=None, ge=0, le=100_000_000)
    constraints: str = Field(default="", max_length=2000)

    @field_validator("budget_max_dollars", mode="before")
    @classmethod
    def _blank_budget(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(",", "").replace("$", "").strip()
        return None if value in ("", None) else value

    @field_validator("needs")
    @classmethod
    def _some_need(cls, value: dict[str, str]) -> dict[str, str]:
        cleaned = {
            k: v for k, v in value.items() if k in taxonomy.FOCUS_AREAS and v in ("high", "medium", "low")
        }
        if not any(level in ("high", "medium") for level in cleaned.values()):
            raise ValueError("Rate at least one focus area as a high or medium need.")
        return cleaned
