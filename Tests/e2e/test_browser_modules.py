"""The web client's pure modules, run inside Chromium (the only JavaScript engine the
tests rely on): merge patches against the Python reference on random documents,
durations and the timer, reconnection backoff, and the Markdown subset's safety."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser_support import CHROMIUM, PageWatcher
from session_client import merge_patch


@pytest.fixture(scope="module")
def page(atelier_factory_module):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        watcher = PageWatcher("modules")
        watcher.attach(page)
        page.goto(f"http://127.0.0.1:{atelier_factory_module.port}/")
        yield page
        assert watcher.problems == []
        browser.close()


@pytest.fixture(scope="module")
def atelier_factory_module(tmp_path_factory):
    from atelier_e2e import REPO_WEB_ROOT, start_atelier
    workdir = tmp_path_factory.mktemp("modules")
    server = start_atelier("serve", workdir=workdir, port=0, wait=False, name="modules",
                           args=["--data-dir", str(workdir / "data"), "--web-root", str(REPO_WEB_ROOT)])
    server.wait_listening()
    yield server
    server.stop()


def run(page, module: str, body: str, argument=None):
    """Evaluates ``body`` (an async function body with ``m`` the module and ``arg``) in the page."""
    return page.evaluate(
        f"async (arg) => {{ const m = await import('/js/{module}'); {body} }}", argument)


def random_json(rng: random.Random, depth: int = 0):
    kind = rng.choice(["object", "object", "array", "string", "int", "bool", "null"] if depth < 3 else ["string", "int", "bool", "null"])
    if kind == "object":
        return {rng.choice("abcde"): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    if kind == "array":
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {"string": lambda: rng.choice(["", "x", "é", "p2"]), "int": lambda: rng.randint(-3, 3),
            "bool": lambda: rng.random() < 0.5, "null": lambda: None}[kind]()


def test_merge_patch_agrees_with_the_reference_on_random_documents(page):
    rng = random.Random(7386)
    cases = [(random_json(rng), random_json(rng)) for _ in range(400)]
    results = run(page, "merge-patch.js", "return arg.map(([t, p]) => m.mergePatch(t, p));", cases)
    for (target, patch), result in zip(cases, results):
        assert result == merge_patch(target, patch), (target, patch)
    originals = run(page, "merge-patch.js",
                    "const t = {a: {b: 1}}; m.mergePatch(t, {a: {b: null, c: 2}}); return t;")
    assert originals == {"a": {"b": 1}}  # the target is not modified


def test_durations_and_the_timer_read_against_the_server_clock(page):
    result = run(page, "time.js", """
      const timer = {status: "running", durationMs: 120000, deadline: 1_000_120_000};
      const clock = new m.ServerClock();
      clock.observeStart(timer, 1_000_000_000 - 2500);  // the local clock is 2.5 s late
      return {
        formats: [0, 1, 999, 1000, 59_001, 60_000, 3_599_000, 3_600_000, 36_061_000, -5].map(m.formatDuration),
        offset: clock.offset,
        running: m.remainingMs(timer, 1_000_030_000),
        overdue: m.remainingMs(timer, 1_000_200_000),
        early: m.remainingMs(timer, 999_000_000),
        paused: m.remainingMs({status: "paused", durationMs: 60000, remainingMs: 42000}, 0),
        idle: m.remainingMs({status: "idle", durationMs: 300000}, 0),
        elapsed: m.remainingMs({status: "elapsed", durationMs: 300000, remainingMs: 0}, 0),
      };
    """)
    assert result["formats"] == ["0:00", "0:01", "0:01", "0:01", "1:00", "1:00", "59:59", "1:00:00", "10:01:01", "0:00"]
    assert result["offset"] == 2500
    assert (result["running"], result["overdue"], result["early"]) == (90000, 0, 120000)
    assert (result["paused"], result["idle"], result["elapsed"]) == (42000, 300000, 0)


def test_reconnection_backs_off_exponentially_with_bounded_jitter(page):
    delays = run(page, "connection.js", """
      const fixed = (r) => Array.from({length: 8}, (_, i) => m.backoffDelay(i, {random: () => r}));
      return {low: fixed(0), mid: fixed(0.5), high: fixed(0.9999)};
    """)
    assert delays["mid"] == [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
    for low, mid, high in zip(delays["low"], delays["mid"], delays["high"]):
        assert 0.8 * mid - 1 <= low <= mid <= high <= min(30000, 1.2 * mid + 1)


def test_markdown_never_turns_text_into_markup(page):
    html = run(page, "markdown.js", """
      const root = document.createElement("div");
      root.append(...m.renderMarkdown(arg));
      return root.innerHTML;
    """, "# Titre\n\nUn **gras**, un *italique*, du `code` et [un lien](https://example.org).\n"
         "- un\n- deux\n\n1. premier\n\n<img src=x onerror=alert(1)> [piège](javascript:alert(1))")
    assert "<h3>Titre</h3>" in html
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html and "<code>code</code>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer" target="_blank">un lien</a>' in html
    assert "<ul><li>un</li><li>deux</li></ul>" in html and "<ol><li>premier</li></ol>" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert "javascript:" in html and 'href="javascript' not in html


def test_a_refusal_is_the_most_specific_sentence_there_is(page):
    """web/js/refusals.js: the reason with its variant, the reason, the activity's sentence for
    the code, the shell's; never the server's English message."""
    said = run(page, "refusals.js", """
      const i18n = await import('/js/i18n.js');
      await i18n.initI18n();
      await i18n.setLocale("fr", { remember: false });
      await i18n.loadStrings('/activities/peer-consultation/i18n.json', { prefix: 'activity.peer-consultation.' });
      await i18n.loadStrings('/activities/theme-round/i18n.json', { prefix: 'activity.theme-round.' });
      const pc = { activity: 'peer-consultation' };
      return [
        m.describeRefusal({ code: 'invalid_state', reason: 'peer-consultation.phase-over', params: { variant: 'question' } }, pc),
        m.describeRefusal({ code: 'invalid_state', reason: 'peer-consultation.phase-over', params: { variant: 'unheard-of' } }, pc),
        m.describeRefusal({ code: 'too_large', reason: 'peer-consultation.too-long', params: { max: '1000' } }, pc),
        m.describeRefusal({ code: 'conflict', message: 'x is already waiting' }, { activity: 'theme-round' }),
        m.describeRefusal({ code: 'conflict', message: 'x is already waiting' }),
        m.describeRefusal({ code: 'invalid_state', reason: 'agenda.last-step' }),
        m.describeRefusal({ code: 'nonsense', message: 'English only' }),
      ];
    """)
    assert said == [
        "La clarification est terminée : votre question n’a pas été publiée. Elle reste dans le champ.",
        "Ce n’est plus le moment de cette action : la phase a changé. Rien n’a été publié.",
        "Le texte dépasse 1000 caractères : raccourcissez-le, il reste dans le champ.",
        "C’est déjà fait : cette personne attend déjà son tour ou a la parole.",
        "C’est déjà fait ou cela entre en conflit avec l’état de la séance : rien n’a été changé.",
        "C’est déjà la dernière étape de l’ordre du jour.",
        "Votre action n’a pas abouti : rien n’a été changé.",
    ], said


def test_a_cohort_refusal_is_the_sentence_for_that_action(page):
    """web/js/cohort-api.js (the cohorts page): the action's sentence for the field the server
    names, the action's for the code, the field's, the page's for the code; the server's English
    message only as a detail."""
    said = run(page, "cohort-api.js", """
      const i18n = await import('/js/i18n.js');
      await i18n.loadStrings('/i18n/cohorts.json', { prefix: 'cohorts.' });
      await i18n.setLocale("fr", { remember: false });
      return [
        m.refusalSentence({ code: 'conflict', detail: 'a territory is already called X' }, 'territory'),
        m.refusalSentence({ code: 'bad_request', detail: 'name: 1 to 120 printable characters' }, 'territory'),
        m.refusalSentence({ code: 'bad_request', detail: 'date: a day written YYYY-MM-DD' }, 'plan'),
        m.refusalSentence({ code: 'bad_request', detail: 'ends: before starts' }, 'cohort'),
        m.refusalSentence({ code: 'conflict', detail: 'this planned session is already open' }, 'plan.open'),
        m.refusalSentence({ code: 'conflict', detail: 'x' }, 'plan'),
        m.refusalSentence({ code: 'nonsense', detail: 'English only' }, 'plan'),
        m.refusalDetail({ code: 'conflict', detail: 'English words' }),
      ];
    """)
    said = [sentence.replace("\u00a0", " ") for sentence in said]  # no-break spaces before French punctuation
    assert said == [
        "Un territoire de cette cohorte porte déjà ce nom (à une majuscule près) : choisissez-en un autre. Le nom saisi reste dans le champ.",
        "Donnez un nom au territoire : 120 caractères au plus, sur une ligne.",
        "Cette date n’existe pas : choisissez un jour dans le calendrier.",
        "La date de fin est avant la date de début : corrigez l’une des deux.",
        "Cette séance est déjà ouverte : rechargez la page pour voir son code.",
        "Cette action entre en conflit avec l’état de la cohorte : rien n’a été changé. Rechargez la page pour voir la dernière version.",
        "L’action n’a pas abouti : rien n’a été changé.",
        "(Réponse du serveur : « English words »)",
    ], said


def test_join_codes_are_checked_with_the_servers_alphabet(page):
    result = run(page, "join-validation.js", """
      return {
        normalized: m.normalizeCode(" k7m-q2x "),
        valid: m.validateCode("K7MQ2X"),
        charset: m.validateCode("K7MQ0X"),
        length: m.validateCode("K7MQ2"),
        fromPath: m.codeFromLocation(new URL("http://h/join/k7m-q2x")),
        fromQuery: m.codeFromLocation(new URL("http://h/?code=abc234")),
      };
    """)
    assert result["normalized"] == "K7MQ2X" and result["valid"] is None
    assert result["charset"]["key"] == "join.code.error.charset"
    assert result["length"]["key"] == "join.code.error.length"
    assert (result["fromPath"], result["fromQuery"]) == ("K7MQ2X", "ABC234")


WEB = Path(__file__).resolve().parents[2] / "web"


def catalogues() -> dict[str, dict[str, dict[str, str]]]:
    """Every catalogue by locale: the shell's (web/i18n/<locale>.json, under ""), each page's
    own (web/i18n/<page>.json, every locale in one file, under "page:<page>") and each
    activity's (web/activities/<id>/i18n.json, under its id)."""
    found = {"": {locale: json.loads((WEB / "i18n" / f"{locale}.json").read_text(encoding="utf-8"))
                  for locale in ("fr", "en")}}
    for path in sorted((WEB / "i18n").glob("*.json")):
        if path.stem not in found[""]:
            found[f"page:{path.stem}"] = json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(WEB.glob("activities/*/i18n.json")):
        found[path.parent.name] = json.loads(path.read_text(encoding="utf-8"))
    return found


def own_prefix(source: str) -> str:
    """The keys a page's or an activity's catalogue may give (what loadStrings takes from it)."""
    return f"{source.removeprefix('page:')}." if source.startswith("page:") else f"activity.{source}."


def test_both_catalogues_have_the_same_keys_and_placeholders():
    import re
    found = catalogues()
    assert {"", "briefing", "peer-consultation", "page:cohorts"} <= found.keys()
    for source, by_locale in found.items():
        french, english = by_locale["fr"], by_locale["en"]
        assert sorted(by_locale) == ["en", "fr"], source
        assert french.keys() == english.keys(), source or "web/i18n"
        for key in french:
            assert set(re.findall(r"\{(\w+)\}", french[key])) == set(re.findall(r"\{(\w+)\}", english[key])), key
        if source:  # a page's or an activity's strings are its own, and only there
            assert all(key.startswith(own_prefix(source)) for key in french), source
            assert not any(key.startswith(own_prefix(source)) for key in found[""]["fr"]), source


def used_keys(paths) -> set[str]:
    import re
    used = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            used |= set(re.findall(r'data-i18n="([^"]+)"', text))
            used |= {pair.split(":", 1)[1] for attr in re.findall(r'data-i18n-attr="([^"]+)"', text) for pair in attr.split(",")}
            continue
        used |= set(re.findall(r'\bt\("([a-zA-Z0-9_.-]+)"', text))
        # Activity modules write `${P}.key` with P = "activity.<id>", declared in the file or
        # imported from a sibling that exports it; dynamic tails are skipped.
        prefix = re.search(r'const P = "([a-z0-9.-]+)"', text)
        if not prefix and re.search(r'import \{[^}]*\bP\b[^}]*\} from "\./', text):
            siblings = (sibling.read_text(encoding="utf-8") for sibling in path.parent.glob("*.js"))
            prefix = next(filter(None, (re.search(r'export const P = "([a-z0-9.-]+)"', other) for other in siblings)), None)
        if prefix:
            used |= {f"{prefix.group(1)}.{key}" for key in re.findall(r'\$\{P\}\.([a-zA-Z0-9_.]*[a-zA-Z0-9_])[`$]', text)}
    return used


def test_every_string_the_pages_use_is_in_the_catalogues():
    found = catalogues()
    shell = used_keys([*WEB.glob("*.html"), *WEB.glob("js/*.js")])
    assert len(shell) > 80
    # A page with a catalogue of its own (web/i18n/<page>.json) finds its strings there.
    pages = {key for source, by_locale in found.items() if source.startswith("page:") for key in by_locale["fr"]}
    assert sorted(shell - found[""]["fr"].keys() - pages) == [], "the shell's strings are in web/i18n/"
    for folder in sorted(path for path in WEB.glob("activities/*") if path.is_dir()):
        used = used_keys(folder.glob("**/*.js"))
        assert len(used) > 5, folder.name
        # An activity's modules use its own strings and the shell's (errors.*, hands.*), loaded before it mounts.
        assert sorted(used - found[folder.name]["fr"].keys() - found[""]["fr"].keys()) == [], folder.name
