"""Form macros render what the server needs: the CSRF token of this browser."""

import json

from bs4 import BeautifulSoup


def test_forms_carry_this_browsers_csrf_token(client):
    page = BeautifulSoup(client.get("/sign-in").text, "html.parser")
    token = page.select_one("form[action='/sign-in'] input[name=csrf_token]")["value"]
    assert token == client.csrf_token
    assert json.loads(page.select_one("body")["hx-headers"]) == {"X-CSRF-Token": client.csrf_token}
