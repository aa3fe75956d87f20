"""What browser tests share: signing in, the axe-core check, screenshots."""

from pathlib import Path

from playwright.sync_api import Page, expect

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (PROJECT_ROOT / "static" / "vendor" / "axe-core" / "axe.min.js").read_text()
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}


def check_accessibility(page: Page) -> None:
    """Run axe-core on the page as it is now; any WCAG 2.1 A/AA violation fails the test."""
    # Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) allows it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"Accessibility violations on {page.url}:\n" + "\n".join(violations)


def screenshot(page: Page, name: str) -> list[Path]:
    """Full-page PNGs at desktop size and at a phone-sized viewport."""
    ARTIFACTS.mkdir(exist_ok=True)
    desktop = ARTIFACTS / f"{name}-desktop.png"
    phone = ARTIFACTS / f"{name}-phone.png"
    size = page.viewport_size
    page.screenshot(path=str(desktop), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(phone), full_page=True)
    if size:
        page.set_viewport_size(size)
    return [desktop, phone]


def sign_in(page: Page, portal, role: str, index: int = 0) -> str:  # type: ignore[no-untyped-def]
    email, password = portal.account(role, index)
    page.goto(portal.url + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#page-alerts")).to_contain_text(f"Signed in as {email}")
    return email


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#page-alerts")).to_contain_text("You are signed out")
