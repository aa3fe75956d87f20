"""Directory benchmark: generate N designated partners, serve the portal on loopback, drive a
bounded load (a fixed number of requests, then it stops), print req/s and p50/p95/p99 per kind.

    .venv/bin/python -m bench.directory_bench --partners 10000 --requests 2000
    .venv/bin/python -m bench.directory_bench --partners 100000 --requests 1000 --keep

Not run by the test suite. The database is a fresh SQLite file in a temporary directory unless
--database-url names an (empty) PostgreSQL database.
"""

import argparse
import http.client
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import insert, text

from app import schema, taxonomy
from app.db import make_engine
from app.directory.listings import refresh
from app.schools.models import AccountabilityLevel, PovertyBand

LEVELS = [AccountabilityLevel.level_2, AccountabilityLevel.level_3, AccountabilityLevel.level_4]
POVERTY = [PovertyBand.under_40, PovertyBand.from_40_to_60, PovertyBand.from_60_to_80, PovertyBand.from_80]

ROOT = Path(__file__).resolve().parents[1]

ADJECTIVES = [
    "Harbor",
    "Summit",
    "Beacon",
    "Cedar",
    "Granite",
    "Maple",
    "Riverside",
    "Lantern",
    "Northstar",
    "Keystone",
    "Bridge",
    "Meadow",
]
NOUNS = [
    "Learning",
    "Partners",
    "Collaborative",
    "Institute",
    "Network",
    "Alliance",
    "Group",
    "Associates",
    "Works",
    "Center",
]
TOPICS = [
    "literacy coaching for early grades",
    "mathematics tutoring in small groups",
    "principal leadership development and school systems",
    "data teams and formative assessment cycles",
    "attendance mentoring and family outreach",
    "restorative practices and school climate",
    "extended learning time and summer acceleration",
    "teacher recruitment, induction and retention",
    "tiered supports and intervention blocks",
    "social-emotional learning and student wellness",
    "english learner instruction and coaching",
    "college and career pathways for high schools",
]
WORDS = [
    "school",
    "improvement",
    "turnaround",
    "coaching",
    "instruction",
    "students",
    "teachers",
    "leaders",
    "district",
    "evidence",
    "outcomes",
    "practice",
    "planning",
    "support",
    "weekly",
    "onsite",
    "virtual",
    "cohort",
    "network",
    "rigorous",
    "curriculum",
    "alignment",
    "progress",
    "monitoring",
    "intervention",
    "acceleration",
    "equity",
    "achievement",
    "growth",
]
SEARCH_WORDS = ["literacy", "tutoring", "leadership", "attendance", "climate", "mathematics coaching", "data"]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(url: str, partners: int, seed: int = 7) -> None:
    """A fresh database at head with `partners` designated partners and their facets."""
    rng = random.Random(seed)
    schema.upgrade(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    today = date.today()
    focus = list(taxonomy.FOCUS_AREAS)
    regions = list(taxonomy.REGIONS)
    bands = list(taxonomy.GRADE_BANDS)
    types = list(taxonomy.SCHOOL_TYPES)
    tiers = ["tier_1", "tier_2", "tier_3", "tier_4", "none"]
    metadata_tables = __import__("app.models", fromlist=["metadata"]).metadata.tables
    t = {name: metadata_tables[name] for name in metadata_tables}
    batch = 5000
    with engine.begin() as connection:
        state = connection.execute(
            insert(t["organizations"]).values(
                name="State agency (bench)",
                kind="state_agency",
                status="active",
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        district = connection.execute(
            insert(t["districts"]).values(
                state_code="99999999",
                name="Bench district (fictional)",
                region="central",
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        school_rows = [
            {
                "state_code": f"9{i:07d}",
                "name": f"Bench School {i} (fictional)",
                "district_id": district,
                "town": "Town",
                "zip_code": "01000",
                "region": rng.choice(regions),
                "grade_bands": [rng.choice(bands)],
                "school_type": rng.choice(types),
                "accountability_level": rng.choice(LEVELS),
                "poverty_band": rng.choice(POVERTY),
                "created_at": now,
                "updated_at": now,
            }
            for i in range(2000)
        ]
        connection.execute(insert(t["schools"]), school_rows)
        first_school = connection.execute(text("SELECT min(id) FROM schools")).scalar_one()
        del state
    for start in range(0, partners, batch):
        count = min(batch, partners - start)
        with engine.begin() as connection:
            orgs = [
                {
                    "name": f"Bench org {start + i}",
                    "kind": "partner",
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(count)
            ]
            connection.execute(insert(t["organizations"]), orgs)
            first_org = connection.execute(
                text("SELECT min(id) FROM organizations WHERE name = :n"), {"n": f"Bench org {start}"}
            ).scalar_one()
            rows = []
            for i in range(count):
                n = start + i
                topic_a, topic_b = rng.sample(TOPICS, 2)
                name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {n} (fictional)"
                low = rng.choice([10_000, 25_000, 40_000, 60_000]) * 100
                rows.append(
                    {
                        "organization_id": first_org + i,
                        "slug": f"bench-{n}",
                        "name": name,
                        "summary": f"{topic_a.capitalize()} and {topic_b}.",
                        "description": (
                            f"We provide {topic_a}. {_text(rng, 60)}. "
                            f"We also offer {topic_b}. {_text(rng, 40)}."
                        ),
                        "services": [
                            {"name": topic_a.split(" ")[0].capitalize(), "description": _text(rng, 12)},
                            {"name": topic_b.split(" ")[0].capitalize(), "description": _text(rng, 12)},
                        ],
                        "accepting_new_districts": rng.random() < 0.7,
                        "is_designated": True,
                        "capacity_schools_per_year": rng.randint(2, 40),
                        "cost_min_cents": low,
                        "cost_max_cents": low * 3,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            connection.execute(insert(t["partners"]), rows)
            first = connection.execute(
                text("SELECT id FROM partners WHERE slug = :s"), {"s": f"bench-{start}"}
            ).scalar_one()
            ids = range(first, first + count)
            connection.execute(
                insert(t["partner_focus_areas"]),
                [
                    {"partner_id": p, "focus_area": f, "is_primary": True}
                    for p in ids
                    for f in rng.sample(focus, rng.randint(1, 3))
                ],
            )
            connection.execute(
                insert(t["partner_regions"]),
                [{"partner_id": p, "region": r} for p in ids for r in rng.sample(regions, rng.randint(1, 3))],
            )
            connection.execute(
                insert(t["partner_grade_bands"]),
                [
                    {"partner_id": p, "grade_band": g}
                    for p in ids
                    for g in rng.sample(bands, rng.randint(1, 3))
                ],
            )
            connection.execute(
                insert(t["partner_school_types"]),
                [
                    {"partner_id": p, "school_type": s}
                    for p in ids
                    for s in rng.sample(types, rng.randint(1, 2))
                ],
            )
            connection.execute(
                insert(t["designations"]),
                [
                    {
                        "partner_id": p,
                        "start_date": today - timedelta(days=rng.randint(1, 700)),
                        "end_date": today + timedelta(days=rng.randint(10, 1000)),
                        "status": "active",
                        "created_at": now,
                    }
                    for p in ids
                ],
            )
            evidence = []
            for p in ids:
                for _ in range(rng.randint(0, 3)):
                    tier = rng.choice(tiers)
                    verified = rng.random() < 0.6
                    evidence.append(
                        {
                            "partner_id": p,
                            "version": 1,
                            "is_latest": True,
                            "status": "verified" if verified else "submitted",
                            "title": "Study (fictional)",
                            "summary": "",
                            "evidence_type": "independent_evaluation",
                            "study_design": "quasi_experimental",
                            "conducted_by": "",
                            "grades": "",
                            "locale": "",
                            "baseline_equivalence": True,
                            "wwc_rating": "not_reviewed",
                            "has_logic_model": False,
                            "study_under_way": False,
                            "citation": "",
                            "link": "",
                            "claimed_tier": tier,
                            "verified_tier": tier if verified else None,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            if evidence:
                connection.execute(insert(t["evidence_items"]), evidence)
            connection.execute(text("UPDATE evidence_items SET lineage_id = id WHERE lineage_id IS NULL"))
            engagements = []
            for p in ids:
                for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
                    engagements.append(
                        {
                            "partner_id": p,
                            "school_id": first_school + rng.randrange(2000),
                            "start_date": today - timedelta(days=rng.randint(100, 1500)),
                            "services": "",
                            "intensity": "moderate",
                            "funding_source": "title_i",
                            "status": rng.choice(["confirmed", "confirmed", "unconfirmed"]),
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            if engagements:
                connection.execute(insert(t["engagements"]), engagements)
        print(f"  generated {start + count} partners", file=sys.stderr)
    with engine.begin() as connection:
        # Bulk inserts bypass the ORM events that keep the directory's listing rows current.
        refresh(connection, None)
        if engine.dialect.name == "sqlite":
            connection.execute(text("ANALYZE"))
            connection.execute(text("INSERT INTO directory_fts(directory_fts) VALUES ('optimize')"))
        else:
            connection.execute(text("ANALYZE"))
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _requests(n: int, partners: int, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    kinds = ["search_words_two_facets", "browse_facets", "profile", "api_list", "api_detail"]
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if kind == "search_words_two_facets":
            query = {
                "q": rng.choice(SEARCH_WORDS),
                "focus_area": rng.choice(list(taxonomy.FOCUS_AREAS)),
                "region": rng.choice(list(taxonomy.REGIONS)),
            }
            out.append((kind, "/directory?" + urlencode(query)))
        elif kind == "browse_facets":
            query = {
                "grade_band": rng.choice(list(taxonomy.GRADE_BANDS)),
                "tier": ["tier_1", "tier_2"],
                "sort": rng.choice(["name", "evidence", "schools"]),
                "page": rng.randint(1, 5),
            }
            out.append((kind, "/directory?" + urlencode(query, doseq=True)))
        elif kind == "profile":
            out.append((kind, f"/directory/bench-{rng.randrange(partners)}"))
        elif kind == "api_list":
            query = {"q": rng.choice(SEARCH_WORDS), "accepting": "true", "per_page": 25}
            out.append((kind, "/api/v1/directory/partners?" + urlencode(query)))
        else:
            out.append((kind, f"/api/v1/directory/partners/bench-{rng.randrange(partners)}"))
    return out


def drive(port: int, plan: list[tuple[str, str]], concurrency: int) -> tuple[dict[str, list[float]], float]:
    """Run every request in the plan once (bounded); returns latencies per kind and wall time."""
    chunks = [plan[i::concurrency] for i in range(concurrency)]
    latencies: dict[str, list[float]] = {}

    def worker(chunk: list[tuple[str, str]]) -> list[tuple[str, float]]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results = []
        for kind, path in chunk:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
            results.append((kind, elapsed))
        connection.close()
        return results

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for results in pool.map(worker, chunks):
            for kind, elapsed in results:
                latencies.setdefault(kind, []).append(elapsed)
    return latencies, time.perf_counter() - started


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument(
        "--requests", type=int, default=2_000, help="Total requests (the load stops after them)"
    )
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--database-url", help="An empty PostgreSQL database (default: fresh SQLite file)")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="pp-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    print(f"Generating {args.partners} designated partners into {url} ...", file=sys.stderr)
    started = time.perf_counter()
    generate(url, args.partners)
    print(f"  done in {time.perf_counter() - started:.1f}s", file=sys.stderr)

    port = _free_port()
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": url,
        "PORTAL_DATA_DIR": str(workdir),
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(32),
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("The portal did not start") from None
                time.sleep(0.2)
        drive(port, _requests(args.warmup, args.partners, seed=3), 1)
        latencies, wall = drive(port, _requests(args.requests, args.partners), args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    total = sum(len(v) for v in latencies.values())
    print(
        f"\n{args.partners} partners, {total} requests, concurrency {args.concurrency}, "
        f"{total / wall:.1f} req/s overall"
    )
    print(f"{'kind':<26}{'n':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, values in latencies.items():
        busy = sum(values) / 1000
        print(
            f"{kind:<26}{len(values):>6}{len(values) / busy:>9.1f}{statistics.median(values):>9.1f}"
            f"{_percentile(values, 95):>9.1f}{_percentile(values, 99):>9.1f}"
        )


if __name__ == "__main__":
    main()
