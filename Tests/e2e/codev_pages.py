"""The co-development activity's page in Chromium, as the browser tests read and drive it."""

from __future__ import annotations

from playwright.sync_api import expect

PC = "#activity"
COMPOSER = f"{PC} .pc-cards > form"


def phase(page, name: str) -> None:
    """The page shows phase ``name`` as the current one."""
    expect(page.locator(f"{PC} .pc-phase[aria-current=step]")).to_contain_text(name)


def next_phase(console, *pages, name: str) -> None:
    """The facilitator's « Phase suivante »; the console and ``pages`` then show ``name``."""
    console.click(f"{PC} .pc-controls .button-primary")
    for page in (console, *pages):
        phase(page, name)
