"""Each face built for its moment, in Chromium: the projector is one 16:9 screen without
scrolling (1920×1080 and 1280×720) that shows the phase, the client, the request in large type,
the newest contributions grouped by request item, the speaker and the timer, then the action plan
and the lessons; the participant's page puts the current action first (the composer in the
first screen of a phone, earlier phases collapsed, cards grouped by request item)."""

from __future__ import annotations

from playwright.sync_api import expect

from browser_support import screenshot
from codev_pages import COMPOSER, PC, next_phase, phase
from test_browser import browser, create_in_console, faces, join, serious_violations  # noqa: F401  (fixtures)

SIZES = {"1920": {"width": 1920, "height": 1080}, "1280": {"width": 1280, "height": 720}}


def post(page, text: str, kind: str | None = None, item: int | None = None):
    if kind:
        page.select_option("#pc-kind", kind)
    if item is not None:
        page.select_option("#pc-tag", str(item))
    page.fill(f"{COMPOSER} textarea", text)
    page.click(f"{COMPOSER} button[type=submit]")
    expect(page.locator(f"{COMPOSER} textarea")).to_have_value("")


def fits_one_screen(page) -> None:
    """No scrolling: the document is no taller (nor wider) than the window."""
    size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
                         " innerWidth, innerHeight]")
    assert size[0] <= size[2] and size[1] <= size[3], f"the projector scrolls: {size}"


def on_screen(page, selector: str) -> dict:
    """The element is drawn inside the window; returns its box. (A view update may redraw
    it between finding and measuring it: the measure is taken again then.)"""
    locator = page.locator(selector).first
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    for _ in range(20):
        if box is not None:
            break
        page.wait_for_timeout(50)
        box = locator.bounding_box()
    height = page.evaluate("() => innerHeight")
    assert box is not None and box["height"] > 0, f"{selector} is not drawn"
    assert box["y"] >= 0 and box["y"] + box["height"] <= height + 1, f"{selector} is outside the screen: {box}"
    return box


def font_px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")


def check_projector(projector, label: str, newest: str) -> None:
    expect(projector.locator(f"{PC} .pc-card-text", has_text=newest)).to_be_visible()  # it has arrived
    for size, viewport in SIZES.items():
        projector.set_viewport_size(viewport)
        fits_one_screen(projector)
        on_screen(projector, f"{PC} .pc-phase[aria-current=step]")
        on_screen(projector, f"{PC} [data-testid=client]")
        on_screen(projector, "#timer-time")
        on_screen(projector, f"{PC} .pc-card-text >> text={newest}")
        if label == "consultation":
            on_screen(projector, f"{PC} [data-testid=speaker]")
        screenshot(projector, f"projector-codev-{label}-{size}")


def test_the_projector_is_one_screen_and_the_participant_page_puts_the_action_first(faces):
    console, code = create_in_console(faces, "Codéveloppement de mai", template="codeveloppement")
    projector = faces.open("projector", f"/screen/{code}", viewport=SIZES["1920"])
    aicha = faces.open("aicha", f"/join/{code}")
    join(aicha, "Aïcha")
    bruno = faces.open("bruno", f"/join/{code}", viewport={"width": 360, "height": 740})
    join(bruno, "Bruno")
    chloe = faces.open("chloe", f"/join/{code}")
    join(chloe, "Chloé")
    console.click("#step-next")
    console.select_option("#pc-client-select", label="Aïcha")
    console.click(f"{PC} .pc-naming button")
    next_phase(console, projector, name="Exposé")
    aicha.fill(f"{PC} .pc-summary textarea", "Trois partenaires se retirent du projet de tiers-lieu.")
    aicha.click(f"{PC} .pc-summary button[type=submit]")
    next_phase(console, projector, name="Clarification")
    post(bruno, "Depuis quand le savez-vous ?")
    post(chloe, "Qui porte le projet aujourd’hui ?")
    next_phase(console, projector, name="Contrat")
    aicha.fill("#pc-contract-0", "garder deux partenaires")
    aicha.click(f"{PC} .pc-contract button[type=submit]")
    expect(aicha.locator("#pc-contract-1")).to_be_visible()
    aicha.fill("#pc-contract-1", "trouver un nouveau financement")
    aicha.click(f"{PC} .pc-contract button[type=submit]")
    expect(projector.locator(f"{PC} .pc-contract-items li")).to_have_count(2)
    next_phase(console, projector, bruno, name="Consultation")

    # Eight contributions on the two parts of the request.
    texts = [(bruno, "suggestion", 0, "Un petit-déjeuner avec les partenaires"),
             (chloe, "experience", 1, "Nous avons obtenu un fonds régional en 2023"),
             (bruno, "hypothesis", 0, "Les partenaires ne voient pas leur intérêt"),
             (chloe, "reaction", 0, "Cela me parle beaucoup"),
             (bruno, "suggestion", 1, "Demander à la fondation de la caisse locale"),
             (chloe, "suggestion", 0, "Proposer une gouvernance partagée"),
             (bruno, "experience", 1, "Le mécénat de compétences a marché chez nous"),
             (chloe, "hypothesis", 1, "Le budget est peut-être surdimensionné")]
    for page, kind, item, text in texts:
        post(page, text, kind, item)
    newest = texts[-1][3]
    expect(projector.locator(f"{PC} .pc-card")).to_have_count(8)
    # Chloé asks for the floor and gets it: the projector shows who speaks.
    chloe.click(f"{PC} [data-testid=pc-hand]")
    console.click(f"{PC} .pc-turns .hands button")
    expect(projector.locator(f"{PC} [data-testid=speaker]")).to_contain_text("Chloé a la parole")

    # The projector: one screen, the request in large type, the newest contribution visible,
    # grouped under the item of the request it answers.
    check_projector(projector, "consultation", newest)
    assert font_px(projector, f"{PC} .pc-contract-items li") >= 28, "the request is written large"
    group = projector.locator(f"{PC} .pc-group", has_text="trouver un nouveau financement")
    expect(group.locator(".pc-card-text", has_text=newest)).to_be_visible()

    # The participant's phone: the composer in the first screen, the earlier phases collapsed,
    # the cards grouped by request item.
    bruno.set_viewport_size({"width": 360, "height": 740})
    bruno.evaluate("() => scrollTo(0, 0)")
    bruno.screenshot(path=str(screenshot(bruno, "participant-codev-consultation-phone").with_name(
        "participant-codev-consultation-phone-first-screen.png")))
    # The composer starts in the first screen, and sticks at the top when the cards are scrolled.
    assert bruno.locator(f"{COMPOSER} textarea").bounding_box()["y"] < 740 - 40
    bruno.locator(f"{PC} .pc-card").last.scroll_into_view_if_needed()
    on_screen(bruno, f"{COMPOSER} textarea")
    earlier = bruno.locator(f"{PC} details.pc-earlier")
    expect(earlier).to_have_count(1)
    expect(earlier).not_to_have_attribute("open", "")
    expect(earlier.locator("summary")).to_contain_text("Clarification")
    expect(bruno.locator(f"{PC} .pc-group", has_text="garder deux partenaires").locator(".pc-card")).to_have_count(4)
    screenshot(bruno, "participant-codev-consultation-phone")
    # The client's precision request is one button per card, opened on demand.
    expect(aicha.locator(f"{PC} .pc-card form:visible")).to_have_count(0)
    aicha.locator(f"{PC} .pc-card", has_text=newest).get_by_role("button", name="Demander une précision").click()
    expect(aicha.locator(f"{PC} .pc-card", has_text=newest).locator("form")).to_be_visible()
    screenshot(aicha, "participant-codev-client-laptop")

    # The end: the action plan, then the lessons, on one screen.
    next_phase(console, projector, aicha, name="Synthèse")
    aicha.fill("#pc-action-what", "Réunir les partenaires avant l’été")
    aicha.fill("#pc-action-due", "juin")
    aicha.click(f"{PC} .pc-plan button[type=submit]")
    expect(projector.locator(f"{PC} [data-testid=plan]")).to_contain_text("Réunir les partenaires avant l’été")
    for size, viewport in SIZES.items():
        projector.set_viewport_size(viewport)
        fits_one_screen(projector)
        on_screen(projector, f"{PC} [data-testid=plan]")
    screenshot(projector, "projector-codev-synthesis-1280")
    next_phase(console, projector, name="Apprentissages")
    for page, text in ((bruno, "Écouter avant de proposer"), (chloe, "Le financement suit la gouvernance")):
        page.select_option("#pc-frame", "learnings")
        post(page, text)
    check_projector(projector, "learnings", "Le financement suit la gouvernance")
    on_screen(projector, f"{PC} [data-testid=plan]")
    assert serious_violations(projector) == []
    assert serious_violations(bruno) == []
    assert faces.problems() == []
