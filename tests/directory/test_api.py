"""The JSON API: same filters as the page, pagination, ETag and conditional GET, OpenAPI."""

from tests.directory import factories as df


def test_list_filters_paginates_and_links(session, client):
    for i in range(5):
        df.partner(
            session, name=f"Api Partner {i} (fictional)", focus_areas=("instruction",), summary="literacy"
        )
    df.partner(session, name="Api Other (fictional)", focus_areas=("leadership",))
    response = client.get("/api/v1/directory/partners?focus_area=instruction&sort=name&per_page=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5 and body["pages"] == 3 and body["page"] == 1
    assert [p["name"] for p in body["partners"]] == ["Api Partner 0 (fictional)", "Api Partner 1 (fictional)"]
    assert body["facets"]["focus_area"]["leadership"] == 1
    assert body["previous"] is None
    second = client.get(body["next"]).json()
    assert second["page"] == 2 and second["partners"][0]["name"] == "Api Partner 2 (fictional)"
    assert "focus_area=instruction" in body["next"]


def test_etag_and_conditional_get(session, client):
    partner = df.partner(session, name="Etag Partner (fictional)")
    url = "/api/v1/directory/partners?q=etag"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.json()["count"] == 1
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    partner.summary = "Changed summary"
    session.flush()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag

    detail = client.get(f"/api/v1/directory/partners/{partner.slug}")
    assert detail.json()["name"] == "Etag Partner (fictional)"
    assert (
        client.get(
            f"/api/v1/directory/partners/{partner.slug}", headers={"If-None-Match": detail.headers["ETag"]}
        ).status_code
        == 304
    )


def test_detail_of_unlisted_partner_is_problem_json_404(session, client):
    partner = df.partner(session, designation="suspended")
    response = client.get(f"/api/v1/directory/partners/{partner.slug}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_openapi_documents_both_endpoints_with_examples(client):
    spec = client.get("/api/openapi.json").json()
    listing = spec["paths"]["/api/v1/directory/partners"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"q", "focus_area", "region", "grade_band", "tier", "sort", "page", "per_page"} <= names
    assert "example" in listing["responses"]["200"]["content"]["application/json"]
    assert "/api/v1/directory/partners/{slug}" in spec["paths"]
