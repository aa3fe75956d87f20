"""Bounded, counted pages of a SELECT."""

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.number - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.number * self.per_page)


def paginate(session: Session, statement: Select[Any], *, page: int, per_page: int = 25) -> Page[Any]:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    last_page = max(1, math.ceil(total / per_page))
    number = max(1, min(page, last_page))
    items = list(session.scalars(statement.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, per_page=per_page, total=total)


def page_url(path: str, params: dict[str, Any], number: int) -> str:
    """The same URL with another page number; other query parameters are kept."""
    query = {k: v for k, v in params.items() if k != "page" and v not in (None, "", [])}
    query["page"] = number
    return f"{path}?{urlencode(query, doseq=True)}"
