"""The directory's one search function: words, facets with counts, sorting, pages.

Everything is read from directory_listings (one derived row per designated partner, kept
current by app.directory.listings) plus the full-text index: SQLite FTS5 or a PostgreSQL
tsvector GIN index on partners. Facet counts for every value are one aggregate pass over the
matching rows (bounded by COUNT_LIMIT); the page of results is one more statement, so the
statement count does not depend on the page size.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    exists,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session, aliased

from app.directory.listings import MASKS, TIER_CODES, decode
from app.directory.models import DirectoryListing
from app.engagements.models import ConfirmationStatus, Engagement
from app.partners.models import Partner
from app.reviews.models import EXPIRING_WITHIN_DAYS, Designation, DesignationStatus
from app.schools.models import School
from app.taxonomy import ESSA_TIERS

TIER_LABELS = {**ESSA_TIERS, "unverified": "No verified evidence yet"}
STATUS_LABELS = {"active": "Active", "expiring": "Expiring within 90 days"}
SORTS = {
    "relevance": "Best match",
    "name": "Name (A–Z)",
    "evidence": "Strongest evidence",
    "schools": "Most confirmed schools",
}
MAX_TERMS = 8
# Facet counts and the total look at no more than this many matches of the words.
COUNT_LIMIT = 25_000
EXPORT_LIMIT = 5_000

# Keep identical to the index in migrations/versions/2026-11-25_directory.py.
PG_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, {t}name), 'A') || "
    "setweight(to_tsvector('english'::regconfig, {t}summary), 'B') || "
    "setweight(to_tsvector('english'::regconfig, {t}description || ' ' || "
    "jsonb_path_query_array({t}services::jsonb, '$[*].*')::text), 'C')"
)

L = DirectoryListing.__table__
_FTS = table("directory_fts", column("rowid"), column("directory_fts"))


@dataclass(frozen=True)
class Filters:
    q: str = ""
    focus_area: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    grade_band: tuple[str, ...] = ()
    school_type: tuple[str, ...] = ()
    tier: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    accepting: bool = False
    confirmed: bool = False
    like_school: int | None = None
    sort: str = "relevance"

    def params(self) -> dict[str, Any]:
        """The query-string form of these filters (what the URL keeps)."""
        values: dict[str, Any] = {
            "q": self.q,
            "focus_area": list(self.focus_area),
            "region": list(self.region),
            "grade_band": list(self.grade_band),
            "school_type": list(self.school_type),
            "tier": list(self.tier),
            "status": list(self.status),
            "accepting": "1" if self.accepting else "",
            "confirmed": "1" if self.confirmed else "",
            "like_school": self.like_school or "",
            "sort": "" if self.sort == "relevance" else self.sort,
        }
        return {k: v for k, v in values.items() if v not in ("", [], None)}

    @property
    def is_empty(self) -> bool:
        return not any(v for k, v in self.params().items() if k != "sort")


@dataclass
class Hit:
    partner: Partner
    designation_end: date
    status: str
    tier: str
    confirmed_schools: int
    confirmed_engagements: int
    focus_areas: list[str]
    regions: list[str]
    grade_bands: list[str]
    school_types: list[str]
    score: float | None
    name_html: Markup
    summary_html: Markup


@dataclass
class Result:
    filters: Filters
    hits: list[Hit]
    total: int
    total_is_bounded: bool
    page: int
    per_page: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    terms: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def number(self) -> int:
        return self.page

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)


def terms(q: str) -> tuple[str, ...]:
    """Words of a query, lower-cased; punctuation and search operators are dropped."""
    return tuple(dict.fromkeys(w.lower() for w in re.findall(r"\w+", q or "")))[:MAX_TERMS]


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _pg_document() -> Any:
    return literal_column(PG_DOCUMENT.format(t="partners."))


def _pg_query(words: Sequence[str]) -> Any:
    return func.to_tsquery(literal_column("'english'::regconfig"), " & ".join(f"{w}:*" for w in words))


def _fts_matches(words: Sequence[str]) -> Any:
    return (
        select(
            _FTS.c.rowid.label("partner_id"),
            func.bm25(literal_column("directory_fts"), 10.0, 4.0, 1.0, 2.0).label("score"),
        )
        .where(_FTS.c.directory_fts.op("MATCH")(" ".join(f'"{w}"*' for w in words)))
        .subquery("word_matches")
    )


def _base(session: Session, filters: Filters, today: date, columns: list[Any]) -> tuple[Select[Any], Any]:
    """SELECT columns FROM listings (listed today, matching the words and the chosen school);
    returns the statement and the relevance expression (lower is better)."""
    statement = select(*columns).select_from(L).where(L.c.listed_from <= today, L.c.listed_until >= today)
    score: Any = literal(0.0)
    words = terms(filters.q)
    if words and _is_postgresql(session):
        query = _pg_query(words)
        matching = select(Partner.id).where(_pg_document().op("@@")(query))
        statement = statement.where(L.c.partner_id.in_(matching))
        score = -func.ts_rank(_pg_document(), query)
    elif words:
        matches = _fts_matches(words)
        statement = statement.join(matches, matches.c.partner_id == L.c.partner_id)
        score = matches.c.score
    if filters.like_school:
        statement = statement.where(_like_school(filters.like_school))
    return statement, score


def _like_school(school_id: int) -> ColumnElement[bool]:
    """Confirmed engagements in a school with the chosen school's level and poverty band."""
    chosen = aliased(School)
    return exists().where(
        Engagement.partner_id == L.c.partner_id,
        Engagement.status == ConfirmationStatus.confirmed,
        School.id == Engagement.school_id,
        chosen.id == school_id,
        School.accountability_level == chosen.accountability_level,
        School.poverty_band == chosen.poverty_band,
    )


def _expiring(t: Any, today: date) -> ColumnElement[bool]:
    return t.c.listed_until <= today + timedelta(days=EXPIRING_WITHIN_DAYS)


def _facet_conditions(t: Any, filters: Filters, today: date) -> dict[str, ColumnElement[bool]]:
    """One condition per facet the filters use, over a listings table or subquery `t`."""
    conditions: dict[str, ColumnElement[bool]] = {}
    for name, (mask_column, _model, bits) in MASKS.items():
        chosen = getattr(filters, name)
        if chosen:
            mask = sum(bits[code] for code in chosen)
            conditions[name] = t.c[mask_column.key].op("&")(mask) != 0
    if filters.tier:
        conditions["tier"] = t.c.tier_rank.in_([TIER_CODES.index(code) for code in filters.tier])
    if set(filters.status) == {"expiring"}:
        conditions["status"] = _expiring(t, today)
    elif set(filters.status) == {"active"}:
        conditions["status"] = ~_expiring(t, today)
    if filters.accepting:
        conditions["accepting"] = t.c.accepting.is_(True)
    if filters.confirmed:
        conditions["confirmed"] = t.c.confirmed_engagements > 0
    return conditions


def _sql_conditions(filters: Filters) -> dict[str, str]:
    """The facet conditions as SQL over the `candidates` subquery.

    Built as text because assembling some thirty expression trees per request costs more
    than the query itself; every value interpolated is an integer computed here from
    whitelisted codes, never user text.
    """
    conditions: dict[str, str] = {}
    for name, (mask_column, _model, bits) in MASKS.items():
        chosen = getattr(filters, name)
        if chosen:
            mask = int(sum(bits[code] for code in chosen))
            conditions[name] = f"(candidates.{mask_column.key} & {mask}) <> 0"
    if filters.tier:
        ranks = ", ".join(str(int(TIER_CODES.index(code))) for code in filters.tier)
        conditions["tier"] = f"candidates.tier_rank IN ({ranks})"
    if set(filters.status) == {"expiring"}:
        conditions["status"] = "candidates.expiring = 1"
    elif set(filters.status) == {"active"}:
        conditions["status"] = "candidates.expiring = 0"
    if filters.accepting:
        conditions["accepting"] = "candidates.accepting_flag = 1"
    if filters.confirmed:
        conditions["confirmed"] = "candidates.confirmed_engagements > 0"
    return conditions


def facet_counts(
    session: Session, filters: Filters, today: date
) -> tuple[int, bool, dict[str, dict[str, int]]]:
    """(total, bounded, {facet: {value: count}}) in one statement.

    Each facet is counted with every other filter applied but not its own, so ticking a
    second box in the same group shows what it would add.
    """
    flag = case((_expiring(L, today), 1), else_=0).label("expiring")
    accepting = case((L.c.accepting.is_(True), 1), else_=0).label("accepting_flag")
    statement, _ = _base(session, filters, today, [L, flag, accepting])
    candidates = statement.limit(COUNT_LIMIT).subquery("candidates")
    conditions = _sql_conditions(filters)

    def count(facet: str, extra: str | None) -> str:
        parts = [c for name, c in conditions.items() if name != facet]
        if extra:
            parts.append(extra)
        condition = " AND ".join(parts) if parts else "1 = 1"
        return f"coalesce(sum(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"

    labels: list[tuple[str, str]] = []
    sums = ["count(*)", count("", None)]
    for name, (mask_column, _model, bits) in MASKS.items():
        for code, bit in bits.items():
            labels.append((name, code))
            sums.append(count(name, f"(candidates.{mask_column.key} & {int(bit)}) <> 0"))
    for i, code in enumerate(TIER_CODES):
        labels.append(("tier", code))
        sums.append(count("tier", f"candidates.tier_rank = {i}"))
    for code, value in (("expiring", 1), ("active", 0)):
        labels.append(("status", code))
        sums.append(count("status", f"candidates.expiring = {value}"))
    labels += [("accepting", "1"), ("confirmed", "1")]
    sums += [
        count("accepting", "candidates.accepting_flag = 1"),
        count("confirmed", "candidates.confirmed_engagements > 0"),
    ]
    row = session.execute(select(*[literal_column(sql) for sql in sums]).select_from(candidates)).one()
    counts: dict[str, dict[str, int]] = {
        name: {} for name in (*MASKS, "tier", "status", "accepting", "confirmed")
    }
    for (facet, value), n in zip(labels, row[2:], strict=True):
        counts[facet][value] = int(n)
    return int(row[1]), int(row[0]) >= COUNT_LIMIT, counts


def _order(sort: str, *, score: Any, has_words: bool) -> list[Any]:
    name, tier, schools = L.c.sort_name, L.c.tier_rank, L.c.confirmed_schools
    if sort == "name":
        keys = [name]
    elif sort == "evidence":
        keys = [tier, schools.desc(), name]
    elif sort == "schools":
        keys = [schools.desc(), tier, name]
    elif has_words:
        keys = [score, tier, name]
    else:
        keys = [tier, schools.desc(), name]
    return [*keys, L.c.partner_id]


def hits_statement(session: Session, filters: Filters, today: date) -> Select[Any]:
    """Listed partners matching the filters, sorted, with the figures a result row shows."""
    statement, score = _base(
        session,
        filters,
        today,
        [
            Partner,
            L.c.listed_until,
            L.c.tier_rank,
            L.c.confirmed_schools,
            L.c.confirmed_engagements,
            L.c.focus_mask,
            L.c.region_mask,
            L.c.grade_mask,
            L.c.type_mask,
        ],
    )
    statement = statement.join(Partner, Partner.id == L.c.partner_id)
    statement = statement.add_columns(score.label("score"))
    conditions = _facet_conditions(L, filters, today)
    return statement.where(*conditions.values()).order_by(
        *_order(filters.sort, score=score, has_words=bool(terms(filters.q)))
    )


def hit(row: Any, today: date, words: Sequence[str]) -> Hit:
    partner = row[0]
    end = row.listed_until
    return Hit(
        partner=partner,
        designation_end=end,
        status="expiring" if (end - today).days <= EXPIRING_WITHIN_DAYS else "active",
        tier=TIER_CODES[row.tier_rank] if 0 <= row.tier_rank < len(TIER_CODES) else "unverified",
        confirmed_schools=int(row.confirmed_schools or 0),
        confirmed_engagements=int(row.confirmed_engagements or 0),
        focus_areas=decode("focus_area", row.focus_mask),
        regions=decode("region", row.region_mask),
        grade_bands=decode("grade_band", row.grade_mask),
        school_types=decode("school_type", row.type_mask),
        score=float(row.score) if words and row.score is not None else None,
        name_html=highlight(partner.name, words),
        summary_html=highlight(partner.summary, words),
    )


def search(
    session: Session,
    filters: Filters,
    *,
    today: date,
    page: int = 1,
    per_page: int = 20,
    with_counts: bool = True,
) -> Result:
    """One page of listed partners for these filters, with facet counts."""
    if filters.like_school is not None and session.get(School, filters.like_school) is None:
        filters = replace(filters, like_school=None)
    per_page = max(1, min(per_page, EXPORT_LIMIT))
    words = terms(filters.q)
    total, bounded, counts = facet_counts(session, filters, today) if with_counts else (0, False, {})
    number = max(1, min(page, max(1, -(-total // per_page)))) if with_counts else max(1, page)
    rows = session.execute(
        hits_statement(session, filters, today).limit(per_page).offset((number - 1) * per_page)
    ).all()
    hits = [hit(row, today, words) for row in rows]
    return Result(
        filters=filters,
        hits=hits,
        total=total if with_counts else len(hits),
        total_is_bounded=bounded,
        page=number,
        per_page=per_page,
        counts=counts,
        terms=words,
    )


def by_slugs(session: Session, slugs: Sequence[str], today: date) -> list[Hit]:
    """Hits for the listed partners among these slugs, in the order given."""
    if not slugs:
        return []
    rows = session.execute(
        hits_statement(session, Filters(), today).where(Partner.slug.in_(list(slugs)))
    ).all()
    found = {row[0].slug: hit(row, today, ()) for row in rows}
    return [found[slug] for slug in slugs if slug in found]


def listed_partner(session: Session, slug: str, today: date) -> tuple[Partner, Designation] | None:
    """The partner with this slug and its current listed designation, if it is listed."""
    from sqlalchemy.orm import selectinload

    row = session.execute(
        select(Partner, Designation)
        .join(
            Designation,
            and_(
                Designation.partner_id == Partner.id,
                Designation.status == DesignationStatus.active,
                Designation.start_date <= today,
                Designation.end_date >= today,
            ),
        )
        .where(Partner.slug == slug)
        .options(
            selectinload(Partner.focus_areas),
            selectinload(Partner.regions),
            selectinload(Partner.grade_bands),
            selectinload(Partner.school_types),
            selectinload(Designation.focus_areas),
        )
        .order_by(Designation.end_date.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


def listed_ids_condition(today: date) -> ColumnElement[bool]:
    """Partner rows that are listed today."""
    return exists().where(L.c.partner_id == Partner.id, L.c.listed_from <= today, L.c.listed_until >= today)


# --- highlighting -----------------------------------------------------------------------

_SUFFIXES = ("ing", "ies", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def highlight(text: str, words: Sequence[str]) -> Markup:
    """Escaped text with words starting like a search term wrapped in <mark>."""
    if not words or not text:
        return escape(text or "")
    pattern = re.compile(r"\b(" + "|".join(re.escape(_stem(w)) for w in words) + r")\w*", re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(str(escape(text[last:])))
    # Every piece of user text above went through escape(); only our <mark> tags are raw.
    return Markup("".join(out))  # noqa: S704
